//! `cargo xtask node`: builds the native addon into npm/dbcert with `@napi-rs/cli` (pinned in
//! tests/js/package-lock.json), copies it into its per-platform package (npm/dbcert/npm/<platform>),
//! and writes npm/dbcert/index.d.ts from the contract (npm/types/dbcert.d.ts).

use crate::{js, root};

/// The napi-rs platform name of the machine building, e.g. `linux-x64-gnu`.
fn platform() -> Result<&'static str, String> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Ok("linux-x64-gnu"),
        ("linux", "aarch64") => Ok("linux-arm64-gnu"),
        ("macos", "aarch64") => Ok("darwin-arm64"),
        ("macos", "x86_64") => Ok("darwin-x64"),
        ("windows", "x86_64") => Ok("win32-x64-msvc"),
        (os, arch) => Err(format!("no napi platform name for {os}/{arch}")),
    }
}

/// Runs the verb.
pub fn run(_args: &[String]) -> Result<(), String> {
    build()
}

/// Builds the addon (release) and lays out the package.
pub fn build() -> Result<(), String> {
    js::ensure_npm_tools()?;
    let napi = js::npm_bin("napi");
    js::run_in(
        &root(),
        &napi.to_string_lossy(),
        &[
            "build",
            "--platform",
            "--release",
            // No `--strip`: it changes RUSTFLAGS, so every release build of the workspace (the
            // CLI's too) would rebuild all dependencies; it saves only about 10% of the addon.
            "--manifest-path",
            "crates/dbcert-node/Cargo.toml",
            "--package-json-path",
            "npm/dbcert/package.json",
            "--output-dir",
            "npm/dbcert",
            // The loader (index.js) and the types (the contract) are hand-written; napi's
            // generated ones go to target/ where nothing reads them.
            "--no-js",
            "--dts",
            "../../target/napi/dbcert.generated.d.ts",
        ],
        &[],
    )?;
    let platform = platform()?;
    let file = format!("dbcert.{platform}.node");
    let built = root().join("npm/dbcert").join(&file);
    let pkg_dir = root().join("npm/dbcert/npm").join(platform);
    if !pkg_dir.join("package.json").exists() {
        return Err(format!(
            "{} is missing: add the per-platform package for {platform} (see npm/dbcert/npm/linux-x64-gnu)",
            pkg_dir.join("package.json").display()
        ));
    }
    std::fs::copy(&built, pkg_dir.join(&file))
        .map_err(|e| format!("copying {}: {e}", built.display()))?;
    let node_input = |s: String| {
        s.replace(
            "export type Input = Uint8Array | string;",
            "export type Input = Buffer | Uint8Array | string;",
        )
    };
    for name in ["index.d.ts", "index.d.mts"] {
        let to = root().join("npm/dbcert").join(name);
        js::write_contract(&to, "/// <reference types=\"node\" />\n", node_input, "")?;
        let written = std::fs::read_to_string(&to).unwrap_or_default();
        if !written.contains("export type Input = Buffer |") {
            return Err("npm/types/dbcert.d.ts no longer has `export type Input = Uint8Array | string;`: update crates/xtask/src/node.rs".into());
        }
    }
    eprintln!("xtask node: built npm/dbcert/{file} and npm/dbcert/npm/{platform}/{file}");
    Ok(())
}
