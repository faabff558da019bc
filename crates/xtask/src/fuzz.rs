//! `cargo xtask fuzz [--seconds N] [TARGET…]`: the cargo-fuzz targets of `fuzz/` (see
//! fuzz/README.md), one after the other, each for N seconds (default 600), with a summary of
//! executions, exec/s, coverage, features, corpus size and crashes. [`smoke`] is the bounded run
//! of `cargo xtask test` (alone: `cargo xtask fuzz --smoke`): every target for a fixed number of
//! executions.
//!
//! Both make the seed corpus (`fuzz/seed.py`: fixtures and `../shared/corpus`), unpack the
//! committed minimised corpus (`fuzz/corpus-min/<target>.tar.gz`) and build the targets without
//! a sanitizer (the core forbids unsafe code; libFuzzer's coverage and Rust's overflow checks
//! and debug assertions stay on). cargo-fuzz needs nightly flags: `RUSTC_BOOTSTRAP=1` lets the
//! stable toolchain take them. A crash stops the run and names the input to add to
//! `fuzz/regressions/<target>/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{js, root, sh};

/// Every target, in the order they run.
pub const TARGETS: &[&str] = &[
    "detect",
    "pem",
    "der_cert",
    "p7b",
    "jks",
    "jceks",
    "pkcs12",
    "verify",
    "signature",
    "snippet",
    "crl",
    "key",
];

/// The cargo-fuzz release pinned when it is not already on PATH.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// libFuzzer options shared by every run (memory cap, input size cap, per-input timeout).
const COMMON: &[&str] = &[
    "-rss_limit_mb=2048",
    "-max_len=65536",
    "-print_final_stats=1",
];

/// Executions per target in the smoke run (PKCS#12 inputs run the KDF, so fewer).
fn smoke_runs(target: &str) -> u32 {
    if target == "pkcs12" {
        300
    } else {
        3000
    }
}

/// `cargo xtask fuzz`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = 600u32;
    let mut targets: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--smoke" {
            return smoke();
        }
        if a == "--seconds" {
            seconds = it
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or("--seconds needs a whole number")?;
        } else if let Some(t) = TARGETS.iter().find(|t| **t == a) {
            targets.push(t);
        } else {
            return Err(format!(
                "unknown fuzz target `{a}`; targets: {}",
                TARGETS.join(" ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let cargo_fuzz = prepare()?;
    let mut report = Vec::new();
    for t in &targets {
        let limit = format!("-max_total_time={seconds}");
        let stats = fuzz_one(&cargo_fuzz, t, &limit)?;
        report.push(stats);
    }
    eprintln!("\n{}", Stats::table(&report));
    Ok(())
}

/// The bounded run of `cargo xtask test`: every target for a fixed number of executions.
pub fn smoke() -> Result<(), String> {
    let cargo_fuzz = prepare()?;
    let mut report = Vec::new();
    for t in TARGETS {
        let runs = format!("-runs={}", smoke_runs(t));
        report.push(fuzz_one(&cargo_fuzz, t, &runs)?);
    }
    eprintln!("\n{}", Stats::table(&report));
    Ok(())
}

/// Tools, seeds, committed corpus, build; returns the folder holding `cargo-fuzz`.
fn prepare() -> Result<PathBuf, String> {
    sh::ensure_debian(&[
        ("c++", "g++"),
        ("python3", "python3"),
        ("openssl", "openssl"),
        ("tar", "tar"),
    ])?;
    let cargo_fuzz = cargo_fuzz_dir()?;
    let fuzz = root().join("fuzz");
    sh::run("python3", &[&fuzz.join("seed.py").to_string_lossy()])?;
    for t in TARGETS {
        let packed = fuzz.join(format!("corpus-min/{t}.tar.gz"));
        if packed.exists() {
            let dir = fuzz.join("corpus").join(t);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            sh::run(
                "tar",
                &[
                    "-xzf",
                    &packed.to_string_lossy(),
                    "-C",
                    &dir.to_string_lossy(),
                ],
            )?;
        }
    }
    cargo_fuzz_cmd(&cargo_fuzz, &["build", "-s", "none", "-a"], &[], "build")?;
    Ok(cargo_fuzz)
}

/// `cargo-fuzz` on PATH, else the pinned release in the tools folder (installed if missing).
fn cargo_fuzz_dir() -> Result<PathBuf, String> {
    let on_path = Command::new("cargo-fuzz")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if on_path.is_some() {
        return Ok(PathBuf::new());
    }
    js::ensure_cargo_tool("cargo-fuzz", CARGO_FUZZ_VERSION, "cargo-fuzz")
}

/// Runs `cargo fuzz <args> [-- <fuzzer_args>]` in `fuzz/`, niced, with RUSTC_BOOTSTRAP=1, its
/// output in `fuzz/logs/<log>.log`; returns that output.
fn cargo_fuzz_cmd(
    dir: &Path,
    args: &[&str],
    fuzzer_args: &[&str],
    log: &str,
) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut all: Vec<&str> = vec!["-n", "19", &cargo, "fuzz"];
    all.extend_from_slice(args);
    if !fuzzer_args.is_empty() {
        all.push("--");
        all.extend_from_slice(fuzzer_args);
    }
    let logs = root().join("fuzz/logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let log = logs.join(format!("{log}.log"));
    eprintln!(
        "xtask$ nice {}  (output: {})",
        all[2..].join(" "),
        log.display()
    );
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let file2 = file.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = Command::new("nice");
    cmd.args(&all)
        .current_dir(root().join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1")
        .stdout(file)
        .stderr(file2);
    if !dir.as_os_str().is_empty() {
        cmd.env("PATH", js::path_with(&[dir]));
    }
    let status = cmd
        .status()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    let text = String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();
    let tail: Vec<&str> = text.lines().rev().take(8).collect();
    for line in tail.iter().rev() {
        eprintln!("  {line}");
    }
    if status.success() {
        Ok(text)
    } else {
        Err(format!(
            "`cargo fuzz {}` failed ({status}); see {}. A crash input is in fuzz/artifacts/: \
             reproduce it with `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -a <target> \
             <file>`, fix the core and copy the file into fuzz/regressions/<target>/",
            args.join(" "),
            log.display()
        ))
    }
}

/// One target on its corpus folder (`fuzz/corpus/<target>`), with `limit` (`-runs=N` or
/// `-max_total_time=S`). A crash is an error, so every returned run found none.
fn fuzz_one(dir: &Path, target: &str, limit: &str) -> Result<Stats, String> {
    let timeout = if target == "pkcs12" {
        "-timeout=300"
    } else {
        "-timeout=60"
    };
    let mut fuzzer = vec![limit, timeout];
    fuzzer.extend_from_slice(COMMON);
    let text = cargo_fuzz_cmd(dir, &["run", "-s", "none", "-a", target], &fuzzer, target)?;
    let files = std::fs::read_dir(root().join("fuzz/corpus").join(target))
        .map(|d| d.count())
        .unwrap_or(0);
    Ok(Stats::parse(target, &text, files))
}

/// What one run did, from libFuzzer's output.
struct Stats {
    target: String,
    execs: String,
    exec_per_sec: String,
    cov: String,
    ft: String,
    corpus_files: usize,
}

impl Stats {
    fn parse(target: &str, text: &str, corpus_files: usize) -> Self {
        let stat = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_owned()))
                .unwrap_or_else(|| "?".into())
        };
        // The last status line (`#N DONE cov: C ft: F corp: …`).
        let last = text
            .lines()
            .rev()
            .find(|l| l.starts_with('#') && l.contains(" cov: "))
            .unwrap_or("");
        let field = |name: &str| {
            last.split_whitespace()
                .skip_while(|w| *w != name)
                .nth(1)
                .unwrap_or("?")
                .to_owned()
        };
        Self {
            target: target.to_owned(),
            execs: stat("stat::number_of_executed_units:"),
            exec_per_sec: stat("stat::average_exec_per_sec:"),
            cov: field("cov:"),
            ft: field("ft:"),
            corpus_files,
        }
    }

    fn table(rows: &[Stats]) -> String {
        let mut out =
            String::from("target     executions  exec/s    cov     ft  corpus  crashes\n");
        for r in rows {
            out.push_str(&format!(
                "{:<10} {:>10} {:>7} {:>6} {:>6} {:>7}  0\n",
                r.target, r.execs, r.exec_per_sec, r.cov, r.ft, r.corpus_files
            ));
        }
        out
    }
}
