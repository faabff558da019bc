//! `dbcert verify --crl` and `dbcert inspect` of CRLs end to end, on the fixtures of
//! crates/dbcert-core/tests/data/crl (verification at 2030-01-01, inside the CRLs' validity).

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::run as dbcert;
use std::path::PathBuf;

fn crl_data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dbcert-core/tests/data/crl")
        .join(name)
        .display()
        .to_string()
}

fn verify(leaf: &str, crls: &[&str], json: bool) -> (i32, String, String) {
    let chain = common::concat(
        "crl",
        &[
            PathBuf::from(crl_data(leaf)),
            PathBuf::from(crl_data("rsa-int.pem")),
        ],
    );
    let root = crl_data("rsa-root.pem");
    let mut args = vec!["verify", "--at", "2030-01-01T00:00:00Z", "--ca", &root];
    let paths: Vec<String> = crls.iter().map(|c| crl_data(c)).collect();
    for p in &paths {
        args.push("--crl");
        args.push(p);
    }
    if json {
        args.push("--json");
    }
    let file = chain.display().to_string();
    args.push(&file);
    dbcert(&args)
}

#[test]
fn revoked_leaf_fails_with_the_date_and_reason() {
    // PEM and DER CRL files, one --crl each.
    let (code, out, _) = verify(
        "rsa-revoked.pem",
        &["rsa-root.crl.pem", "rsa-int.crl"],
        false,
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAILS"), "{out}");
    assert!(out.contains("checked against 2 CRLs"), "{out}");
    assert!(out.contains("error [revoked] (#1)"), "{out}");
    assert!(out.contains("keyCompromise"), "{out}");
    assert!(out.contains("2029-03-01T00:00:00Z"), "{out}");
    let (code, out, _) = verify(
        "rsa-revoked.pem",
        &["rsa-root.crl.pem", "rsa-int.crl"],
        true,
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"][0]["code"], "revoked");
    assert_eq!(v["errors"][0]["certificate"], 0);
}

#[test]
fn good_leaf_passes_and_a_missing_crl_fails() {
    let (code, out, err) = verify("rsa-good.pem", &["rsa-chain.crls.pem"], false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("PASSES"), "{out}");
    // A P7B carrying the intermediate's CRL, without the root's: the intermediate has none.
    let (code, out, _) = verify("rsa-good.pem", &["rsa-int-crl.p7b"], true);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"][0]["code"], "crl_missing");
    assert_eq!(v["errors"][0]["certificate"], 1);
    for (crl, code_name) in [
        ("rsa-int-expired.crl.pem", "crl_expired"),
        ("rsa-int-notyet.crl.pem", "crl_not_yet_valid"),
        ("rsa-int-badsig.crl.pem", "crl_bad_signature"),
    ] {
        let (code, out, _) = verify("rsa-good.pem", &["rsa-root.crl.pem", crl], false);
        assert_eq!(code, 1, "{crl}: {out}");
        assert!(out.contains(&format!("error [{code_name}] (#1)")), "{out}");
    }
}

/// A delta CRL is ignored with a warning that says what an older OpenSSL does with it, in the
/// text and the JSON; the verdict is the complete CRLs'.
#[test]
fn a_delta_crl_is_ignored_with_a_warning() {
    let crls = [
        "rsa-root.crl.pem",
        "rsa-int.crl.pem",
        "rsa-int-delta.crl.pem",
    ];
    // Revoked only in the delta CRL: passes, as the clients' OpenSSL 3.0.22+ decides.
    let (code, out, err) = verify("rsa-delta-revoked.pem", &crls, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning [delta_crl_ignored]"), "{out}");
    assert!(out.contains("CRL #3 is a delta CRL"), "{out}");
    let (code, out, _) = verify("rsa-delta-revoked.pem", &crls, true);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    let delta: Vec<_> = warnings
        .iter()
        .filter(|w| w["code"] == "delta_crl_ignored")
        .collect();
    assert_eq!(delta.len(), 1, "{out}");
    assert!(delta[0]["certificate"].is_null(), "{out}");
    assert!(delta[0]["message"]
        .as_str()
        .unwrap()
        .contains("give clients complete CRLs"));
}

/// The client table on a revoked leaf: the clients that check the CRLs refuse with `revoked`,
/// and a client that cannot check one connects with a numbered caveat saying what it does not
/// see; the JSON carries the same caveat.
#[test]
fn a_client_that_cannot_check_the_crl_connects_with_a_numbered_caveat() {
    let (code, out, _) = verify("rsa-revoked.pem", &["rsa-chain.crls.pem"], false);
    assert_eq!(code, 1, "{out}");
    let cell = |client: &str| -> String {
        let line = out
            .lines()
            .find(|l| l.trim_start().split("  ").next() == Some(client))
            .unwrap_or_else(|| panic!("no row for {client} in\n{out}"));
        // client, version, stack, VERIFY_CA (no --host: no VERIFY_IDENTITY column).
        let cells: Vec<&str> = line
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        cells[3].to_owned()
    };
    let note = |cell: &str| -> String {
        let n = cell
            .split_once('[')
            .unwrap()
            .1
            .trim_end_matches(']')
            .to_owned();
        out.lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("[{n}] ")))
            .unwrap_or_else(|| panic!("no note [{n}] in\n{out}"))
            .to_owned()
    };
    let refuses = cell("mysql-cli");
    assert!(refuses.starts_with("refuses ["), "{out}");
    assert!(note(&refuses).starts_with("revoked: "), "{out}");
    let connects = cell("mysql2");
    assert!(connects.starts_with("connects ["), "{out}");
    let caveat = note(&connects);
    assert!(
        caveat.starts_with(
            "revocation_not_checked (revoked): it connects only because it does not check the CRLs"
        ),
        "{out}"
    );
    // One note for every client that does not check: the same caveat, numbered once.
    assert_eq!(cell("mysql-connector-python"), connects, "{out}");
    let (_, json, _) = verify("rsa-revoked.pem", &["rsa-chain.crls.pem"], true);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mysql2 = v["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "mysql2" && c["mode"] == "VERIFY_CA")
        .unwrap();
    assert_eq!(mysql2["verdict"], "connects");
    assert_eq!(mysql2["caveats"][0]["code"], "revocation_not_checked");
    assert_eq!(
        mysql2["caveats"][0]["unseen"],
        serde_json::json!(["revoked"])
    );
    assert!(caveat.ends_with(mysql2["caveats"][0]["message"].as_str().unwrap()));
    // A good leaf: no caveat anywhere.
    let (code, out, _) = verify("rsa-good.pem", &["rsa-chain.crls.pem"], false);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("revocation_not_checked"), "{out}");
}

#[test]
fn a_crl_file_without_a_crl_is_an_input_error() {
    let (code, _, err) = verify("rsa-good.pem", &["rsa-good.pem"], false);
    assert_eq!(code, 2);
    assert!(err.contains("[malformed_crl]"), "{err}");
}

#[test]
fn inspect_shows_a_crl() {
    let (code, out, _) = dbcert(&["inspect", &crl_data("rsa-int.crl.pem")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 certificates, 1 CRL"), "{out}");
    assert!(out.contains("CRL #1 (v2)"), "{out}");
    assert!(out.contains("revoked:  3"), "{out}");
    assert!(
        out.contains("(keyCompromise, invalid since 2029-02-15T00:00:00Z)"),
        "{out}"
    );
    let (code, out, _) = dbcert(&["inspect", "--json", &crl_data("rsa-int.crl")]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "der");
    assert_eq!(v["crls"][0]["crlNumber"], "01");
    assert_eq!(v["crls"][0]["revoked"].as_array().unwrap().len(), 3);
    // Certificates and a CRL in one P7B.
    let (_, out, _) = dbcert(&["inspect", &crl_data("rsa-int-crl.p7b")]);
    assert!(out.contains("2 certificates, 1 CRL"), "{out}");
    let (_, out, _) = dbcert(&["inspect", &crl_data("indirect.crl.pem")]);
    assert!(
        out.contains("indirect (OpenSSL-based clients ignore it)"),
        "{out}"
    );
}
