//! The real-server proof of `dbcert snippet` (issue 5): builds the CLI, then runs
//! `tests/realserver/harness.py`, which installs the clients it needs (apt, pip into a venv,
//! npm, Maven Central, the Go module proxy), starts MariaDB on loopback with a test CA, runs every
//! runnable client's snippet in every mode and fails on any that does not behave as promised.
//!
//! [`probe`]: the real-server proof of `dbcert probe` and of the Node addon's `probe` /
//! `probeAsync` (issue 11), `tests/realserver/probe_test.py`; run after the addon is built.
//!
//! [`crl_matrix`]: revocation against the real server (issue 25), `tests/realserver/crl_matrix.py`:
//! revoked and good certificates served in turn, every client with its CRL options.
//!
//! [`identity_matrix`]: client certificates against the real server (issue 24),
//! `tests/realserver/identity_matrix.py`: accounts made with REQUIRE X509 and REQUIRE SUBJECT.

use std::path::Path;

use crate::sh;

/// Runs the real-server snippet tests from the workspace `root`.
pub fn run(root: &Path) -> Result<(), String> {
    script(root, "tests/realserver/harness.py", &[])
        .map_err(|e| format!("{e}; see the matrix above"))
}

/// Builds the CLI, then runs the Python script `rel` (under `root`) with `--root`, `--dbcert`
/// and `extra`.
pub fn script(root: &Path, rel: &str, extra: &[&str]) -> Result<(), String> {
    sh::cargo(&["build", "-p", "dbcert-cli"])?;
    let script = root.join(rel);
    let dbcert = root.join("target/debug/dbcert");
    let (script, root, dbcert) = (
        script.to_string_lossy(),
        root.to_string_lossy(),
        dbcert.to_string_lossy(),
    );
    let mut args: Vec<&str> = vec![&script, "--root", &root, "--dbcert", &dbcert];
    args.extend_from_slice(extra);
    sh::run("python3", &args)
}

/// Runs the real-server probe tests (CLI and the built Node addon) from the workspace `root`.
pub fn probe(root: &Path) -> Result<(), String> {
    // `cargo xtask node` lays the addon out as npm/dbcert/dbcert.<platform>.node.
    let dir = root.join("npm/dbcert");
    let addon = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("dbcert.") && n.ends_with(".node"))
        })
        .ok_or_else(|| {
            format!(
                "no dbcert.<platform>.node in {}: run `cargo xtask node`",
                dir.display()
            )
        })?;
    let addon = addon.to_string_lossy();
    script(root, "tests/realserver/probe_test.py", &["--addon", &addon])
        .map_err(|e| format!("{e}; see the checks above"))
}

/// Runs the real-server client-certificate matrix (`tests/realserver/identity_matrix.py`) from the
/// workspace `root`.
pub fn identity_matrix(root: &Path) -> Result<(), String> {
    script(root, "tests/realserver/identity_matrix.py", &[])
        .map_err(|e| format!("{e}; see the matrix above"))
}

/// Runs the real-server revocation matrix from the workspace `root`.
pub fn crl_matrix(root: &Path) -> Result<(), String> {
    script(root, "tests/realserver/crl_matrix.py", &[])
        .map_err(|e| format!("{e}; see the matrix above"))
}
