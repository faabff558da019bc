//! `dbcert verify`'s "Will my client connect?" table and `--client` end to end, on a chain Go
//! refuses and OpenSSL accepts: a server certificate that names the host in its Common Name only
//! (crates/dbcert-core/tests/data/chains/cn-only-leaf.pem).

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::run as dbcert;
use dbcert_core::verify::clients::table::CLIENTS;
use std::path::PathBuf;

fn chains(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../dbcert-core/tests/data/chains")
        .join(format!("{name}.pem"))
}

/// `dbcert verify` on the CN-only server certificate and its intermediate, with the root as the
/// CA file, at 2030-01-01, and `extra` arguments.
fn verify_cn_only(extra: &[&str]) -> (i32, String, String) {
    let chain = common::concat("clients", &[chains("cn-only-leaf"), chains("rsa-int")]);
    let ca = chains("rsa-root");
    let mut args = vec![
        "verify",
        chain.to_str().unwrap(),
        "--ca",
        ca.to_str().unwrap(),
        "--at",
        "2030-01-01",
    ];
    args.extend_from_slice(extra);
    dbcert(&args)
}

/// The table's row for `client` (its cells split on two or more spaces).
fn row<'a>(out: &'a str, client: &str) -> Vec<&'a str> {
    let line = out
        .lines()
        .find(|l| l.trim_start().split("  ").next() == Some(client))
        .unwrap_or_else(|| panic!("no row for {client} in\n{out}"));
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// The note `[n]` of a cell such as `refuses [2]`.
fn note<'a>(out: &'a str, cell: &str) -> &'a str {
    let n = cell
        .split_once('[')
        .map(|(_, n)| n.trim_end_matches(']'))
        .unwrap_or_else(|| panic!("no note in {cell:?}"));
    out.lines()
        .find_map(|l| l.trim_start().strip_prefix(&format!("[{n}] ")))
        .unwrap_or_else(|| panic!("no note [{n}] in\n{out}"))
}

#[test]
fn the_table_shows_who_connects_and_why_go_refuses() {
    let (code, out, err) = verify_cn_only(&["--host", "db.example.com"]);
    assert_eq!(code, 3, "depends on the client:\n{out}{err}");
    assert!(
        out.contains("Will my client connect?")
            && out.contains("VERIFY_IDENTITY for db.example.com"),
        "{out}"
    );
    let header = row(&out, "client");
    assert_eq!(
        header,
        ["client", "version", "stack", "VERIFY_CA", "VERIFY_IDENTITY"]
    );
    assert_eq!(
        row(&out, "mysql-cli"),
        ["mysql-cli", "8", "openssl", "connects", "connects"]
    );
    let go = row(&out, "go-sql-driver");
    assert_eq!(
        go[..4],
        ["go-sql-driver", "1.27", "go", "connects"],
        "{out}"
    );
    assert!(go[4].starts_with("refuses ["), "{out}");
    let why = note(&out, go[4]);
    assert!(why.starts_with("cn_only: "), "{why}");
    assert!(why.contains("Common Name only"), "{why}");
    assert!(
        why.contains("subjectAltName=DNS:db.example.com"),
        "the fix: {why}"
    );
    // One row per snippet client, each reason once.
    for c in CLIENTS {
        row(&out, c.id);
    }
    let notes: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with('['))
        .map(|l| l.split_once("] ").map_or(l, |(_, r)| r))
        .collect();
    let mut distinct = notes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(notes.len(), distinct.len(), "a reason twice:\n{out}");
}

#[test]
fn without_a_host_identity_is_not_checked() {
    let (_, out, err) = verify_cn_only(&["--client", "mysql-cli"]);
    assert_eq!(
        row(&out, "client"),
        ["client", "version", "stack", "VERIFY_CA"],
        "{out}{err}"
    );
    assert_eq!(
        row(&out, "mysql-cli"),
        ["mysql-cli", "8", "openssl", "connects"]
    );
    assert!(
        out.contains(
            "VERIFY_IDENTITY: not checked; give the host name clients connect to with --host."
        ),
        "{out}"
    );
}

#[test]
fn client_filters_the_table_and_the_json() {
    let pick = [
        "--host",
        "db.example.com",
        "--client",
        "go-sql-driver@1.26",
        "--client",
        "mysql-cli",
    ];
    let (_, out, _) = verify_cn_only(&pick);
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Will my client connect?"))
        .skip(2)
        .take_while(|l| l.starts_with("  ") && !l.trim_start().starts_with('['))
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(row(&out, "go-sql-driver")[1], "1.26");
    let (_, out, _) = verify_cn_only(&[&pick[..], &["--json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let got: Vec<(String, String, String, String)> = v["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_owned();
            (s("client"), s("version"), s("mode"), s("verdict"))
        })
        .collect();
    let want = [
        ("go-sql-driver", "1.26", "VERIFY_CA", "connects"),
        ("go-sql-driver", "1.26", "VERIFY_IDENTITY", "refuses"),
        ("mysql-cli", "8", "VERIFY_CA", "connects"),
        ("mysql-cli", "8", "VERIFY_IDENTITY", "connects"),
    ]
    .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()));
    assert_eq!(got, want);
    assert_eq!(v["clients"][1]["codes"], serde_json::json!(["cn_only"]));
}

#[test]
fn a_ca_file_has_no_client_table_and_says_why() {
    let ca = chains("rsa-root");
    let (code, out, err) = dbcert(&[
        "verify",
        ca.to_str().unwrap(),
        "--at",
        "2030-01-01",
        "--client",
        "mysql-cli",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Will my client connect?: answered for a server certificate only;"),
        "{out}"
    );
    assert!(!out.contains("VERIFY_CA  "), "{out}");
}

#[test]
fn an_unknown_client_or_version_is_a_usage_error_naming_the_valid_ones() {
    let go = CLIENTS.iter().find(|c| c.id == "go-sql-driver").unwrap();
    let versions: Vec<&str> = go.versions.iter().map(|v| v.version).collect();
    let (code, out, err) = verify_cn_only(&["--client", "go-sql-driver@0.1"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("dbcert: --client go-sql-driver@0.1: [invalid_option] "),
        "{err}"
    );
    assert!(err.contains(&versions.join(", ")), "{err}");
    let (code, _, err) = verify_cn_only(&["--client", "golang"]);
    assert_eq!(code, 2, "{err}");
    let ids: Vec<&str> = CLIENTS.iter().map(|c| c.id).collect();
    assert!(err.contains("unknown client \"golang\""), "{err}");
    assert!(err.contains(&ids.join(", ")), "{err}");
}
