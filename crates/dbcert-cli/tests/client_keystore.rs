//! Client keystores: `dbcert convert client-cert.pem client-key.pem ca.pem --to jks|pkcs12`
//! and `--to pem --include-key`, checked by the real tools: keytool lists one PrivateKeyEntry
//! with its chain, `openssl pkcs12` opens the PKCS#12 and gives back the same key, Java's TLS
//! stack presents both keystores to `openssl s_server -Verify 1` (which sees the client's
//! certificate, and refuses Java without one), and `openssl s_client -cert -key` presents the
//! PEM identity. A key that matches no certificate is refused with `key_mismatch`.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::{repo, run, s, scratch, stderr, stdout, tool};

const PW: &str = "changeit";

fn openssl_ok(args: &[&str]) -> String {
    let o = tool("openssl", args);
    assert!(o.status.success(), "openssl {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// A CA (EC P-256), a client (RSA 2048, CN "client one") and a server (CN localhost) it
/// issued, another self-signed certificate, and a key of no certificate here.
fn make(dir: &Path) -> impl Fn(&str) -> PathBuf + '_ {
    let p = move |n: &str| dir.join(n);
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        s(&p("ca.key")),
        "-out",
        s(&p("ca.pem")),
        "-subj",
        "/CN=Test Client CA",
        "-days",
        "2",
    ]);
    for (who, cn, alg) in [
        ("client", "client one", "rsa:2048"),
        ("server", "localhost", "rsa:2048"),
    ] {
        openssl_ok(&[
            "req",
            "-newkey",
            alg,
            "-nodes",
            "-keyout",
            s(&p(&format!("{who}-key.pem"))),
            "-subj",
            &format!("/CN={cn}"),
            "-out",
            s(&p(&format!("{who}.csr"))),
        ]);
        openssl_ok(&[
            "x509",
            "-req",
            "-in",
            s(&p(&format!("{who}.csr"))),
            "-CA",
            s(&p("ca.pem")),
            "-CAkey",
            s(&p("ca.key")),
            "-days",
            "2",
            "-out",
            s(&p(&format!("{who}-cert.pem"))),
        ]);
    }
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        s(&p("other-key.pem")),
        "-out",
        s(&p("other.pem")),
        "-subj",
        "/CN=Other",
        "-days",
        "2",
    ]);
    p
}

/// The public key openssl derives from a private key file (the same key, whatever its form).
fn public_of(key: &Path, pass: Option<&str>) -> String {
    let mut args = vec!["pkey", "-in", s(key), "-pubout"];
    let passin = pass.map(|p| format!("pass:{p}"));
    if let Some(p) = &passin {
        args.extend_from_slice(&["-passin", p]);
    }
    openssl_ok(&args)
}

/// The public key of the key `openssl pkcs12 -nocerts -nodes` takes out of a PKCS#12 (written
/// to `key_out` on the way).
fn public_of_p12(store: &Path, key_out: &Path) -> String {
    let key = openssl_ok(&[
        "pkcs12",
        "-in",
        s(store),
        "-passin",
        &format!("pass:{PW}"),
        "-nocerts",
        "-nodes",
    ]);
    std::fs::write(key_out, key).unwrap();
    public_of(key_out, None)
}

fn keytool_list(store: &Path, storetype: &str) -> String {
    let o = tool(
        "keytool",
        &[
            "-list",
            "-v",
            "-keystore",
            s(store),
            "-storetype",
            storetype,
            "-storepass",
            PW,
        ],
    );
    assert!(
        o.status.success(),
        "keytool -list {}: {}",
        s(store),
        stderr(&o)
    );
    stdout(&o)
}

#[test]
fn client_keystores_are_one_private_key_entry_keytool_and_openssl_open() {
    let dir = scratch("client-keystore-tools");
    let p = make(&dir);
    for (to, storetype) in [("jks", "JKS"), ("pkcs12", "PKCS12")] {
        let out = p(&format!("id.{to}"));
        let (code, _, err) = run(&[
            "convert",
            s(&p("client-cert.pem")),
            s(&p("client-key.pem")),
            s(&p("ca.pem")),
            s(&p("other.pem")),
            "--to",
            to,
            "--out-password",
            PW,
            "-o",
            s(&out),
        ]);
        assert_eq!(code, 0, "{to}: {err}");
        // The certificate outside the key's chain is named, not written.
        assert!(
            err.contains("[certificate_not_written] (certificate #3)"),
            "{to}: {err}"
        );
        let list = keytool_list(&out, storetype);
        assert!(
            list.contains("Your keystore contains 1 entry"),
            "{to}: {list}"
        );
        assert!(list.contains("Alias name: client-one"), "{to}: {list}");
        assert!(list.contains("Entry type: PrivateKeyEntry"), "{to}: {list}");
        assert!(list.contains("Certificate chain length: 2"), "{to}: {list}");
        assert!(
            list.contains("Owner: CN=client one") && list.contains("Owner: CN=Test Client CA"),
            "{to}"
        );

        // --alias names the entry; the key round trips through dbcert's own reader.
        let named = p(&format!("named.{to}"));
        let (code, _, err) = run(&[
            "convert",
            s(&p("client-cert.pem")),
            s(&p("client-key.pem")),
            s(&p("ca.pem")),
            "--to",
            to,
            "--out-password",
            PW,
            "--alias",
            "mysql-client",
            "-o",
            s(&named),
        ]);
        assert_eq!(code, 0, "{to}: {err}");
        assert!(
            keytool_list(&named, storetype).contains("Alias name: mysql-client"),
            "{to}"
        );
        let (code, json, err) = run(&["inspect", "--json", "--password", PW, s(&named)]);
        assert_eq!(code, 0, "{to}: {err}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let keys = v["keyEntries"].as_array().unwrap();
        assert_eq!(keys.len(), 1, "{to}: {json}");
        assert_eq!(keys[0]["matches"], 0, "{to}: {json}");
        // JKS stores the chain in the entry; for PKCS#12 the chain is built from the issuer
        // names, from the certificate with the key's localKeyId, as keytool (above) builds it.
        assert_eq!(keys[0]["chainLength"], 2, "{to}: {json}");
        assert_eq!(keys[0]["key"]["bits"], 2048, "{to}: {json}");
    }
    // openssl opens the PKCS#12 with the password, and its key is the client's.
    let info = tool(
        "openssl",
        &[
            "pkcs12",
            "-in",
            s(&p("id.pkcs12")),
            "-passin",
            &format!("pass:{PW}"),
            "-info",
            "-noout",
        ],
    );
    assert!(info.status.success(), "{}", stderr(&info));
    let info = stderr(&info);
    assert!(
        info.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC"),
        "{info}"
    );
    assert!(info.contains("PRF hmacWithSHA256"), "{info}");
    assert_eq!(
        public_of_p12(&p("id.pkcs12"), &p("from-p12.key")),
        public_of(&p("client-key.pem"), None)
    );
    // keytool converts the JKS to PKCS#12 and openssl gets the same key out of that too.
    let o = tool(
        "keytool",
        &[
            "-importkeystore",
            "-srckeystore",
            s(&p("id.jks")),
            "-srcstoretype",
            "JKS",
            "-srcstorepass",
            PW,
            "-destkeystore",
            s(&p("via-keytool.p12")),
            "-deststoretype",
            "PKCS12",
            "-deststorepass",
            PW,
            "-noprompt",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        public_of_p12(&p("via-keytool.p12"), &p("from-jks.key")),
        public_of(&p("client-key.pem"), None)
    );
}

#[test]
fn a_key_of_another_certificate_is_refused_with_key_mismatch() {
    let dir = scratch("client-keystore-mismatch");
    let p = make(&dir);
    for to in ["jks", "pkcs12", "pem"] {
        let out = p(&format!("x.{to}"));
        let (code, _, err) = run(&[
            "convert",
            s(&p("client-cert.pem")),
            s(&p("other-key.pem")),
            s(&p("ca.pem")),
            "--to",
            to,
            "--include-key",
            "--out-password",
            PW,
            "-o",
            s(&out),
        ]);
        assert_eq!(code, 2, "{to}: {err}");
        assert!(err.contains("[key_mismatch]"), "{to}: {err}");
        assert!(!out.exists(), "{to}: a file was written");
    }
    // A binary file among several inputs is refused by name.
    let (code, _, err) = run(&[
        "convert",
        s(&p("client-key.pem")),
        s(&repo().join("README.md")),
        "--to",
        "jks",
        "--out-password",
        PW,
        "-o",
        s(&p("y.jks")),
    ]);
    assert_eq!(code, 2, "{err}");
}

/// A CA bundle that carries a stray private key (of no certificate in it, or a client's) is a
/// truststore with `--only-ca`: keytool lists the CA as the one trustedCertEntry and no key, and
/// the key left out is a `key_not_written` warning. Without `--only-ca` the stray key is a
/// `key_mismatch` that names the option; with `--include-key` as well it is a usage error.
#[test]
fn a_ca_bundle_with_a_stray_key_is_a_truststore_with_only_ca() {
    let dir = scratch("client-keystore-only-ca");
    let p = make(&dir);
    for (to, storetype) in [("jks", "JKS"), ("pkcs12", "PKCS12")] {
        for inputs in [
            vec![p("ca.pem"), p("other-key.pem")],
            vec![p("client-cert.pem"), p("client-key.pem"), p("ca.pem")],
        ] {
            let out = p(&format!("trust.{to}"));
            let _ = std::fs::remove_file(&out);
            let mut args = vec!["convert"];
            args.extend(inputs.iter().map(|i| s(i)));
            args.extend(["--to", to, "--out-password", PW, "-o", s(&out)]);
            if inputs.len() == 2 {
                let (code, _, err) = run(&args);
                assert_eq!(code, 2, "{to}: {err}");
                assert!(
                    err.contains("[key_mismatch]") && err.contains("--only-ca"),
                    "{to}: {err}"
                );
            }
            args.push("--only-ca");
            let (code, _, err) = run(&args);
            assert_eq!(code, 0, "{to} {inputs:?}: {err}");
            assert!(err.contains("[key_not_written]"), "{to}: {err}");
            let list = keytool_list(&out, storetype);
            assert!(list.contains("contains 1 entry"), "{to}: {list}");
            assert!(list.contains("trustedCertEntry"), "{to}: {list}");
            assert!(!list.contains("PrivateKeyEntry"), "{to}: {list}");
            assert!(list.contains("CN=Test Client CA"), "{to}: {list}");
        }
    }
    let (code, _, err) = run(&[
        "convert",
        s(&p("client-cert.pem")),
        s(&p("client-key.pem")),
        "--to",
        "pem",
        "--include-key",
        "--only-ca",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[invalid_option]"), "{err}");
}

#[test]
fn pem_identities_carry_the_key_only_when_asked_encrypted_unless_told() {
    let dir = scratch("client-keystore-pem");
    let p = make(&dir);
    let paths = [p("client-cert.pem"), p("client-key.pem"), p("ca.pem")];
    let inputs = [s(&paths[0]), s(&paths[1]), s(&paths[2])];
    let client_public = public_of(&p("client-key.pem"), None);
    let convert = |extra: &[&str], out: &Path| {
        let mut args = vec!["convert"];
        args.extend_from_slice(&inputs);
        args.extend_from_slice(&["--to", "pem", "-o", s(out)]);
        args.extend_from_slice(extra);
        run(&args)
    };
    // Without --include-key: certificates only, as before.
    let (code, _, err) = convert(&[], &p("certs.pem"));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(p("certs.pem")).unwrap();
    assert!(!text.contains("PRIVATE KEY"), "{text}");
    // --include-key: the chain, then the key encrypted under --out-password.
    let (code, _, err) = convert(&["--include-key", "--out-password", PW], &p("id.pem"));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(p("id.pem")).unwrap();
    assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 2, "{text}");
    assert!(text.contains("BEGIN ENCRYPTED PRIVATE KEY") && !text.contains("BEGIN PRIVATE KEY"));
    assert_eq!(public_of(&p("id.pem"), Some(PW)), client_public);
    let wrong = tool(
        "openssl",
        &[
            "pkey",
            "-in",
            s(&p("id.pem")),
            "-passin",
            "pass:nope",
            "-noout",
        ],
    );
    assert!(
        !wrong.status.success(),
        "openssl opened it with a wrong password"
    );
    // dbcert reads its own output back: the key matches the leaf.
    let (code, json, err) = run(&["inspect", "--json", "--password", PW, s(&p("id.pem"))]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["keyEntries"][0]["matches"], 0, "{json}");
    // Without a password it is refused; --no-encrypt-key writes it in the clear.
    let (code, _, err) = convert(&["--include-key"], &p("nopw.pem"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("[invalid_option]") && err.contains("--no-encrypt-key"),
        "{err}"
    );
    let (code, _, err) = convert(&["--include-key", "--no-encrypt-key"], &p("plain.pem"));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(p("plain.pem")).unwrap();
    assert!(
        text.contains("BEGIN PRIVATE KEY") && !text.contains("ENCRYPTED"),
        "{text}"
    );
    assert_eq!(public_of(&p("plain.pem"), None), client_public);
    // der and p7b hold no key.
    let (code, _, err) = run(&[
        "convert",
        inputs[0],
        inputs[1],
        "--to",
        "p7b",
        "--include-key",
        "-o",
        s(&p("x.p7b")),
    ]);
    assert_eq!(code, 2, "{err}");
}

/// An `openssl s_server` that asks for a client certificate (TLS 1.2, so that a missing one
/// fails the handshake itself), verified against the client CA; killed when dropped.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(p: &dyn Fn(&str) -> PathBuf, port: u16) -> Self {
        let log = p("s_server.log");
        let child = Command::new("openssl")
            .args([
                "s_server",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                s(&p("server-cert.pem")),
                "-key",
                s(&p("server-key.pem")),
                "-CAfile",
                s(&p("ca.pem")),
                "-Verify",
                "1",
                "-tls1_2",
                "-naccept",
                "20",
            ])
            .stdin(Stdio::piped())
            // Its verification lines ("depth=0 CN = …") go to stderr, unbuffered.
            .stdout(Stdio::null())
            .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
            .spawn()
            .expect("openssl s_server starts");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "s_server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Self { child, log }
    }

    /// How many times the server has verified the client's certificate so far.
    fn clients_seen(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .matches("depth=0 CN = client one")
            .count()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn java_and_openssl_present_the_identities_dbcert_wrote() {
    let dir = scratch("client-keystore-tls");
    let p = make(&dir);
    let trust = p("trust.jks");
    let (code, _, err) = run(&[
        "convert",
        s(&p("ca.pem")),
        "--to",
        "jks",
        "--out-password",
        PW,
        "-o",
        s(&trust),
    ]);
    assert_eq!(code, 0, "{err}");
    let port = free_port();
    let server = Server::start(&p, port);
    // The connection counts once the server checked the certificate (its log is written
    // as it goes): wait for it a little.
    let seen_after = |n: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while server.clients_seen() < n && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        server.clients_seen()
    };
    let probe = repo().join("tests/java/TlsProbe.java");
    let java = |keystore: Option<(&Path, &str)>| {
        let mut args = vec![
            format!("-Djavax.net.ssl.trustStore={}", s(&trust)),
            format!("-Djavax.net.ssl.trustStorePassword={PW}"),
        ];
        if let Some((store, kind)) = keystore {
            args.push(format!("-Djavax.net.ssl.keyStore={}", s(store)));
            args.push(format!("-Djavax.net.ssl.keyStorePassword={PW}"));
            args.push(format!("-Djavax.net.ssl.keyStoreType={kind}"));
        }
        args.push(s(&probe).to_owned());
        args.push(port.to_string());
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = tool("java", &a);
        stdout(&o) + &stderr(&o)
    };
    // Without a client identity the server refuses Java.
    let out = java(None);
    assert!(out.starts_with("REFUSED"), "{out}");
    let mut seen = 0;
    for (to, kind) in [("jks", "JKS"), ("pkcs12", "PKCS12")] {
        let store = p(&format!("id.{to}"));
        let (code, _, err) = run(&[
            "convert",
            s(&p("client-cert.pem")),
            s(&p("client-key.pem")),
            s(&p("ca.pem")),
            "--to",
            to,
            "--out-password",
            PW,
            "-o",
            s(&store),
        ]);
        assert_eq!(code, 0, "{to}: {err}");
        let out = java(Some((&store, kind)));
        assert!(out.starts_with("TRUSTED"), "{to}: {out}");
        seen += 1;
        assert_eq!(
            seen_after(seen),
            seen,
            "{to}: the server did not see the client certificate"
        );
    }
    // openssl s_client with the --include-key PEM (chain and encrypted key in one file).
    let id = p("id.pem");
    let (code, _, err) = run(&[
        "convert",
        s(&p("client-cert.pem")),
        s(&p("client-key.pem")),
        s(&p("ca.pem")),
        "--to",
        "pem",
        "--include-key",
        "--out-password",
        PW,
        "-o",
        s(&id),
    ]);
    assert_eq!(code, 0, "{err}");
    let o = Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-CAfile",
            s(&p("ca.pem")),
            "-cert",
            s(&id),
            "-key",
            s(&id),
            "-pass",
            &format!("pass:{PW}"),
            "-verify_return_error",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("openssl s_client runs");
    let text = stdout(&o);
    assert!(
        text.contains("Verify return code: 0 (ok)"),
        "{text}{}",
        stderr(&o)
    );
    seen += 1;
    assert_eq!(
        seen_after(seen),
        seen,
        "s_client: the server did not see the client certificate"
    );
}
