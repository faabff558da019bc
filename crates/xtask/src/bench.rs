//! `cargo xtask bench [--smoke] [--no-build]`: dbcert's three surfaces (the Node addon and the
//! wasm package in Node, in-process; the CLI as a whole process) against their peers, on the
//! machine's CA bundle. BENCHMARKS.md says what each workload and each peer does.
//!
//! - The peers are installed by the bench itself: npm packages pinned in bench/package-lock.json
//!   (`npm ci` into bench/node_modules), PyPI packages pinned in bench/requirements.txt (a venv in
//!   bench/.venv); openssl, keytool and java from Debian. All of it is git-ignored.
//! - In-process timings are taken inside each runtime (bench/js/run.mjs, bench/py/run.py) after
//!   warm-up; whole processes (the dbcert CLI, openssl, keytool, java) are timed here, and only
//!   compared with each other.
//! - Every result is checked: certificates read against openssl's count and fingerprints,
//!   conversions read back by openssl or keytool, chains must verify. A peer that cannot do the
//!   work is reported with its error; a wrong answer from any tool fails the bench.
//! - The full run builds every surface (release), then writes BENCHMARKS.md and
//!   bench/results.tsv. `--smoke` runs every workload a couple of times, checks everything, and
//!   writes its report under target/bench/smoke (it is a step of `cargo xtask test`).

mod data;
mod report;
mod size;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{js, root, sh};

use data::Data;

/// The password of every keystore the bench reads or writes.
pub const PASSWORD: &str = "changeit";

/// How long to measure: untimed calls first (at most `warmup` of them, and none started after
/// 2 s), then timed calls until `min_iters` calls and `min_ms` have passed, or `max_ms` has
/// with at least `floor` calls.
#[derive(Clone, Copy)]
pub struct Protocol {
    /// Untimed calls first.
    pub warmup: usize,
    /// At least this many timed calls.
    pub min_iters: usize,
    /// And at least this long, in milliseconds.
    pub min_ms: u64,
    /// Stop anyway after this long, with at least `floor` calls.
    pub max_ms: u64,
    /// The fewest timed calls.
    pub floor: usize,
}

/// One run's settings.
pub struct Settings {
    /// A couple of calls per workload; report under target/bench/smoke.
    pub smoke: bool,
    /// In-process timing protocol, for each round.
    pub inproc: Protocol,
    /// In-process rounds: every tool of a workload runs once per round, in turn, so that a
    /// stretch of load from the machine's other work falls on all of them alike.
    pub rounds: usize,
    /// Whole-process timing protocol.
    pub process: Protocol,
    /// Fresh processes (Node) or fresh pages (Chromium) for W10.
    pub instantiate_samples: usize,
    /// Draws of the CA bundle per engine for W11.
    pub draw_samples: usize,
    /// `openssl speed -seconds`.
    pub speed_seconds: u32,
    /// Where inputs, outputs and the smoke report go.
    pub work: PathBuf,
}

impl Settings {
    fn new(smoke: bool) -> Self {
        // The smoke: every workload, every check, as few calls as give a min and a max.
        let quick = Protocol {
            warmup: 0,
            min_iters: 2,
            min_ms: 0,
            max_ms: 0,
            floor: 2,
        };
        Settings {
            smoke,
            inproc: if smoke {
                quick
            } else {
                Protocol {
                    warmup: 20,
                    min_iters: 20,
                    min_ms: 400,
                    max_ms: 2000,
                    floor: 5,
                }
            },
            rounds: if smoke { 1 } else { 3 },
            process: if smoke {
                Protocol {
                    min_iters: 1,
                    floor: 1,
                    ..quick
                }
            } else {
                Protocol {
                    warmup: 2,
                    min_iters: 10,
                    min_ms: 1000,
                    max_ms: 15000,
                    floor: 5,
                }
            },
            instantiate_samples: if smoke { 2 } else { 15 },
            draw_samples: if smoke { 1 } else { 9 },
            speed_seconds: if smoke { 1 } else { 3 },
            work: root().join(if smoke {
                "target/bench/smoke"
            } else {
                "target/bench/full"
            }),
        }
    }
}

/// How a workload's result is checked.
#[derive(Clone, Copy, PartialEq)]
pub enum Check {
    /// Every certificate read: count and fingerprints in order (the bundle repeated n times).
    Fingerprints(usize),
    /// A DER P7B holding exactly the bundle's certificates (read back by openssl).
    P7b,
    /// A PEM bundle holding exactly the bundle's certificates.
    Pem,
    /// A JKS holding exactly the bundle's certificates (read back by keytool).
    Jks,
    /// The chain verifies.
    Valid,
}

/// A workload: id, what it does, how it is checked.
pub struct Workload {
    /// `w1` … `w7` (W6 in two variants).
    pub id: &'static str,
    /// What it does, for the report.
    pub title: &'static str,
    /// How every tool's result is checked.
    pub check: Check,
    /// The file extension of a conversion's output.
    pub ext: &'static str,
}

/// Every timed workload (W8 and W9 are sizes, W10 start-up times: see `size.rs`).
pub const WORKLOADS: &[Workload] = &[
    Workload {
        id: "w1",
        title: "W1 parse + inspect every certificate (bundle)",
        check: Check::Fingerprints(1),
        ext: "txt",
    },
    Workload {
        id: "w2",
        title: "W2 PEM → P7B",
        check: Check::P7b,
        ext: "p7b",
    },
    Workload {
        id: "w3",
        title: "W3 P7B → PEM",
        check: Check::Pem,
        ext: "pem",
    },
    Workload {
        id: "w4",
        title: "W4 JKS → PEM",
        check: Check::Pem,
        ext: "pem",
    },
    Workload {
        id: "w5",
        title: "W5 PEM → JKS",
        check: Check::Jks,
        ext: "jks",
    },
    Workload {
        id: "w6-rsa",
        title: "W6 verify a 3-certificate chain, RSA-2048",
        check: Check::Valid,
        ext: "txt",
    },
    Workload {
        id: "w6-ec",
        title: "W6 verify a 3-certificate chain, ECDSA P-256",
        check: Check::Valid,
        ext: "txt",
    },
    Workload {
        id: "w7",
        title: "W7 = W1 on the bundle ×10",
        check: Check::Fingerprints(10),
        ext: "txt",
    },
];

/// Which runtime runs an in-process tool.
#[derive(Clone, Copy, PartialEq)]
pub enum Runtime {
    /// bench/js/run.mjs in Node.
    Node,
    /// bench/py/run.py in the bench venv.
    Python,
}

/// An in-process tool: id (as the runners name it), runtime, the workloads it can do.
pub const INPROC: &[(&str, Runtime, &[&str])] = &[
    (
        "dbcert-node",
        Runtime::Node,
        &["w1", "w2", "w3", "w4", "w5", "w6-rsa", "w6-ec", "w7"],
    ),
    (
        "dbcert-wasm",
        Runtime::Node,
        &["w1", "w2", "w3", "w4", "w5", "w6-rsa", "w6-ec", "w7"],
    ),
    (
        "node:crypto",
        Runtime::Node,
        &["w1", "w6-rsa", "w6-ec", "w7"],
    ),
    (
        "node-forge",
        Runtime::Node,
        &["w1", "w2", "w3", "w6-rsa", "w6-ec", "w7"],
    ),
    (
        "@peculiar/x509",
        Runtime::Node,
        &["w1", "w2", "w3", "w6-rsa", "w6-ec", "w7"],
    ),
    ("jsrsasign", Runtime::Node, &["w6-rsa", "w6-ec"]),
    ("jks-js", Runtime::Node, &["w4"]),
    (
        "cryptography",
        Runtime::Python,
        &["w1", "w2", "w3", "w6-rsa", "w6-ec", "w7"],
    ),
    ("pyjks", Runtime::Python, &["w4", "w5"]),
];

/// The JavaScript peers (the wasm package's targets compare with these only).
pub const JS_PEERS: &[&str] = &[
    "node:crypto",
    "node-forge",
    "@peculiar/x509",
    "jsrsasign",
    "jks-js",
];

/// Which group a row belongs to: in-process times and whole-process times are never compared.
#[derive(Clone, Copy, PartialEq)]
pub enum Group {
    /// Timed inside the runtime.
    InProcess,
    /// Timed as a whole process (start-up included).
    Process,
}

/// One measured (tool, workload).
pub struct Row {
    /// Workload id.
    pub workload: String,
    /// Tool id.
    pub tool: String,
    /// In-process or process.
    pub group: Group,
    /// `ok`, `incomplete` (some certificates failed) or `error` (the tool could not do it).
    pub status: String,
    /// Timed calls.
    pub n: usize,
    /// Median, min, max in milliseconds.
    pub median: f64,
    /// Fastest call.
    pub min: f64,
    /// Slowest call.
    pub max: f64,
    /// `pass`, or why the result is wrong.
    pub check: String,
    /// The tool's error, or a remark.
    pub note: String,
    /// An in-process tool's median of each round, in round order (empty for a process).
    pub rounds: Vec<f64>,
}

impl Row {
    /// A usable result: the tool did all the work, and the check passed.
    pub fn valid(&self) -> bool {
        self.status == "ok" && self.check == "pass"
    }

    /// A dbcert surface.
    pub fn is_dbcert(&self) -> bool {
        self.tool.starts_with("dbcert")
    }
}

/// Runs the verb.
pub fn run(args: &[String]) -> Result<(), String> {
    let smoke = args.iter().any(|a| a == "--smoke");
    let build = !args.iter().any(|a| a == "--no-build");
    let s = Settings::new(smoke);
    let started = Instant::now();
    tools()?;
    if build || !built() {
        build_surfaces(s.smoke)?;
    }
    ensure_npm_peers()?;
    let python = ensure_python_peers()?;
    eprintln!("\n== xtask bench: inputs and references (openssl)");
    let data = data::prepare(&s.work.join("data"), &root())?;
    eprintln!(
        "{}: {} certificates (openssl), chains RSA-2048 and P-256 made",
        data::BUNDLE,
        data.count
    );
    let out = s.work.join("out");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut rows = Vec::new();
    for group in groups() {
        for w in &group {
            eprintln!("\n== xtask bench: {}", w.title);
        }
        // Each round runs every tool on every workload of the group, in turn.
        let jobs: Vec<(&Workload, &str, Runtime)> = INPROC
            .iter()
            .flat_map(|&(tool, runtime, does)| {
                group
                    .iter()
                    .filter(move |w| does.contains(&w.id))
                    .map(move |w| (*w, tool, runtime))
            })
            .collect();
        let mut rounds: Vec<Vec<Row>> = jobs.iter().map(|_| Vec::new()).collect();
        for round in 1..=s.rounds {
            for (i, &(w, tool, runtime)) in jobs.iter().enumerate() {
                let row = inproc(&s, &data, &out, w, tool, runtime, &python)?;
                eprintln!("{} (round {round})", report::line(&row));
                rounds[i].push(row);
            }
        }
        rows.extend(rounds.into_iter().map(combine));
        // Processes too: each tool on every workload of the group, in turn.
        let lists: Vec<_> = group
            .iter()
            .map(|w| (*w, process_tools(w, &data, &out)))
            .collect();
        let longest = lists.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
        for k in 0..longest {
            for (w, list) in &lists {
                if let Some((tool, cmd)) = list.get(k) {
                    let row = process(&s, &data, w, tool, cmd)?;
                    eprintln!("{}", report::line(&row));
                    rows.push(row);
                }
            }
        }
    }
    eprintln!("\n== xtask bench: openssl speed (signature verification only)");
    let speed = size::openssl_speed(s.speed_seconds, &data.dir, s.rounds)?;
    eprintln!("\n== xtask bench: W8 package size, W9 snippet widget size, W10 instantiate time");
    let sizes = size::w8(&s.work.join("w8"))?;
    let snippet = size::w9()?;
    let starts = size::w10(s.instantiate_samples)?;
    eprintln!("\n== xtask bench: W11 the inspector's draw time, per browser engine");
    let draws = size::w11(s.draw_samples)?;
    let run = report::Run {
        rows: &rows,
        speed: &speed,
        sizes: &sizes,
        size_budget: crate::wasm::goal()?,
        snippet: &snippet,
        snippet_goal: crate::wasm::snippet_goal()?,
        starts: &starts,
        draws: &draws,
        data: &data,
        smoke: s.smoke,
        inproc: s.inproc,
        rounds: s.rounds,
        process: s.process,
        seconds: started.elapsed().as_secs(),
    };
    let (md, tsv) = if s.smoke {
        (s.work.join("BENCHMARKS.md"), s.work.join("results.tsv"))
    } else {
        (
            root().join("BENCHMARKS.md"),
            root().join("bench/results.tsv"),
        )
    };
    report::write(&run, &md, &tsv)?;
    eprintln!(
        "\nxtask bench: wrote {} and {}",
        md.display(),
        tsv.display()
    );
    let wrong: Vec<String> = rows
        .iter()
        .filter(|r| (r.status == "ok" && r.check != "pass") || (r.is_dbcert() && !r.valid()))
        .map(|r| format!("{} {}: {} {}", r.workload, r.tool, r.status, r.check))
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("wrong results:\n{}", wrong.join("\n")))
    }
}

/// Workloads measured together, in the same rounds: W7 (the bundle ×10) with W1, so that its
/// W7 / W1 target compares times taken seconds apart, not minutes apart on a machine whose speed
/// drifts with its other work.
const MEASURED_WITH: &[(&str, &str)] = &[("w7", "w1")];

/// The workloads in order, each with the ones measured with it.
fn groups() -> Vec<Vec<&'static Workload>> {
    WORKLOADS
        .iter()
        .filter(|w| !MEASURED_WITH.iter().any(|(f, _)| *f == w.id))
        .map(|lead| {
            let mut g = vec![lead];
            g.extend(
                MEASURED_WITH
                    .iter()
                    .filter(|(_, l)| *l == lead.id)
                    .filter_map(|(f, _)| WORKLOADS.iter().find(|w| w.id == *f)),
            );
            g
        })
        .collect()
}

/// One in-process tool's rounds as one row: the median of the round medians, the fastest and the
/// slowest call of all, every call counted; the first failure or remark, if any.
fn combine(mut rounds: Vec<Row>) -> Row {
    let in_order: Vec<f64> = rounds.iter().map(|r| r.median).collect();
    let mut medians = in_order.clone();
    medians.sort_by(f64::total_cmp);
    let n = rounds.iter().map(|r| r.n).sum();
    let min = rounds.iter().map(|r| r.min).fold(f64::INFINITY, f64::min);
    let max = rounds
        .iter()
        .map(|r| r.max)
        .fold(f64::NEG_INFINITY, f64::max);
    let worst = rounds
        .iter()
        .position(|r| r.status != "ok" || r.check != "pass")
        .unwrap_or(0);
    let note = rounds
        .iter()
        .map(|r| r.note.clone())
        .find(|n| !n.is_empty());
    let mut row = rounds.swap_remove(worst);
    row.median = medians[medians.len() / 2];
    row.n = n;
    row.min = min;
    row.max = max;
    row.note = note.unwrap_or_default();
    row.rounds = in_order;
    row
}

/// openssl, keytool, java(c), node, python3.
fn tools() -> Result<(), String> {
    sh::ensure_debian(&[
        ("openssl", "openssl"),
        ("keytool", "openjdk-17-jdk-headless"),
        ("javac", "openjdk-17-jdk-headless"),
        ("gzip", "gzip"),
        ("python3", "python3-venv"),
    ])?;
    js::ensure_node()
}

/// The CLI binary the bench runs.
fn cli() -> PathBuf {
    root().join("target/release/dbcert")
}

/// Whether every surface has been built.
fn built() -> bool {
    cli().exists()
        && root()
            .join("npm/dbcert-wasm/node/dbcert_wasm_bg.wasm")
            .exists()
        && root()
            .join("npm/dbcert-wasm/web/dbcert_wasm_bg.wasm")
            .exists()
        && std::fs::read_dir(root().join("npm/dbcert")).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".node"))
        })
}

/// Release builds of the CLI, the Node addon and the wasm package (the smoke only builds what
/// is missing, since `cargo xtask test` has just built the JS packages).
fn build_surfaces(smoke: bool) -> Result<(), String> {
    eprintln!("\n== xtask bench: release builds");
    sh::cargo(&["build", "--release", "-p", "dbcert-cli"])?;
    // `dbcert speed` (W6 cost per signature), next to `openssl speed`.
    sh::cargo(&[
        "build",
        "--release",
        "-p",
        "dbcert-ring",
        "--example",
        "speed",
    ])?;
    // The same measure on the wasm package's code and engine: the core's `speed_pure` example
    // for wasm32-wasip1, in the wasm package's profile, run by Node's WASI
    // (bench/js/wasi-speed.mjs).
    // With the stable toolchain: the package's pinned nightly (wasm-pack.toml [toolchain]) has
    // no wasm32-wasip1 std to download, whose C start files and libc a WASI program links. The
    // signature arithmetic is the same crates in the same profile.
    sh::ensure_target("wasm32-wasip1")?;
    sh::cargo(&[
        "build",
        "--profile",
        "wasm-release",
        "--target",
        "wasm32-wasip1",
        "-p",
        "dbcert-core",
        "--example",
        "speed_pure",
    ])?;
    if !smoke || !built() {
        crate::node::build()?;
        // Over its size budget the package is still built, and W8 reports its size.
        if let Err(e) = crate::wasm::build() {
            if !e.contains("over the size budget") {
                return Err(e);
            }
            eprintln!("xtask bench: {e} (measured anyway)");
        }
    }
    Ok(())
}

/// `npm ci` in bench/ when its node_modules is missing or older than package-lock.json.
fn ensure_npm_peers() -> Result<(), String> {
    let dir = root().join("bench");
    let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (
        stamp(&dir.join("node_modules/.package-lock.json")),
        stamp(&dir.join("package-lock.json")),
    ) {
        (Some(i), Some(l)) => i >= l,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    js::run_in(&dir, "npm", &["ci", "--no-audit", "--no-fund"], &[])
}

/// A venv in bench/.venv with bench/requirements.txt installed; returns its python.
fn ensure_python_peers() -> Result<PathBuf, String> {
    let dir = root().join("bench");
    let venv = dir.join(".venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        js::run_in(&dir, "python3", &["-m", "venv", ".venv"], &[])
            .map_err(|e| format!("{e} (Debian: apt-get install python3-venv)"))?;
    }
    let wanted = std::fs::read_to_string(dir.join("requirements.txt"))
        .map_err(|e| format!("bench/requirements.txt: {e}"))?;
    let stamp = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        js::run_in(
            &dir,
            &python.to_string_lossy(),
            &[
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                "requirements.txt",
            ],
            &[],
        )?;
        std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    }
    Ok(python)
}

/// A file name for a tool id.
fn slug(tool: &str) -> String {
    tool.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Runs one in-process measurement in its runtime and checks its result.
fn inproc(
    s: &Settings,
    data: &Data,
    out_dir: &Path,
    w: &Workload,
    tool: &str,
    runtime: Runtime,
    python: &Path,
) -> Result<Row, String> {
    let out = out_dir.join(format!("{}-{}.{}", w.id, slug(tool), w.ext));
    let _ = std::fs::remove_file(&out);
    let p = s.inproc;
    let nums = [
        p.warmup,
        p.min_iters,
        p.min_ms as usize,
        p.max_ms as usize,
        p.floor,
    ]
    .map(|n| n.to_string());
    let data_dir = data.dir.to_string_lossy().into_owned();
    let out_s = out.to_string_lossy().into_owned();
    let (program, script) = match runtime {
        Runtime::Node => ("node".to_owned(), "bench/js/run.mjs"),
        Runtime::Python => (python.to_string_lossy().into_owned(), "bench/py/run.py"),
    };
    let args = [
        script,
        "--tool",
        tool,
        "--workload",
        w.id,
        "--data",
        &data_dir,
        "--out",
        &out_s,
        "--warmup",
        &nums[0],
        "--min-iters",
        &nums[1],
        "--min-ms",
        &nums[2],
        "--max-ms",
        &nums[3],
        "--floor",
        &nums[4],
    ];
    let o = Command::new(&program)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    let stdout = String::from_utf8_lossy(&o.stdout);
    let Some(line) = stdout.lines().find(|l| l.starts_with("RESULT\t")) else {
        return Err(format!(
            "`{program} {}` printed no result ({}): {}",
            args.join(" "),
            o.status,
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    };
    let f: Vec<&str> = line.split('\t').collect();
    let num = |i: usize| {
        f.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    let status = f.get(3).copied().unwrap_or("error").to_owned();
    let count: usize = f.get(8).and_then(|v| v.parse().ok()).unwrap_or(0);
    let digest = f.get(9).copied().unwrap_or("-");
    let check = if status == "error" || status == "unsupported" {
        "not run".to_owned()
    } else {
        match w.check {
            Check::Fingerprints(times) => {
                let want = data.count * times;
                if count != want {
                    format!("read {count} certificates, openssl reads {want}")
                } else if digest != data.digest(times)? {
                    "fingerprints differ from openssl's".to_owned()
                } else {
                    "pass".to_owned()
                }
            }
            Check::Valid => {
                if digest == "valid" {
                    "pass".to_owned()
                } else {
                    format!("chain not valid: {digest}")
                }
            }
            kind => check_file(kind, &out, data),
        }
    };
    Ok(Row {
        workload: w.id.to_owned(),
        tool: tool.to_owned(),
        group: Group::InProcess,
        status,
        n: f.get(4).and_then(|v| v.parse().ok()).unwrap_or(0),
        median: num(5),
        min: num(6),
        max: num(7),
        check,
        note: f.get(10).copied().unwrap_or("").to_owned(),
        rounds: Vec::new(),
    })
}

/// Checks a conversion's output file: exactly the bundle's certificates.
fn check_file(kind: Check, file: &Path, data: &Data) -> String {
    let f = file.to_string_lossy().into_owned();
    let text = match kind {
        Check::P7b => data::output(
            &data.dir,
            "openssl",
            &["pkcs7", "-inform", "DER", "-in", &f, "-print_certs"],
        ),
        Check::Jks => data::output(
            &data.dir,
            "keytool",
            &["-list", "-rfc", "-keystore", &f, "-storepass", PASSWORD],
        ),
        _ => std::fs::read(file)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| format!("{f}: {e}")),
    };
    match text {
        Err(e) => format!("output unreadable: {e}"),
        Ok(text) => {
            let mut got = data::pem_bodies(&text);
            got.sort();
            if got == data.bodies {
                "pass".to_owned()
            } else {
                format!(
                    "output holds {} certificates, not the bundle's {}",
                    got.len(),
                    data.count
                )
            }
        }
    }
}

/// A whole-process command: program and arguments (run in the data folder), and where its
/// output goes (`-` for stdout captured to the output file).
pub struct Cmd {
    program: String,
    args: Vec<String>,
    /// The output file (a conversion's, or the captured stdout).
    out: PathBuf,
    /// True when stdout is the output.
    stdout: bool,
}

/// The process peers of a workload (and the dbcert CLI).
fn process_tools(w: &Workload, data: &Data, out_dir: &Path) -> Vec<(&'static str, Cmd)> {
    let out = |tool: &str| out_dir.join(format!("{}-{}.{}", w.id, slug(tool), w.ext));
    let o = |tool: &str| out(tool).to_string_lossy().into_owned();
    let cmd = |tool: &str, program: &str, args: &[&str], stdout: bool| Cmd {
        program: program.to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        out: out(tool),
        stdout,
    };
    let dbcert = cli().to_string_lossy().into_owned();
    let classes = data.java_classes.to_string_lossy().into_owned();
    let (c, k, os, j) = ("dbcert CLI", "keytool", "openssl", "java KeyStore");
    match w.id {
        "w1" | "w7" => {
            let input = if w.id == "w1" {
                "bundle.pem"
            } else {
                "bundle-x10.pem"
            };
            vec![
                (c, cmd(c, &dbcert, &["inspect", input, "--json"], true)),
                (
                    os,
                    cmd(
                        os,
                        "openssl",
                        &["storeutl", "-certs", "-noout", "-text", input],
                        true,
                    ),
                ),
                (k, cmd(k, "keytool", &["-printcert", "-file", input], true)),
            ]
        }
        "w2" => vec![
            (
                c,
                cmd(
                    c,
                    &dbcert,
                    &["convert", "bundle.pem", "--to", "p7b", "-o", &o(c)],
                    false,
                ),
            ),
            (
                os,
                cmd(
                    os,
                    "openssl",
                    &[
                        "crl2pkcs7",
                        "-nocrl",
                        "-certfile",
                        "bundle.pem",
                        "-outform",
                        "DER",
                        "-out",
                        &o(os),
                    ],
                    false,
                ),
            ),
        ],
        "w3" => vec![
            (
                c,
                cmd(
                    c,
                    &dbcert,
                    &["convert", "bundle.p7b", "--to", "pem", "-o", &o(c)],
                    false,
                ),
            ),
            (
                os,
                cmd(
                    os,
                    "openssl",
                    &[
                        "pkcs7",
                        "-inform",
                        "DER",
                        "-in",
                        "bundle.p7b",
                        "-print_certs",
                        "-out",
                        &o(os),
                    ],
                    false,
                ),
            ),
            (
                k,
                cmd(
                    k,
                    "keytool",
                    &["-printcert", "-rfc", "-file", "bundle.p7b"],
                    true,
                ),
            ),
        ],
        "w4" => vec![
            (
                c,
                cmd(
                    c,
                    &dbcert,
                    &[
                        "convert",
                        "bundle.jks",
                        "--to",
                        "pem",
                        "--password",
                        PASSWORD,
                        "-o",
                        &o(c),
                    ],
                    false,
                ),
            ),
            (
                k,
                cmd(
                    k,
                    "keytool",
                    &[
                        "-list",
                        "-rfc",
                        "-keystore",
                        "bundle.jks",
                        "-storepass",
                        PASSWORD,
                    ],
                    true,
                ),
            ),
        ],
        "w5" => vec![
            (
                c,
                cmd(
                    c,
                    &dbcert,
                    &[
                        "convert",
                        "bundle.pem",
                        "--to",
                        "jks",
                        "--out-password",
                        PASSWORD,
                        "-o",
                        &o(c),
                    ],
                    false,
                ),
            ),
            (
                j,
                cmd(
                    j,
                    "java",
                    &["-cp", &classes, "PemToJks", "bundle.pem", &o(j), PASSWORD],
                    false,
                ),
            ),
        ],
        "w6-rsa" | "w6-ec" => {
            let kind = if w.id == "w6-rsa" { "rsa" } else { "ec" };
            let f = |n: &str| format!("{kind}/{n}.pem");
            vec![
                (
                    c,
                    cmd(
                        c,
                        &dbcert,
                        &["verify", &f("chain"), "--ca", &f("root")],
                        true,
                    ),
                ),
                (
                    os,
                    cmd(
                        os,
                        "openssl",
                        &[
                            "verify",
                            "-CAfile",
                            &f("root"),
                            "-untrusted",
                            &f("inter"),
                            &f("leaf"),
                        ],
                        true,
                    ),
                ),
            ]
        }
        _ => Vec::new(),
    }
}

/// Times one whole-process tool and checks its output.
fn process(s: &Settings, data: &Data, w: &Workload, tool: &str, c: &Cmd) -> Result<Row, String> {
    let once = || -> Result<(f64, bool), String> {
        let _ = std::fs::remove_file(&c.out);
        let stdout = if c.stdout {
            Stdio::from(
                std::fs::File::create(&c.out).map_err(|e| format!("{}: {e}", c.out.display()))?,
            )
        } else {
            Stdio::null()
        };
        let t0 = Instant::now();
        let status = Command::new(&c.program)
            .args(&c.args)
            .current_dir(&data.dir)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("could not start {}: {e}", c.program))?;
        Ok((t0.elapsed().as_secs_f64() * 1000.0, status.success()))
    };
    let p = s.process;
    let mut ok = true;
    let warm = Instant::now();
    for _ in 0..p.warmup {
        if warm.elapsed().as_millis() >= 2000 {
            break;
        }
        ok &= once()?.1;
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    loop {
        let (ms, success) = once()?;
        ok &= success;
        samples.push(ms);
        let spent = start.elapsed().as_millis() as u64;
        if (samples.len() >= p.min_iters && spent >= p.min_ms)
            || (spent >= p.max_ms && samples.len() >= p.floor)
        {
            break;
        }
    }
    samples.sort_by(f64::total_cmp);
    let check = if !ok {
        format!("`{} {}` failed", c.program, c.args.join(" "))
    } else {
        check_process(w, tool, c, data)?
    };
    let n = samples.len();
    Ok(Row {
        workload: w.id.to_owned(),
        tool: tool.to_owned(),
        group: Group::Process,
        status: "ok".to_owned(),
        n,
        median: (samples[(n - 1) / 2] + samples[n / 2]) / 2.0,
        min: samples[0],
        max: samples[n - 1],
        check,
        note: String::new(),
        rounds: Vec::new(),
    })
}

/// Checks the last output of a process tool.
fn check_process(w: &Workload, tool: &str, c: &Cmd, data: &Data) -> Result<String, String> {
    let text = || {
        std::fs::read(&c.out)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    };
    Ok(match w.check {
        Check::Fingerprints(times) => {
            let want: Vec<String> = (0..times)
                .flat_map(|_| data.fingerprints.iter().cloned())
                .collect();
            let out = text();
            let got: Vec<String> = match tool {
                // `openssl storeutl -text` prints no fingerprints: its count is the check.
                "openssl" => {
                    let total = format!("Total found: {}", want.len());
                    return Ok(if out.contains(&total) {
                        "pass".into()
                    } else {
                        format!("no `{total}` line")
                    });
                }
                "keytool" => after_all(&out, "SHA256: "),
                _ => after_all(&out, "\"fingerprintSha256\":"),
            };
            if got.len() != want.len() {
                format!(
                    "read {} certificates, openssl reads {}",
                    got.len(),
                    want.len()
                )
            } else if got != want {
                "fingerprints differ from openssl's".into()
            } else {
                "pass".into()
            }
        }
        Check::Valid => {
            // dbcert verify exits 0 only for a valid chain; openssl verify prints `…: OK`.
            if tool == "openssl" && !text().trim_end().ends_with(": OK") {
                format!("openssl verify did not print OK: {}", text().trim())
            } else {
                "pass".into()
            }
        }
        kind => check_file(kind, &c.out, data),
    })
}

/// The hex values after each `marker` in `text`, colons and quotes removed, lowercase.
fn after_all(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .map(|(i, _)| {
            text[i + marker.len()..]
                .trim_start_matches([' ', '"'])
                .chars()
                .take_while(|c| c.is_ascii_hexdigit() || *c == ':')
                .filter(|c| *c != ':')
                .collect::<String>()
                .to_lowercase()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::after_all;

    #[test]
    fn after_all_reads_keytool_and_json_fingerprints() {
        let keytool = "Certificate fingerprints:\n\t SHA1: 00:11\n\t SHA256: AB:cd:01\nOwner\n\t SHA256: 02:FF\n";
        assert_eq!(after_all(keytool, "SHA256: "), ["abcd01", "02ff"]);
        let json = r#"[{"fingerprintSha256":"0A:0B","x":1},{"fingerprintSha256": "FF:EE"}]"#;
        assert_eq!(after_all(json, "\"fingerprintSha256\":"), ["0a0b", "ffee"]);
    }
}
