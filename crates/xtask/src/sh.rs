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
