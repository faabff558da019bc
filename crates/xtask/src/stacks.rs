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
//! [`profiles`]: `cargo xtask limbo --stacks`, the core's stack profiles (`verify::clients`)
//! judged against those LimboResults (the `limbo_stacks` example of dbcert-core): agreement per
//! configuration, and every difference either listed with its reason in
//! `tests/stacks/profile-exceptions.txt` or a failure.
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

/// The LimboResult configurations the stack profiles are compared with (the `limbo_stacks`
/// example's list): all must be in `target/stacks/results/`, else `cargo xtask stacks` runs first.
const PROFILED: &[&str] = &[
    "openssl-libmysqlclient-sec2",
    "openssl-libmysqlclient-sec1",
    "openssl-libmysqlclient-sec0",
    "openssl-libmysqlclient-ca-sec2",
    "openssl-mariadb-cc-sec2",
    "openssl-mariadb-cc-sec1",
    "openssl-mariadb-cc-sec0",
    "python-default",
    "python-py313",
    "python-py313-pymysql",
    "node-mysql2-identity",
    "node-mysql2-ca",
    "go-tls",
    "go-tls-go1.27.3",
    "rustls-verifier",
    "java-connectorj-ca",
    "java-connectorj-identity",
    "java-mariadbj-ca",
    "java-mariadbj-identity",
];

/// `cargo xtask limbo --stacks`: each stack profile of the core over every x509-limbo case the
/// harnesses evaluated, compared with the harness's LimboResult (running `cargo xtask stacks`
/// first when one is missing); prints cases compared, agreed and % per configuration, and fails
/// on a difference that `tests/stacks/profile-exceptions.txt` does not list with its reason.
pub fn profiles(args: &[String]) -> Result<(), String> {
    if !args.iter().any(|a| a == "--stacks") {
        return Err("usage: cargo xtask limbo --stacks".into());
    }
    let root = crate::root();
    let results = root.join("target/stacks/results");
    let missing: Vec<&str> = PROFILED
        .iter()
        .copied()
        .filter(|c| !results.join(format!("{c}.json")).exists())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "xtask: no LimboResult for {}; running `cargo xtask stacks` first",
            missing.join(", ")
        );
        limbo(&[])?;
    }
    let suite = root.join("../shared/corpus/x509-limbo/limbo.json.gz");
    if !suite.exists() {
        return Err(format!("x509-limbo not found at {}", suite.display()));
    }
    let exceptions = root.join("tests/stacks/profile-exceptions.txt");
    let (suite, results, exceptions) = (
        suite.to_string_lossy().into_owned(),
        results.to_string_lossy().into_owned(),
        exceptions.to_string_lossy().into_owned(),
    );
    sh::cargo(&[
        "run",
        "--release",
        "-q",
        "-p",
        "dbcert-core",
        "--example",
        "limbo_stacks",
        "--",
        &suite,
        &results,
        &exceptions,
    ])
    .map_err(|e| format!("{e}; see the agreement table and the differences above"))
}

/// The real-client matrix from the workspace `root` (builds the CLI first).
pub fn matrix(root: &Path) -> Result<(), String> {
    ensure_tools()?;
    crate::realserver::script(root, "tests/realserver/matrix.py", &[])
        .map_err(|e| format!("{e}; see the matrix above"))
}
