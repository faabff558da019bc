//! `cargo xtask …`: builds, serves and tests every dbcert surface.
//!
//! Verbs: `build`, `serve`, `test`. Each installs what it needs on a fresh machine (rustup
//! targets, cargo-installed tools, npm packages, Debian packages when root) or stops with the
//! exact command to run. No suite is ever skipped silently.

mod bench;
mod fuzz;
mod js;
mod node;
mod realserver;
mod serve;
mod sh;
mod stacks;
mod test;
mod wasm;
mod widget;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask <verb>\n\n  build   build every surface (CLI, wasm package, Node addon)\n  wasm    build npm/dbcert-wasm and npm/dbcert-snippet (wasm-pack.toml; sizes, budgets W8 and W9;\n          --snippet: the widget's module only; --twiggy: cost per crate)\n  node    build the Node addon into npm/dbcert (@napi-rs/cli); --all-platforms: also cross-build\n          every platform package with zig, check each binary, print the sizes; --arm64-suite:\n          the JS suite on the linux-arm64-gnu binary under qemu-user\n  js      build both JS packages and run every JS suite (the JS part of `test`)\n  serve   build and serve the inspector on http://127.0.0.1:8080 (PORT=… to change)\n  test    every test: Rust, fixtures, wasm32 build, real tools, real server (--quick: Rust only;\n          --from NAME, --to NAME: start at, end after the step whose name starts with NAME)\n  widget  the <dbcert-snippet> suites (tests/widget, headless Chromium) on the built packages (`cargo xtask wasm` first)\n  bench   dbcert against its peers (npm, PyPI, openssl, keytool): BENCHMARKS.md (--smoke: quick, checks only)\n  fuzz    [--seconds N] [TARGET…] the cargo-fuzz targets, N seconds each (default 600; fuzz/README.md)\n  stacks  [--only NAME,…] [--cross-check] x509-limbo through the real TLS stacks of MySQL clients (tests/stacks)\n  limbo   --stacks: the core's stack profiles against those stacks' results (agreement per profile;\n          differences not in tests/stacks/profile-exceptions.txt fail)\n  matrix  the stack chains served by a real MariaDB to every runnable client, VERIFY_CA and VERIFY_IDENTITY"
    );
    ExitCode::from(2)
}

/// The workspace root (the parent of `crates/xtask`).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).map_or(here.clone(), PathBuf::from)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build(),
        Some("serve") => serve::run(&args[1..]),
        Some("wasm") => wasm::run(&args[1..]),
        Some("node") => node::run(&args[1..]),
        Some("js") => js::run(&args[1..]),
        Some("widget") => widget::test(),
        Some("test") => test::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("stacks") => stacks::limbo(&args[1..]),
        Some("limbo") => stacks::profiles(&args[1..]),
        Some("matrix") => stacks::matrix(&root()),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Builds every surface that exists.
pub fn build() -> Result<(), String> {
    sh::cargo(&["build", "--release", "-p", "dbcert-cli"])?;
    wasm::build()?;
    node::build()
}
