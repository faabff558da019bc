//! x509-limbo through `verify` with and without ring: the same report, byte for byte, for every
//! testcase, and ring confirms thousands of signatures on the way.

#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../../dbcert-core/tests/support/limbo_harness.rs"]
mod limbo_harness;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use dbcert_core::verify::signature::{Accelerator, Signed};
use dbcert_ring::RING;

#[derive(Debug, Default)]
struct Counting(AtomicUsize);

impl Accelerator for Counting {
    fn confirms(&self, s: &Signed<'_>) -> bool {
        let ok = RING.confirms(s);
        self.0.fetch_add(usize::from(ok), Ordering::Relaxed);
        ok
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
    eprintln!(
        "limbo: {compared} reports identical with and without ring ({} passed); ring confirmed {confirmed} signatures",
        pure.passed
    );
    assert_eq!(pure.passed, fast.passed);
    assert!(compared > 9000, "{compared}");
    assert!(confirmed > 5000, "{confirmed}");
}
