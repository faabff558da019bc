//! `dbcert verify` when OpenSSL-based clients build another path than the one dbcert reports
//! (issue 23): x509-limbo's `bettertls::pathbuilding::tc2`, read from `../shared` (never copied
//! into the repo), where dbcert's path passes and OpenSSL's first-issuer path does not. The
//! text output and the JSON must say so, not leave a "passes" over a table of refusals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Read;

use common::run as dbcert;
use serde_json::Value;

/// The PEM files of limbo case `id`: (the chain as sent, the trusted certificates), its host
/// and its validation time.
fn limbo_case(id: &str) -> (common::TempFile, common::TempFile, String, String) {
    let path = common::repo().join("../shared/corpus/x509-limbo/limbo.json.gz");
    let raw = std::fs::read(&path).expect("x509-limbo at ../shared/corpus/x509-limbo");
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_end(&mut json)
        .expect("gzip");
    let suite: Value = serde_json::from_slice(&json).expect("limbo JSON");
    let tc = suite["testcases"]
        .as_array()
        .expect("testcases")
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no limbo case {id}"));
    let list = |v: &Value| -> String {
        v.as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect()
    };
    let chain = format!(
        "{}{}",
        tc["peer_certificate"].as_str().unwrap(),
        list(&tc["untrusted_intermediates"])
    );
    let write = |tag: &str, text: &str| {
        let dir = common::scratch(&format!("other-path-{tag}"));
        let f = dir.join(format!("{tag}.pem"));
        std::fs::write(&f, text).unwrap();
        common::concat(tag, &[f])
    };
    (
        write("chain", &chain),
        write("ca", &list(&tc["trusted_certs"])),
        tc["expected_peer_name"]["value"]
            .as_str()
            .unwrap()
            .to_owned(),
        tc["validation_time"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn the_output_says_which_clients_build_another_path_and_refuse_it() {
    let (chain, ca, host, at) = limbo_case("bettertls::pathbuilding::tc2");
    let args = [
        "verify",
        chain.to_str().unwrap(),
        "--ca",
        ca.to_str().unwrap(),
        "--host",
        &host,
        "--at",
        &at,
    ];
    let (code, out, err) = dbcert(&args);
    assert_eq!(code, 3, "depends on the client\n{out}{err}");
    let first = out.lines().nth(1).unwrap_or_default();
    assert!(
        first.starts_with("Depends on the client: passes VERIFY_IDENTITY for ")
            && first.contains("but OpenSSL-based clients (mysql-cli, ")
            && first.contains("build another path, #1 → #2")
            && first.contains("and refuse it: "),
        "{out}"
    );

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let (code, out, err) = dbcert(&json_args);
    assert_eq!(code, 3, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["valid"], true);
    assert_eq!(r["verdict"]["status"], "depends_on_client");
    let other = &r["verdict"]["otherPath"];
    assert_eq!(other["stack"], "openssl");
    assert_eq!(other["valid"], false);
    assert_eq!(other["chain"], serde_json::json!([0, 1]));
    let clients: Vec<&str> = other["clients"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(clients.contains(&"mysql-cli") && !clients.contains(&"go-sql-driver"));
    // The table agrees: the OpenSSL-based clients refuse, Go connects.
    let verdict = |client: &str| {
        r["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["client"] == client && c["mode"] == "VERIFY_IDENTITY")
            .map(|c| c["verdict"].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(verdict("mysql-cli").as_deref(), Some("refuses"));
    assert_eq!(verdict("go-sql-driver").as_deref(), Some("connects"));
}
