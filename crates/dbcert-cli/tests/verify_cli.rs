//! `dbcert verify` end to end: exit codes 0 (valid), 1 (invalid), 2 (unreadable), JSON shape and
//! the readable tree, on the fixtures of crates/dbcert-core/tests/data/chains.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::run as dbcert;
use std::path::PathBuf;

fn chains(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dbcert-core/tests/data/chains")
        .join(name)
        .display()
        .to_string()
}

fn chain_file(names: &[&str]) -> common::TempFile {
    let files: Vec<PathBuf> = names
        .iter()
        .map(|n| PathBuf::from(chains(&format!("{n}.pem"))))
        .collect();
    common::concat("verify", &files)
}

#[test]
fn valid_chain_exits_0_and_shows_the_tree() {
    let file = chain_file(&["rsa-leaf", "rsa-int"]);
    let root = chains("rsa-root.pem");
    let (code, out, err) = dbcert(&[
        "verify",
        file.to_str().unwrap(),
        "--ca",
        &root,
        "--host",
        "db.example.com",
        "--at",
        "2030-01-01",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with(&format!("{}: PASSES", file.display())),
        "{out}"
    );
    assert!(
        out.contains("Passes VERIFY_IDENTITY for db.example.com."),
        "{out}"
    );
    assert!(out.contains("└─ CN=db.example.com"), "{out}");
    assert!(out.contains("2020-01-01 .. 2049-12-31"), "{out}");
}

#[test]
fn invalid_chain_exits_1_with_codes_in_json() {
    let file = chain_file(&["expired-leaf", "rsa-int", "rsa-root"]);
    let (code, out, _) = dbcert(&[
        "verify",
        file.to_str().unwrap(),
        "--at",
        "2030-01-01T00:00:00Z",
        "--host",
        "other.example.com",
        "--json",
    ]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["chain"], serde_json::json!([0, 1, 2]));
    assert_eq!(
        v["anchor"],
        serde_json::json!({"source": "input", "index": 2})
    );
    let codes: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["expired", "hostname_mismatch"]);
    assert_eq!(v["errors"][0]["certificate"], 0);
}

#[test]
fn pss_salt_near_2_64_is_a_bad_signature_not_a_crash() {
    // tests/data/chains/pss-huge-salt-root.pem: RSASSA-PSS with saltLength 2^64 - 1, which
    // made `dbcert verify` exit 101 ("range end index … out of range") before issue 22.
    let file = chain_file(&["pss-huge-salt-root"]);
    let (code, out, err) = dbcert(&["verify", file.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"][0]["code"], "bad_signature", "{out}");
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("salt length"), "{message}");
}

#[test]
fn unreadable_input_and_bad_time_exit_2() {
    let (code, _, err) = dbcert(&["verify", "/nonexistent/chain.pem"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = dbcert(&["verify", &chains("rsa-leaf.pem"), "--at", "yesterday"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("RFC 3339"), "{err}");
}

/// `--no-server-auth`, `--leaf N` (numbered as the output numbers certificates) and
/// `--max-chain-depth`, as the JS API's `serverAuth`, `leaf` and `maxChainDepth`.
#[test]
fn leaf_server_auth_and_depth_options() {
    let file = chain_file(&["client-leaf", "rsa-int"]);
    let file = file.to_str().unwrap();
    let root = chains("rsa-root.pem");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "verify",
            file,
            "--ca",
            &root,
            "--at",
            "2030-01-01",
            "--json",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = dbcert(&args);
        let json = serde_json::from_str::<serde_json::Value>(&out).ok();
        (code, json, err)
    };
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_owned())
            .collect()
    };
    // A clientAuth leaf: refused for a server, accepted without the serverAuth rule.
    let (code, json, _) = run(&[]);
    assert_eq!(
        (code, codes(&json.unwrap())),
        (1, vec!["key_usage".to_owned()])
    );
    let (code, json, _) = run(&["--no-server-auth"]);
    assert_eq!(code, 0, "{json:?}");
    // #2 (the intermediate) as the certificate to verify: its chain is itself.
    let (code, json, _) = run(&["--leaf", "2"]);
    assert_eq!(code, 0);
    assert_eq!(json.unwrap()["chain"], serde_json::json!([1]));
    for bad in ["0", "3"] {
        let (code, _, err) = run(&["--leaf", bad]);
        assert_eq!(code, 2);
        assert!(err.contains("holds certificates #1 to #2"), "{err}");
    }
    // One intermediate: over a depth of 0, within a depth of 1.
    let (code, json, _) = run(&["--no-server-auth", "--max-chain-depth", "0"]);
    assert_eq!(
        (code, codes(&json.unwrap())),
        (1, vec!["path_len_exceeded".to_owned()])
    );
    let (code, _, _) = run(&["--no-server-auth", "--max-chain-depth", "1"]);
    assert_eq!(code, 0);
}

/// A CA file with a host: VERIFY_IDENTITY needs the server's certificate (how to get it is
/// printed, with the host and the file); the CA file itself is usable: exit 0.
#[test]
fn ca_file_with_host_needs_the_server_certificate() {
    let file = chain_file(&["rsa-int", "rsa-root"]);
    let f = file.to_str().unwrap();
    let (code, out, err) = dbcert(&[
        "verify",
        f,
        "--host",
        "db.example.com",
        "--at",
        "2030-01-01",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with(&format!("{f}: PASSES")), "{out}");
    assert!(
        out.contains("Usable CA file: 2 CA certificates, each usable, the chain complete"),
        "{out}"
    );
    assert!(
        out.contains("VERIFY_IDENTITY for db.example.com: not checked"),
        "{out}"
    );
    assert!(
        out.contains(&format!("dbcert probe db.example.com:3306 --ca {f}")),
        "{out}"
    );
    assert!(
        out.contains("openssl s_client -starttls mysql -connect db.example.com:3306 -showcerts"),
        "{out}"
    );
    assert!(
        !out.contains("hostname_mismatch") && !out.contains("cn_only"),
        "{out}"
    );
    let (_, json, _) = dbcert(&[
        "verify",
        f,
        "--host",
        "db.example.com",
        "--at",
        "2030-01-01",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["verdict"]["input"], "ca_file");
    assert_eq!(v["verdict"]["identity"], "needs_server_certificate");
    assert_eq!(v["verdict"]["host"], "db.example.com");
    assert_eq!(v["verdict"]["authorities"]["complete"], true);
}

/// A weak chain: no error, but default clients refuse it: "depends on the client", exit 3.
#[test]
fn weak_chain_depends_on_the_client_exit_3() {
    let file = chain_file(&["rsa1024-leaf", "rsa-int", "rsa-root"]);
    let (code, out, err) = dbcert(&["verify", file.to_str().unwrap(), "--at", "2030-01-01"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(out.contains(": DEPENDS ON THE CLIENT"), "{out}");
    assert!(
        out.contains("weak_key on #1 CN=db.example.com is refused by"),
        "{out}"
    );
    let (code, json, _) = dbcert(&[
        "verify",
        file.to_str().unwrap(),
        "--at",
        "2030-01-01",
        "--json",
    ]);
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["verdict"]["status"], "depends_on_client");
    assert_eq!(v["verdict"]["refusedBy"][0]["code"], "weak_key");
}

/// The system bundle is a trust store: expired roots are warnings, the headline counts the
/// usable anchors, exit 0.
#[test]
fn system_bundle_is_a_trust_store() {
    let bundle = "/etc/ssl/certs/ca-certificates.crt";
    let (code, json, err) = dbcert(&["verify", bundle, "--json", "--host", "db.example.com"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["verdict"]["input"], "trust_store");
    assert_eq!(v["verdict"]["status"], "passes");
    assert_eq!(v["errors"], serde_json::json!([]));
    let a = &v["verdict"]["authorities"];
    let expired = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "expired")
        .count();
    assert_eq!(a["expired"].as_u64().unwrap() as usize, expired);
    let (_, out, _) = dbcert(&["verify", bundle]);
    assert!(
        out.contains(&format!(
            "Trust store with {} usable anchors of {} roots",
            a["usableRoots"], a["roots"]
        )),
        "{out}"
    );
}
