//! `cargo xtask node`: builds the native addon into npm/dbcert with `@napi-rs/cli` (pinned in
//! tests/js/package-lock.json), copies it into its per-platform package (npm/dbcert/npm/<platform>),
//! and writes npm/dbcert/index.d.ts from the contract (npm/types/dbcert.d.ts).
//!
//! `cargo xtask node --all-platforms` also cross-builds the addon for every platform in
//! [`platforms::PLATFORMS`] with zig (`platforms.rs`), each into its platform package, checks
//! every binary's structure (`objcheck.rs`) and prints the size report. The JS suite on the
//! linux-arm64-gnu binary under qemu-user is `arm64.rs`.

pub mod arm64;
mod objcheck;
pub mod platforms;

use crate::{js, root};
use platforms::{Platform, Profile, PLATFORMS};

/// Runs the verb.
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None => build(),
        Some("--all-platforms") => all_platforms(&args[1..]),
        Some("--arm64-suite") => arm64::suite(),
        Some(other) => Err(format!(
            "unknown argument {other}: cargo xtask node [--all-platforms [PLATFORM…] | --arm64-suite]"
        )),
    }
}

/// Builds the addon (release) for this machine with `napi build` and lays out the package: the
/// binary beside the loader (which the JS suites load), and in its platform package until a
/// cross build replaces it.
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
    let platform = platforms::host()?;
    let built = root().join("npm/dbcert").join(platform.file());
    platforms::install(platform, &built)?;
    js::copy_licenses(&root().join("npm/dbcert"))?;
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
    eprintln!(
        "xtask node: built npm/dbcert/{file} and npm/dbcert/npm/{}/{file}",
        platform.name,
        file = platform.file()
    );
    Ok(())
}

/// How a platform package's binary came to be, for the report.
enum Built {
    /// Built now, in this many seconds (wall time).
    Seconds(f64),
    /// Taken from the cache of cross builds (same inputs).
    Cached,
}

/// `cargo xtask node --all-platforms [PLATFORM…]`: the host build (the development binary
/// beside the loader, which the JS suites load; not when platforms are named), then every
/// platform (or those named) cross-built with zig into its package: linux-x64-gnu too, since zig
/// links it against glibc 2.17 where the machine's toolchain needs the machine's glibc (2.34 on
/// Debian 12). Every binary is checked and the size report printed. A cross build made from the
/// same inputs on this machine is taken from the cache.
pub fn all_platforms(only: &[String]) -> Result<(), String> {
    for name in only {
        platforms::by_name(name)?;
    }
    platforms::check_main_package()?;
    if only.is_empty() {
        build()?;
    }
    let chosen: Vec<&Platform> = PLATFORMS
        .iter()
        .filter(|p| only.is_empty() || only.iter().any(|n| n == p.name))
        .collect();
    cross(&chosen, Profile::Release)
}

/// The platforms whose cross build has been seen to pass here (built, checked, and for arm64
/// run under qemu): `cargo xtask test` builds and checks these, with the `cross-check` profile
/// (a release build with fat LTO costs 35-50 min each on the loaded 2-core machine; a
/// cross-check build 80-105 s cold). All seven are here since session 36; a new platform is built
/// by `cargo xtask node --all-platforms` first and added once it has passed, so that CI never
/// meets a build no one has seen succeed.
const IN_TEST: [&str; 7] = [
    "linux-x64-gnu",
    "linux-x64-musl",
    "linux-arm64-gnu",
    "linux-arm64-musl",
    "darwin-arm64",
    "darwin-x64",
    "win32-x64-gnu",
];

/// `cargo xtask test`'s step, after the host build: the platform packages of [`IN_TEST`], each
/// cross-built with the `cross-check` profile (the same sources, target, linker and libraries as
/// the release binaries, without fat LTO), or taken from the cache; every binary checked, and the
/// size report printed. The packages then hold these binaries until the next release build.
pub fn all_platforms_cached() -> Result<(), String> {
    platforms::check_main_package()?;
    cross(
        &PLATFORMS
            .iter()
            .filter(|p| IN_TEST.contains(&p.name))
            .collect::<Vec<_>>(),
        Profile::Check,
    )
}

fn cross(chosen: &[&Platform], profile: Profile) -> Result<(), String> {
    platforms::write_packages()?;
    let key = platforms::inputs_key(profile)?;
    eprintln!(
        "xtask node: cross builds keyed {key} (cache: {})",
        platforms::cache_dir(&key).display()
    );
    let mut zig = None;
    let mut built = Vec::new();
    for &p in chosen {
        if let Some(bin) = platforms::cached(p, &key) {
            eprintln!("xtask node: {} from the cache ({})", p.name, bin.display());
            platforms::install(p, &bin)?;
            built.push((p, Built::Cached));
            continue;
        }
        let zig = match &mut zig {
            Some(z) => z,
            None => zig.insert(platforms::Zig::ensure()?),
        };
        eprintln!("\n== xtask node: {} ({})", p.name, p.triple);
        built.push((p, Built::Seconds(zig.build(p, profile)?)));
        platforms::store(p, &key)?;
    }
    check_all(&built)
}

/// Checks every platform package's binary and prints one line each; fails after the report
/// when any check failed.
fn check_all(built: &[(&Platform, Built)]) -> Result<(), String> {
    let mut failed = Vec::new();
    let mut lines = Vec::new();
    let mut total = 0.0;
    for (p, how) in built {
        let path = p.binary();
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let how = match how {
            Built::Seconds(s) => {
                total += s;
                format!("built in {s:.0} s")
            }
            Built::Cached => "cached".to_owned(),
        };
        match objcheck::check(p, &bytes) {
            Ok(r) => lines.push(format!(
                "  {:<16} {:>10} B  {:<16} {}; needs {}; Node-API: {}; libraries: {}",
                p.name,
                thousands(bytes.len()),
                how,
                r.format,
                r.needs,
                r.node_api,
                r.libraries.join(", ")
            )),
            Err(e) => failed.push(format!("{}: {e}", path.display())),
        }
    }
    eprintln!(
        "\nxtask node: {} of {} platform packages pass the structural checks (npm/dbcert/npm/<platform>/dbcert.<platform>.node; size, how built, format, oldest OS, Node-API, libraries); {total:.0} s of builds\n{}",
        lines.len(),
        built.len(),
        lines.join("\n")
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("\n"))
    }
}

/// 2512345 -> "2,512,345".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
