//! `dbcert advise … --chain FILE --ca FILE --host NAME`: each client's verdict counts whether it
//! accepts the server's certificate, in the text and in the JSON, as `dbcert verify` judges it
//! (a CN-only leaf: go-sql-driver refuses it, the mysql CLI connects).

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use serde_json::Value;

fn chain_file(name: &str) -> String {
    repo()
        .join("tests/data/stack-chains")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn advise(extra: &[&str]) -> std::process::Output {
    let chain = chain_file("cn-only.chain.pem");
    let ca = chain_file("cn-only.ca.pem");
    let mut args = vec![
        "advise",
        "--provider",
        "mysql",
        "--server-version",
        "8.0.36",
        "--clients",
        "go-sql-driver,mysql-cli@8.0.36",
        "--chain",
        &chain,
        "--ca",
        &ca,
        "--at",
        "2030-01-01T00:00:00Z",
    ];
    args.extend_from_slice(extra);
    dbcert(&args)
}

#[test]
fn text_shows_the_certificate_verdict_and_the_refusal_with_its_fix() {
    let o = advise(&["--host", "db.dbcert.test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for want in [
        "go-sql-driver: now BREAKS, after the recommendations BREAKS",
        "    certificate in VERIFY_IDENTITY: REFUSES (go-sql-driver@1.27, go profile go-tls)",
        "! [cn_only] In VERIFY_IDENTITY, go-sql-driver@1.27 refuses the server certificate: the \
         server certificate names the server in its Common Name only",
        "fix: Reissue it with subjectAltName=DNS:db.dbcert.test.",
        "mysql-cli@8.0.36: now ok, after the recommendations ok",
        "    certificate in VERIFY_IDENTITY: connects (mysql-cli@8, openssl profile",
        "go-sql-driver refuses it in VERIFY_IDENTITY",
        "] https://pkg.go.dev/crypto/x509#Certificate.Verify",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn json_carries_the_verdict_verify_gives_and_without_host_judges_verify_ca() {
    let o = advise(&["--host", "db.dbcert.test", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let go = &a["clients"][0];
    assert_eq!(go["status"], "breaks");
    assert_eq!(go["certificate"]["mode"], "VERIFY_IDENTITY");
    assert_eq!(go["certificate"]["verdict"], "refuses");
    assert_eq!(go["certificate"]["codes"][0], "cn_only");
    assert_eq!(go["problems"][0]["code"], "cn_only");
    // The same verdict as `dbcert verify --json` gives for the client.
    let v = dbcert(&[
        "verify",
        &chain_file("cn-only.chain.pem"),
        "--ca",
        &chain_file("cn-only.ca.pem"),
        "--host",
        "db.dbcert.test",
        "--at",
        "2030-01-01T00:00:00Z",
        "--client",
        "go-sql-driver",
        "--json",
    ]);
    let report: Value = serde_json::from_str(&stdout(&v)).unwrap();
    let same = report["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["mode"] == "VERIFY_IDENTITY")
        .unwrap();
    assert_eq!(&go["certificate"], same);
    let cli = &a["clients"][1];
    assert_eq!(cli["certificate"]["verdict"], "connects");
    assert_eq!(cli["status"], "ok");

    let o = advise(&["--json"]);
    let a: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(a["clients"][0]["certificate"]["mode"], "VERIFY_CA");
    assert_eq!(a["clients"][0]["certificate"]["verdict"], "connects");
    assert_eq!(a["clients"][0]["status"], "ok");
}

#[test]
fn chain_options_need_the_chain_and_a_bad_chain_is_named() {
    let o = dbcert(&[
        "advise",
        "--provider",
        "mysql",
        "--server-version",
        "8.0.36",
        "--host",
        "db.dbcert.test",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("--chain"), "{}", stderr(&o));
    let junk = scratch("advise-chain-cli").join("junk-chain.pem");
    std::fs::write(&junk, b"not a certificate").unwrap();
    let o = dbcert(&[
        "advise",
        "--provider",
        "mysql",
        "--server-version",
        "8.0.36",
        "--chain",
        junk.to_str().unwrap(),
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("junk-chain.pem"), "{}", stderr(&o));
}
