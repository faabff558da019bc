//! x509-limbo through `verify` with ring as the native fast path and with RustCrypto alone: the
//! same report, byte for byte, for every testcase, and ring decides thousands of signatures on
//! the way (the limbo part of the ring = RustCrypto differential).

#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../../dbcert-core/tests/support/limbo_harness.rs"]
mod limbo_harness;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use dbcert_core::verify::signature::{Backend, Signed};
use dbcert_ring::RING;

/// RING, counting what it decides: (valid, invalid).
#[derive(Debug, Default)]
struct Counting(AtomicUsize, AtomicUsize);

impl Backend for Counting {
    fn verify(&self, s: &Signed<'_>) -> Option<bool> {
        let verdict = RING.verify(s);
        match verdict {
            Some(true) => self.0.fetch_add(1, Ordering::Relaxed),
            Some(false) => self.1.fetch_add(1, Ordering::Relaxed),
            None => 0,
        };
        verdict
    }
}

#[test]
fn limbo_reports_are_the_same_with_ring() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/x509-limbo/limbo.json.gz");
    assert!(
        path.exists(),
        "x509-limbo corpus not found at {}",
        path.display()
    );
    let pure = limbo_harness::run(&path, true).unwrap();
    let counting = Counting::default();
    let fast = limbo_harness::run_with(&path, true, Some(&counting)).unwrap();
    assert_eq!(pure.results.len(), fast.results.len());
    let mut compared = 0;
    for (p, f) in pure.results.iter().zip(&fast.results) {
        assert_eq!(p.id, f.id);
        assert_eq!(
            (&p.actual, &p.context, &p.report),
            (&f.actual, &f.context, &f.report),
            "{}",
            p.id
        );
        compared += usize::from(!p.report.is_empty());
    }
    let confirmed = counting.0.load(Ordering::Relaxed);
    let refused = counting.1.load(Ordering::Relaxed);
    eprintln!(
        "limbo: {compared} reports identical with ring and with RustCrypto alone ({} passed with \
         either, {} failed, {} skipped); ring decided {} signatures ({confirmed} valid, {refused} \
         invalid)",
        pure.passed,
        pure.failed,
        pure.skipped,
        confirmed + refused
    );
    assert_eq!(pure.passed, fast.passed);
    assert!(compared > 9000, "{compared}");
    assert!(confirmed > 5000, "{confirmed}");
}
