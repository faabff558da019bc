//! x509-limbo as a regression test: zero panics, at least [`FLOOR`] testcases passed (measured
//! when the verifier last changed), and no failure outside `data/limbo-known-failures.txt`.
//! Skipped (with a message) when the corpus is not next to the repository
//! (`../shared/corpus/x509-limbo/limbo.json.gz`) and `$DBCERT_LIMBO` does not name it.

#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "support/limbo_harness.rs"]
mod limbo_harness;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Passed testcases measured with the strict profile (9,780 testcases, 18 skipped).
const FLOOR: usize = 9725;

fn corpus() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("DBCERT_LIMBO").map(PathBuf::from),
        Some(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/corpus/x509-limbo/limbo.json.gz"),
        ),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

#[test]
fn limbo_passes_at_least_the_floor_without_panics() {
    // Never skipped: the shared corpus sits beside the repository on every machine and in CI.
    let path = corpus().expect("x509-limbo corpus not found at ../shared/corpus/x509-limbo/limbo.json.gz (or set DBCERT_LIMBO)");
    let s = limbo_harness::run(&path, true).expect("the suite reads");
    let panics: Vec<_> = s.results.iter().filter(|r| r.panicked).collect();
    assert!(panics.is_empty(), "verify panicked: {panics:#?}");
    let known_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/limbo-known-failures.txt"),
    )
    .expect("known failures list");
    let known: BTreeSet<&str> = known_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let failed: Vec<_> = s
        .results
        .iter()
        .filter(|r| !r.passed() && r.actual != "SKIPPED")
        .collect();
    let unexpected: Vec<_> = failed
        .iter()
        .filter(|r| !known.contains(r.id.as_str()))
        .map(|r| {
            format!(
                "{} expected {} got {}: {}",
                r.id, r.expected, r.actual, r.context
            )
        })
        .collect();
    let failed_ids: BTreeSet<&str> = failed.iter().map(|r| r.id.as_str()).collect();
    for id in known.difference(&failed_ids) {
        eprintln!("passes now, remove it from limbo-known-failures.txt: {id}");
    }
    eprintln!(
        "limbo: {} passed, {} failed, {} skipped",
        s.passed, s.failed, s.skipped
    );
    assert!(unexpected.is_empty(), "new failures: {unexpected:#?}");
    assert!(
        s.passed >= FLOOR,
        "{} passed, below the floor of {FLOOR}",
        s.passed
    );
}
