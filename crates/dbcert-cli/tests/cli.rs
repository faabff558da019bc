//! The CLI end to end: exit codes, one-line errors, JSON, conversions read back.

mod common;

use common::*;

#[test]
fn inspect_summarises_the_demo_chain() {
    let o = dbcert(&["inspect", s(&repo().join("tests/data/demo/chain.pem"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("PEM, 3 certificates"), "{text}");
    assert!(
        text.contains("SANs:     DNS:db.example.internal, DNS:localhost, IP:127.0.0.1"),
        "{text}"
    );
    assert!(text.contains("CA:       yes (pathLen 0)"), "{text}");
    assert!(text.contains("days left"), "{text}");
}

#[test]
fn inspect_json_is_the_core_model() {
    let o = dbcert(&[
        "inspect",
        "--json",
        s(&repo().join("tests/data/demo/chain.pem")),
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "pem");
    assert_eq!(v["integrity"], "not_applicable");
    let c = &v["certificates"][0];
    assert_eq!(c["dnsNames"][1], "localhost");
    assert_eq!(c["ipAddresses"][0], "127.0.0.1");
    assert_eq!(c["keyAlgorithm"], "EC");
    assert_eq!(c["curve"], "P-256");
    assert_eq!(v["certificates"][2]["selfSigned"], true);
    assert!(c["fingerprintSha256"].as_str().unwrap().len() == 95);
}

#[test]
fn bad_input_exits_2_with_one_line_naming_file_code_and_location() {
    let dir = scratch("cli-bad-input");
    let html = dir.join("ca.pem");
    std::fs::write(&html, "<!DOCTYPE html><html><body>403</body></html>").unwrap();
    let o = dbcert(&["inspect", s(&html)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("ca.pem: [unknown_format]") && err.contains("HTML"),
        "{err}"
    );

    let truncated = dir.join("cut.der");
    let der = std::fs::read(repo().join("crates/dbcert-core/tests/data/bundles/root.der")).unwrap();
    std::fs::write(&truncated, &der[..300]).unwrap();
    let o = dbcert(&["inspect", s(&truncated)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[unknown_format]") || stderr(&o).contains("[malformed_der]"),
        "{}",
        stderr(&o)
    );

    let o = dbcert(&["inspect", s(&dir.join("missing.pem"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.pem"));

    let o = dbcert(&["inspect", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn convert_needs_an_output_password_for_keystores() {
    for to in ["jks", "pkcs12"] {
        let o = dbcert(&[
            "convert",
            s(&repo().join("tests/data/demo/chain.pem")),
            "--to",
            to,
            "-o",
            "/dev/null",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--out-password"), "{}", stderr(&o));
    }
}

#[test]
fn convert_der_of_a_bundle_asks_for_an_index() {
    let chain = repo().join("tests/data/demo/chain.pem");
    let o = dbcert(&["convert", s(&chain), "--to", "der"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--index"), "{}", stderr(&o));
    let o = dbcert(&["convert", s(&chain), "--to", "der", "--index", "2"]);
    assert!(o.status.success());
    assert_eq!(
        o.stdout,
        std::fs::read(repo().join("crates/dbcert-core/tests/data/bundles/root.der")).unwrap()
    );
}

#[test]
fn pem_to_p7b_is_what_openssl_makes_and_reads() {
    let dir = scratch("cli-p7b");
    let chain = repo().join("tests/data/demo/chain.pem");
    let out = dir.join("chain.p7b");
    let o = dbcert(&["convert", s(&chain), "--to", "p7b", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(repo().join("crates/dbcert-core/tests/data/bundles/chain.p7b")).unwrap()
    );
    let printed = tool(
        "openssl",
        &["pkcs7", "-inform", "DER", "-in", s(&out), "-print_certs"],
    );
    assert!(printed.status.success());
    assert_eq!(
        stdout(&printed)
            .matches("-----BEGIN CERTIFICATE-----")
            .count(),
        3
    );
}

#[test]
fn inputs_over_64_mib_are_refused_before_reading() {
    let dir = scratch("cli-too-large");
    let big = dir.join("huge.pem");
    // A sparse file: its size is over the limit without writing 64 MiB.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let o = dbcert(&["inspect", s(&big)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[input_too_large]"), "{}", stderr(&o));
}

#[test]
fn convert_orders_a_shuffled_bundle_leaf_to_root() {
    let dir = scratch("cli-order");
    let demo = repo().join("tests/data/demo");
    let shuffled = dir.join("shuffled.pem");
    let read = |f: &str| std::fs::read_to_string(demo.join(f)).unwrap();
    std::fs::write(
        &shuffled,
        read("root.pem") + &read("server.pem") + &read("intermediate.pem"),
    )
    .unwrap();
    let o = dbcert(&["convert", s(&shuffled), "--to", "pem", "--order", "chain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), read("chain.pem"), "leaf, intermediate, root");
    let o = dbcert(&["convert", s(&shuffled), "--to", "pem"]);
    assert_eq!(
        stdout(&o),
        std::fs::read_to_string(&shuffled).unwrap(),
        "input order by default"
    );
    let o = dbcert(&[
        "convert",
        s(&shuffled),
        "--to",
        "pem",
        "--order",
        "sideways",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[invalid_option]"), "{}", stderr(&o));
}

/// DER strictness through the CLI (crates/dbcert-core/tests/der_strictness.rs has every form):
/// a form some clients accept is a `not_der` warning that names them, in the text and the JSON,
/// and `verify` passes with it; a form every client refuses exits 2 with `malformed_certificate`
/// and the certificate and byte.
#[test]
fn der_strictness_is_a_warning_or_an_error_with_its_position() {
    let der = repo().join("crates/dbcert-core/tests/data/der");
    let o = dbcert(&["inspect", s(&der.join("len-outer.pem"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("warning [not_der] (certificate #1): the certificate is not DER")
            && text.contains("Go (go-sql-driver/mysql) refuse it"),
        "{text}"
    );
    let o = dbcert(&["inspect", "--json", s(&der.join("len-outer.pem"))]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["warnings"][0]["code"], "not_der");
    let o = dbcert(&[
        "verify",
        s(&der.join("sig-unused-bits.pem")),
        "--ca",
        s(&der.join("root.pem")),
        "--host",
        "db.example.com",
        "--at",
        "2030-01-01T00:00:00Z",
    ]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("not_der"), "{out}");
    let o = dbcert(&["inspect", s(&der.join("sig-padding-bits.pem"))]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("[malformed_certificate]") && err.contains("(certificate #1, byte "),
        "{err}"
    );
}
