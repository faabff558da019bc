//! Issue 23's proofs against the real TLS stacks of MySQL clients.
//!
//! [`limbo`]: `tests/stacks/limbo_stacks.py`, x509-limbo through the system libssl as
//! libmysqlclient and MariaDB Connector/C set it up (security levels 2, 1, 0), Python's `ssl` as
//! PyMySQL and mysql-connector-python configure it, Node's `tls` as mysql2 does, Go's crypto/tls
//! (the installed Go and the reference results' Go 1.27.3), rustls's `WebPkiServerVerifier`,
//! and the JDK's TLS stack with Connector/J's and MariaDB Connector/J's own checks; each harness
//! configured like upstream's must reproduce the reference results in
//! `../shared/corpus/x509-limbo/results/` (the run fails otherwise).
//!
//! [`matrix`]: `tests/realserver/matrix.py`, every chain of `tests/data/stack-chains` served by a
//! real MariaDB to every runnable client's generated snippet, in VERIFY_CA and VERIFY_IDENTITY.

use std::path::Path;

use crate::sh;

/// The tools every harness needs, installed with apt-get when root (or the command to run).
fn ensure_tools() -> Result<(), String> {
    sh::ensure_debian(&[
        ("gcc", "gcc"),
        ("faketime", "faketime"),
        ("unshare", "util-linux"),
        ("go", "golang"),
        ("javac", "openjdk-17-jdk-headless"),
        ("mvn", "maven"),
        ("node", "nodejs"),
    ])?;
    if !Path::new("/usr/include/openssl/ssl.h").exists() {
        sh::ensure_debian(&[("/usr/include/openssl/ssl.h", "libssl-dev")])?;
    }
    Ok(())
}

/// `cargo xtask stacks [ARGS…]`: the x509-limbo run over every stack (ARGS go to the script:
/// `--only NAME,…`, `--cross-check`, `--limit N`).
pub fn limbo(args: &[String]) -> Result<(), String> {
    ensure_tools()?;
    let root = crate::root();
    let script = root.join("tests/stacks/limbo_stacks.py");
    let script = script.to_string_lossy();
    let root_s = root.to_string_lossy();
    let mut argv: Vec<&str> = vec![&script, "--root", &root_s];
    argv.extend(args.iter().map(String::as_str));
    sh::run("python3", &argv).map_err(|e| format!("{e}; see the agreement figures above"))
}

/// The real-client matrix from the workspace `root` (builds the CLI first).
pub fn matrix(root: &Path) -> Result<(), String> {
    ensure_tools()?;
    crate::realserver::script(root, "tests/realserver/matrix.py", &[])
        .map_err(|e| format!("{e}; see the matrix above"))
}
