//! Chain validation on the fixtures of `tests/data/chains` (made by `make.sh` there; every
//! date fixed, verification pinned at 2030-01-01), one scenario per finding code, plus the
//! system's Mozilla bundle.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::cert::Certificate;
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::{verify, AnchorRef, FindingCode, Source, VerifyOptions, VerifyReport};

const AT: &str = "2030-01-01T00:00:00Z";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/chains")
}

fn der(name: &str) -> Vec<u8> {
    let path = dir().join(format!("{name}.pem"));
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pem::parse(&text).expect("PEM").remove(0).der
}

fn bundle(names: &[&str]) -> Bundle {
    let mut b = Bundle::new(Format::Pem);
    b.certificates = names.iter().map(|n| CertEntry::plain(der(n))).collect();
    b
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339(AT).unwrap()
}

/// Verifies `input` against `ca` (if any) for `host` (if any) at 2030-01-01.
fn check(input: &[&str], ca: Option<&[&str]>, host: Option<&str>) -> VerifyReport {
    let input = bundle(input);
    let ca = ca.map(bundle);
    let mut o = VerifyOptions::new(at());
    o.ca = ca.as_ref();
    o.host = host;
    verify(&input, &o)
}

fn errors(r: &VerifyReport) -> Vec<FindingCode> {
    r.errors.iter().map(|f| f.code).collect()
}

fn warnings(r: &VerifyReport) -> Vec<FindingCode> {
    r.warnings.iter().map(|f| f.code).collect()
}

const ROOT: &[&str] = &["rsa-root"];

/// A valid chain with no finding at all.
fn assert_clean(r: &VerifyReport) {
    assert!(r.valid, "{r:#?}");
    assert!(r.errors.is_empty() && r.warnings.is_empty(), "{r:#?}");
}

#[test]
fn rsa_chain_against_ca_file() {
    let r = check(&["rsa-leaf", "rsa-int"], Some(ROOT), Some("db.example.com"));
    assert_clean(&r);
    assert_eq!(r.chain, [0, 1]);
    assert_eq!(
        r.anchor,
        Some(AnchorRef {
            source: Source::Ca,
            index: 0
        })
    );
    assert!(r.unused.is_empty());
}

#[test]
fn chain_file_on_its_own_uses_its_self_signed_root() {
    let r = check(&["rsa-leaf", "rsa-int", "rsa-root"], None, None);
    assert_clean(&r);
    assert_eq!(r.chain, [0, 1, 2]);
    assert_eq!(
        r.anchor,
        Some(AnchorRef {
            source: Source::Input,
            index: 2
        })
    );
    // The same chain with the root in both the file and --ca: the root is the ca one.
    let r = check(&["rsa-leaf", "rsa-int", "rsa-root"], Some(ROOT), None);
    assert_clean(&r);
    assert_eq!(r.chain, [0, 1, 2]);
    assert_eq!(r.anchor.map(|a| a.source), Some(Source::Ca));
}

#[test]
fn ca_bundle_alone_verifies_bottom_up() {
    // A downloaded CA chain file (intermediate + root), no server certificate.
    let r = check(&["rsa-root", "rsa-int"], None, None);
    assert_clean(&r);
    assert_eq!(r.chain, [1, 0]);
    // Several independent roots: each is its own anchor, none is unused.
    let r = check(&["rsa-root", "ec-root", "ed25519-root"], None, None);
    assert_clean(&r);
    assert!(r.unused.is_empty());
}

#[test]
fn every_signature_algorithm_verifies() {
    for (leaf, chain) in [
        ("rsa-leaf", &["rsa-int", "rsa-root"][..]),
        ("pss-leaf", &["rsa-int", "rsa-root"][..]),
        ("sha224-leaf", &["rsa-int", "rsa-root"][..]),
        ("sha384-leaf", &["rsa-int", "rsa-root"][..]),
        ("sha512-leaf", &["rsa-int", "rsa-root"][..]),
        ("ec-leaf", &["ec-int", "ec-root"][..]),
        ("p521-leaf", &["p521-root"][..]),
        ("ed25519-leaf", &["ed25519-root"][..]),
    ] {
        let mut input = vec![leaf];
        input.extend(chain);
        let r = check(&input, None, Some("db.example.com"));
        assert_clean(&r);
        assert_eq!(r.chain.len(), input.len(), "{leaf}");
    }
}

#[test]
fn host_names_and_ip_addresses() {
    let chain = ["rsa-leaf", "rsa-int"];
    for ok in [
        "db.example.com",
        "DB.Example.COM.",
        "192.0.2.10",
        "2001:db8::10",
        "[2001:db8::10]",
    ] {
        let r = check(&chain, Some(ROOT), Some(ok));
        assert!(r.valid, "{ok}: {r:#?}");
    }
    for bad in [
        "other.example.com",
        "192.0.2.11",
        "example.com",
        "db.example.com.evil",
    ] {
        let r = check(&chain, Some(ROOT), Some(bad));
        assert_eq!(errors(&r), [FindingCode::HostnameMismatch], "{bad}");
        assert!(r.errors[0].message.contains("subjectAltName="), "{bad}");
        assert_eq!(r.errors[0].certificate, Some(0));
    }
    // Wildcards: the whole left-most label, one label deep only.
    let w = ["wildcard-leaf", "rsa-int"];
    assert!(check(&w, Some(ROOT), Some("db.example.com")).valid);
    for bad in ["a.b.example.com", "example.com", "db.example.org"] {
        let r = check(&w, Some(ROOT), Some(bad));
        assert_eq!(errors(&r), [FindingCode::HostnameMismatch], "{bad}");
    }
    // An IP address is never matched against DNS names.
    let r = check(&w, Some(ROOT), Some("192.0.2.10"));
    assert_eq!(errors(&r), [FindingCode::HostnameMismatch]);
}

#[test]
fn validity_dates() {
    let r = check(&["expired-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::Expired]);
    assert!(r.errors[0].message.contains("2010-01-01"), "{r:#?}");
    let r = check(&["notyet-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::NotYetValid]);
    let r = check(&["expiring-leaf", "rsa-int"], Some(ROOT), None);
    assert!(r.valid);
    assert_eq!(warnings(&r), [FindingCode::ExpiresSoon]);
    // The window is configurable.
    let input = bundle(&["expiring-leaf", "rsa-int"]);
    let ca = bundle(ROOT);
    let mut o = VerifyOptions::new(at());
    o.ca = Some(&ca);
    o.expires_soon_days = 10;
    assert!(verify(&input, &o).warnings.is_empty());
    // An expired root in the CA file fails too.
    let mut o = VerifyOptions::new(UnixTime::parse_rfc3339("2050-06-01T00:00:00Z").unwrap());
    o.ca = Some(&ca);
    let r = verify(&bundle(&["rsa-leaf", "rsa-int"]), &o);
    assert!(r
        .errors
        .iter()
        .any(|e| e.code == FindingCode::Expired && e.source == Source::Ca));
}

#[test]
fn ca_rules() {
    let r = check(&["notca-leaf", "notca-int"], Some(ROOT), None);
    assert!(errors(&r).contains(&FindingCode::NotACa), "{r:#?}");
    assert_eq!(r.errors[0].certificate, Some(1));
    let r = check(&["nocertsign-leaf", "nocertsign-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::KeyUsage]);
    let r = check(
        &["pathlen-leaf", "pathlen-sub-int", "pathlen0-int"],
        Some(ROOT),
        None,
    );
    assert_eq!(errors(&r), [FindingCode::PathLenExceeded]);
    assert_eq!(r.errors[0].certificate, Some(2));
    // A server certificate whose extendedKeyUsage is clientAuth only.
    let r = check(&["client-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::KeyUsage]);
    assert!(r.errors[0].message.contains("serverAuth"));
}

#[test]
fn name_constraints() {
    let r = check(
        &["nc-leaf-ok", "nc-int"],
        Some(ROOT),
        Some("db.example.com"),
    );
    assert_clean(&r);
    let r = check(&["nc-leaf-bad", "nc-int"], Some(ROOT), Some("db.other.org"));
    assert_eq!(errors(&r), [FindingCode::NameConstraints], "{r:#?}");
    assert!(r.errors[0].message.contains("db.other.org"));
}

#[test]
fn signatures_and_algorithms() {
    let r = check(&["tampered-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::BadSignature]);
    assert_eq!(r.errors[0].certificate, Some(0));
    let r = check(&["ed448-leaf"], Some(&["ed448-root"]), None);
    assert_eq!(errors(&r), [FindingCode::UnsupportedAlgorithm], "{r:#?}");
    let r = check(&["critical-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::UnsupportedCriticalExtension]);
    assert!(r.errors[0].message.contains("1.3.6.1.4.1.55555.1"));
    let r = check(&["empty-eku-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::BadExtension]);
    // Weak but accepted by OpenSSL-based clients: warnings.
    let r = check(&["sha1-leaf", "rsa-int"], Some(ROOT), None);
    assert!(r.valid);
    assert_eq!(warnings(&r), [FindingCode::WeakSignatureAlgorithm]);
    let r = check(&["rsa1024-leaf", "rsa-int"], Some(ROOT), None);
    assert!(r.valid);
    assert_eq!(warnings(&r), [FindingCode::WeakKey]);
}

#[test]
fn missing_intermediate_and_untrusted_root() {
    let r = check(&["rsa-leaf"], Some(ROOT), None);
    assert_eq!(errors(&r), [FindingCode::UnknownIssuer]);
    assert!(r.errors[0].message.contains("dbcert RSA Intermediate"));
    assert_eq!(r.anchor, None);
    assert_eq!(r.chain, [0]);
    // A complete chain to a root that is not in the CA file.
    let r = check(
        &["rsa-leaf", "rsa-int", "rsa-root"],
        Some(&["ec-root"]),
        None,
    );
    assert_eq!(errors(&r), [FindingCode::UnknownIssuer]);
    assert!(r.errors[0].message.contains("not among the trusted"));
}

#[test]
fn bundle_hygiene_warnings() {
    // Shuffled order: still valid, but servers send the file as it is.
    let r = check(&["rsa-int", "rsa-root", "rsa-leaf"], None, None);
    assert!(r.valid, "{r:#?}");
    assert_eq!(r.chain, [2, 0, 1]);
    assert_eq!(warnings(&r), [FindingCode::NotOrdered]);
    // A repeat.
    let r = check(&["rsa-leaf", "rsa-int", "rsa-int"], Some(ROOT), None);
    assert!(r.valid);
    assert_eq!(warnings(&r), [FindingCode::DuplicateCertificate]);
    assert_eq!(r.warnings[0].certificate, Some(2));
    // A certificate that belongs to another chain.
    let r = check(&["rsa-leaf", "rsa-int", "ec-int"], Some(ROOT), None);
    assert!(r.valid);
    assert_eq!(r.unused, [2]);
    assert_eq!(warnings(&r), [FindingCode::UnusedCertificate]);
}

#[test]
fn client_compatibility_warnings() {
    let r = check(&["v1-leaf", "rsa-int"], Some(ROOT), Some("db.example.com"));
    assert!(r.valid, "{r:#?}");
    let w: BTreeSet<_> = warnings(&r).into_iter().collect();
    assert!(w.contains(&FindingCode::V1Certificate), "{r:#?}");
    let r = check(
        &["cn-only-leaf", "rsa-int"],
        Some(ROOT),
        Some("db.example.com"),
    );
    assert!(r.valid);
    assert_eq!(warnings(&r), [FindingCode::CnOnly]);
    assert!(r.warnings[0].message.contains("Go 1.15"));
    // Without --host the warning is still given (VERIFY_IDENTITY would fail in Go).
    let r = check(&["cn-only-leaf", "rsa-int"], Some(ROOT), None);
    assert_eq!(warnings(&r), [FindingCode::CnOnly]);
    // A SAN without the host: the CN is not a fallback.
    let r = check(&["nc-leaf-bad", "nc-int"], None, Some("db.example.com"));
    assert!(errors(&r).contains(&FindingCode::HostnameMismatch));
}

#[test]
fn limits_and_malformed_input() {
    let input = bundle(&["rsa-leaf", "rsa-int"]);
    let ca = bundle(ROOT);
    let mut o = VerifyOptions::new(at());
    o.ca = Some(&ca);
    o.path_building_limit = 0;
    assert_eq!(
        errors(&verify(&input, &o)),
        [FindingCode::PathBuildingLimit]
    );
    let mut o = VerifyOptions::new(at());
    o.ca = Some(&ca);
    o.max_chain_depth = Some(0);
    assert_eq!(errors(&verify(&input, &o)), [FindingCode::PathLenExceeded]);
    o.max_chain_depth = Some(1);
    assert!(verify(&input, &o).valid);
    // Garbage among the certificates: reported, the rest still verified.
    let mut input = bundle(&["rsa-leaf", "rsa-int"]);
    input
        .certificates
        .push(CertEntry::plain(vec![0x30, 0x03, 0x02, 0x01]));
    let r = verify(&input, &o);
    assert_eq!(errors(&r), [FindingCode::MalformedCertificate]);
    assert_eq!(r.errors[0].certificate, Some(2));
    assert_eq!(r.chain, [0, 1]);
    // An empty input is not valid.
    let r = verify(&Bundle::new(Format::Pem), &o);
    assert!(!r.valid);
    // Truncations of every fixture never panic.
    for name in [
        "rsa-leaf",
        "ec-leaf",
        "pss-leaf",
        "ed25519-leaf",
        "p521-leaf",
    ] {
        let d = der(name);
        for cut in (0..d.len()).step_by(7) {
            let mut b = Bundle::new(Format::Der);
            b.certificates.push(CertEntry::plain(d[..cut].to_vec()));
            b.certificates.push(CertEntry::plain(der("rsa-int")));
            let _ = verify(&b, &o);
        }
    }
}

/// Every code of the contract is produced by at least one of the scenarios above.
#[test]
fn every_finding_code_is_exercised() {
    let ca = bundle(ROOT);
    let scenarios: Vec<(Vec<&str>, Option<&Bundle>, Option<&str>)> = vec![
        (vec!["expired-leaf", "rsa-int"], Some(&ca), None),
        (vec!["notyet-leaf", "rsa-int"], Some(&ca), None),
        (vec!["tampered-leaf", "rsa-int"], Some(&ca), None),
        (vec!["rsa-leaf"], Some(&ca), None),
        (vec!["notca-leaf", "notca-int"], Some(&ca), None),
        (
            vec!["pathlen-leaf", "pathlen-sub-int", "pathlen0-int"],
            Some(&ca),
            None,
        ),
        (vec!["client-leaf", "rsa-int"], Some(&ca), None),
        (
            vec!["rsa-leaf", "rsa-int"],
            Some(&ca),
            Some("other.example.com"),
        ),
        (vec!["nc-leaf-bad", "nc-int"], Some(&ca), None),
        (vec!["critical-leaf", "rsa-int"], Some(&ca), None),
        (vec!["ed448-leaf", "ed448-root"], None, None),
        (vec!["empty-eku-leaf", "rsa-int"], Some(&ca), None),
        (vec!["expiring-leaf", "rsa-int"], Some(&ca), None),
        (vec!["sha1-leaf", "rsa-int"], Some(&ca), None),
        (vec!["rsa1024-leaf", "rsa-int"], Some(&ca), None),
        (vec!["rsa-leaf", "rsa-int", "rsa-int"], Some(&ca), None),
        (vec!["rsa-int", "rsa-leaf"], Some(&ca), None),
        (vec!["rsa-leaf", "rsa-int", "ec-root"], Some(&ca), None),
        (vec!["v1-leaf", "rsa-int"], Some(&ca), None),
        (vec!["cn-only-leaf", "rsa-int"], Some(&ca), None),
        (vec!["policy-leaf", "policy-int", "policy-root"], None, None),
    ];
    let mut seen = BTreeSet::new();
    for (input, ca, host) in &scenarios {
        let input = bundle(input);
        let mut o = VerifyOptions::new(at());
        o.ca = *ca;
        o.host = *host;
        let r = verify(&input, &o);
        seen.extend(r.errors.iter().chain(&r.warnings).map(|f| f.code));
        o.path_building_limit = 0;
        seen.extend(verify(&input, &o).errors.iter().map(|f| f.code));
    }
    // A certificate that is not DER (tests/der_strictness.rs has every form).
    let lax = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/der/len-sig.pem");
    let lax = std::fs::read_to_string(lax).unwrap();
    let lax = dbcert_core::read(lax.as_bytes(), &dbcert_core::ReadOptions::default()).unwrap();
    seen.extend(
        verify(&lax, &VerifyOptions::new(at()))
            .warnings
            .iter()
            .map(|f| f.code),
    );
    let mut input = bundle(&["rsa-leaf"]);
    input.certificates.push(CertEntry::plain(vec![0x30, 0x00]));
    seen.extend(
        verify(&input, &VerifyOptions::new(at()))
            .errors
            .iter()
            .map(|f| f.code),
    );
    // Revocation, on the CRL fixtures (tests/crl.rs has each scenario with OpenSSL's verdict).
    let crl_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/crl");
    let file = |n: &str| std::fs::read(crl_dir.join(n)).unwrap();
    let opts = dbcert_core::ReadOptions::default();
    let ca = dbcert_core::read(&file("rsa-root.pem"), &opts).unwrap();
    // A CRL cut short cannot be decoded: unsupported_crl.
    let mut unknown_critical = file("rsa-int.crl");
    unknown_critical.truncate(40);
    for (leaf, crl_files) in [
        (
            "rsa-revoked.pem",
            vec!["rsa-root.crl.pem", "rsa-int.crl.pem"],
        ),
        ("rsa-good.pem", vec!["rsa-int.crl.pem"]),
        (
            "rsa-good.pem",
            vec!["rsa-root.crl.pem", "rsa-int-expired.crl.pem"],
        ),
        (
            "rsa-good.pem",
            vec!["rsa-root.crl.pem", "rsa-int-notyet.crl.pem"],
        ),
        (
            "rsa-good.pem",
            vec!["rsa-root.crl.pem", "rsa-int-badsig.crl.pem"],
        ),
        (
            "rsa-delta-revoked.pem",
            vec![
                "rsa-root.crl.pem",
                "rsa-int.crl.pem",
                "rsa-int-delta.crl.pem",
            ],
        ),
    ] {
        let mut text = file(leaf);
        text.extend(file("rsa-int.pem"));
        let input = dbcert_core::read(&text, &opts).unwrap();
        let crls: Vec<Vec<u8>> = crl_files
            .iter()
            .flat_map(|n| dbcert_core::crl::read::read(&file(n)).unwrap())
            .collect();
        let mut o = VerifyOptions::new(at());
        o.ca = Some(&ca);
        o.crls = &crls;
        let r = verify(&input, &o);
        seen.extend(r.errors.iter().chain(&r.warnings).map(|f| f.code));
        let broken = vec![unknown_critical.clone()];
        o.crls = &broken;
        seen.extend(verify(&input, &o).errors.iter().map(|f| f.code));
    }
    for code in FindingCode::ALL {
        assert!(seen.contains(code), "no scenario produces {code}");
    }
}

/// A CA that requires an explicit policy above a leaf with none: valid (OpenSSL does not check
/// policies by default), with the `certificate_policy` warning on the leaf for Java clients.
#[test]
fn required_policy_missing_is_a_warning_for_java_clients() {
    let r = check(&["policy-leaf", "policy-int", "policy-root"], None, None);
    assert!(r.valid, "{:?}", r.errors);
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == FindingCode::CertificatePolicy)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert_eq!(w[0].certificate, Some(0));
    assert!(w[0].message.contains("Java"), "{}", w[0].message);
    assert!(
        w[0].message.contains("CN=dbcert Requires Policy"),
        "{}",
        w[0].message
    );
    // The main chain, whose CAs set no policy constraints: no such warning.
    let ok = check(&["rsa-leaf", "rsa-int"], Some(ROOT), None);
    assert!(ok
        .warnings
        .iter()
        .all(|w| w.code != FindingCode::CertificatePolicy));
}

#[test]
fn report_json_shape() {
    let r = check(
        &["rsa-int", "rsa-leaf"],
        Some(ROOT),
        Some("other.example.com"),
    );
    let v = serde_json::to_value(&r).unwrap();
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["anchor", "chain", "clients", "errors", "unused", "valid", "verdict", "warnings"]
            .into_iter()
            .collect()
    );
    let verdict: BTreeSet<&str> = v["verdict"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        verdict,
        [
            "authorities",
            "expires",
            "headline",
            "host",
            "identity",
            "input",
            "mode",
            "otherPath",
            "refusedBy",
            "serverCertificateHowTo",
            "status"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(v["verdict"]["status"], "fails");
    assert_eq!(v["verdict"]["otherPath"], serde_json::Value::Null);
    assert_eq!(v["verdict"]["input"], "server_chain");
    assert_eq!(v["valid"], false);
    assert_eq!(v["chain"], serde_json::json!([1, 0]));
    assert_eq!(v["anchor"], serde_json::json!({"source": "ca", "index": 0}));
    assert_eq!(v["errors"][0]["code"], "hostname_mismatch");
    assert_eq!(v["errors"][0]["certificate"], 1);
    assert_eq!(v["errors"][0]["source"], "input");
    assert_eq!(v["warnings"][0]["code"], "not_ordered");
    for code in FindingCode::ALL {
        let s = code.as_str();
        assert!(s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
        assert_eq!(serde_json::to_value(code).unwrap(), s);
    }
}

const MOZILLA: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Every root of the system's Mozilla bundle verifies as a self-signed anchor (signature and
/// validity, each at the middle of its own validity period), and the bundle as a whole, at the
/// run's time, lists the roots that expire within a year.
#[test]
fn mozilla_bundle_roots_are_self_signed_anchors() {
    let Ok(text) = std::fs::read(MOZILLA) else {
        eprintln!("skipped: {MOZILLA} not present");
        return;
    };
    let bundle = dbcert_core::read(&text, &Default::default()).expect("bundle reads");
    let n = bundle.certificates.len();
    assert!(n > 50, "{n} certificates");
    for (i, entry) in bundle.certificates.iter().enumerate() {
        let c = Certificate::parse(&entry.der).unwrap();
        let mid = UnixTime(c.not_before.0 + (c.not_after.0 - c.not_before.0) / 2);
        let mut one = Bundle::new(Format::Pem);
        one.certificates.push(entry.clone());
        let r = verify(&one, &VerifyOptions::new(mid));
        assert!(
            r.valid,
            "root #{} ({}) does not verify as a self-signed anchor: {:#?}",
            i + 1,
            c.subject.to_rfc4514(),
            r.errors
        );
        assert_eq!(
            r.anchor,
            Some(AnchorRef {
                source: Source::Input,
                index: 0
            })
        );
    }
    // The whole bundle at the run's time: every certificate is its own anchor (none unused),
    // and the ones expiring within a year are listed.
    let now = UnixTime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    );
    let mut o = VerifyOptions::new(now);
    o.expires_soon_days = 365;
    let r = verify(&bundle, &o);
    assert!(r.unused.is_empty(), "{:?}", r.unused);
    let bad: Vec<_> = r
        .errors
        .iter()
        .filter(|e| e.code != FindingCode::Expired && e.code != FindingCode::NotYetValid)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    let soon: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == FindingCode::ExpiresSoon)
        .collect();
    eprintln!(
        "{MOZILLA}: {n} roots, {} expire within a year of {}, {} already expired:",
        soon.len(),
        now.to_rfc3339(),
        r.errors
            .iter()
            .filter(|e| e.code == FindingCode::Expired)
            .count()
    );
    for w in &soon {
        eprintln!("  {}", w.message);
    }
}

#[test]
fn cross_signed_roots_and_several_candidates() {
    let input = ["cross-leaf", "cross-int", "cross-new-by-old"];
    // Trusting only the old root: the path goes through the cross-signed certificate.
    let r = check(&input, Some(&["cross-old-root"]), Some("db.example.com"));
    assert_clean(&r);
    assert_eq!(r.chain, [0, 1, 2]);
    // Trusting only the new root: the cross-signed copy has the new root's name and key, so it
    // stands for the trusted root (anchor from the CA file, copy listed in the chain).
    let r = check(&input, Some(&["cross-new-root"]), Some("db.example.com"));
    assert_clean(&r);
    assert_eq!(r.chain, [0, 1, 2]);
    assert_eq!(
        r.anchor,
        Some(AnchorRef {
            source: Source::Ca,
            index: 0
        })
    );
    // Without the copy, the same root is reached directly.
    let r = check(
        &["cross-leaf", "cross-int"],
        Some(&["cross-new-root"]),
        None,
    );
    assert_clean(&r);
    assert_eq!(r.chain, [0, 1]);
    // Both roots trusted, in either order: the shortest path, to the new root.
    for (ca, new_root) in [
        (["cross-old-root", "cross-new-root"], 1),
        (["cross-new-root", "cross-old-root"], 0),
    ] {
        let r = check(&input, Some(&ca), None);
        assert!(r.valid, "{r:#?}");
        assert_eq!(r.anchor.map(|a| a.index), Some(new_root));
    }
    // No CA file: the input holds no self-signed root, so the old root is reported missing.
    let r = check(&input, None, None);
    assert_eq!(errors(&r), [FindingCode::UnknownIssuer]);
    assert!(r.errors[0].message.contains("dbcert Old Root"), "{r:#?}");
    // Repeats in the input and in the CA file change nothing.
    let r = check(
        &["rsa-leaf", "rsa-int", "rsa-int"],
        Some(&["rsa-root", "rsa-root"]),
        None,
    );
    assert!(r.valid);
}
