//! `api::inspect_json` (the report's JSON made one certificate at a time, for the Node addon)
//! against `to_json_ascii(&inspect(..))`: the same text byte for byte, or the same error, on every
//! fixture of this crate, the shared corpus's keystores, P7B files, malformed certificates and
//! PKITS, the machine's CA bundle (and ten copies of it, as W7 reads it), and Java's cacerts.

mod common;

use std::path::PathBuf;

use dbcert_core::api::{self, InspectOptions};
use dbcert_core::inspect::json::JsonError;

/// Both ways of making the JSON: the text, or the error's code, message and position.
fn both(bytes: &[u8], password: Option<&str>) -> (Result<String, String>, Result<String, String>) {
    let options = InspectOptions {
        password: password.map(str::to_owned),
    };
    let whole = api::inspect(bytes, &options)
        .map(|r| api::to_json_ascii(&r).expect("the model serializes"))
        .map_err(|e| format!("{e:?}"));
    let streamed = api::inspect_json(bytes, &options).map_err(|e| match e {
        JsonError::Input(e) => format!("{e:?}"),
        JsonError::Serialize(m) => panic!("serde_json refused the streamed report: {m}"),
    });
    (whole, streamed)
}

#[test]
fn streamed_json_is_the_models_json() {
    let shared = common::shared().join("corpus");
    let mut files: Vec<PathBuf> = common::files_under(&common::data(""));
    for dir in ["keystores", "malformed", "p7b", "pkits"] {
        files.extend(common::files_under(&shared.join(dir)));
    }
    let system = PathBuf::from("/etc/ssl/certs/ca-certificates.crt");
    assert!(
        system.is_file(),
        "{} is missing: apt-get install ca-certificates",
        system.display()
    );
    let cacerts = PathBuf::from("/etc/ssl/certs/java/cacerts");
    assert!(
        cacerts.is_file(),
        "{} is missing: apt-get install ca-certificates-java",
        cacerts.display()
    );
    files.push(system.clone());
    files.push(cacerts);

    let (mut reports, mut errors) = (0, 0);
    let mut check = |label: &str, bytes: &[u8]| {
        for password in [None, Some("changeit")] {
            let (whole, streamed) = both(bytes, password);
            assert_eq!(streamed, whole, "{label} (password {password:?})");
            if whole.is_ok() {
                reports += 1;
            } else {
                errors += 1;
            }
        }
    };
    for f in &files {
        check(&f.display().to_string(), &common::bytes(f));
    }
    check("the system bundle ×10", &common::bytes(&system).repeat(10));
    // Both outcomes are covered: reports (with providers, warnings and key entries among the
    // fixtures) and errors (the malformed corpus). Measured: 1,984 and 486 (2026-12-07; files
    // holding only a private key are read since issue 24, where they were no_certificates).
    assert!(
        reports > 1000 && errors > 400,
        "{reports} reports, {errors} errors"
    );
}
