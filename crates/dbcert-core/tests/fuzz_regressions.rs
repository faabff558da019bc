//! The fuzzers' findings in the normal test run, through the very entries the fuzz targets run
//! (`fuzz/fuzz_targets/checks.rs`, included here by path):
//! - every crash input kept in `fuzz/regressions/<target>/`;
//! - the committed minimised corpus of every target (`fuzz/corpus-min/<target>.tar.gz`);
//! - every file of `../shared/corpus/malformed` through every target.
//!
//! A panic names the target and the input.

mod common;

#[allow(clippy::unwrap_used, clippy::panic)]
#[path = "../../../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use common::*;

fn fuzz_dir() -> PathBuf {
    repo().join("fuzz")
}

/// Runs one input through one target; a panic fails the test with the input's name.
fn replay(target: &str, name: &str, data: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| checks::run(target, data))).is_err() {
        panic!("fuzz target {target} panics on {name}");
    }
}

/// The files of a ustar archive (`tar --format=ustar`), gzip-compressed.
fn untar_gz(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(bytes(path).as_slice())
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut at = 0;
    while at + 512 <= raw.len() && raw[at..at + 512].iter().any(|&b| b != 0) {
        let header = &raw[at..at + 512];
        let field = |r: std::ops::Range<usize>| {
            let f = &header[r];
            String::from_utf8_lossy(&f[..f.iter().position(|&b| b == 0).unwrap_or(f.len())])
                .trim()
                .to_owned()
        };
        let name = field(0..100);
        let size = usize::from_str_radix(&field(124..136), 8)
            .unwrap_or_else(|e| panic!("{}: size of {name}: {e}", path.display()));
        let kind = header[156];
        let start = at + 512;
        assert!(
            start + size <= raw.len(),
            "{}: {name} is truncated",
            path.display()
        );
        if kind == b'0' || kind == 0 {
            out.push((name, raw[start..start + size].to_vec()));
        }
        at = start + size.div_ceil(512) * 512;
    }
    out
}

#[test]
fn crash_regressions_replay() {
    let dir = fuzz_dir().join("regressions");
    let mut n = 0;
    for path in files_under(&dir) {
        let rel = path.strip_prefix(&dir).unwrap();
        if rel == Path::new("README.md") {
            continue;
        }
        let target = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        assert!(
            checks::TARGETS.contains(&target.as_ref()) && rel.components().count() == 2,
            "{}: regressions go in fuzz/regressions/<target>/ (targets: {:?})",
            rel.display(),
            checks::TARGETS
        );
        replay(&target, &rel.display().to_string(), &bytes(&path));
        n += 1;
    }
    // Each regression is listed, with what it found, in the README beside it.
    let readme = String::from_utf8(bytes(dir.join("README.md"))).unwrap();
    for path in files_under(&dir) {
        let name = path.file_name().unwrap().to_string_lossy();
        if name != "README.md" {
            assert!(
                readme.contains(name.as_ref()),
                "{name} is not described in fuzz/regressions/README.md"
            );
        }
    }
    eprintln!("{n} crash regressions replayed");
}

#[test]
fn committed_corpus_replays() {
    let mut total = 0;
    for target in checks::TARGETS {
        let path = fuzz_dir().join(format!("corpus-min/{target}.tar.gz"));
        let files = untar_gz(&path);
        assert!(
            files.len() >= 10,
            "{}: {} inputs; the committed corpus looks empty",
            path.display(),
            files.len()
        );
        for (name, data) in &files {
            replay(target, &format!("{target}.tar.gz:{name}"), data);
        }
        eprintln!("{target}: {} corpus inputs replayed", files.len());
        total += files.len();
    }
    assert!(total > 0);
}

#[test]
fn shared_malformed_corpus_through_every_target() {
    let files: Vec<PathBuf> = files_under(&shared().join("corpus/malformed"))
        .into_iter()
        .filter(|p| !p.extension().is_some_and(|e| e == "md"))
        .collect();
    assert!(files.len() > 50, "the malformed corpus looks empty");
    for path in &files {
        let data = bytes(path);
        for target in checks::TARGETS {
            replay(target, &path.display().to_string(), &data);
        }
    }
    eprintln!(
        "{} malformed files through {} targets",
        files.len(),
        checks::TARGETS.len()
    );
}
