//! The `<dbcert-snippet>` suites (tests/widget, `node --test`): the slim module against the full
//! package and the CLI, static HTML against the live element for every client × mode, the
//! in-place upgrade, tabs, copy and themes, a strict CSP with no violation, and the packed
//! npm/dbcert-snippet tarball in a clean project (Vite, and a plain module script). Chromium is
//! Debian's, playwright-core comes from tests/js, Vite from tests/widget's own lock.

use std::path::PathBuf;

use crate::{js, root, sh};

/// tests/widget.
pub fn dir() -> PathBuf {
    root().join("tests/widget")
}

/// Runs the suites; npm/dbcert-snippet and npm/dbcert-wasm must have been built (`cargo xtask
/// wasm`). Builds the CLI the first suite compares with.
pub fn test() -> Result<(), String> {
    js::ensure_npm_tools()?;
    sh::ensure_debian(&[("chromium", "chromium")])?;
    let lock = dir().join("package-lock.json");
    let installed = dir().join("node_modules/.package-lock.json");
    let fresh = std::fs::metadata(&installed)
        .and_then(|i| Ok(i.modified()? >= std::fs::metadata(&lock)?.modified()?))
        .unwrap_or(false);
    if !fresh {
        js::run_in(&dir(), "npm", &["ci", "--no-audit", "--no-fund"], &[])?;
    }
    sh::cargo(&["build", "-p", "dbcert-cli"])?;
    let cli = root().join("target/debug/dbcert");
    js::run_in(
        &dir(),
        "node",
        &[
            "--test",
            "--test-reporter=spec",
            "--test-concurrency=1",
            ".",
        ],
        &[("DBCERT_CLI", &cli.to_string_lossy())],
    )
}
