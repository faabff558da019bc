//! The measurements of `cargo xtask bench` that are not timed calls: `openssl speed` (the cost
//! of one signature verification inside OpenSSL, for W6), W8 (package sizes) and W9 (how long
//! the wasm package takes to instantiate).

use std::path::Path;
use std::process::{Command, Stdio};

use super::data;
use crate::root;

/// OpenSSL's own verifications per second (`openssl speed -mr`).
pub struct Speed {
    /// RSA-2048 verifications per second.
    pub rsa2048: f64,
    /// ECDSA P-256 verifications per second.
    pub p256: f64,
    /// How long each was run.
    pub seconds: u32,
    /// dbcert's own rates for the W6 chains (`dbcert_speed`), RSA then P-256.
    pub dbcert: [DbcertSpeed; 2],
}

/// dbcert's signature verifications per second for one W6 chain (the `speed` example of
/// crates/dbcert-ring and `speed_pure` of crates/dbcert-core: both links, through the core's
/// `verify_signature_with`).
#[derive(Clone, Copy, Debug, Default)]
pub struct DbcertSpeed {
    /// With ring's arithmetic: what the CLI and the Node addon run.
    pub ring: f64,
    /// The core's pure-Rust code, compiled natively.
    pub pure: f64,
    /// The core's pure-Rust code compiled to wasm32 (wasm32-wasip1, the wasm package's
    /// profile) and run by Node: the wasm package's code and engine.
    pub wasm: f64,
}

impl Speed {
    /// Milliseconds per verification for a W6 workload id.
    pub fn ms_per_signature(&self, workload: &str) -> f64 {
        1000.0
            / if workload == "w6-rsa" {
                self.rsa2048
            } else {
                self.p256
            }
    }

    /// dbcert's rates for a W6 workload id.
    pub fn dbcert(&self, workload: &str) -> DbcertSpeed {
        self.dbcert[usize::from(workload != "w6-rsa")]
    }
}

/// Runs `openssl speed -mr rsa2048 ecdsap256` and reads the verify rates, then dbcert's
/// `speed` example on the W6 chains under `data` for as long.
pub fn openssl_speed(seconds: u32, data: &Path) -> Result<Speed, String> {
    let secs = seconds.to_string();
    let out = Command::new("openssl")
        .args(["speed", "-seconds", &secs, "-mr", "rsa2048", "ecdsap256"])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("could not start openssl: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    // `+F2:<index>:<bits>:<signs/s>:<verifies/s>` (RSA), `+F4:…` (ECDSA).
    let rate = |tag: &str| {
        text.lines()
            .find(|l| l.starts_with(tag))
            .and_then(|l| l.split(':').nth(4))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("`openssl speed -mr` printed no {tag} line"))
    };
    let speed = Speed {
        rsa2048: rate("+F2:")?,
        p256: rate("+F4:")?,
        seconds,
        dbcert: [
            dbcert_speed(seconds, &data.join("rsa"))?,
            dbcert_speed(seconds, &data.join("ec"))?,
        ],
    };
    eprintln!(
        "openssl speed: RSA-2048 {:.0} verify/s, P-256 {:.0} verify/s\ndbcert speed: RSA-2048 {:.0} verify/s (ring; pure Rust {:.0}; wasm {:.0}), P-256 {:.0} verify/s (ring; pure Rust {:.0}; wasm {:.0})",
        speed.rsa2048, speed.p256, speed.dbcert[0].ring, speed.dbcert[0].pure, speed.dbcert[0].wasm, speed.dbcert[1].ring, speed.dbcert[1].pure, speed.dbcert[1].wasm
    );
    Ok(speed)
}

/// The `speed` and `speed_pure` examples (built by `build_surfaces`) on `dir/chain.pem` and
/// `dir/root.pem`: crates/dbcert-ring's natively, then crates/dbcert-core's as wasm in Node.
fn dbcert_speed(seconds: u32, dir: &Path) -> Result<DbcertSpeed, String> {
    let root = crate::root();
    let path = |p: &Path| p.to_string_lossy().into_owned();
    let (chain, roots, secs) = (
        path(&dir.join("chain.pem")),
        path(&dir.join("root.pem")),
        seconds.to_string(),
    );
    let native = path(&root.join("target/release/examples/speed"));
    let text = data::output(&root, &native, &[&chain, &roots, &secs])?;
    let runner = path(&root.join("bench/js/wasi-speed.mjs"));
    let wasm = path(&root.join("target/wasm32-wasip1/wasm-release/examples/speed_pure.wasm"));
    let wasm_text = data::output(
        &root,
        "node",
        &["--no-warnings", &runner, &wasm, &path(dir), &secs],
    )?;
    let rate = |text: &str, tag: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(tag))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("`dbcert speed` printed no {tag} line"))
    };
    Ok(DbcertSpeed {
        ring: rate(&text, "+DBCERT:ring:")?,
        pure: rate(&text, "+DBCERT:pure:")?,
        wasm: rate(&wasm_text, "+DBCERT:pure:")?,
    })
}

/// One W8 entry.
pub struct Size {
    /// The package.
    pub tool: String,
    /// What was measured.
    pub what: String,
    /// Bytes.
    pub raw: u64,
    /// Bytes after `gzip -9`.
    pub gzip: u64,
}

/// `gzip -9` size of bytes.
fn gzip(bytes: &[u8]) -> Result<u64, String> {
    data::pipe_bytes("gzip", &["-9", "-c"], bytes).map(|o| o.len() as u64)
}

/// The wasm package (wasm + JS glue of the web build) and each JavaScript peer bundled for the
/// browser by esbuild (`--bundle --minify --platform=browser`), raw and gzip -9.
pub fn w8(dir: &Path) -> Result<Vec<Size>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let pkg = root().join("npm/dbcert-wasm");
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let wasm = read(&pkg.join("web/dbcert_wasm_bg.wasm"))?;
    let mut glue = read(&pkg.join("web/dbcert_wasm.js"))?;
    glue.extend(read(&pkg.join("web.mjs"))?);
    let mut sizes = vec![
        Size {
            tool: "dbcert-wasm".into(),
            what: "web/dbcert_wasm_bg.wasm".into(),
            raw: wasm.len() as u64,
            gzip: gzip(&wasm)?,
        },
        Size {
            tool: "dbcert-wasm".into(),
            what: "JS glue: web/dbcert_wasm.js + web.mjs".into(),
            raw: glue.len() as u64,
            gzip: gzip(&glue)?,
        },
    ];
    let total = Size {
        tool: "dbcert-wasm".into(),
        what: "wasm + JS glue (each gzipped, summed)".into(),
        raw: sizes[0].raw + sizes[1].raw,
        gzip: sizes[0].gzip + sizes[1].gzip,
    };
    sizes.push(total);
    let inject = root().join("bench/w8/node-globals.mjs");
    let inject_arg = format!("--inject:{}", inject.display());
    let peers: [(&str, &str, Vec<&str>); 3] = [
        (
            "node-forge",
            "import forge from 'node-forge'; globalThis.forge = forge;",
            vec![],
        ),
        (
            "@peculiar/x509",
            "import 'reflect-metadata'; import * as x509 from '@peculiar/x509'; globalThis.x509 = x509;",
            vec![],
        ),
        (
            "jks-js",
            "import * as jks from 'jks-js'; globalThis.jks = jks;",
            vec![
                "--alias:crypto=crypto-browserify",
                "--alias:constants=constants-browserify",
                "--alias:stream=stream-browserify",
                &inject_arg,
            ],
        ),
    ];
    let esbuild = root().join("bench/node_modules/.bin/esbuild");
    for (tool, entry, extra) in peers {
        let out = dir.join(format!("{}.min.js", tool.replace(['@', '/'], "_")));
        let out_arg = format!("--outfile={}", out.display());
        let mut args = vec![
            "--bundle",
            "--minify",
            "--platform=browser",
            "--format=esm",
            "--log-level=error",
            &out_arg,
        ];
        args.extend(extra.iter().copied());
        // The entry comes on stdin and resolves from bench/, where the peers are installed.
        let status = Command::new(&esbuild)
            .args(&args)
            .current_dir(root().join("bench"))
            .stdin(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                if let Some(mut i) = c.stdin.take() {
                    i.write_all(entry.as_bytes())?;
                }
                c.wait()
            })
            .map_err(|e| format!("esbuild: {e}"))?;
        if !status.success() {
            return Err(format!("esbuild failed to bundle {tool}"));
        }
        let bytes = read(&out)?;
        sizes.push(Size {
            tool: tool.into(),
            what: format!("esbuild bundle: `{entry}`"),
            raw: bytes.len() as u64,
            gzip: gzip(&bytes)?,
        });
    }
    for s in &sizes {
        eprintln!(
            "{:<16} {:>9} raw {:>9} gzip  {}",
            s.tool, s.raw, s.gzip, s.what
        );
    }
    Ok(sizes)
}

/// One W9 measurement.
pub struct Start {
    /// What was timed.
    pub what: String,
    /// Samples.
    pub n: usize,
    /// Median, min, max in ms.
    pub median: f64,
    /// Fastest.
    pub min: f64,
    /// Slowest.
    pub max: f64,
}

/// Instantiate time in fresh Node processes and in headless Chromium (bench/js/instantiate.mjs).
pub fn w9(samples: usize) -> Result<Vec<Start>, String> {
    let n = samples.to_string();
    let mut starts = Vec::new();
    let mut modes = vec!["node"];
    if Path::new("/usr/bin/chromium").exists() || std::env::var_os("CHROMIUM").is_some() {
        crate::js::ensure_npm_tools()?;
        modes.push("chromium");
    } else {
        eprintln!("W9: no /usr/bin/chromium (apt-get install chromium): measured in Node only");
    }
    for mode in modes {
        let out = data::output(&root(), "node", &["bench/js/instantiate.mjs", mode, &n])?;
        for l in out.lines().filter(|l| l.starts_with("START\t")) {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| {
                f.get(i)
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(f64::NAN)
            };
            let s = Start {
                what: f.get(1).copied().unwrap_or_default().to_owned(),
                n: f.get(2).and_then(|v| v.parse().ok()).unwrap_or(0),
                median: num(3),
                min: num(4),
                max: num(5),
            };
            eprintln!(
                "W9 {}: median {:.1} ms (min {:.1}, max {:.1}, n {})",
                s.what, s.median, s.min, s.max, s.n
            );
            starts.push(s);
        }
    }
    Ok(starts)
}
