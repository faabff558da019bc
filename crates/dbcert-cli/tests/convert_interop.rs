//! Conversions read back by the real tools: keytool, openssl, and Java's own TLS stack.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::*;

const MOZILLA: &str = "/etc/ssl/certs/ca-certificates.crt";
const SEED: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn convert(input: &Path, to: &str, out: &Path, extra: &[&str]) {
    let mut args = vec!["convert", s(input), "--to", to, "-o", s(out)];
    args.extend_from_slice(extra);
    let o = dbcert(&args);
    assert!(o.status.success(), "dbcert {args:?}: {}", stderr(&o));
}

/// SHA-256 fingerprints of every certificate openssl finds in a PEM text, in order.
fn openssl_fingerprints(pem_text: &str, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (i, block) in pem_text
        .split_inclusive("-----END CERTIFICATE-----\n")
        .filter(|b| b.contains("BEGIN CERTIFICATE"))
        .enumerate()
    {
        let f = dir.join(format!("block{i}.pem"));
        std::fs::write(&f, block).unwrap();
        let o = tool(
            "openssl",
            &["x509", "-in", s(&f), "-noout", "-fingerprint", "-sha256"],
        );
        out.push(
            stdout(&o)
                .trim()
                .trim_start_matches("sha256 Fingerprint=")
                .to_owned(),
        );
    }
    out
}

fn dbcert_fingerprints(file: &Path, password: Option<&str>) -> Vec<String> {
    let mut args = vec!["inspect", "--json", s(file)];
    if let Some(p) = password {
        args.extend(["--password", p]);
    }
    let o = dbcert(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["fingerprintSha256"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn mozilla_bundle_in_every_format_is_read_by_keytool_and_openssl() {
    let dir = scratch("interop-mozilla");
    let input = Path::new(MOZILLA);
    let expected = dbcert_fingerprints(input, None);
    let openssl_view = openssl_fingerprints(
        &stdout(&tool("openssl", &["storeutl", "-certs", MOZILLA])),
        &dir,
    );
    assert_eq!(
        expected, openssl_view,
        "dbcert and openssl read the system bundle differently"
    );

    for (to, storetype) in [("jks", "JKS"), ("pkcs12", "PKCS12")] {
        let out = dir.join(format!("mozilla.{to}"));
        convert(
            input,
            to,
            &out,
            &["--out-password", "s3cret-pw", "--seed", SEED],
        );
        let mut listed =
            keytool_fingerprints(&out, storetype, "s3cret-pw").expect("keytool reads it");
        let mut want = expected.clone();
        listed.sort();
        want.sort();
        assert_eq!(listed, want, "keytool -list of {to}");
        let list = stdout(&tool(
            "keytool",
            &[
                "-list",
                "-keystore",
                s(&out),
                "-storetype",
                storetype,
                "-storepass",
                "s3cret-pw",
            ],
        ));
        assert_eq!(
            list.matches("trustedCertEntry").count(),
            expected.len(),
            "every {to} entry is a trusted certificate"
        );
        let wrong = keytool_fingerprints(&out, storetype, "wrong-password");
        assert!(wrong.is_err(), "keytool accepted a wrong password for {to}");
        assert_eq!(
            dbcert_fingerprints(&out, Some("s3cret-pw")),
            expected,
            "dbcert reads its own {to} back in order"
        );
    }

    let p12 = dir.join("mozilla.pkcs12");
    let o = tool(
        "openssl",
        &[
            "pkcs12",
            "-in",
            s(&p12),
            "-nokeys",
            "-passin",
            "pass:s3cret-pw",
        ],
    );
    assert!(o.status.success(), "openssl pkcs12: {}", stderr(&o));
    assert_eq!(
        openssl_fingerprints(&stdout(&o), &dir),
        expected,
        "openssl pkcs12 -nokeys"
    );

    for (to, inform) in [("p7b", "DER"), ("p7b-pem", "PEM")] {
        let out = dir.join(format!("mozilla.{to}"));
        convert(input, to, &out, &[]);
        let o = tool(
            "openssl",
            &["pkcs7", "-inform", inform, "-in", s(&out), "-print_certs"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            openssl_fingerprints(&stdout(&o), &dir),
            expected,
            "openssl pkcs7 -print_certs of {to}"
        );
    }
    let pem = dir.join("mozilla.pem");
    convert(input, "pem", &pem, &[]);
    assert_eq!(
        openssl_fingerprints(&std::fs::read_to_string(&pem).unwrap(), &dir),
        expected
    );
}

#[test]
fn every_pair_of_formats_round_trips_in_order_and_deterministically() {
    let dir = scratch("interop-pairs");
    let chain = repo().join("tests/data/demo/chain.pem");
    let expected = dbcert_fingerprints(&chain, None);
    let formats = ["pem", "p7b", "p7b-pem", "jks", "pkcs12"];
    let opts = ["--out-password", "changeit", "--seed", SEED];
    let both = [
        "--password",
        "changeit",
        "--out-password",
        "changeit",
        "--seed",
        SEED,
    ];
    for a in formats {
        let fa = dir.join(format!("a.{a}"));
        convert(&chain, a, &fa, &opts);
        for b in formats {
            let fb = dir.join(format!("{a}-to.{b}"));
            convert(&fa, b, &fb, &both);
            assert_eq!(
                dbcert_fingerprints(&fb, Some("changeit")),
                expected,
                "{a} -> {b}"
            );
            let again = dir.join(format!("{a}-to-again.{b}"));
            convert(&fa, b, &again, &both);
            assert_eq!(
                std::fs::read(&fb).unwrap(),
                std::fs::read(&again).unwrap(),
                "{a} -> {b} is not deterministic"
            );
        }
    }
}

#[test]
fn java_cacerts_to_pkcs12_and_back_keeps_every_alias_and_certificate() {
    let dir = scratch("interop-cacerts");
    let cacerts = Path::new("/etc/ssl/certs/java/cacerts");
    let keytool_list = |p: &Path, t: &str| {
        let o = tool(
            "keytool",
            &[
                "-list",
                "-keystore",
                s(p),
                "-storetype",
                t,
                "-storepass",
                "changeit",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut lines = text.lines();
        while let Some(l) = lines.next() {
            if l.contains(", trustedCertEntry,") {
                let alias = l.split(',').next().unwrap().to_owned();
                let fp = lines
                    .next()
                    .unwrap()
                    .trim_start_matches("Certificate fingerprint (SHA-256): ")
                    .to_owned();
                entries.push((alias, fp));
            }
        }
        entries.sort();
        entries
    };
    let original = keytool_list(cacerts, "JKS");
    assert!(
        original.len() > 100,
        "cacerts has {} entries",
        original.len()
    );
    let p12 = dir.join("cacerts.p12");
    convert(
        cacerts,
        "pkcs12",
        &p12,
        &["--password", "changeit", "--out-password", "changeit"],
    );
    assert_eq!(keytool_list(&p12, "PKCS12"), original);
    let jks = dir.join("cacerts.jks");
    convert(
        &p12,
        "jks",
        &jks,
        &["--password", "changeit", "--out-password", "changeit"],
    );
    assert_eq!(keytool_list(&jks, "JKS"), original);
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn openssl_ok(args: &[&str]) {
    let o = tool("openssl", args);
    assert!(o.status.success(), "openssl {args:?}: {}", stderr(&o));
}

/// Makes a root, an intermediate and a server certificate (with its key) in `dir`.
fn make_chain(dir: &Path, name: &str) {
    let p = |f: &str| dir.join(format!("{name}-{f}"));
    let ext = p("ext.cnf");
    std::fs::write(&ext, "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n[leaf]\nbasicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n").unwrap();
    let root_subject = format!("/CN={name} Test Root");
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&p("root.key")),
        "-out",
        s(&p("root.pem")),
        "-days",
        "30",
        "-subj",
        &root_subject,
        "-config",
        s(&ext),
        "-extensions",
        "ca",
    ]);
    // A key and CSR for `who`, signed by `by` with the `section` extensions of ext.cnf.
    let issue = |who: &str, subject: &str, by: &str, serial: &str, section: &str| {
        openssl_ok(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            s(&p(&format!("{who}.key"))),
            "-out",
            s(&p(&format!("{who}.csr"))),
            "-subj",
            subject,
        ]);
        openssl_ok(&[
            "x509",
            "-req",
            "-in",
            s(&p(&format!("{who}.csr"))),
            "-CA",
            s(&p(&format!("{by}.pem"))),
            "-CAkey",
            s(&p(&format!("{by}.key"))),
            "-set_serial",
            serial,
            "-days",
            "30",
            "-extfile",
            s(&ext),
            "-extensions",
            section,
            "-out",
            s(&p(&format!("{who}.pem"))),
        ]);
    };
    issue(
        "int",
        &format!("/CN={name} Test Intermediate"),
        "root",
        "2",
        "ca",
    );
    issue("server", "/CN=localhost", "int", "3", "leaf");
    let ca_chain = format!(
        "{}{}",
        std::fs::read_to_string(p("int.pem")).unwrap(),
        std::fs::read_to_string(p("root.pem")).unwrap()
    );
    std::fs::write(p("ca-chain.pem"), ca_chain).unwrap();
}

fn java_probe(port: u16, store: &Path, storetype: &str) -> String {
    let probe = repo().join("tests/java/TlsProbe.java");
    let o = tool(
        "java",
        &[
            &format!("-Djavax.net.ssl.trustStore={}", s(store)),
            "-Djavax.net.ssl.trustStorePassword=changeit",
            &format!("-Djavax.net.ssl.trustStoreType={storetype}"),
            s(&probe),
            &port.to_string(),
        ],
    );
    stdout(&o) + &stderr(&o)
}

#[test]
fn java_tls_trusts_a_server_through_dbcert_truststores_and_refuses_without_the_ca() {
    let dir = scratch("interop-java-tls");
    make_chain(&dir, "good");
    make_chain(&dir, "other");
    let port = free_port();
    let server_chain = dir.join("server-chain.pem");
    std::fs::write(
        &server_chain,
        std::fs::read_to_string(dir.join("good-int.pem")).unwrap(),
    )
    .unwrap();
    let _server = Server(
        Command::new("openssl")
            .args([
                "s_server",
                "-quiet",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                s(&dir.join("good-server.pem")),
                "-key",
                s(&dir.join("good-server.key")),
                "-cert_chain",
                s(&server_chain),
                "-naccept",
                "100",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server starts"),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "s_server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    for (to, storetype) in [("jks", "JKS"), ("pkcs12", "PKCS12")] {
        let good = dir.join(format!("good.{to}"));
        convert(
            &dir.join("good-ca-chain.pem"),
            to,
            &good,
            &["--out-password", "changeit"],
        );
        let out = java_probe(port, &good, storetype);
        assert!(out.starts_with("TRUSTED"), "{to}: {out}");
        let other = dir.join(format!("other.{to}"));
        convert(
            &dir.join("other-ca-chain.pem"),
            to,
            &other,
            &["--out-password", "changeit"],
        );
        let out = java_probe(port, &other, storetype);
        assert!(
            out.starts_with("REFUSED") && out.contains("PKIX path building failed"),
            "{to}: {out}"
        );
    }
}
