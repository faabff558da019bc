//! `cargo xtask wasm`: builds npm/dbcert-wasm from the settings in wasm-pack.toml.
//!
//! Steps: `rustup target add wasm32-unknown-unknown`; wasm-bindgen-cli at exactly the version of
//! wasm-bindgen in Cargo.lock and wasm-pack at the version in wasm-pack.toml, both
//! `cargo install`ed into the tools folder ([`crate::js::tools_root`]) and put on PATH;
//! `wasm-pack build --mode no-install` once per `[[build]]`; `wasm-opt` from the npm package
//! `binaryen` (tests/js); the contract, the options guard (`npm/dbcert/options.js`, shared with
//! the Node addon) and the API both entries share (`src/api.js`) copied into the package; the
//! glue and the web entry minified; a size report (raw and gzip, wasm and JS glue) that
//! fails over the budget; the time to compile and instantiate the module.
//!
//! `cargo xtask wasm --twiggy` also installs twiggy and prints what each crate costs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{js, root, sh};

/// One value of wasm-pack.toml.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(String),
    Int(u64),
    List(Vec<String>),
}

/// wasm-pack.toml, read with a small parser for the subset it uses (tables, arrays of tables,
/// strings, integers, arrays of strings, comments), so xtask needs no TOML crate.
#[derive(Debug, Default)]
struct Toml {
    /// `(table, index in an array of tables, key) -> value`; the top level is table "".
    values: BTreeMap<(String, usize, String), Value>,
    /// How many `[[table]]` entries each array of tables has.
    arrays: BTreeMap<String, usize>,
}

impl Toml {
    fn parse(text: &str) -> Result<Self, String> {
        let mut t = Toml::default();
        let (mut table, mut index) = (String::new(), 0usize);
        for (n, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim().to_owned();
            let bad = || format!("wasm-pack.toml:{}: cannot read `{}`", n + 1, raw.trim());
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
                table = name.trim().to_owned();
                let count = t.arrays.entry(table.clone()).or_insert(0);
                index = *count;
                *count += 1;
            } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                table = name.trim().to_owned();
                index = 0;
            } else {
                let (k, v) = line.split_once('=').ok_or_else(bad)?;
                let value = parse_value(v.trim()).ok_or_else(bad)?;
                t.values.insert(
                    (table.clone(), index, k.trim().trim_matches('"').to_owned()),
                    value,
                );
            }
        }
        Ok(t)
    }

    fn get(&self, table: &str, index: usize, key: &str) -> Option<&Value> {
        self.values.get(&(table.to_owned(), index, key.to_owned()))
    }

    fn str(&self, table: &str, index: usize, key: &str) -> Result<String, String> {
        match self.get(table, index, key) {
            Some(Value::Str(s)) => Ok(s.clone()),
            _ => Err(format!(
                "wasm-pack.toml: `{key}` (a string) is missing in [{table}]"
            )),
        }
    }

    fn int(&self, table: &str, key: &str) -> Result<u64, String> {
        match self.get(table, 0, key) {
            Some(Value::Int(i)) => Ok(*i),
            _ => Err(format!(
                "wasm-pack.toml: `{key}` (an integer) is missing in [{table}]"
            )),
        }
    }

    fn list(&self, table: &str, key: &str) -> Vec<String> {
        match self.get(table, 0, key) {
            Some(Value::List(l)) => l.clone(),
            _ => Vec::new(),
        }
    }
}

fn strip_comment(line: &str) -> &str {
    // The quote that opened the string being read: `"` (basic) or `'` (literal).
    let mut open: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (c, open) {
            ('"' | '\'', None) => open = Some(c),
            (q, Some(o)) if q == o => open = None,
            ('#', None) => return &line[..i],
            _ => {}
        }
    }
    line
}

fn parse_value(v: &str) -> Option<Value> {
    // Basic strings without escapes, and literal strings (which may hold `"`).
    let basic = v.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
    let literal = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\''));
    if let Some(s) = basic.or(literal) {
        return Some(Value::Str(s.to_owned()));
    }
    if let Some(items) = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        // Quoted strings (which may hold commas) with only commas and blanks between them.
        let parts: Vec<&str> = items.split('"').collect();
        if parts.len().is_multiple_of(2) {
            return None;
        }
        let mut list = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 {
                list.push((*part).to_owned());
            } else if !part.chars().all(|c| c == ',' || c.is_whitespace()) {
                return None;
            }
        }
        return Some(Value::List(list));
    }
    v.replace('_', "").parse().ok().map(Value::Int)
}

/// The settings `cargo xtask wasm` needs, from wasm-pack.toml.
struct Config {
    krate: PathBuf,
    profile: String,
    wasm_pack: String,
    builds: Vec<(String, PathBuf)>,
    opt_level: String,
    features: Vec<String>,
    /// wasm-opt's further arguments (`--converge`, `--strip-producers`).
    passes: Vec<String>,
    /// The build fails over this (`[budget] gzip-bytes`).
    budget: u64,
    /// W8's goal (`[budget] goal-bytes`): reported, judged by the bench.
    goal: u64,
    /// W9's goal (`[snippet] goal-bytes`): judged by the bench.
    snippet_goal: u64,
    snippet: SnippetConfig,
    /// How both modules are built (`[toolchain]`).
    build: Build,
}

/// `[snippet]` of wasm-pack.toml: the docs widget's module and its W9 budget.
struct SnippetConfig {
    krate: PathBuf,
    target: String,
    out_dir: PathBuf,
    /// The readable sources of the scripts a docs page loads besides the module and its glue
    /// (the element, the module's JS side): minified into `package` under the same names, and
    /// counted in the budget as minified.
    scripts: Vec<PathBuf>,
    /// The npm package folder the minified scripts are written to.
    package: PathBuf,
    /// The stylesheet written from the core (`snippet::html::stylesheet`) for static pages.
    stylesheet: PathBuf,
    budget: u64,
}

/// `[toolchain]` of wasm-pack.toml, how both modules are built: the pinned nightly toolchain, its
/// RUSTFLAGS, cargo's extra arguments (std rebuilt) and the target folder they share.
struct Build {
    toolchain: String,
    components: Vec<String>,
    rustflags: String,
    cargo_args: Vec<String>,
    target_dir: PathBuf,
}

fn config() -> Result<Config, String> {
    let path = root().join("wasm-pack.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let t = Toml::parse(&text)?;
    let builds = (0..t.arrays.get("build").copied().unwrap_or(0))
        .map(|i| {
            Ok((
                t.str("build", i, "target")?,
                root().join(t.str("build", i, "out-dir")?),
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if builds.is_empty() {
        return Err("wasm-pack.toml: no [[build]]".into());
    }
    Ok(Config {
        krate: root().join(t.str("", 0, "crate")?),
        profile: t.str("", 0, "profile")?,
        wasm_pack: t.str("tools", 0, "wasm-pack")?,
        builds,
        opt_level: t.str("wasm-opt", 0, "opt-level")?,
        features: t.list("wasm-opt", "features"),
        passes: t.list("wasm-opt", "passes"),
        budget: t.int("budget", "gzip-bytes")?,
        goal: t.int("budget", "goal-bytes")?,
        snippet_goal: t.int("snippet", "goal-bytes")?,
        snippet: SnippetConfig {
            krate: root().join(t.str("snippet", 0, "crate")?),
            target: t.str("snippet", 0, "target")?,
            out_dir: root().join(t.str("snippet", 0, "out-dir")?),
            scripts: t
                .list("snippet", "scripts")
                .iter()
                .map(|s| root().join(s))
                .collect(),
            package: root().join(t.str("snippet", 0, "package")?),
            stylesheet: root().join(t.str("snippet", 0, "stylesheet")?),
            budget: t.int("snippet", "gzip-bytes")?,
        },
        build: Build {
            toolchain: t.str("toolchain", 0, "name")?,
            components: t.list("toolchain", "components"),
            rustflags: t.str("toolchain", 0, "rustflags")?,
            cargo_args: t.list("toolchain", "cargo-args"),
            target_dir: root().join(t.str("toolchain", 0, "target-dir")?),
        },
    })
}

/// W8's goal in wasm-pack.toml (`goal-bytes`): wasm + JS glue, gzip -9, at most this many bytes.
/// `cargo xtask bench` judges the web build against it; the build itself fails over `gzip-bytes`
/// (the same figure once the goal is met, a ceiling on growth until then).
pub fn goal() -> Result<u64, String> {
    config().map(|c| c.goal)
}

/// W9's goal in wasm-pack.toml (`[snippet] goal-bytes`), judged by `cargo xtask bench`; the
/// build fails over the section's `gzip-bytes`.
pub fn snippet_goal() -> Result<u64, String> {
    config().map(|c| c.snippet_goal)
}

/// The JS a user of one `[[build]]` loads: wasm-bindgen's glue (`dbcert_wasm.js` in its out-dir)
/// and the package's entry with the options guard and the API it imports, relative to
/// npm/dbcert-wasm.
pub fn glue_files(target: &str, out_dir: &Path) -> Vec<PathBuf> {
    let pkg = root().join(PACKAGE);
    let mut files = vec![out_dir.join("dbcert_wasm.js")];
    let own: &[&str] = match target {
        "web" => &["web.mjs", "options.mjs", "api.mjs"],
        "nodejs" => &["index.cjs", "options.cjs", "api.cjs"],
        _ => &[],
    };
    files.extend(own.iter().map(|f| pkg.join(f)));
    files
}

/// The wasm package's folder, from the repository root.
const PACKAGE: &str = "npm/dbcert-wasm";

/// The exact version of `name` in Cargo.lock.
pub fn locked_version(name: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == format!("name = \"{name}\"") {
            if let Some(v) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err(format!(
        "{name} is not in Cargo.lock; run `cargo generate-lockfile`"
    ))
}

/// Runs the verb.
pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--snippet") {
        return snippet();
    }
    build()?;
    if args.iter().any(|a| a == "--twiggy") {
        twiggy()?;
    }
    Ok(())
}

/// Builds every `[[build]]` of wasm-pack.toml and the `[snippet]` module, optimises, reports
/// sizes and checks both budgets (W8 and W9).
pub fn build() -> Result<(), String> {
    let c = config()?;
    let path = tool_path(&c)?;
    let mut report = Vec::new();
    for (target, out_dir) in &c.builds {
        let wasm = pack(&c, &path, &c.krate, target, out_dir)?;
        // wasm-bindgen's glue, minified as the widget's is: every browser downloads the web
        // one, and the contract is the hand-written d.ts, so its doc comments serve no one.
        let glue = out_dir.join("dbcert_wasm.js");
        minify(&glue, &glue)?;
        report.push((target.clone(), out_dir.clone(), sizes(&wasm)?));
    }
    write_contracts()?;
    js::copy_licenses(&root().join("npm/dbcert-wasm"))?;
    write_shared()?;
    // The browser entry, minified as the glue is; the readable source ships beside it.
    let pkg = root().join(PACKAGE);
    minify(&pkg.join("src/web.mjs"), &pkg.join("web.mjs"))?;
    let report = report
        .into_iter()
        .map(|(target, out_dir, wasm)| {
            let glue = glue_sizes(&glue_files(&target, &out_dir))?;
            Ok((target, wasm, glue))
        })
        .collect::<Result<Vec<_>, String>>()?;
    // Both budgets are reported before either fails the build.
    let w8 = print_report(&report, c.budget, c.goal);
    instantiate_time()?;
    let w9 = build_snippet(&c, &path);
    w8.and(w9)
}

/// `cargo xtask wasm --snippet`: only the docs widget's module (W9).
pub fn snippet() -> Result<(), String> {
    let c = config()?;
    let path = tool_path(&c)?;
    build_snippet(&c, &path)
}

/// PATH with the exact wasm-bindgen-cli and wasm-pack in front; the npm tools installed.
fn tool_path(c: &Config) -> Result<String, String> {
    sh::ensure_target("wasm32-unknown-unknown")?;
    let bindgen = js::ensure_cargo_tool(
        "wasm-bindgen-cli",
        &locked_version("wasm-bindgen")?,
        "wasm-bindgen",
    )?;
    let pack = wasm_pack_dir(&c.wasm_pack)?;
    js::ensure_npm_tools()?;
    let mut dirs: Vec<&Path> = vec![bindgen.as_path()];
    if let Some(p) = pack.as_deref() {
        dirs.push(p);
    }
    Ok(js::path_with(&dirs))
}

/// `wasm-pack build` of one crate for one target (with `[toolchain]`'s settings), then
/// wasm-opt; returns the .wasm file.
fn pack(
    c: &Config,
    path: &str,
    krate: &Path,
    target: &str,
    out_dir: &Path,
) -> Result<PathBuf, String> {
    let build = &c.build;
    let krate_s = krate.to_string_lossy().into_owned();
    let out = out_dir.to_string_lossy().into_owned();
    let mut args = vec![
        "--quiet",
        "build",
        &krate_s,
        "--mode",
        "no-install",
        "--no-typescript",
        "--target",
        target,
        "--out-dir",
        &out,
        "--profile",
        &c.profile,
    ];
    if !build.cargo_args.is_empty() {
        args.push("--");
        args.extend(build.cargo_args.iter().map(String::as_str));
    }
    ensure_toolchain(&build.toolchain, &build.components)?;
    let target_dir = build.target_dir.to_string_lossy();
    let env = [
        ("PATH", path),
        ("RUSTUP_TOOLCHAIN", build.toolchain.as_str()),
        ("RUSTFLAGS", build.rustflags.as_str()),
        ("CARGO_TARGET_DIR", target_dir.as_ref()),
    ];
    js::run_in(&root(), "wasm-pack", &args, &env)?;
    // wasm-pack writes a `*` .gitignore and a package.json into the out-dir: npm would then
    // pack none of it, and the package.json would shadow the package's own.
    let _ = std::fs::remove_file(out_dir.join(".gitignore"));
    let name = krate
        .file_name()
        .map(|n| n.to_string_lossy().replace('-', "_"))
        .unwrap_or_default();
    let wasm = out_dir.join(format!("{name}_bg.wasm"));
    let wasm_s = wasm.to_string_lossy().into_owned();
    let mut opt_args = vec![format!("-O{}", c.opt_level)];
    opt_args.extend(c.features.iter().map(|f| format!("--enable-{f}")));
    opt_args.extend(c.passes.iter().cloned());
    opt_args.extend([wasm_s.clone(), "-o".into(), wasm_s]);
    let opt_refs: Vec<&str> = opt_args.iter().map(String::as_str).collect();
    js::run_in(
        &root(),
        &js::npm_bin("wasm-opt").to_string_lossy(),
        &opt_refs,
        &[],
    )?;
    Ok(wasm)
}

/// The docs widget's module (npm/dbcert-snippet): built, its stylesheet written from the core,
/// and W9 checked: module, glue and the scripts a page loads, each gzip -9, summed.
fn build_snippet(c: &Config, path: &str) -> Result<(), String> {
    let s = &c.snippet;
    let wasm = pack(c, path, &s.krate, &s.target, &s.out_dir)?;
    let _ = std::fs::remove_file(s.out_dir.join("package.json"));
    std::fs::write(&s.stylesheet, dbcert_core::snippet::html::stylesheet())
        .map_err(|e| format!("{}: {e}", s.stylesheet.display()))?;
    let types = s.stylesheet.with_file_name("module.d.ts");
    js::write_contract(&types, SNIPPET_TYPES_HEADER, snippet_section, SNIPPET_TYPES)?;
    let glue = wasm.with_file_name(
        wasm.file_name()
            .map(|n| n.to_string_lossy().replace("_bg.wasm", ".js"))
            .unwrap_or_default(),
    );
    // The JS a page downloads, minified (terser, pinned in tests/js): wasm-bindgen's glue in
    // place, the readable sources into the package folder. W9 counts what is shipped.
    minify(&glue, &glue)?;
    let mut files = vec![wasm, glue];
    for src in &s.scripts {
        let name = src
            .file_name()
            .ok_or("wasm-pack.toml [snippet] scripts: a file name")?;
        let out = s.package.join(name);
        minify(src, &out)?;
        files.push(out);
    }
    eprintln!("\nW9: what a docs page downloads for <dbcert-snippet> (bytes; budget: gzip -9, summed, ≤ {})", s.budget);
    eprintln!("{:<52} {:>10} {:>10}", "file", "raw", "gzip");
    let (mut raw, mut gz) = (0, 0);
    for f in &files {
        let (r, z) = sizes(f)?;
        let shown = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        eprintln!("{shown:<52} {r:>10} {z:>10}");
        raw += r;
        gz += z;
    }
    eprintln!("{:<52} {raw:>10} {gz:>10}", "total");
    if gz > s.budget {
        return Err(format!(
            "W9: the snippet widget is {gz} bytes gzip, over its budget of {} in wasm-pack.toml [snippet]",
            s.budget
        ));
    }
    Ok(())
}

/// Installs the rustup toolchain `name` (minimal profile) with `components`, unless it is there
/// (then only the components, which rustup adds once).
fn ensure_toolchain(name: &str, components: &[String]) -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map_err(|e| format!("rustup is needed for the {name} toolchain: {e}"))?;
    let listed = String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.starts_with(&format!("{name}-")) || l.split_whitespace().next() == Some(name));
    let components = components.join(",");
    let args = match (listed, components.is_empty()) {
        (true, true) => return Ok(()),
        (true, false) => vec!["component", "add", "--toolchain", name, &components],
        (false, true) => vec!["toolchain", "install", name, "--profile", "minimal"],
        (false, false) => vec![
            "toolchain",
            "install",
            name,
            "--profile",
            "minimal",
            "--component",
            &components,
        ],
    };
    sh::run("rustup", &args)
        .map_err(|e| format!("{e}\n(to install it by hand: rustup {})", args.join(" ")))
}

/// `src` minified by terser (compressed, names mangled, an ES module) into `out` (the package
/// README points to the readable sources).
fn minify(src: &Path, out: &Path) -> Result<(), String> {
    let (src_s, out_s) = (src.to_string_lossy(), out.to_string_lossy());
    let args = [
        src_s.as_ref(),
        "--module",
        "--compress",
        "passes=2",
        "--mangle",
        "--output",
        out_s.as_ref(),
    ];
    js::run_in(
        &root(),
        &js::npm_bin("terser").to_string_lossy(),
        &args,
        &[],
    )
}

/// The folder of a wasm-pack of exactly `version`: `None` when the one on PATH is it.
fn wasm_pack_dir(version: &str) -> Result<Option<PathBuf>, String> {
    let on_path = Command::new("wasm-pack")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if on_path.as_deref() == Some(&format!("wasm-pack {version}")) {
        return Ok(None);
    }
    js::ensure_cargo_tool("wasm-pack", version, "wasm-pack").map(Some)
}

/// `(raw, gzip -9)` bytes of a file.
fn sizes(file: &Path) -> Result<(u64, u64), String> {
    glue_sizes(&[file.to_path_buf()])
}

/// `(raw, gzip -9)` bytes of files, concatenated (the JS glue of one build, gzipped as one).
pub fn glue_sizes(files: &[PathBuf]) -> Result<(u64, u64), String> {
    let mut bytes = Vec::new();
    for f in files {
        bytes.extend(std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?);
    }
    let raw = bytes.len() as u64;
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("gzip is needed for the size report: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("gzip: no stdin")?;
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &bytes));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("gzip -9 -c: {e}"))?;
    let written = writer.join().map_err(|_| "gzip: the writer panicked")?;
    if !out.status.success() || written.is_err() {
        return Err(format!("gzip -9 -c of {} failed", files.len()));
    }
    Ok((raw, out.stdout.len() as u64))
}

/// One build's sizes: target, `(raw, gzip)` of the wasm, `(raw, gzip)` of the JS glue (see
/// [`glue_files`]).
type Sizes = (String, (u64, u64), (u64, u64));

fn print_report(report: &[Sizes], budget: u64, goal: u64) -> Result<(), String> {
    eprintln!(
        "\nwasm size report (bytes; budget: wasm + JS glue, gzip -9 ≤ {budget}, W8's goal ≤ {goal}; \
         the glue is wasm-bindgen's, the package's entry, the options guard and the API, gzipped as one)"
    );
    eprintln!(
        "{:<8} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "target", "wasm", "wasm.gz", "glue", "glue.gz", "total.gz"
    );
    let mut over = Vec::new();
    for (target, (w, wz), (g, gz)) in report {
        let total = wz + gz;
        eprintln!("{target:<8} {w:>10} {wz:>10} {g:>10} {gz:>10} {total:>12}");
        if total > budget {
            over.push(format!("{target}: {total} bytes gzip > budget {budget}"));
        } else if total > goal {
            eprintln!("{target:<8} W8 NOT MET: {total} bytes gzip > goal {goal} (wasm-pack.toml)");
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "over the size budget in wasm-pack.toml ({}); see `cargo xtask wasm --twiggy` for what costs what",
            over.join(", ")
        ))
    }
}

/// The CommonJS files the wasm package's two entries share, each copied into the package as
/// `<stem>.cjs` (for index.cjs) and `<stem>.mjs` (for web.mjs: an ES module, its last line
/// `export { … };` instead of `module.exports = { … };`), each minified by terser as the widget's
/// scripts are ([`minify`]): every browser downloads the web copies.
fn write_shared() -> Result<(), String> {
    for (src, stem) in SHARED {
        let src = root().join(src);
        let text = std::fs::read_to_string(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        let (body, names) = text
            .trim_end()
            .rsplit_once('\n')
            .and_then(|(body, last)| {
                let names = last.strip_prefix("module.exports = {")?.strip_suffix("};")?;
                Some((body, names.trim()))
            })
            .ok_or_else(|| {
                format!(
                    "{} must end with one `module.exports = {{ … }};` line (the ES copy replaces it)",
                    src.display()
                )
            })?;
        let pkg = root().join(PACKAGE);
        let write = |name: String, text: String| {
            let to = pkg.join(name);
            std::fs::write(&to, text).map_err(|e| format!("{}: {e}", to.display()))?;
            minify(&to, &to)
        };
        write(format!("{stem}.cjs"), text.clone())?;
        write(
            format!("{stem}.mjs"),
            format!("{body}\nexport {{ {names} }};\n"),
        )?;
    }
    Ok(())
}

/// The shared files' sources and their names in the package: the options guard (the addon's own
/// file, shared by both packages) and the API over the module's functions.
const SHARED: [(&str, &str); 2] = [
    ("npm/dbcert/options.js", "options"),
    ("npm/dbcert-wasm/src/api.js", "api"),
];

/// The contract, adapted: `index.d.ts` (require) and `index.d.mts` (import, bundlers), and
/// `web.d.mts` (with `init` and `initSync`).
fn write_contracts() -> Result<(), String> {
    let pkg = root().join(PACKAGE);
    js::write_contract(&pkg.join("index.d.ts"), "", |s| s, "")?;
    js::write_contract(&pkg.join("index.d.mts"), "", |s| s, "")?;
    js::write_contract(&pkg.join("web.d.mts"), "", |s| s, WEB_TYPES)
}

/// What the web entry adds to the contract.
const WEB_TYPES: &str = r#"
// ------------------------------------------------------------------------------ web only

/** What `init` and `initSync` accept: a URL or path, a fetch `Response`, bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads and instantiates the module (once; later calls return the same instance). Call it, and wait for it, before anything else. */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;

/** Instantiates the module synchronously from bytes or a compiled module. */
export function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown;
"#;

/// The contract's `Format` type and its snippet section: the types of npm/dbcert-snippet's module.
fn snippet_section(contract: String) -> String {
    let lines: Vec<&str> = contract.lines().collect();
    let format = lines
        .iter()
        .find(|l| l.starts_with("export type Format ="))
        .unwrap_or(&"export type Format = string;");
    // The options marked "Full packages only" (the CRL options, whose code the widget's build
    // leaves out) end where their interface does.
    let mut full_only = false;
    let section: Vec<&str> = lines
        .iter()
        .skip_while(|l| !(l.starts_with("// ---") && l.ends_with(" snippet")))
        .enumerate()
        .take_while(|(i, l)| *i == 0 || !l.starts_with("// ---"))
        .map(|(_, l)| *l)
        .filter(|l| {
            full_only =
                (full_only || l.trim_start().starts_with("// Full packages only")) && *l != "}";
            !full_only
        })
        .collect();
    format!(
        "\n/** A container format dbcert reads. */\n{format}\n\n{}\n",
        section.join("\n")
    )
}

/// What npm/dbcert-snippet/module.d.ts starts with.
const SNIPPET_TYPES_HEADER: &str = "// npm/dbcert-snippet's module (module.mjs): the snippet part of the contract, and its functions.\n";

/// The functions of npm/dbcert-snippet/module.mjs.
const SNIPPET_TYPES: &str = r#"
// -------------------------------------------------------------------------------- functions

/** Instantiates the module once (the same promise each call); by default fetches the .wasm beside the glue. */
export function load(input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

/** The code or settings that make one client connect with one SSL mode. Call after `load()` has resolved. */
export function snippet(options: SnippetOptions): Snippet;

/** Every client `snippet` knows, in a stable order. */
export function clients(): ClientInfo[];

/** `<dbcert-snippet>` with its markup pre-rendered in a declarative shadow root: static HTML. */
export function snippetHtml(options: SnippetOptions, view?: SnippetView): string;

/** The markup `<dbcert-snippet>` puts in its shadow root. */
export function widgetHtml(options: SnippetOptions, view?: SnippetView): string;

/** The view's stylesheet: what dbcert-snippet.css holds. */
export function stylesheet(): string;
"#;

/// Compiles and instantiates the web build in Node, as a browser would, and prints the time.
fn instantiate_time() -> Result<(), String> {
    js::run_in(&js::dir(), "node", &["tools/instantiate.mjs"], &[])
}

/// Installs twiggy and prints the cost of each crate in the (pre-wasm-bindgen, named) module.
fn twiggy() -> Result<(), String> {
    let c = config()?;
    let bin = js::ensure_cargo_tool("twiggy", "0.8.0", "twiggy")?;
    let wasm = c.build.target_dir.join(format!(
        "wasm32-unknown-unknown/{}/dbcert_wasm.wasm",
        c.profile
    ));
    let out = Command::new(bin.join("twiggy"))
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(&wasm)
        .output()
        .map_err(|e| format!("twiggy: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "twiggy top failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut by_crate: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = 0u64;
    for line in String::from_utf8_lossy(&out.stdout).lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent
        let cols = split_csv(line);
        let (Some(name), Some(size)) = (
            cols.first(),
            cols.get(1).and_then(|s| s.parse::<u64>().ok()),
        ) else {
            continue;
        };
        // wasm-bindgen removes these two sections: they are not shipped.
        if name.contains("function names") || name.contains("__wasm_bindgen_unstable") {
            continue;
        }
        total += size;
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    let mut rows: Vec<_> = by_crate.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    eprintln!(
        "\nwhat each crate costs in {} ({total} bytes of code and data, before wasm-bindgen and wasm-opt):",
        wasm.display()
    );
    for (k, v) in rows.iter().take(30) {
        eprintln!(
            "{v:>9}  {:>5.1}%  {k}",
            *v as f64 * 100.0 / total.max(1) as f64
        );
    }
    Ok(())
}

fn split_csv(line: &str) -> Vec<String> {
    let (mut cols, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => cols.push(std::mem::take(&mut cur)),
            _ => cur.push(ch),
        }
    }
    cols.push(cur);
    cols
}

/// The crate a (demangled) item belongs to: the first path segment that names one.
fn crate_of(name: &str) -> String {
    if !name.contains("::") {
        // Data segments, the function table, wasm-bindgen shims, custom sections.
        return if name.starts_with("data[") {
            "(data)".into()
        } else {
            format!("({})", name.split(['[', ' ']).next().unwrap_or(name))
        };
    }
    let trimmed = name
        .trim_start_matches(['<', '&', '*', '(', ' '])
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ");
    let first = trimmed.split("::").next().unwrap_or(trimmed);
    // `core[c5930c85a12de822]`: drop the crate hash.
    let first = first.split('[').next().unwrap_or(first);
    // `core::ptr::drop_in_place<dbcert_core::…>` and friends count for the crate inside.
    if matches!(first, "core" | "alloc" | "std") {
        if let Some(inner) = trimmed.split_once('<').map(|(_, r)| r) {
            if inner.contains("::") && !inner.starts_with("core::") && !inner.starts_with("alloc::")
            {
                return crate_of(inner);
            }
        }
    }
    first.to_owned()
}
