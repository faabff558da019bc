//! DER strictness: each BER-in-DER form of `tests/data/der/` (one form per copy of a server
//! certificate, re-signed where the form is inside the TBSCertificate), what OpenSSL 3, Go's
//! crypto/x509 and Java 17 do with it (measured here on every run, against the table that
//! `cert::encoding` reports), and what dbcert says: an error (`malformed_certificate`) when
//! every stack refuses the form, otherwise a `not_der` warning naming who accepts and who
//! refuses it; the fingerprint always of the bytes as given.

mod common;

use common::*;
use dbcert_core::bundle::Bundle;
use dbcert_core::cert::encoding::Verdicts;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::{verify, FindingCode, VerifyOptions};
use dbcert_core::{read, ErrorCode, ReadOptions};

/// 2030-01-01T00:00:00Z, inside every fixture's validity.
const AT: i64 = 1_893_456_000;
const HOST: &str = "db.example.com";

/// Each fixture and the verdicts measured on it (OpenSSL 3.0.19, Go 1.26, OpenJDK 17.0.15):
/// whether a client verifying it as a server certificate for db.example.com under the root
/// accepts it.
const FORMS: &[(&str, Verdicts)] = &[
    ("leaf", v(true, true, true)),
    ("len-outer", v(true, false, true)),
    ("len-tbs", v(true, false, false)),
    ("len-name", v(true, false, true)),
    ("len-sig", v(true, false, true)),
    ("sig-unused-bits", v(false, false, true)),
    ("sig-padding-bits", v(false, false, false)),
    ("key-unused-bits", v(true, false, true)),
    ("bool-true-01", v(true, false, true)),
    ("default-critical-false", v(true, true, true)),
    ("default-ca-false", v(true, true, true)),
    ("serial-leading-zero", v(false, false, true)),
    ("utctime-no-seconds", v(false, true, true)),
];

/// Forms dbcert does not decode at all (an error, though some clients accept them).
const UNDECODED: &[(&str, Verdicts)] = &[("indefinite-outer", v(true, false, true))];

const fn v(openssl: bool, go: bool, java: bool) -> Verdicts {
    Verdicts { openssl, go, java }
}

fn fixture(name: &str) -> std::path::PathBuf {
    data(&format!("der/{name}.pem"))
}

fn der_of(name: &str) -> Vec<u8> {
    let b = read(&bytes(fixture(name)), &ReadOptions::default());
    match b {
        Ok(b) => b.certificates[0].der.clone(),
        Err(_) => {
            let text = String::from_utf8(bytes(fixture(name))).unwrap();
            dbcert_core::formats::pem::parse(text.as_bytes()).unwrap()[0]
                .der
                .clone()
        }
    }
}

/// What dbcert says about one form: for every measured verdict, the warning (or the error)
/// names the stacks that accept and refuse it.
#[test]
fn each_form_is_reported_with_the_clients_verdicts() {
    let root = read(&bytes(fixture("root")), &ReadOptions::default()).unwrap();
    for (name, verdicts) in FORMS {
        let input = bytes(fixture(name));
        let refused_by_all = !(verdicts.openssl || verdicts.go || verdicts.java);
        let read = read(&input, &ReadOptions::default());
        if refused_by_all {
            let e = read.expect_err(name);
            assert_eq!(e.code(), ErrorCode::MalformedCertificate, "{name}: {e}");
            assert_eq!(e.certificate(), Some(0), "{name}: {e}");
            assert!(e.offset().is_some(), "{name}: {e}");
            assert!(e.message().contains("refuse it"), "{name}: {e}");
            continue;
        }
        let bundle = read.unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = dbcert_core::inspect::report(&bundle).unwrap();
        let not_der: Vec<&str> = report
            .warnings
            .iter()
            .filter(|w| w.code == "not_der")
            .map(|w| w.message.as_str())
            .collect();
        // The fingerprint is of the bytes as given.
        assert_eq!(
            report.certificates[0].fingerprint_sha256,
            sha256_colon(&der_of(name)),
            "{name}"
        );
        if *name == "leaf" {
            assert!(not_der.is_empty(), "{not_der:?}");
        } else {
            assert_eq!(not_der.len(), 1, "{name}: {not_der:?}");
            let m = not_der[0];
            for (ok, stack) in [
                (verdicts.openssl, "OpenSSL"),
                (verdicts.go, "Go"),
                (verdicts.java, "Java"),
            ] {
                let at = m.find(stack).unwrap_or_else(|| panic!("{name}: {m}"));
                let accept = m.find("accept it").unwrap();
                // A stack named before "accept it" accepts; after it, refuses.
                assert_eq!(at < accept, ok, "{name}: {stack} in {m}");
            }
            assert!(m.contains("byte "), "{name}: {m}");
        }
        // verify: a `not_der` warning on the certificate, the chain still valid.
        let mut o = VerifyOptions::new(UnixTime(AT));
        o.ca = Some(&root);
        o.host = Some(HOST);
        let r = verify(&bundle, &o);
        let warned = r.warnings.iter().any(|f| f.code == FindingCode::NotDer);
        assert_eq!(warned, *name != "leaf", "{name}: {:?}", r.warnings);
        assert!(r.valid, "{name}: {:?}", r.errors);
    }
    for (name, _) in UNDECODED {
        let e = read(&bytes(fixture(name)), &ReadOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MalformedDer, "{name}: {e}");
        assert_eq!((e.certificate(), e.offset()), (Some(0), Some(0)), "{name}");
    }
}

/// What reads also converts: a keystore writer takes each certificate's subject and notBefore
/// (a UTCTime without seconds included) and writes the bytes as given.
#[test]
fn lax_certificates_convert_unchanged() {
    for name in ["utctime-no-seconds", "len-outer", "sig-unused-bits"] {
        let b = read(&bytes(fixture(name)), &ReadOptions::default()).unwrap();
        let mut o = dbcert_core::convert::ConvertOptions::new(
            dbcert_core::convert::Target::Jks,
            UnixTime(AT),
        );
        o.out_password = Some("changeit".into());
        let jks = dbcert_core::convert::convert(&b, &o)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .bytes;
        let back =
            dbcert_core::formats::jks::read(&jks, dbcert_core::Format::Jks, Some("changeit"))
                .unwrap();
        assert_eq!(back.certificates[0].der, der_of(name), "{name}");
    }
}

/// The inspect JSON carries the warning (what the CLI, wasm and Node print).
#[test]
fn the_warning_is_in_the_inspect_json() {
    let r = dbcert_core::inspect(&bytes(fixture("len-sig")), &ReadOptions::default()).unwrap();
    let json = dbcert_core::api::to_json_ascii(&r).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let w = &v["warnings"][0];
    assert_eq!(w["code"], "not_der");
    assert_eq!(w["certificate"], 0);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("fingerprint can be changed"),
        "{w}"
    );
}

/// A bundle where the second certificate is refused by every client: the error names it and
/// the byte.
#[test]
fn a_form_every_client_refuses_is_an_error_with_its_position() {
    let mut pem = String::from_utf8(bytes(fixture("root"))).unwrap();
    pem.push_str(&String::from_utf8(bytes(fixture("sig-padding-bits"))).unwrap());
    let e = read(pem.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedCertificate);
    assert_eq!(e.certificate(), Some(1));
    let der = der_of("leaf");
    // The signature BIT STRING: the last TLV of the certificate.
    let at = e.offset().unwrap();
    assert!(at > der.len() / 2 && at < der.len(), "{e}");
    assert!(e.to_string().contains("(certificate #2, byte "), "{e}");
    // verify of a bundle built by a program (not read): reported, the rest verified.
    let mut b = Bundle::new(dbcert_core::Format::Pem);
    b.certificates
        .push(dbcert_core::bundle::CertEntry::plain(der_of(
            "sig-padding-bits",
        )));
    let r = verify(&b, &VerifyOptions::new(UnixTime(AT)));
    assert_eq!(r.errors[0].code, FindingCode::MalformedCertificate);
}

/// OpenSSL, Go and Java on every fixture: their verdicts must be the table's (and so
/// `cert::encoding`'s). Fails (never skips) when a tool is missing.
#[test]
fn the_clients_verdicts_are_the_measured_ones() {
    let dir = data("der");
    let root = fixture("root");
    let all: Vec<(&str, Verdicts)> = FORMS.iter().chain(UNDECODED).copied().collect();
    let files: Vec<String> = all
        .iter()
        .map(|(n, _)| fixture(n).to_string_lossy().into_owned())
        .collect();
    // Go: parse and verify for the host at AT.
    let go_src = repo().join("tests/go/x509check.go");
    let mut args = vec![
        "run".to_owned(),
        go_src.to_string_lossy().into_owned(),
        root.to_string_lossy().into_owned(),
        HOST.to_owned(),
        AT.to_string(),
    ];
    args.extend(files.iter().cloned());
    let go = tool_in(
        "go",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &dir,
        "install Go (apt-get install golang-go)",
    );
    // Java: CertificateFactory and PKIX path validation.
    let java_src = repo().join("tests/java/PkixVerify.java");
    let mut args = vec![
        java_src.to_string_lossy().into_owned(),
        root.to_string_lossy().into_owned(),
        root.to_string_lossy().into_owned(),
        (AT * 1000).to_string(),
    ];
    args.extend(files.iter().cloned());
    let java = tool_in(
        "java",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &dir,
        "apt-get install openjdk-17-jdk-headless",
    );
    let ok_in = |out: &str, name: &str| out.lines().any(|l| l == format!("OK {name}.pem"));
    let mut table = String::new();
    for (name, expected) in &all {
        let f = fixture(name);
        let f = f.to_string_lossy();
        let at = AT.to_string();
        let openssl = tool(
            "openssl",
            &[
                "verify",
                "-CAfile",
                &root.to_string_lossy(),
                "-attime",
                &at,
                "-verify_hostname",
                HOST,
                &f,
            ],
            None,
        )
        .status
        .success();
        let measured = Verdicts {
            openssl,
            go: ok_in(&go, name),
            java: ok_in(&java, name),
        };
        table.push_str(&format!(
            "{name:<24} openssl {:<5} go {:<5} java {:<5}\n",
            measured.openssl, measured.go, measured.java
        ));
        assert_eq!(measured, *expected, "{name}\ngo:\n{go}\njava:\n{java}");
    }
    eprintln!("{table}");
}

/// Runs a tool in `dir` that must start; returns stdout.
fn tool_in(program: &str, args: &[&str], dir: &std::path::Path, install: &str) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed by this test ({e}): {install}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Where x509-parser decodes `../shared/corpus/malformed` differently from the decoder it
/// replaced (measured on all 249 files: these two changed verdicts, the rest only their error
/// wording), the result follows the clients (the corpus's `parse-baseline.json`: OpenSSL 3.0
/// and pyca/cryptography 46).
#[test]
fn malformed_corpus_differences_follow_the_clients() {
    let corpus = shared().join("corpus/malformed/pyca-x509");
    // RFC 8410's example certificate writes a DEFAULT out: pyca refuses it (EncodedDefault),
    // OpenSSL reads it; dbcert reads it with a `not_der` warning (it was silent before).
    let b = read(
        &bytes(corpus.join("ed25519/ed25519-rfc8410.pem")),
        &ReadOptions::default(),
    )
    .unwrap();
    let r = dbcert_core::inspect::report(&b).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "not_der" && w.message.contains("DEFAULT")),
        "{:?}",
        r.warnings
    );
    // A UTF-8 dNSName: OpenSSL and pyca read the extension, so inspect lists the name without
    // the `bad_extension` warning it had; verify still refuses it (Go rejects such a SAN, and a
    // host name is ASCII), as before.
    let b = read(
        &bytes(corpus.join("utf8-dnsname.pem")),
        &ReadOptions::default(),
    )
    .unwrap();
    let r = dbcert_core::inspect::report(&b).unwrap();
    assert!(
        r.warnings.iter().all(|w| w.code != "bad_extension"),
        "{:?}",
        r.warnings
    );
    assert!(!r.certificates[0].dns_names.is_empty());
    let v = verify(&b, &VerifyOptions::new(UnixTime(AT)));
    assert!(
        v.errors.iter().any(|f| f.code == FindingCode::BadExtension),
        "{:?}",
        v.errors
    );
}
