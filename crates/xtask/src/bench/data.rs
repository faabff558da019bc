//! The inputs of `cargo xtask bench`, made at bench time under `target/bench/…/data`, and the
//! reference answers every tool's result is checked against (from openssl, never hard-coded).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::PASSWORD;

/// The machine's Mozilla CA bundle (Debian's `ca-certificates`).
pub const BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The inputs and what a correct tool must find in them.
pub struct Data {
    /// The folder holding bundle.pem, bundle-x10.pem, bundle.p7b, bundle.jks, rsa/, ec/.
    pub dir: PathBuf,
    /// The folder holding the compiled PemToJks.class (bench/java).
    pub java_classes: PathBuf,
    /// How many certificates openssl reads from bundle.pem.
    pub count: usize,
    /// SHA-256 fingerprints of bundle.pem's certificates, in order, lowercase hex (openssl's).
    pub fingerprints: Vec<String>,
    /// The base64 bodies of bundle.pem's certificates, whitespace removed, sorted.
    pub bodies: Vec<String>,
}

impl Data {
    /// The check digest of an inspect workload: SHA-256 over the fingerprints, one a line.
    pub fn digest(&self, times: usize) -> Result<String, String> {
        let list = vec![self.fingerprints.join("\n"); times].join("\n");
        let out = pipe("openssl", &["dgst", "-sha256", "-r"], list.as_bytes())?;
        Ok(out.split_whitespace().next().unwrap_or_default().to_owned())
    }
}

/// Runs a program with `input` on stdin; its stdout as text, or an error naming it.
pub fn pipe(program: &str, args: &[&str], input: &[u8]) -> Result<String, String> {
    pipe_bytes(program, args, input).map(|o| String::from_utf8_lossy(&o).into_owned())
}

/// Runs a program with `input` on stdin; its stdout, or an error naming it.
pub fn pipe_bytes(program: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    // Write from another thread: a large input would otherwise fill the pipe while the
    // program's output fills the other one.
    let mut stdin = child.stdin.take();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.as_mut().map(|s| s.write_all(&input)));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{program}: {e}"))?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// Runs a program in `dir`; its stdout, or an error naming it and its stderr.
pub fn output(dir: &Path, program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The base64 bodies of every `CERTIFICATE` PEM block in `text`, whitespace removed, in order.
pub fn pem_bodies(text: &str) -> Vec<String> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(b) = rest.find(BEGIN) {
        let after = &rest[b + BEGIN.len()..];
        let Some(e) = after.find(END) else { break };
        out.push(after[..e].split_whitespace().collect());
        rest = &after[e + END.len()..];
    }
    out
}

/// Makes every input in `dir` and reads the references from openssl.
pub fn prepare(dir: &Path, root: &Path) -> Result<Data, String> {
    let fail = |e: std::io::Error| format!("{}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    let bundle = std::fs::read(BUNDLE).map_err(|e| {
        format!("{BUNDLE}: {e} (apt-get install ca-certificates gives the machine's CA bundle)")
    })?;
    std::fs::write(dir.join("bundle.pem"), &bundle).map_err(fail)?;
    std::fs::write(dir.join("bundle-x10.pem"), bundle.repeat(10)).map_err(fail)?;
    output(
        dir,
        "openssl",
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            "bundle.pem",
            "-outform",
            "DER",
            "-out",
            "bundle.p7b",
        ],
    )?;
    let java_classes = dir.join("java");
    std::fs::create_dir_all(&java_classes).map_err(fail)?;
    let src = root.join("bench/java/PemToJks.java");
    output(dir, "javac", &["-d", "java", &src.to_string_lossy()])?;
    output(
        dir,
        "java",
        &[
            "-cp",
            "java",
            "PemToJks",
            "bundle.pem",
            "bundle.jks",
            PASSWORD,
        ],
    )?;
    for kind in ["rsa", "ec"] {
        chain(&dir.join(kind), kind)?;
    }
    // The references: openssl's count, and each certificate's fingerprint by openssl.
    let total = output(
        dir,
        "openssl",
        &["storeutl", "-certs", "-noout", "bundle.pem"],
    )?;
    let count = total
        .lines()
        .find_map(|l| l.strip_prefix("Total found: "))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .ok_or("openssl storeutl printed no `Total found:` line")?;
    let text = String::from_utf8_lossy(&bundle);
    let blocks = pem_bodies(&text);
    if blocks.len() != count {
        return Err(format!(
            "{BUNDLE}: {} PEM certificate blocks but openssl reads {count} certificates",
            blocks.len()
        ));
    }
    let mut fingerprints = Vec::with_capacity(count);
    for body in &blocks {
        let pem = format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");
        let line = pipe(
            "openssl",
            &["x509", "-noout", "-fingerprint", "-sha256"],
            pem.as_bytes(),
        )?;
        let hex = line
            .trim()
            .rsplit('=')
            .next()
            .unwrap_or_default()
            .replace(':', "")
            .to_lowercase();
        fingerprints.push(hex);
    }
    let mut bodies = blocks;
    bodies.sort();
    Ok(Data {
        dir: dir.to_path_buf(),
        java_classes,
        count,
        fingerprints,
        bodies,
    })
}

/// A 3-certificate chain (root, intermediate, leaf for db.example.com) made with openssl:
/// RSA-2048 or ECDSA P-256, SHA-256 signatures. Writes root.pem, inter.pem, leaf.pem and
/// chain.pem (leaf then intermediate).
fn chain(dir: &Path, kind: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let newkey: &[&str] = if kind == "rsa" {
        &["-newkey", "rsa:2048"]
    } else {
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    };
    let leaf_usage = if kind == "rsa" {
        "digitalSignature,keyEncipherment"
    } else {
        "digitalSignature"
    };
    let ext = format!(
        "[inter]\nbasicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
         [leaf]\nbasicConstraints=critical,CA:false\nkeyUsage=critical,{leaf_usage}\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:db.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    );
    std::fs::write(dir.join("ext.cnf"), ext).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = kind.to_uppercase();
    let mut root_args = vec!["req", "-x509", "-nodes", "-sha256", "-days", "3650"];
    root_args.extend_from_slice(newkey);
    let root_subj = format!("/CN=dbcert bench {name} root");
    root_args.extend_from_slice(&[
        "-keyout",
        "root.key",
        "-out",
        "root.pem",
        "-subj",
        &root_subj,
        "-addext",
        "basicConstraints=critical,CA:true",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    output(dir, "openssl", &root_args)?;
    for (who, issuer, subj) in [
        (
            "inter",
            "root",
            format!("/CN=dbcert bench {name} intermediate"),
        ),
        ("leaf", "inter", "/CN=db.example.com".to_owned()),
    ] {
        let (key, csr, pem) = (
            format!("{who}.key"),
            format!("{who}.csr"),
            format!("{who}.pem"),
        );
        let mut req = vec!["req", "-new", "-nodes"];
        req.extend_from_slice(newkey);
        req.extend_from_slice(&["-keyout", &key, "-out", &csr, "-subj", &subj]);
        output(dir, "openssl", &req)?;
        let (ca, ca_key) = (format!("{issuer}.pem"), format!("{issuer}.key"));
        output(
            dir,
            "openssl",
            &[
                "x509",
                "-req",
                "-sha256",
                "-days",
                "3650",
                "-in",
                &csr,
                "-CA",
                &ca,
                "-CAkey",
                &ca_key,
                "-CAcreateserial",
                "-extfile",
                "ext.cnf",
                "-extensions",
                who,
                "-out",
                &pem,
            ],
        )?;
    }
    let read = |f: &str| std::fs::read(dir.join(f)).map_err(|e| format!("{f}: {e}"));
    let mut chain = read("leaf.pem")?;
    chain.extend(read("inter.pem")?);
    std::fs::write(dir.join("chain.pem"), chain).map_err(|e| format!("chain.pem: {e}"))?;
    // openssl itself must accept the chain, or the workload measures a failure.
    output(
        dir,
        "openssl",
        &[
            "verify",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "inter.pem",
            "leaf.pem",
        ],
    )
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::pem_bodies;

    #[test]
    fn pem_bodies_strips_whitespace_and_skips_other_blocks() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nAAEC\r\nAwQ=\n-----END CERTIFICATE-----\n\
                    -----BEGIN PRIVATE KEY-----\nZZZZ\n-----END PRIVATE KEY-----\n\
                    -----BEGIN CERTIFICATE-----\n BQYH \n-----END CERTIFICATE-----\n\
                    -----BEGIN CERTIFICATE-----\nunterminated";
        assert_eq!(pem_bodies(text), ["AAECAwQ=", "BQYH"]);
    }
}
