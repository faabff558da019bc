//! The x509-limbo harness, shared by `examples/limbo.rs` (the command) and `tests/limbo.rs`
//! (the regression floor). It reads `limbo.json.gz`, runs every testcase through
//! [`dbcert_core::verify::verify`] and scores the verdicts.
//!
//! Mapping: `trusted_certs` → `VerifyOptions::ca`; `peer_certificate` followed by
//! `untrusted_intermediates` → the input, with `leaf = Some(0)`; `expected_peer_name` →
//! `host`; `validation_time` (or, when null, a fixed 2026-11-28T00:00:00Z: those chains are valid
//! 1970..2969) → `at`; `max_chain_depth` → `max_chain_depth`; a required leaf keyUsage is
//! checked on the leaf. Verdict: SUCCESS when the report is valid and (strict profile, the
//! default) carries none of the warnings that name current clients which reject the chain:
//! `v1_certificate` (rustls), `weak_key` (RSA < 2048: Java, OpenSSL security level 2, rustls),
//! `weak_signature_algorithm` (SHA-1: Go, rustls, OpenSSL 3 at level 1+) and, when a host name is
//! checked, `cn_only` (Go 1.15+, Connector/J 8.0.22+, rustls).
//!
//! Skipped, because dbcert cannot express them:
//! - `has-crl` feature: dbcert does no revocation checking (no CRL input);
//! - `validation_kind: CLIENT`: dbcert verifies server certificates (serverAuth) only;
//! - RFC822 peer names and non-empty `signature_algorithms`: no such option.

#![allow(dead_code)]

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::cert::Certificate;
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::signature::Backend;
use dbcert_core::verify::{verify, FindingCode, VerifyOptions, VerifyReport};
use serde_json::Value;

/// The time used for testcases whose `validation_time` is null.
pub const DEFAULT_TIME: &str = "2026-11-28T00:00:00Z";

/// Warnings that the strict profile counts as failures: each names clients that reject.
pub const STRICT_WARNINGS: &[FindingCode] = &[
    FindingCode::CnOnly,
    FindingCode::V1Certificate,
    FindingCode::WeakKey,
    FindingCode::WeakSignatureAlgorithm,
];

/// One testcase's result.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub id: String,
    pub expected: String,
    /// `SUCCESS`, `FAILURE` or `SKIPPED`.
    pub actual: String,
    /// Error codes (and strict warnings), or the skip reason, or the panic message.
    pub context: String,
    pub panicked: bool,
    /// The whole verify report as JSON (empty when skipped or panicked).
    pub report: String,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.actual == self.expected
    }
}

/// Totals.
#[derive(Debug, Default)]
pub struct Summary {
    pub results: Vec<CaseResult>,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub panics: usize,
}

fn certs(pems: &[&str]) -> Result<Bundle, String> {
    let mut b = Bundle::new(Format::Pem);
    for p in pems {
        let blocks = pem::parse(p.as_bytes()).map_err(|e| e.to_string())?;
        for block in blocks {
            b.certificates.push(CertEntry::plain(block.der));
        }
    }
    Ok(b)
}

fn skip_reason(tc: &Value) -> Option<String> {
    let features: Vec<&str> = tc["features"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if features.contains(&"has-crl") {
        return Some("has-crl: dbcert does no revocation checking".into());
    }
    if tc["validation_kind"].as_str() != Some("SERVER") {
        return Some("CLIENT validation: dbcert verifies server certificates only".into());
    }
    if tc["signature_algorithms"]
        .as_array()
        .is_some_and(|a| !a.is_empty())
    {
        return Some("signature_algorithms restriction: no such option".into());
    }
    match tc["expected_peer_name"]["kind"].as_str() {
        None | Some("DNS") | Some("IP") => {}
        Some(other) => {
            return Some(format!(
                "{other} peer name: dbcert matches DNS names and IPs"
            ))
        }
    }
    let ekus: Vec<&str> = tc["extended_key_usage"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if ekus.iter().any(|e| *e != "serverAuth") {
        return Some("extended key usage other than serverAuth: no such option".into());
    }
    None
}

/// Runs one testcase; `Err` for a harness problem (bad PEM, bad time). Gives the verdict, its
/// reasons and the report as JSON.
fn run_case(
    tc: &Value,
    strict: bool,
    accelerator: Option<&dyn Backend>,
) -> Result<(String, String, String), String> {
    let trusted: Vec<&str> = tc["trusted_certs"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut input: Vec<&str> = vec![tc["peer_certificate"].as_str().unwrap_or_default()];
    input.extend(
        tc["untrusted_intermediates"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let ca = certs(&trusted)?;
    let input = certs(&input)?;
    let at = UnixTime::parse_rfc3339(tc["validation_time"].as_str().unwrap_or(DEFAULT_TIME))
        .map_err(|e| e.to_string())?;
    let host = tc["expected_peer_name"]["value"].as_str();
    let mut options = VerifyOptions::new(at);
    options.ca = Some(&ca);
    options.host = host;
    options.leaf = Some(0);
    options.accelerator = accelerator;
    options.max_chain_depth = tc["max_chain_depth"]
        .as_u64()
        .and_then(|d| usize::try_from(d).ok());
    let report: VerifyReport = verify(&input, &options);
    let mut reasons: Vec<String> = report
        .errors
        .iter()
        .map(|e| e.code.as_str().to_owned())
        .collect();
    if strict {
        reasons.extend(
            report
                .warnings
                .iter()
                // cn_only matters only when a host name is checked (VERIFY_IDENTITY).
                .filter(|w| {
                    STRICT_WARNINGS.contains(&w.code)
                        && (w.code != FindingCode::CnOnly || host.is_some())
                })
                .map(|w| w.code.as_str().to_owned()),
        );
    }
    // A required leaf keyUsage (only digitalSignature occurs): the leaf must allow it.
    let required_ku: Vec<&str> = tc["key_usage"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !required_ku.is_empty() {
        if let Some(leaf) = input.certificates.first() {
            let ku = Certificate::parse(&leaf.der)
                .ok()
                .and_then(|c| c.key_usage().ok().flatten());
            for (bit, name) in dbcert_core::cert::ext::KEY_USAGE_NAMES.iter().enumerate() {
                if required_ku.contains(name) && ku.is_some_and(|k| k & (1 << bit) == 0) {
                    reasons.push(format!("leaf keyUsage lacks {name}"));
                }
            }
        }
    }
    reasons.dedup();
    let actual = if reasons.is_empty() {
        "SUCCESS"
    } else {
        "FAILURE"
    };
    let detail = if reasons.is_empty() {
        String::new()
    } else {
        let first = report
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        format!("{}: {first}", reasons.join(","))
    };
    let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
    Ok((actual.to_owned(), detail, json))
}

/// Reads the suite (gzip or plain JSON) and runs every testcase.
pub fn run(path: &Path, strict: bool) -> Result<Summary, String> {
    run_with(path, strict, None)
}

/// [`run`] with a native signature backend (`VerifyOptions::accelerator`, ring).
pub fn run_with(
    path: &Path,
    strict: bool,
    accelerator: Option<&dyn Backend>,
) -> Result<Summary, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut json = Vec::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut json)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    } else {
        json = raw;
    }
    let suite: Value = serde_json::from_slice(&json).map_err(|e| e.to_string())?;
    let cases = suite["testcases"].as_array().ok_or("no testcases array")?;
    let mut s = Summary::default();
    for tc in cases {
        let id = tc["id"].as_str().unwrap_or("?").to_owned();
        let expected = tc["expected_result"].as_str().unwrap_or("?").to_owned();
        let mut r = CaseResult {
            id,
            expected,
            actual: String::new(),
            context: String::new(),
            panicked: false,
            report: String::new(),
        };
        if let Some(why) = skip_reason(tc) {
            r.actual = "SKIPPED".into();
            r.context = why;
            s.skipped += 1;
            s.results.push(r);
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| run_case(tc, strict, accelerator))) {
            Ok(Ok((actual, context, report))) => {
                r.actual = actual;
                r.context = context;
                r.report = report;
            }
            Ok(Err(harness)) => {
                r.actual = "FAILURE".into();
                r.context = format!("harness: {harness}");
            }
            Err(p) => {
                r.actual = "PANIC".into();
                r.panicked = true;
                r.context = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                s.panics += 1;
            }
        }
        if r.passed() {
            s.passed += 1;
        } else {
            s.failed += 1;
        }
        s.results.push(r);
    }
    Ok(s)
}

/// The per-case results as a LimboResult document (plus `expected` and `pass`).
pub fn results_json(s: &Summary, harness: &str) -> Value {
    let results: Vec<Value> = s
        .results
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "actual_result": if r.panicked { "FAILURE" } else { r.actual.as_str() },
                "context": r.context,
                "expected_result": r.expected,
                "pass": r.passed(),
            })
        })
        .collect();
    serde_json::json!({ "version": 1, "harness": harness, "results": results })
}
