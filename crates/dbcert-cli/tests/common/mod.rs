//! Helpers for the CLI's end-to-end tests: run the built `dbcert`, run real tools.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the built `dbcert` with arguments.
pub fn dbcert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dbcert"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("dbcert runs")
}

/// Runs a real tool; fails (never skips) when it is missing.
pub fn tool(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed by this test ({e}); install it: apt-get install openssl openjdk-17-jdk-headless"))
}

/// Text of stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Text of stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh scratch directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Path as &str.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// SHA-256 fingerprints that `keytool -list` prints for a keystore, in its order.
pub fn keytool_fingerprints(
    store: &Path,
    storetype: &str,
    password: &str,
) -> Result<Vec<String>, String> {
    let out = tool(
        "keytool",
        &[
            "-list",
            "-keystore",
            s(store),
            "-storetype",
            storetype,
            "-storepass",
            password,
        ],
    );
    let text = stdout(&out) + &stderr(&out);
    if !out.status.success() {
        return Err(text);
    }
    Ok(text
        .lines()
        .filter_map(|l| l.strip_prefix("Certificate fingerprint (SHA-256): "))
        .map(str::to_owned)
        .collect())
}
