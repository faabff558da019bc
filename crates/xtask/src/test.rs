//! `cargo xtask test`: every suite, in order, each one named as it starts; the first failure
//! stops the run with its name. Nothing is skipped silently: a missing tool is installed or
//! reported with the command that installs it.

use crate::sh;

/// Runs the verb. `--quick` runs only the Rust suites (for a fast local loop); `--from NAME`
/// starts at the first step whose name starts with NAME (to go on after a failure) and `--to NAME`
/// ends after the step whose name starts with NAME; every step left out is named.
pub fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let mut from = value(args, "--from")?;
    let to = value(args, "--to")?;
    let mut ended = false;
    let mut done: Vec<&str> = Vec::new();
    // Each step's wall time, printed as it ends and summed at the end: what CI's 90 minutes go on.
    let mut times: Vec<(&str, f64)> = Vec::new();
    let mut step = |name: &'static str, f: &dyn Fn() -> Result<(), String>| -> Result<(), String> {
        if let Some(start) = &from {
            if !name.starts_with(start.as_str()) {
                eprintln!("\n== xtask test: {name}: NOT RUN (--from {start:?})");
                return Ok(());
            }
            from = None;
        }
        if ended {
            eprintln!("\n== xtask test: {name}: NOT RUN (--to)");
            return Ok(());
        }
        ended = to.as_deref().is_some_and(|t| name.starts_with(t));
        eprintln!("\n== xtask test: {name}");
        let started = std::time::Instant::now();
        f().map_err(|e| format!("suite `{name}` failed: {e}"))?;
        let seconds = started.elapsed().as_secs_f64();
        let disk = sh::disk_free().unwrap_or_else(|| "disk space unknown".into());
        eprintln!("== xtask test: {name}: {seconds:.0} s ({disk})");
        done.push(name);
        times.push((name, seconds));
        Ok(())
    };
    step("tools", &|| {
        sh::ensure_debian(&[
            ("openssl", "openssl"),
            ("keytool", "openjdk-17-jdk-headless"),
            ("java", "openjdk-17-jdk-headless"),
        ])
    })?;
    step("format", &|| sh::cargo(&["fmt", "--all", "--check"]))?;
    step("clippy", &|| {
        sh::cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
    })?;
    step("rust tests", &|| sh::cargo(&["test", "--workspace"]))?;
    step(
        "signatures on wasm32 (wasm32-wasip1 under Node's WASI): unit, Wycheproof, verify and PKITS tests",
        &wasi_signatures,
    )?;
    step(
        "core without default features (the snippet widget's build): unit tests",
        &|| {
            sh::cargo(&[
                "test",
                "-p",
                "dbcert-core",
                "--no-default-features",
                "--lib",
            ])
        },
    )?;
    step("core builds for wasm32", &|| {
        sh::ensure_target("wasm32-unknown-unknown")?;
        sh::cargo(&[
            "build",
            "-p",
            "dbcert-core",
            "--target",
            "wasm32-unknown-unknown",
        ])
    })?;
    if !quick {
        step("fuzz smoke", &crate::fuzz::smoke)?;
        step(
            "fixtures are reproducible from their scripts",
            &check_fixture_recipes,
        )?;
        // tests/realserver: every client's generated snippet against a real MariaDB server.
        step("snippets against a real MariaDB server", &|| {
            crate::realserver::run(&crate::root())
        })?;
        // tests/stacks and tests/realserver/matrix.py (issue 23): the real TLS stacks.
        step(
            "x509-limbo through the real TLS stacks of the clients",
            &|| crate::stacks::limbo(&[]),
        )?;
        step(
            "stack profiles of the core against those results (cargo xtask limbo --stacks)",
            &|| crate::stacks::profiles(&["--stacks".to_owned()]),
        )?;
        step("stack chains against a real MariaDB, every client", &|| {
            crate::stacks::matrix(&crate::root())
        })?;
        // tests/realserver/crl_matrix.py: revoked certificates against every client's CRL options.
        step("revocation against a real MariaDB server", &|| {
            crate::realserver::crl_matrix(&crate::root())
        })?;
        // tests/realserver/identity_matrix.py: client certificates (REQUIRE X509, REQUIRE SUBJECT)
        // presented by every client's snippet.
        step("client certificates against a real MariaDB server", &|| {
            crate::realserver::identity_matrix(&crate::root())
        })?;
        // The JS packages (crates/xtask/src/js.rs says what each suite covers).
        step("wasm package: build, size budget", &crate::wasm::build)?;
        step("node addon: build", &crate::node::build)?;
        // crates/xtask/src/node.rs: zig cross builds (cached by their inputs on this machine),
        // each binary's format, architecture, entry point and libraries; then the JS suite on
        // the linux-arm64-gnu binary under qemu-user.
        step(
            "node addon: platform packages (zig cross builds, structural checks, sizes)",
            &crate::node::all_platforms_cached,
        )?;
        step(
            "js suite on the linux-arm64-gnu addon (arm64 Node under qemu-user)",
            &crate::node::arm64::suite,
        )?;
        // tests/realserver/probe_test.py: `dbcert probe` and the addon's probe against MariaDB.
        step(
            "probe against a real MariaDB server (CLI and Node)",
            &|| crate::realserver::probe(&crate::root()),
        )?;
        step(
            "js: both packages match the TypeScript contract",
            &crate::js::types,
        )?;
        step("js suite on the wasm package", &|| crate::js::suite("wasm"))?;
        step("js suite on the node addon", &|| crate::js::suite("node"))?;
        step(
            "js: wasm = node on real bundles; clean-project install",
            &crate::js::cross,
        )?;
        step(
            "js: wasm package in chromium, firefox and webkit",
            &crate::js::browser,
        )?;
        // tests/browser: the inspector page (www/) served by `cargo xtask serve`'s server.
        step(
            "www: inspector page in chromium, firefox and webkit",
            &crate::serve::browser_tests,
        )?;
        // tests/widget: <dbcert-snippet>, its slim module, static HTML, CSP, the packed tarball.
        step(
            "widget: slim module, static HTML = element, strict CSP, packed tarball (Vite, plain module) in headless chromium",
            &crate::widget::test,
        )?;
        step("bench smoke: every workload, every check", &|| {
            crate::bench::run(&["--smoke".into()])
        })?;
    }
    if let Some(start) = from {
        return Err(format!("--from {start:?}: no step's name starts with it"));
    }
    let total: f64 = times.iter().map(|(_, s)| s).sum();
    let each: Vec<String> = times
        .iter()
        .map(|(n, s)| format!("  {s:>6.0} s  {n}"))
        .collect();
    eprintln!(
        "\nxtask test: step times ({total:.0} s in all)\n{}",
        each.join("\n")
    );
    eprintln!(
        "\nxtask test: {} suites passed: {}",
        done.len(),
        done.join(", ")
    );
    Ok(())
}

/// Every fixture directory has a make.sh and a README.md naming each file's provenance.
/// The word after `flag` in the arguments (the start of a step's name), if the flag is there.
fn value(args: &[String], flag: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .ok_or_else(|| format!("{flag} needs the start of a step's name")),
    }
}

fn check_fixture_recipes() -> Result<(), String> {
    let root = crate::root();
    let mut missing = Vec::new();
    for dir in ["crates/dbcert-core/tests/data", "tests/data"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if !p.is_dir() {
                continue;
            }
            for need in ["make.sh", "README.md"] {
                if !p.join(need).exists() {
                    missing.push(format!("{}/{need}", p.display()));
                }
            }
            if let (Ok(readme), Ok(files)) = (
                std::fs::read_to_string(p.join("README.md")),
                std::fs::read_dir(&p),
            ) {
                for f in files.flatten() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if name != "make.sh"
                        && name != "README.md"
                        && f.path().is_file()
                        && !readme.contains(&name)
                    {
                        missing.push(format!("{}: no provenance line for {name}", p.display()));
                    }
                }
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join("\n"))
    }
}

/// The signature code as the WebAssembly build runs it (RustCrypto on 32-bit wasm, where
/// crypto-bigint's limbs are 32-bit): the core's signature unit tests (the PSS salt
/// regressions among them), the Wycheproof sets, the verify fixtures and PKITS, compiled for
/// wasm32-wasip1 and run by Node's WASI (tests/wasi/run.mjs as cargo's target runner).
fn wasi_signatures() -> Result<(), String> {
    sh::ensure_target("wasm32-wasip1")?;
    crate::js::ensure_node()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let runner = format!(
        "node --no-warnings {}",
        crate::root().join("tests/wasi/run.mjs").display()
    );
    let runs: [&[&str]; 2] = [
        &["--lib", "--", "verify::signature"],
        &[
            "--test",
            "wycheproof",
            "--test",
            "verify",
            "--test",
            "pkits",
        ],
    ];
    for args in runs {
        eprintln!(
            "xtask$ CARGO_TARGET_WASM32_WASIP1_RUNNER='{runner}' cargo test -p dbcert-core --target wasm32-wasip1 {}",
            args.join(" ")
        );
        let status = std::process::Command::new(&cargo)
            .args(["test", "-p", "dbcert-core", "--target", "wasm32-wasip1"])
            .args(args)
            .env("CARGO_TARGET_WASM32_WASIP1_RUNNER", &runner)
            .current_dir(crate::root())
            .status()
            .map_err(|e| format!("could not start cargo: {e}"))?;
        if !status.success() {
            return Err(format!("the wasm32-wasip1 tests failed ({status})"));
        }
    }
    Ok(())
}
