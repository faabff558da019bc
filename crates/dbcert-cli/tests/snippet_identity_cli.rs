//! `dbcert snippet --cert/--key/--keystore/--keystore-type/--keystore-password` end to end: the
//! options reach every form of output, a keystore's type is read from the file, and a bad type is
//! a usage error.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn the_pem_pair_reaches_the_c_client() {
    let o = dbcert(&[
        "snippet",
        "--client",
        "mariadb-cli",
        "--mode",
        "verify_identity",
        "--ca",
        "/c/ca.pem",
        "--cert",
        "/c/client-cert.pem",
        "--key",
        "/c/client-key.pem",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let code = stdout(&o);
    assert!(code.contains("--ssl-cert=/c/client-cert.pem"), "{code}");
    assert!(code.contains("--ssl-key=/c/client-key.pem"), "{code}");
}

#[test]
fn a_keystore_file_is_typed_from_its_contents() {
    let dir = repo().join("crates/dbcert-core/tests/data");
    for (sub, want) in [("pkcs12", "PKCS12"), ("jks", "JKS")] {
        let file = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "p12" || e == "jks"))
            .min()
            .unwrap();
        // Copied under a name whose extension says nothing, so the type can only come from the
        // file's contents.
        let copy = scratch(&format!("identity-{sub}")).join("keystore.bin");
        std::fs::copy(&file, &copy).unwrap();
        let o = dbcert(&[
            "snippet",
            "--client",
            "jdbc",
            "--mode",
            "verify_ca",
            "--json",
            "--keystore",
            copy.to_str().unwrap(),
            "--keystore-password",
            "kspw",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let code = v["code"].as_str().unwrap();
        assert!(
            code.contains(&format!("&clientCertificateKeyStoreType={want}\"")),
            "{sub}: {code}"
        );
        assert!(code.contains("&clientCertificateKeyStorePassword=kspw\""));
    }
}

#[test]
fn a_bad_keystore_type_is_a_usage_error() {
    let o = dbcert(&[
        "snippet",
        "--client",
        "jdbc",
        "--mode",
        "verify_ca",
        "--keystore",
        "/c/k",
        "--keystore-type",
        "pem",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("keystore-type"), "{}", stderr(&o));
}
