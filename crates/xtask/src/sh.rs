//! Running commands, and making sure the tools they need are there.

use std::process::Command;

use crate::root;

/// Runs a command in the workspace root, streaming its output; an error names the command.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("xtask$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs cargo with the same toolchain that runs xtask.
pub fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(&cargo, args)
}

/// True when `program` can be found on PATH.
pub fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

/// The free space on the workspace's file system, as `df` reports it ("12.3 GB free"), or None
/// when `df` cannot tell. `cargo xtask test` prints it after every step, so a run that fills the
/// disk says which step grew it.
pub fn disk_free() -> Option<String> {
    let out = Command::new("df")
        .args(["-Pk", "."])
        .current_dir(root())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: f64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(format!("{:.1} GB free", kib * 1024.0 / 1e9))
}

/// True when running as root (so Debian packages can be installed).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Makes sure each `(program, debian package)` is there (a program on PATH, or a file when it
/// is given as an absolute path): installs the missing ones with apt-get when root, or fails
/// with the exact command to run.
pub fn ensure_debian(tools: &[(&str, &str)]) -> Result<(), String> {
    let there = |p: &str| {
        if p.starts_with('/') {
            std::path::Path::new(p).exists()
        } else {
            has(p)
        }
    };
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(p, _)| !there(p))
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let install = format!(
        "apt-get install -y --no-install-recommends {}",
        missing.join(" ")
    );
    if !is_root() {
        return Err(format!(
            "missing tools; run: sudo apt-get update && sudo {install}"
        ));
    }
    run(
        "sh",
        &[
            "-c",
            &format!("apt-get update -qq && DEBIAN_FRONTEND=noninteractive {install}"),
        ],
    )
}

/// Makes sure a rustup target is installed.
pub fn ensure_target(target: &str) -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| {
            format!("rustup is needed to add {target}: {e}; run: rustup target add {target}")
        })?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == target)
    {
        return Ok(());
    }
    run("rustup", &["target", "add", target])
}

/// The engines the browser suites run in (tests/browser/engines.mjs drives each one).
pub const BROWSERS: [&str; 3] = ["chromium", "firefox", "webkit"];

/// Makes sure the three browser engines are installed, all from Debian: Chromium, Firefox ESR,
/// and WebKitGTK's MiniBrowser with WebKitWebDriver, with Xvfb for its display.
pub fn ensure_browsers() -> Result<(), String> {
    ensure_debian(&[
        ("chromium", "chromium"),
        ("firefox-esr", "firefox-esr"),
        ("WebKitWebDriver", "webkit2gtk-driver"),
        ("xvfb-run", "xvfb"),
        ("xauth", "xauth"),
    ])
}

/// Runs `node args` in `dir` once per engine of [`BROWSERS`] (`DBCERT_BROWSER` names it; WebKit
/// under `xvfb-run`, as it needs a display), with `env` added; stops at the first failure.
pub fn node_in_browsers(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), String> {
    for engine in BROWSERS {
        let mut env = env.to_vec();
        env.push(("DBCERT_BROWSER", engine));
        let started = std::time::Instant::now();
        if engine == "webkit" {
            let mut full = vec!["-a", "node"];
            full.extend_from_slice(args);
            crate::js::run_in(dir, "xvfb-run", &full, &env)
        } else {
            crate::js::run_in(dir, "node", args, &env)
        }
        .map_err(|e| format!("in {engine}: {e}"))?;
        eprintln!(
            "xtask: {engine}: passed in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
