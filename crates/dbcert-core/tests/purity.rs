//! The core holds no I/O, clock, randomness or binding code (the facades own those), and
//! forbids unsafe code. A grep over its sources keeps it that way.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

#[test]
fn core_sources_have_no_io_clock_randomness_or_bindings() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10);
    let forbidden = [
        "std::fs",
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "ToSocketAddrs",
        "std::process",
        "std::env",
        "SystemTime",
        "Instant::now",
        "thread_rng",
        "OsRng",
        "getrandom",
        "wasm_bindgen",
        "js_sys",
        "napi",
        "println!",
        "eprintln!",
    ];
    for (path, text) in &files {
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for f in forbidden {
                assert!(
                    !line.contains(f),
                    "{path}: `{f}` does not belong in the core: {line}"
                );
            }
        }
    }
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(lib.contains("#![forbid(unsafe_code)]"));
}
