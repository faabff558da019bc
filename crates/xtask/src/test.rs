//! `cargo xtask test`: every suite, in order, each one named as it starts; the first failure
//! stops the run with its name. Nothing is skipped silently: a missing tool is installed or
//! reported with the command that installs it.

use crate::sh;

/// Runs the verb. `--quick` runs only the Rust suites (for a fast local loop).
pub fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let mut done: Vec<&str> = Vec::new();
    let mut step = |name: &'static str, f: &dyn Fn() -> Result<(), String>| -> Result<(), String> {
        eprintln!("\n== xtask test: {name}");
        f().map_err(|e| format!("suite `{name}` failed: {e}"))?;
        done.push(name);
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
        "core with 32-bit limbs (the wasm32 signature arithmetic): unit, Wycheproof, verify and PKITS tests",
        &limb32,
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
        // tests/realserver/crl_matrix.py: revoked certificates against every client's CRL options.
        step("revocation against a real MariaDB server", &|| {
            crate::realserver::crl_matrix(&crate::root())
        })?;
        // The JS packages (crates/xtask/src/js.rs says what each suite covers).
        step("wasm package: build, size budget", &crate::wasm::build)?;
        step("node addon: build", &crate::node::build)?;
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
        step("js: wasm package in headless chromium", &crate::js::browser)?;
        // tests/browser: the inspector page (www/) served by `cargo xtask serve`'s server.
        step(
            "www: inspector page in headless chromium",
            &crate::serve::browser_tests,
        )?;
        step("bench smoke: every workload, every check", &|| {
            crate::bench::run(&["--smoke".into()])
        })?;
    }
    eprintln!(
        "\nxtask test: {} suites passed: {}",
        done.len(),
        done.join(", ")
    );
    Ok(())
}

/// Every fixture directory has a make.sh and a README.md naming each file's provenance.
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

/// The core built with the 32-bit limbs wasm32 uses for RSA, ECDSA and Ed25519
/// (`--cfg dbcert_limb32`), in its own target folder so the main build cache stays valid.
fn limb32() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let dir = crate::root().join("target/limb32");
    // The arithmetic's unit tests and the Wycheproof vectors (filtered to the signature code),
    // then whole chains: the verify fixtures and NIST PKITS against OpenSSL and Java.
    let runs: [&[&str]; 2] = [
        &[
            "--lib",
            "--test",
            "wycheproof",
            "--",
            "ec::",
            "ecdsa",
            "rsa",
        ],
        &["--test", "verify", "--test", "pkits"],
    ];
    for args in runs {
        eprintln!(
            "xtask$ RUSTFLAGS=--cfg dbcert_limb32 CARGO_TARGET_DIR={} cargo test -p dbcert-core {}",
            dir.display(),
            args.join(" ")
        );
        let status = std::process::Command::new(&cargo)
            .args(["test", "-p", "dbcert-core"])
            .args(args)
            .env("RUSTFLAGS", "--cfg dbcert_limb32")
            .env("CARGO_TARGET_DIR", &dir)
            .current_dir(crate::root())
            .status()
            .map_err(|e| format!("could not start cargo: {e}"))?;
        if !status.success() {
            return Err(format!("the 32-bit-limb tests failed ({status})"));
        }
    }
    Ok(())
}
