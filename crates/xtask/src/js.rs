//! The JavaScript side: Node and the npm tools (tests/js/package.json, with its committed
//! package-lock.json), tools installed with `cargo install` at pinned versions, and the JS
//! suites `cargo xtask test` runs against the wasm package and the Node addon.
//!
//! Suites (all in tests/js, all `node --test`):
//! - `test/`: every function, option and error code; run twice, with `DBCERT_BINDING=wasm`
//!   (npm/dbcert-wasm in Node) and `DBCERT_BINDING=node` (npm/dbcert, the native addon);
//! - `cross/`: the two bindings give deep-equal results (and the CLI's `verify --json` the same
//!   per-client verdicts, `DBCERT_CLI`), and agree on random hostile options
//!   objects (the same result or the same error code); a clean temporary project installs the
//!   packed packages and runs examples/build-script.mjs (its JKS read back by `keytool -list`);
//! - `browser/`: the wasm package in Chromium (playwright-core), Firefox ESR (puppeteer-core,
//!   WebDriver BiDi) and WebKit (MiniBrowser through WebKitWebDriver, selenium-webdriver, under
//!   xvfb-run), all Debian's;
//! - `types/`: `tsc --noEmit` proves the built packages match npm/types/dbcert.d.ts.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, sh};

/// One named step of [`run`].
type Step = dyn Fn() -> Result<(), String>;

/// `cargo xtask js`: builds both packages and runs every JS suite, in the order `cargo xtask
/// test` does (a faster loop when working on the JS side).
pub fn run(_args: &[String]) -> Result<(), String> {
    let steps: [(&str, &Step); 7] = [
        ("wasm package: build, size budget", &crate::wasm::build),
        ("node addon: build", &crate::node::build),
        ("js: both packages match the TypeScript contract", &types),
        ("js suite on the wasm package", &|| suite("wasm")),
        ("js suite on the node addon", &|| suite("node")),
        (
            "js: wasm = node on real bundles; clean-project install",
            &cross,
        ),
        ("js: wasm package in chromium, firefox and webkit", &browser),
    ];
    for (name, f) in steps {
        eprintln!("\n== xtask js: {name}");
        f().map_err(|e| format!("`{name}` failed: {e}"))?;
    }
    eprintln!("\nxtask js: {} suites passed", steps.len());
    Ok(())
}

/// The folder of the JS suites and of the npm tools xtask uses (binaryen, @napi-rs/cli,
/// typescript, playwright-core, puppeteer-core, selenium-webdriver).
pub fn dir() -> PathBuf {
    root().join("tests/js")
}

/// A tool installed by [`ensure_npm_tools`], e.g. `wasm-opt`, `napi`, `tsc`.
pub fn npm_bin(name: &str) -> PathBuf {
    dir().join("node_modules/.bin").join(name)
}

/// Node 18 or later and npm, installed from Debian when root and missing.
pub fn ensure_node() -> Result<(), String> {
    sh::ensure_debian(&[("node", "nodejs"), ("npm", "npm")])?;
    let out = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("could not run node: {e}"))?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 18 {
        return Err(format!(
            "node {version} is too old: the packages and `node --test` need Node 18 or later"
        ));
    }
    Ok(())
}

/// `npm ci` in tests/js when node_modules is missing or older than package-lock.json.
pub fn ensure_npm_tools() -> Result<(), String> {
    ensure_node()?;
    let lock = dir().join("package-lock.json");
    let installed = dir().join("node_modules/.package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(i), Some(l)) => i >= l,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run_in(&dir(), "npm", &["ci", "--no-audit", "--no-fund"], &[])
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// Runs a command in `dir` with extra environment variables; an error names the command.
pub fn run_in(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), String> {
    let shown: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    eprintln!(
        "xtask$ (cd {}; {}{program} {})",
        dir.display(),
        shown.concat(),
        args.join(" ")
    );
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{}{program} {}` failed ({status})",
            shown.concat(),
            args.join(" ")
        ))
    }
}

/// Where `cargo install`ed build tools live: `$DBCERT_TOOLS`, else `$CARGO_HOME/dbcert-tools`
/// (`~/.cargo/dbcert-tools`). Each tool sits in a folder named with its exact version, so a
/// pinned version is never confused with another one on PATH, and survives `cargo clean` and
/// fresh clones (CI clones afresh on the same machine).
pub fn tools_root() -> PathBuf {
    if let Some(d) = std::env::var_os("DBCERT_TOOLS") {
        return PathBuf::from(d);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| root().join("target"));
    cargo_home.join("dbcert-tools")
}

/// Makes sure `cargo install <krate> --version =<version>` is in the tools folder and returns
/// the folder holding its binaries.
pub fn ensure_cargo_tool(krate: &str, version: &str, binary: &str) -> Result<PathBuf, String> {
    let install_root = tools_root().join(format!("{krate}-{version}"));
    let bin = install_root.join("bin");
    if bin.join(binary).exists() {
        return Ok(bin);
    }
    let root_arg = install_root.to_string_lossy().into_owned();
    sh::cargo(&["install", krate, "--version", &format!("={version}"), "--root", &root_arg]).map_err(|e| {
        format!("{e}\n(to install it by hand: cargo install {krate} --version ={version} --root {root_arg})")
    })?;
    Ok(bin)
}

/// PATH with `dirs` in front.
pub fn path_with(dirs: &[&Path]) -> String {
    let mut parts: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts).map_or_else(|_| String::new(), |p| p.to_string_lossy().into_owned())
}

/// The license texts of the declared licenses (`MIT OR Apache-2.0`), at the workspace root.
pub const LICENSES: [&str; 2] = ["LICENSE-MIT", "LICENSE-APACHE"];

/// Copies [`LICENSES`] into an npm package's folder (each package.json lists them in `files`).
pub fn copy_licenses(package: &Path) -> Result<(), String> {
    for name in LICENSES {
        let (from, to) = (root().join(name), package.join(name));
        std::fs::copy(&from, &to)
            .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))?;
    }
    Ok(())
}

/// Reads the contract and writes one adapted copy.
pub fn write_contract(
    to: &Path,
    header: &str,
    edit: impl Fn(String) -> String,
    footer: &str,
) -> Result<(), String> {
    let src = root().join("npm/types/dbcert.d.ts");
    let text = std::fs::read_to_string(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let body = edit(text);
    let out = format!(
        "// Generated by cargo xtask from npm/types/dbcert.d.ts (the hand-written contract): do not edit.\n{header}{body}{footer}"
    );
    std::fs::write(to, out).map_err(|e| format!("{}: {e}", to.display()))
}

/// `tsc --noEmit`: both built packages, through their public entries, match the contract.
pub fn types() -> Result<(), String> {
    ensure_npm_tools()?;
    // Resolve the packages by name through their package.json, as a user's project does.
    let modules = dir().join("types/node_modules");
    std::fs::create_dir_all(&modules).map_err(|e| format!("{}: {e}", modules.display()))?;
    for (name, pkg) in [("dbcert", "npm/dbcert"), ("dbcert-wasm", "npm/dbcert-wasm")] {
        let link = modules.join(name);
        let _ = std::fs::remove_file(&link);
        link_dir(&root().join(pkg), &link)?;
    }
    let tsc = npm_bin("tsc");
    run_in(
        &dir(),
        &tsc.to_string_lossy(),
        &["--noEmit", "-p", "types/tsconfig.json"],
        &[],
    )
}

/// A symbolic link to a folder.
#[cfg(unix)]
pub fn link_dir(target: &Path, link: &Path) -> Result<(), String> {
    std::os::unix::fs::symlink(target, link).map_err(|e| format!("linking {}: {e}", link.display()))
}

/// A symbolic link to a folder (only made on Unix).
#[cfg(not(unix))]
pub fn link_dir(target: &Path, link: &Path) -> Result<(), String> {
    Err(format!(
        "the type check links {} into {}: only done on Unix",
        target.display(),
        link.display()
    ))
}

/// The main suite against one binding (`wasm` or `node`).
pub fn suite(binding: &str) -> Result<(), String> {
    ensure_npm_tools()?;
    run_in(
        &dir(),
        "node",
        &["--test", "--test-reporter=spec", "test/"],
        &[("DBCERT_BINDING", binding)],
    )
}

/// The suites that need both packages built: deep-equal results, and a clean project install.
pub fn cross() -> Result<(), String> {
    ensure_npm_tools()?;
    sh::ensure_debian(&[("keytool", "openjdk-17-jdk-headless")])?;
    // cross/clients.test.mjs compares `dbcert verify --json` with both packages.
    sh::cargo(&["build", "-p", "dbcert-cli"])?;
    let cli = root().join("target/debug/dbcert");
    run_in(
        &dir(),
        "node",
        &["--test", "--test-reporter=spec", "cross/"],
        &[("DBCERT_CLI", &cli.to_string_lossy())],
    )
}

/// The wasm package in Chromium, Firefox ESR and WebKit (Debian's packages; never a downloaded
/// browser).
pub fn browser() -> Result<(), String> {
    ensure_npm_tools()?;
    sh::ensure_browsers()?;
    sh::node_in_browsers(&dir(), &["--test", "--test-reporter=spec", "browser/"], &[])
}
