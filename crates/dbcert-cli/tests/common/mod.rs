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

/// Runs the built `dbcert`: its exit code (-1 when killed), stdout and stderr.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let o = dbcert(args);
    (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
}

/// A file in the temporary directory for one test, removed when dropped (pass or fail), so
/// runs leave nothing behind in `/tmp`.
pub struct TempFile(PathBuf);

impl std::ops::Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The files' texts, concatenated into a [`TempFile`] whose name starts with `tag` and is
/// unique in this process, so tests running in parallel never share one.
pub fn concat(tag: &str, files: &[PathBuf]) -> TempFile {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let mut text = String::new();
    for f in files {
        text.push_str(&std::fs::read_to_string(f).expect("fixture"));
    }
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("dbcert-{tag}-{}-{n}.pem", std::process::id()));
    std::fs::write(&path, text).expect("temporary file");
    TempFile(path)
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
