//! The real-server proof of `dbcert snippet` (issue 5): builds the CLI, then runs
//! `tests/realserver/harness.py`, which installs the clients it needs (apt, pip into a venv,
//! npm, Maven Central, the Go module proxy), starts MariaDB on loopback with a test CA, runs every
//! runnable client's snippet in every mode and fails on any that does not behave as promised.

use std::path::Path;

use crate::sh;

/// Runs the real-server snippet tests from the workspace `root`.
pub fn run(root: &Path) -> Result<(), String> {
    sh::cargo(&["build", "-p", "dbcert-cli"])?;
    let harness = root.join("tests/realserver/harness.py");
    let dbcert = root.join("target/debug/dbcert");
    let root = root.to_string_lossy();
    sh::run(
        "python3",
        &[
            &harness.to_string_lossy(),
            "--root",
            &root,
            "--dbcert",
            &dbcert.to_string_lossy(),
        ],
    )
    .map_err(|e| format!("{e}; see the matrix above"))
}
