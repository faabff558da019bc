//! The measurements of `cargo xtask bench` that are not timed calls: `openssl speed` (the cost
//! of one signature verification inside OpenSSL, for W6), W8 (package sizes), W9 (what a docs page downloads for <dbcert-snippet>) and W10 (how long
//! the wasm package takes to instantiate).

use std::path::Path;
use std::process::{Command, Stdio};

use super::data;
use crate::root;

/// `openssl speed -mr` and `dbcert speed`, run in turn in each of several rounds (like the
/// in-process tools), so that a stretch of load from the machine's other work falls on both.
pub struct Speed {
    /// The rounds, in order.
    pub rounds: Vec<SpeedRound>,
    /// How long each loop was run.
    pub seconds: u32,
}

/// One round: OpenSSL's own verifications per second, then dbcert's and the JavaScript hosts'.
#[derive(Clone, Copy, Debug)]
pub struct SpeedRound {
    /// RSA-2048 verifications per second.
    pub rsa2048: f64,
    /// ECDSA P-256 verifications per second.
    pub p256: f64,
    /// The rates of the W6 chains' links (`link_rates`), RSA then P-256.
    pub links: [LinkRates; 2],
}

/// Signature verifications per second of the two links of one W6 chain: dbcert's (the `speed`
/// example of crates/dbcert-ring and `speed_pure` of crates/dbcert-core, through the core's
/// `verify_signature_with`), and, for reference, the native crypto of the JavaScript hosts
/// (bench/js/node-speed.mjs).
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkRates {
    /// With ring as the fast path: what the CLI and the Node addon run.
    pub ring: f64,
    /// RustCrypto alone, compiled natively.
    pub pure: f64,
    /// RustCrypto compiled to wasm32 (wasm32-wasip1, the wasm package's profile) and run by
    /// Node: the wasm package's code and engine.
    pub wasm: f64,
    /// Node's `X509Certificate.verify` (OpenSSL inside Node): the fastest a JavaScript program
    /// in Node checks a certificate signature.
    pub node_x509: f64,
    /// WebCrypto's `crypto.subtle.verify`, awaited: the only native crypto a browser page has.
    pub subtle: f64,
    /// jsrsasign's `X509.verifySignature` (pure JavaScript): the peer of the wasm package's W6
    /// target.
    pub jsrsasign: f64,
}

impl SpeedRound {
    /// OpenSSL's verifications per second for a W6 workload id.
    fn openssl(&self, workload: &str) -> f64 {
        if workload == "w6-rsa" {
            self.rsa2048
        } else {
            self.p256
        }
    }
}

impl Speed {
    /// Milliseconds per verification inside OpenSSL for a W6 workload id: the median of the
    /// rounds.
    pub fn ms_per_signature(&self, workload: &str) -> f64 {
        1000.0 / self.median(|r| r.openssl(workload))
    }

    /// The link rates for a W6 workload id: each the median of the rounds.
    pub fn links(&self, workload: &str) -> LinkRates {
        let i = usize::from(workload != "w6-rsa");
        LinkRates {
            ring: self.median(|r| r.links[i].ring),
            pure: self.median(|r| r.links[i].pure),
            wasm: self.median(|r| r.links[i].wasm),
            node_x509: self.median(|r| r.links[i].node_x509),
            subtle: self.median(|r| r.links[i].subtle),
            jsrsasign: self.median(|r| r.links[i].jsrsasign),
        }
    }

    /// One engine's rate over another's (`num` / `den`), in each round.
    pub fn rate_ratios(
        &self,
        workload: &str,
        num: fn(&LinkRates) -> f64,
        den: fn(&LinkRates) -> f64,
    ) -> Vec<f64> {
        let i = usize::from(workload != "w6-rsa");
        self.rounds
            .iter()
            .map(|r| num(&r.links[i]) / den(&r.links[i]))
            .collect()
    }

    /// An engine's (`pick`) cost per signature over OpenSSL's, in each round.
    pub fn ratios(&self, workload: &str, pick: fn(&LinkRates) -> f64) -> Vec<f64> {
        let i = usize::from(workload != "w6-rsa");
        self.rounds
            .iter()
            .map(|r| r.openssl(workload) / pick(&r.links[i]))
            .collect()
    }

    fn median(&self, f: impl Fn(&SpeedRound) -> f64) -> f64 {
        median(self.rounds.iter().map(f).collect())
    }
}

/// The median (the upper one of an even count, as the W7 rounds take it).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs `openssl speed -mr rsa2048 ecdsap256`, then dbcert's `speed` examples and
/// bench/js/node-speed.mjs on the W6 chains under `data` for as long, `rounds` times.
pub fn openssl_speed(seconds: u32, data: &Path, rounds: usize) -> Result<Speed, String> {
    let mut out = Speed {
        rounds: Vec::with_capacity(rounds),
        seconds,
    };
    for _ in 0..rounds.max(1) {
        out.rounds.push(speed_round(seconds, data)?);
    }
    Ok(out)
}

fn speed_round(seconds: u32, data: &Path) -> Result<SpeedRound, String> {
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
    let round = SpeedRound {
        rsa2048: rate("+F2:")?,
        p256: rate("+F4:")?,
        links: [
            link_rates(seconds, &data.join("rsa"))?,
            link_rates(seconds, &data.join("ec"))?,
        ],
    };
    let d = &round.links;
    eprintln!(
        "openssl speed: RSA-2048 {:.0} verify/s, P-256 {:.0} verify/s\ndbcert speed: RSA-2048 {:.0} verify/s (ring; RustCrypto {:.0}; wasm {:.0}), P-256 {:.0} verify/s (ring; RustCrypto {:.0}; wasm {:.0})\nnode speed: RSA-2048 {:.0} verify/s (X509Certificate; WebCrypto {:.0}; jsrsasign {:.0}), P-256 {:.0} verify/s (X509Certificate; WebCrypto {:.0}; jsrsasign {:.0})",
        round.rsa2048, round.p256, d[0].ring, d[0].pure, d[0].wasm, d[1].ring, d[1].pure, d[1].wasm, d[0].node_x509, d[0].subtle, d[0].jsrsasign, d[1].node_x509, d[1].subtle, d[1].jsrsasign
    );
    Ok(round)
}

/// The `speed` and `speed_pure` examples (built by `build_surfaces`) on `dir/chain.pem` and
/// `dir/root.pem`: crates/dbcert-ring's natively, then crates/dbcert-core's as wasm in Node;
/// then Node's own crypto on the same links (bench/js/node-speed.mjs).
fn link_rates(seconds: u32, dir: &Path) -> Result<LinkRates, String> {
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
    let node = path(&root.join("bench/js/node-speed.mjs"));
    let node_text = data::output(&root, "node", &[&node, &path(dir), &secs])?;
    let rate = |text: &str, tag: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(tag))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("the speed loops printed no {tag} line"))
    };
    Ok(LinkRates {
        ring: rate(&text, "+DBCERT:ring:")?,
        pure: rate(&text, "+DBCERT:pure:")?,
        wasm: rate(&wasm_text, "+DBCERT:pure:")?,
        node_x509: rate(&node_text, "+NODE:x509:")?,
        subtle: rate(&node_text, "+NODE:subtle:")?,
        jsrsasign: rate(&node_text, "+NODE:jsrsasign:")?,
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

/// W9: each file a docs page downloads for `<dbcert-snippet>` (npm/dbcert-snippet as
/// `cargo xtask wasm` builds it: the slim module, its glue, the element and the module's JS
/// side), raw and gzip -9, and their sum.
pub fn w9() -> Result<Vec<Size>, String> {
    let pkg = root().join("npm/dbcert-snippet");
    let mut sizes = Vec::new();
    for f in [
        "wasm/dbcert_snippet_wasm_bg.wasm",
        "wasm/dbcert_snippet_wasm.js",
        "dbcert-snippet.mjs",
        "module.mjs",
    ] {
        let bytes = std::fs::read(pkg.join(f))
            .map_err(|e| format!("npm/dbcert-snippet/{f}: {e} (cargo xtask wasm builds it)"))?;
        sizes.push(Size {
            tool: "dbcert-snippet".into(),
            what: f.into(),
            raw: bytes.len() as u64,
            gzip: gzip(&bytes)?,
        });
    }
    sizes.push(Size {
        tool: "dbcert-snippet".into(),
        what: W9_TOTAL.into(),
        raw: sizes.iter().map(|s| s.raw).sum(),
        gzip: sizes.iter().map(|s| s.gzip).sum(),
    });
    for s in &sizes {
        eprintln!(
            "{:<16} {:>9} raw {:>9} gzip  {}",
            s.tool, s.raw, s.gzip, s.what
        );
    }
    Ok(sizes)
}

/// The `what` of W9's sum.
pub const W9_TOTAL: &str = "everything a page downloads (each gzipped, summed)";

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
    // The same files `cargo xtask wasm` counts against the budget for the web build.
    let glue_files = crate::wasm::glue_files("web", &pkg.join("web"));
    let (glue_raw, glue_gzip) = crate::wasm::glue_sizes(&glue_files)?;
    let names: Vec<String> = glue_files
        .iter()
        .map(|f| f.strip_prefix(&pkg).unwrap_or(f).display().to_string())
        .collect();
    let mut sizes = vec![
        Size {
            tool: "dbcert-wasm".into(),
            what: "web/dbcert_wasm_bg.wasm".into(),
            raw: wasm.len() as u64,
            gzip: gzip(&wasm)?,
        },
        Size {
            tool: "dbcert-wasm".into(),
            what: format!("JS glue: {}", names.join(" + ")),
            raw: glue_raw,
            gzip: glue_gzip,
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

/// One W10 measurement.
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
pub fn w10(samples: usize) -> Result<Vec<Start>, String> {
    let n = samples.to_string();
    let mut starts = Vec::new();
    let mut modes = vec!["node"];
    if Path::new("/usr/bin/chromium").exists() || std::env::var_os("CHROMIUM").is_some() {
        crate::js::ensure_npm_tools()?;
        modes.push("chromium");
    } else {
        eprintln!("W10: no /usr/bin/chromium (apt-get install chromium): measured in Node only");
    }
    for mode in modes {
        let out = data::output(&root(), "node", &["bench/js/instantiate.mjs", mode, &n])?;
        for l in out.lines().filter(|l| l.starts_with("START\t")) {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| number(&f, i);
            let s = Start {
                what: f.get(1).copied().unwrap_or_default().to_owned(),
                n: f.get(2).and_then(|v| v.parse().ok()).unwrap_or(0),
                median: num(3),
                min: num(4),
                max: num(5),
            };
            eprintln!(
                "W10 {}: median {:.1} ms (min {:.1}, max {:.1}, n {})",
                s.what, s.median, s.min, s.max, s.n
            );
            starts.push(s);
        }
    }
    Ok(starts)
}

/// Field `i` of a tab-separated result line (bench/js's `START` and `DRAW` lines) as a number;
/// NaN when missing or not a number.
fn number(fields: &[&str], i: usize) -> f64 {
    fields
        .get(i)
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

/// One W11 measurement: the inspector page's draw time in one browser engine.
pub struct Draw {
    /// The engine (chromium, firefox, webkit).
    pub engine: String,
    /// Certificates in the bundle drawn.
    pub certificates: usize,
    /// Samples.
    pub n: usize,
    /// Median in ms.
    pub median: f64,
    /// Fastest.
    pub min: f64,
    /// Slowest.
    pub max: f64,
}

/// W11's goal (issue 27): the machine's CA bundle drawn this many ms after the file is set.
pub const W11_GOAL_MS: f64 = 150.0;

/// The inspector's draw time for the machine's CA bundle in each engine the browser suite runs
/// in (bench/js/draw.mjs; www/ served from this process, WebKit under xvfb-run).
pub fn w11(samples: usize) -> Result<Vec<Draw>, String> {
    crate::js::ensure_npm_tools()?;
    crate::sh::ensure_browsers()?;
    let url = crate::serve::in_background()?;
    let n = samples.to_string();
    let mut draws = Vec::new();
    for engine in crate::sh::BROWSERS {
        let mut cmd = if engine == "webkit" {
            let mut c = Command::new("xvfb-run");
            c.args(["-a", "node"]);
            c
        } else {
            Command::new("node")
        };
        let out = cmd
            .args(["bench/js/draw.mjs", &n])
            .current_dir(root())
            .env("DBCERT_WWW_URL", &url)
            .env("DBCERT_BROWSER", engine)
            .output()
            .map_err(|e| format!("W11: could not start node: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text.lines().find(|l| l.starts_with("DRAW\t"));
        let (true, Some(line)) = (out.status.success(), line) else {
            return Err(format!(
                "W11 in {engine}: bench/js/draw.mjs failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        };
        let f: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| number(&f, i);
        let d = Draw {
            engine: engine.to_owned(),
            certificates: f.get(2).and_then(|v| v.parse().ok()).unwrap_or(0),
            n: f.get(3).and_then(|v| v.parse().ok()).unwrap_or(0),
            median: num(4),
            min: num(5),
            max: num(6),
        };
        eprintln!(
            "W11 {}: {} certificates drawn in {:.0} ms median (min {:.0}, max {:.0}, n {})",
            d.engine, d.certificates, d.median, d.min, d.max, d.n
        );
        draws.push(d);
    }
    Ok(draws)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The W6 ratio is taken within each round (a slow round of one tool is not set against a
    /// fast round of the other) and the median of the rounds is judged.
    #[test]
    fn speed_ratios_are_per_round() {
        let round = |openssl: f64, ring: f64| SpeedRound {
            rsa2048: openssl,
            p256: 1.0,
            links: [
                LinkRates {
                    ring,
                    ..LinkRates::default()
                },
                LinkRates::default(),
            ],
        };
        let s = Speed {
            rounds: vec![round(50.0, 25.0), round(30.0, 25.0), round(40.0, 32.0)],
            seconds: 3,
        };
        assert_eq!(s.ratios("w6-rsa", |d| d.ring), vec![2.0, 1.2, 1.25]);
        assert_eq!(median(s.ratios("w6-rsa", |d| d.ring)), 1.25);
        // The medians of the rates themselves: 40 and 25, whose ratio (1.6) mixes rounds.
        assert_eq!(s.ms_per_signature("w6-rsa"), 1000.0 / 40.0);
        assert_eq!(s.links("w6-rsa").ring, 25.0);
    }
}
