//! Private keys through every command: a certificate with its key (plain, encrypted PKCS#8,
//! legacy-encrypted PKCS#1), made by openssl, through `inspect` (text and JSON), `verify` (text
//! and JSON, as the chain and as the CA) and `convert` to every format, with the right, a wrong
//! and no password. The key's bytes never appear in any output, error or file: not as PEM base64,
//! raw DER, hex (either case) or base64 of any 18-byte window of its DER.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{run, scratch, tool};

fn openssl(args: &[&str]) -> Vec<u8> {
    let o = tool("openssl", args);
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Every way the key's bytes could show up in `out`. `der` holds only the key's secret windows
/// (see `secret_windows`).
fn assert_no_key(der: &[Vec<u8>], pem_lines: &[String], out: &[u8], what: &str) {
    use base64::Engine as _;
    let text = String::from_utf8_lossy(out).to_lowercase();
    for line in pem_lines {
        assert!(
            !String::from_utf8_lossy(out).contains(line.as_str()),
            "{what}: a PEM line of the key"
        );
    }
    for w in der {
        assert!(
            !out.windows(w.len()).any(|o| o == w.as_slice()),
            "{what}: raw key bytes"
        );
        assert!(!text.contains(&hex(w)), "{what}: key bytes in hex");
        let b64 = base64::engine::general_purpose::STANDARD.encode(w.as_slice());
        assert!(
            !String::from_utf8_lossy(out).contains(&b64),
            "{what}: key bytes in base64"
        );
    }
}

/// The 18-byte windows (every 9 bytes) of the key's DER that are not in the certificate: an RSA
/// private key holds its modulus and exponent, which the certificate rightly shows.
fn secret_windows(key: &[u8], cert: &[u8]) -> Vec<Vec<u8>> {
    key.windows(18)
        .step_by(9)
        .filter(|w| !cert.windows(18).any(|c| c == *w))
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn no_key_material_in_any_output_of_any_command() {
    let dir = scratch("keys-cli");
    let p = |n: &str| dir.join(n).display().to_string();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &p("key.pem"),
        "-subj",
        "/CN=client",
        "-days",
        "2",
        "-out",
        &p("cert.pem"),
    ]);
    let key_der = openssl(&["pkey", "-in", &p("key.pem"), "-outform", "DER"]);
    let cert_der = openssl(&["x509", "-in", &p("cert.pem"), "-outform", "DER"]);
    let der = secret_windows(&key_der, &cert_der);
    assert!(
        der.len() > 100,
        "the key's private part is what is searched for"
    );
    let forms = [
        ("plain", openssl(&["pkey", "-in", &p("key.pem")])),
        (
            "pkcs8-aes",
            openssl(&[
                "pkcs8",
                "-topk8",
                "-in",
                &p("key.pem"),
                "-passout",
                "pass:kpw",
            ]),
        ),
        (
            "pkcs1-des3",
            openssl(&[
                "pkey",
                "-in",
                &p("key.pem"),
                "-traditional",
                "-des3",
                "-passout",
                "pass:kpw",
            ]),
        ),
    ];
    let cert = std::fs::read(p("cert.pem")).unwrap();
    let mut commands = 0;
    for (name, key_pem) in &forms {
        // The PEM lines of the key (the plain form's lines that carry only the modulus are in
        // the certificate's base64 too only by alignment chance: checked by `der` instead).
        let cert_text = String::from_utf8_lossy(&cert).into_owned();
        let lines: Vec<String> = String::from_utf8_lossy(key_pem)
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.contains(':') && l.len() > 16)
            .filter(|l| !cert_text.contains(*l))
            .map(str::to_owned)
            .collect();
        let both = p(&format!("{name}.pem"));
        std::fs::write(&both, [cert.as_slice(), key_pem].concat()).unwrap();
        for password in [None, Some("kpw"), Some("wrong")] {
            let pw: Vec<&str> = password.map(|x| vec!["--password", x]).unwrap_or_default();
            let mut runs: Vec<Vec<String>> = vec![
                vec!["inspect".into(), both.clone()],
                vec!["inspect".into(), "--json".into(), both.clone()],
                vec!["verify".into(), both.clone()],
                vec!["verify".into(), "--json".into(), both.clone()],
                vec!["verify".into(), "--ca".into(), both.clone(), p("cert.pem")],
            ];
            // jks and pkcs12 (a client keystore) and pem with --include-key write the key, but
            // only encrypted under --out-password: its bytes never show.
            for (to, extra) in [
                ("pem", None),
                ("der", None),
                ("p7b", None),
                ("p7b-pem", None),
                ("jks", None),
                ("pkcs12", None),
                ("pem", Some("--include-key")),
            ] {
                let out = p(&format!("out-{name}-{}.{to}", extra.is_some()));
                let _ = std::fs::remove_file(&out);
                let mut run = vec![
                    "convert".into(),
                    "--to".into(),
                    to.into(),
                    "--out-password".into(),
                    "opw".into(),
                    "-o".into(),
                    out,
                    both.clone(),
                ];
                run.extend(extra.map(str::to_owned));
                runs.push(run);
            }
            for args in runs {
                let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
                // The password opens the input; where the key file is the CA, it opens that.
                a.splice(1..1, pw.iter().copied());
                if a.contains(&"--ca") && password.is_some() {
                    a[1] = "--ca-password";
                }
                let (code, out, err) = run(&a);
                let what = format!("{name} {a:?}");
                // The key that opens is written (encrypted): the check below is not vacuous.
                if a.contains(&"--include-key") && (*name == "plain" || password == Some("kpw")) {
                    assert_eq!(code, 0, "{what}: {err}");
                    let file = a[a.iter().position(|x| *x == "-o").unwrap() + 1];
                    let text = std::fs::read_to_string(file).unwrap();
                    assert!(
                        text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
                        "{what}"
                    );
                }
                assert_no_key(&der, &lines, out.as_bytes(), &what);
                assert_no_key(&der, &lines, err.as_bytes(), &what);
                if a[0] == "convert" {
                    if let Some(file) = a.iter().position(|x| *x == "-o").map(|i| a[i + 1]) {
                        if let Ok(written) = std::fs::read(file) {
                            assert_no_key(
                                &der,
                                &lines,
                                &written,
                                &format!("{what}: the written file"),
                            );
                        }
                    }
                }
                if password == Some("wrong") && a[0] == "inspect" && *name != "plain" {
                    assert!(err.contains("[wrong_password]"), "{what}: {err}");
                    assert!(
                        !err.contains("wrong\"") && !err.contains(" wrong "),
                        "{what}: the password echoed: {err}"
                    );
                }
                commands += 1;
            }
        }
    }
    assert_eq!(commands, 3 * 3 * 12);
}
