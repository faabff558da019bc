//! Runs the x509-limbo suite through `dbcert_core::verify` and prints the score.
//!
//! ```text
//! cargo run --release -p dbcert-core --example limbo [-- [--lenient] [LIMBO_JSON_GZ] [OUT_JSON]]
//! ```
//!
//! Defaults: `../shared/corpus/x509-limbo/limbo.json.gz` next to the repository (or
//! `$DBCERT_LIMBO`), results to `target/limbo-results.json`. Ends with the line
//! `limbo: N passed, M failed, K skipped`. `--lenient` scores `report.valid` alone (the strict
//! default also fails chains with warnings that name clients which reject them). The mapping and
//! the skip list are documented in `tests/support/limbo_harness.rs`.

#[path = "../tests/support/limbo_harness.rs"]
mod limbo_harness;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let strict = !args.iter().any(|a| a == "--lenient");
    args.retain(|a| a != "--lenient");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let suite = args
        .first()
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("DBCERT_LIMBO").map(PathBuf::from))
        .unwrap_or_else(|| root.join("../shared/corpus/x509-limbo/limbo.json.gz"));
    let out = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/limbo-results.json"));
    let summary = match limbo_harness::run(&suite, strict) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("limbo: {e}");
            return ExitCode::from(2);
        }
    };
    let doc = limbo_harness::results_json(
        &summary,
        if strict {
            "dbcert (strict)"
        } else {
            "dbcert (lenient)"
        },
    );
    match serde_json::to_string_pretty(&doc) {
        Ok(text) => {
            if let Err(e) = std::fs::write(&out, text) {
                eprintln!("limbo: {}: {e}", out.display());
            } else {
                println!("per-case results: {}", out.display());
            }
        }
        Err(e) => eprintln!("limbo: {e}"),
    }
    if summary.panics > 0 {
        println!("PANICS: {}", summary.panics);
    }
    println!(
        "limbo: {} passed, {} failed, {} skipped",
        summary.passed, summary.failed, summary.skipped
    );
    if summary.panics > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
