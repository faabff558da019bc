//! NIST PKITS (`../shared/corpus/pkits`, 2011 edition as pyca redistributes it) against real
//! OpenSSL, the library under most MySQL clients.
//!
//! Every `Valid…EE.crt` and `Invalid…EE.crt` (203 tests) is verified against the PKITS trust
//! anchor with every other CA certificate of the suite (181) as the untrusted pool, so the path
//! builder has to find each test's own path among all of them. `openssl verify` runs on the same
//! files with OpenSSL's defaults: no CRL checking (a MySQL client checks CRLs only when given
//! `--ssl-crl`) and no certificate-policy processing (only with `X509_V_FLAG_POLICY_CHECK`).
//! The test asserts:
//!
//! - dbcert's verdict equals OpenSSL's on every test, except those in [`DIFFERENT_FROM_OPENSSL`];
//! - where both reject a chain, dbcert's errors include the finding that matches OpenSSL's
//!   error ([`finding_for`]), on the certificate at OpenSSL's depth;
//! - where dbcert differs from PKITS's own expectation, the reason is revocation or policies
//!   (which dbcert, like OpenSSL by default, does not check) or a DSA signature;
//! - Java's PKIX validator (`tests/java/PkixVerify.java`, what Connector/J gets), on all 223
//!   end-entity certificates (the policy tests of PKITS 4.8–4.12 included), refuses exactly the
//!   chains dbcert finds valid with a `certificate_policy` warning, and otherwise agrees with
//!   dbcert, DSA aside.

#![allow(clippy::unwrap_used, clippy::panic)]
// Compiled for wasm32-wasip1 (`cargo xtask test`), only the test without openssl and java runs.
#![cfg_attr(target_os = "wasi", allow(dead_code, unused_imports))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::{verify, FindingCode, VerifyOptions};

const ANCHOR: &str = "TrustAnchorRootCertificate.crt";

/// The time of every verification (the PKITS certificates are valid from 2010 to 2030, except
/// where a test says otherwise).
const AT: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

/// Tests where dbcert and OpenSSL differ, and why.
const DIFFERENT_FROM_OPENSSL: &[(&str, &str)] = &[(
    "ValidDSASignaturesTest4EE.crt",
    "DSA: dbcert does not verify DSA signatures (reported as unsupported_algorithm); OpenSSL does",
)];

/// PKITS tests rejected for a revocation whose names do not say so (PKITS 4.4.15, 4.4.18,
/// 4.5.2, 4.5.5: the end-entity certificate is on its CA's CRL).
const REVOKED: &[&str] = &[
    "InvalidNegativeSerialNumberTest15EE.crt",
    "InvalidLongSerialNumberTest18EE.crt",
    "InvalidBasicSelfIssuedOldWithNewTest2EE.crt",
    "InvalidBasicSelfIssuedNewWithOldTest5EE.crt",
];

fn dir() -> PathBuf {
    common::shared().join("corpus/pkits/certs")
}

/// The test files (`Valid…EE.crt`, `Invalid…EE.crt`), sorted.
fn tests(names: &[String]) -> Vec<&String> {
    end_entities(names)
        .into_iter()
        .filter(|n| n.starts_with("Valid") || n.starts_with("Invalid"))
        .collect()
}

/// Every end-entity certificate: the tests, and the policy tests whose outcome depends on the
/// initial policy settings (PKITS 4.8–4.12: `AllCertificatesNoPoliciesTest2EE.crt`, …).
fn end_entities(names: &[String]) -> Vec<&String> {
    names.iter().filter(|n| n.ends_with("EE.crt")).collect()
}

/// The untrusted pool: every certificate but the end entities and the anchor.
fn pool(names: &[String]) -> impl Iterator<Item = &String> {
    names
        .iter()
        .filter(|n| !n.ends_with("EE.crt") && *n != ANCHOR)
}

/// The suite, read once: the file names (sorted), the anchor and the pool's DER.
struct Suite {
    names: Vec<String>,
    anchor: Vec<u8>,
    pool: Vec<Vec<u8>>,
}

impl Suite {
    fn load() -> Self {
        let dir = dir();
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let pool: Vec<Vec<u8>> = pool(&names).map(|n| common::bytes(dir.join(n))).collect();
        assert!(
            pool.len() > 150,
            "the PKITS CA certificates: {}",
            pool.len()
        );
        Self {
            anchor: common::bytes(dir.join(ANCHOR)),
            names,
            pool,
        }
    }
}

/// What a verifier said of one test: valid, or not and why (dbcert: every error, with the
/// depth of the certificate it concerns in the chain found, 0 being the end entity; OpenSSL:
/// its one error number and depth).
#[derive(Debug)]
struct Verdict<E> {
    valid: bool,
    errors: Vec<(E, Option<usize>)>,
    /// dbcert only: the chain breaks a certificate-policy rule (Java refuses it).
    policy_warning: bool,
}

/// dbcert's verdict for each test.
fn dbcert_verdicts(suite: &Suite) -> BTreeMap<String, Verdict<FindingCode>> {
    let dir = dir();
    let mut ca = Bundle::new(Format::Der);
    ca.certificates.push(CertEntry::plain(suite.anchor.clone()));
    end_entities(&suite.names)
        .into_iter()
        .map(|n| {
            let mut input = Bundle::new(Format::Der);
            input
                .certificates
                .push(CertEntry::plain(common::bytes(dir.join(n))));
            input
                .certificates
                .extend(suite.pool.iter().cloned().map(CertEntry::plain));
            let mut options = VerifyOptions::new(UnixTime(AT));
            options.ca = Some(&ca);
            options.leaf = Some(0);
            let r = verify(&input, &options);
            let depth = |i: Option<usize>| i.and_then(|i| r.chain.iter().position(|c| *c == i));
            let errors = r
                .errors
                .iter()
                .map(|f| (f.code, depth(f.certificate)))
                .collect();
            let policy_warning = r
                .warnings
                .iter()
                .any(|w| w.code == FindingCode::CertificatePolicy);
            (
                n.clone(),
                Verdict {
                    valid: r.valid,
                    errors,
                    policy_warning,
                },
            )
        })
        .collect()
}

/// The dbcert finding for an OpenSSL verify error number (`X509_V_ERR_…`), where there is one.
fn finding_for(openssl_error: u32) -> Option<FindingCode> {
    Some(match openssl_error {
        7 => FindingCode::BadSignature,     // certificate signature failure
        9 => FindingCode::NotYetValid,      // certificate is not yet valid
        10 => FindingCode::Expired,         // certificate has expired
        20 => FindingCode::UnknownIssuer,   // unable to get local issuer certificate
        25 => FindingCode::PathLenExceeded, // path length constraint exceeded
        32 => FindingCode::KeyUsage,        // key usage does not include certificate signing
        34 => FindingCode::UnsupportedCriticalExtension, // unhandled critical extension
        47 | 48 => FindingCode::NameConstraints, // permitted / excluded subtree violation
        79 => FindingCode::NotACa,          // invalid CA certificate
        _ => return None,
    })
}

/// `openssl verify`'s verdict for each test, from one run over all of them.
fn openssl_verdicts(suite: &Suite) -> BTreeMap<String, Verdict<u32>> {
    let dir = dir();
    let scratch = common::scratch("pkits");
    let pem_file = |name: &str, ders: &[Vec<u8>]| {
        let mut text = String::new();
        for der in ders {
            pem::encode("CERTIFICATE", der, &mut text);
        }
        let path = scratch.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let anchor = pem_file("anchor.pem", std::slice::from_ref(&suite.anchor));
    let pool = pem_file("pool.pem", &suite.pool);
    let files: Vec<String> = tests(&suite.names)
        .iter()
        .map(|n| dir.join(n).to_string_lossy().into_owned())
        .collect();
    let at = AT.to_string();
    let mut args = vec![
        "verify",
        "-attime",
        &at,
        "-CAfile",
        &anchor,
        "-untrusted",
        &pool,
    ];
    args.extend(files.iter().map(String::as_str));
    let out = common::tool("openssl", &args, None);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Per test: `FILE: OK` on stdout, or on stderr `error N at D depth lookup: …` and then
    // `error FILE: verification failed`.
    let mut verdicts = BTreeMap::new();
    let mut last_error = None;
    for line in text.lines() {
        let (file, valid) = if let Some(f) = line.strip_suffix(": OK") {
            (f, true)
        } else if let Some(f) = line
            .strip_prefix("error ")
            .and_then(|l| l.strip_suffix(": verification failed"))
        {
            (f, false)
        } else {
            if let Some((n, rest)) = line
                .strip_prefix("error ")
                .and_then(|l| l.split_once(" at "))
            {
                let depth = rest.split(' ').next().and_then(|d| d.parse().ok());
                last_error = Some((n.parse::<u32>().unwrap(), depth));
            }
            continue;
        };
        let name = file.rsplit('/').next().unwrap().to_owned();
        let errors = if valid {
            Vec::new()
        } else {
            last_error.take().into_iter().collect()
        };
        let verdict = Verdict {
            valid,
            errors,
            policy_warning: false,
        };
        assert!(verdicts.insert(name, verdict).is_none(), "{line}");
    }
    verdicts
}

/// Java's verdict (`true`: valid) for each test, from one run over all of them.
fn java_verdicts(names: &[String]) -> BTreeMap<String, bool> {
    let dir = dir();
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let program = common::repo().join("tests/java/PkixVerify.java");
    let anchor = path(ANCHOR);
    let pool = pool(names).map(|n| path(n)).collect::<Vec<_>>().join(",");
    let at = (AT * 1000).to_string();
    let files: Vec<String> = end_entities(names).into_iter().map(|n| path(n)).collect();
    let mut args = vec![program.to_str().unwrap(), &anchor, &pool, &at];
    args.extend(files.iter().map(String::as_str));
    let stdout = common::tool_ok("java", &args, None);
    stdout
        .lines()
        .filter_map(|l| {
            let (verdict, rest) = l.split_once(' ')?;
            let name = rest.split(' ').next()?.to_owned();
            Some((name, verdict == "OK"))
        })
        .collect()
}

/// dbcert's verdicts against PKITS's own expectation: every difference has an out-of-scope
/// reason (revocation, policies, DSA). Returns (as PKITS expects, revocation or policy).
fn against_pkits(ours: &BTreeMap<String, &Verdict<FindingCode>>) -> (usize, usize) {
    let mut unexplained = Vec::new();
    let (mut agree, mut revocation_or_policy) = (0, 0);
    for (n, v) in ours {
        let valid = v.valid;
        let expected = n.starts_with("Valid");
        if valid == expected {
            agree += 1;
        } else if !expected
            && (REVOKED.contains(&n.as_str())
                || [
                    "CRL",
                    "cRL",
                    "Revoked",
                    "Policy",
                    "Policies",
                    "distributionPoint",
                    "onlySomeReasons",
                    "onlyContains",
                ]
                .iter()
                .any(|k| n.contains(k)))
        {
            revocation_or_policy += 1;
        } else if !n.contains("DSA") {
            unexplained.push(format!(
                "{n}: dbcert says {}",
                if valid { "valid" } else { "invalid" }
            ));
        }
    }
    assert!(
        unexplained.is_empty(),
        "differences from PKITS without a reason: {unexplained:#?}"
    );
    // Enough of the suite is in scope that the comparison means something.
    assert!(agree >= 130, "{agree}");
    (agree, revocation_or_policy)
}

/// The verdicts of the 203 tests, on every build (`cargo xtask test` also runs this compiled
/// for wasm32-wasip1, where there is no openssl or java to compare with).
#[test]
fn pkits_verdicts_as_pkits_expects() {
    let suite = Suite::load();
    let all = dbcert_verdicts(&suite);
    let tested: BTreeSet<&String> = tests(&suite.names).into_iter().collect();
    let ours: BTreeMap<String, &Verdict<FindingCode>> = all
        .iter()
        .filter(|(n, _)| tested.contains(n))
        .map(|(n, v)| (n.clone(), v))
        .collect();
    assert_eq!(ours.len(), 203, "PKITS Valid/Invalid end-entity tests");
    let (agree, revocation_or_policy) = against_pkits(&ours);
    let signature_errors = ours
        .values()
        .filter(|v| {
            v.errors
                .iter()
                .any(|(c, _)| *c == FindingCode::BadSignature)
        })
        .count();
    println!(
        "PKITS: {agree} of 203 as PKITS expects, {revocation_or_policy} accepted that need a CRL or policy processing, {signature_errors} with a bad_signature error"
    );
    // InvalidCASignatureTest2 and InvalidEESignatureTest3.
    assert!(signature_errors >= 2, "{signature_errors}");
}

#[cfg(not(target_os = "wasi"))]
#[test]
fn pkits_verdicts_against_openssl_java_and_pkits() {
    let suite = Suite::load();
    let names = &suite.names;
    let all = dbcert_verdicts(&suite);
    let tested: BTreeSet<&String> = tests(names).into_iter().collect();
    let ours: BTreeMap<String, &Verdict<FindingCode>> = all
        .iter()
        .filter(|(n, _)| tested.contains(n))
        .map(|(n, v)| (n.clone(), v))
        .collect();
    let theirs = openssl_verdicts(&suite);
    assert_eq!(ours.len(), 203, "PKITS Valid/Invalid end-entity tests");
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "openssl gave a verdict for every test"
    );

    // 1. The same verdict as OpenSSL, except where listed.
    let differ: BTreeSet<&str> = ours
        .iter()
        .filter(|(n, v)| theirs[*n].valid != v.valid)
        .map(|(n, _)| n.as_str())
        .collect();
    let listed: BTreeSet<&str> = DIFFERENT_FROM_OPENSSL.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        differ, listed,
        "tests where dbcert and `openssl verify` disagree (left) vs DIFFERENT_FROM_OPENSSL (right)"
    );

    // 2. Where both reject a chain, dbcert names OpenSSL's reason, on the same certificate.
    let mut causes = 0;
    for (n, v) in ours.iter().filter(|(n, v)| !v.valid && !theirs[*n].valid) {
        let [(error, depth)] = theirs[n].errors[..] else {
            panic!("{n}: no error line from openssl: {:?}", theirs[n]);
        };
        if n.contains("DSA") {
            // dbcert: unsupported_algorithm, whatever the signature (see DIFFERENT_FROM_OPENSSL).
            continue;
        }
        let code = finding_for(error)
            .unwrap_or_else(|| panic!("{n}: openssl error {error} has no finding in finding_for"));
        assert!(
            v.errors.contains(&(code, depth)),
            "{n}: openssl says error {error} at depth {depth:?}, dbcert {:?}",
            v.errors
        );
        causes += 1;
    }
    assert!(causes >= 40, "{causes}");

    // 3. Against PKITS's own expectation: every difference has an out-of-scope reason.
    let (agree, revocation_or_policy) = against_pkits(&ours);
    println!(
        "PKITS: {causes} rejected for OpenSSL's reason; {agree} of {} as PKITS expects; {revocation_or_policy} accepted that need a CRL or policy processing (as OpenSSL's defaults do); DSA: {}",
        ours.len(),
        ours.len() - agree - revocation_or_policy
    );

    // 4. Java, on every end entity: the same verdicts, except that it refuses the chains that
    // break a certificate-policy rule (where dbcert warns `certificate_policy`, and only there)
    // and accepts the DSA ones.
    let java = java_verdicts(names);
    assert_eq!(
        java.keys().collect::<Vec<_>>(),
        all.keys().collect::<Vec<_>>()
    );
    let mut policy = 0;
    for (n, v) in &all {
        let java_valid = java[n];
        if n.contains("DSA") {
            // Java verifies DSA; dbcert reports unsupported_algorithm.
            assert!(!v.valid, "{n}");
            continue;
        }
        match (java_valid, v.valid, v.policy_warning) {
            (true, true, false) | (false, false, _) => {}
            (false, true, true) => policy += 1,
            _ => panic!(
                "{n}: Java valid {java_valid}; dbcert valid {}, certificate_policy {}",
                v.valid, v.policy_warning
            ),
        }
    }
    assert!(policy >= 20, "{policy}");
    println!(
        "PKITS: {policy} of {} end entities warned certificate_policy, exactly those Java refuses",
        all.len()
    );
}
