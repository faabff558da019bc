//! The platforms the addon ships for, each as napi-rs names it, and the cross builds: zig from
//! PyPI (`ziglang`, run as `python3 -m ziglang`) as the C compiler and linker, driven by
//! `cargo zigbuild` (cargo-zigbuild, `cargo install`ed at a pinned version), with the Rust
//! standard library of each target from rustup. Each binary lands in its platform package,
//! `npm/dbcert/npm/<name>/dbcert.<name>.node`, whose package.json and README.md are written
//! here from [`PLATFORMS`] (so the `os`/`cpu`/`libc` fields cannot drift from the build).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{js, root, sh};

/// ziglang on PyPI: the zig compiler as a wheel (`python3 -m ziglang`).
pub const ZIG_VERSION: &str = "0.16.0";
/// cargo-zigbuild on crates.io.
const ZIGBUILD_VERSION: &str = "0.24.1";

/// One platform the addon is built for.
pub struct Platform {
    /// napi-rs's name: the package is `dbcert-<name>`, the binary `dbcert.<name>.node`.
    pub name: &'static str,
    /// The Rust target.
    pub triple: &'static str,
    /// What `cargo zigbuild --target` is given: the triple, with the oldest glibc to link
    /// against where there is one (napi-rs's packages also target glibc 2.17).
    zig_target: &'static str,
    /// npm's `os` and `cpu`.
    pub os: &'static str,
    /// npm's `cpu`.
    pub cpu: &'static str,
    /// npm's `libc` (Linux only: npm refuses a package with `libc` on any other OS).
    pub libc: Option<&'static str>,
    /// For people: "Linux arm64 (glibc)".
    pub label: &'static str,
    /// Extra rustc flags for this target.
    rustflags: &'static str,
}

impl Platform {
    /// The npm package name.
    pub fn package(&self) -> String {
        format!("dbcert-{}", self.name)
    }

    /// The binary's file name inside its package (and beside the loader in a development build).
    pub fn file(&self) -> String {
        format!("dbcert.{}.node", self.name)
    }

    /// The platform package's folder.
    pub fn dir(&self) -> PathBuf {
        root().join("npm/dbcert/npm").join(self.name)
    }

    /// The built binary inside its package.
    pub fn binary(&self) -> PathBuf {
        self.dir().join(self.file())
    }

    /// What cargo writes for this target: a cdylib named as the target's OS names libraries.
    fn cargo_output(&self, profile: Profile) -> PathBuf {
        let file = match self.os {
            "darwin" => "libdbcert_node.dylib",
            "win32" => "dbcert_node.dll",
            _ => "libdbcert_node.so",
        };
        // CARGO_TARGET_DIR, when set, is relative to the workspace root, where cargo runs.
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| root().join("target"), |d| root().join(d));
        target.join(self.triple).join(profile.dir()).join(file)
    }
}

/// The cargo profile of a cross build.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `--release` (fat LTO, one codegen unit): the binaries the platform packages ship,
    /// `cargo xtask node --all-platforms`.
    Release,
    /// `--profile cross-check` (Cargo.toml: opt-level 1, no LTO, 16 codegen units): the same
    /// sources, target, linker and libraries, built in a fraction of the time; what
    /// `cargo xtask test` checks and runs under qemu, so CI meets no 35-50 minute fat-LTO build.
    Check,
}

impl Profile {
    fn args(self) -> &'static [&'static str] {
        match self {
            Self::Release => &["--release"],
            Self::Check => &["--profile", "cross-check"],
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::Check => "cross-check",
        }
    }
}

/// Every platform with native code, in the order of the size report.
pub const PLATFORMS: [Platform; 7] = [
    Platform {
        name: "linux-x64-gnu",
        triple: "x86_64-unknown-linux-gnu",
        zig_target: "x86_64-unknown-linux-gnu.2.17",
        os: "linux",
        cpu: "x64",
        libc: Some("glibc"),
        label: "Linux x64 (glibc)",
        rustflags: "",
    },
    Platform {
        name: "linux-x64-musl",
        triple: "x86_64-unknown-linux-musl",
        zig_target: "x86_64-unknown-linux-musl",
        os: "linux",
        cpu: "x64",
        libc: Some("musl"),
        label: "Linux x64 (musl: Alpine)",
        // Rust's musl targets link statically by default, and a static binary cannot be a
        // shared library (cdylib): link musl's libc.so as Node itself does.
        rustflags: "-C target-feature=-crt-static",
    },
    Platform {
        name: "linux-arm64-gnu",
        triple: "aarch64-unknown-linux-gnu",
        zig_target: "aarch64-unknown-linux-gnu.2.17",
        os: "linux",
        cpu: "arm64",
        libc: Some("glibc"),
        label: "Linux arm64 (glibc)",
        rustflags: "",
    },
    Platform {
        name: "linux-arm64-musl",
        triple: "aarch64-unknown-linux-musl",
        zig_target: "aarch64-unknown-linux-musl",
        os: "linux",
        cpu: "arm64",
        libc: Some("musl"),
        label: "Linux arm64 (musl: Alpine)",
        rustflags: "-C target-feature=-crt-static",
    },
    Platform {
        name: "darwin-arm64",
        triple: "aarch64-apple-darwin",
        zig_target: "aarch64-apple-darwin",
        os: "darwin",
        cpu: "arm64",
        libc: None,
        label: "macOS arm64 (Apple silicon)",
        rustflags: "",
    },
    Platform {
        name: "darwin-x64",
        triple: "x86_64-apple-darwin",
        zig_target: "x86_64-apple-darwin",
        os: "darwin",
        cpu: "x64",
        libc: None,
        label: "macOS x64 (Intel)",
        rustflags: "",
    },
    Platform {
        // napi-rs names x86_64-pc-windows-gnu `win32-x64-gnu`; the MSVC target needs Microsoft's
        // CRT and SDK, which no registry here serves. See crates/dbcert-node/build.rs.
        name: "win32-x64-gnu",
        triple: "x86_64-pc-windows-gnu",
        zig_target: "x86_64-pc-windows-gnu",
        os: "win32",
        cpu: "x64",
        libc: None,
        label: "Windows x64",
        rustflags: "",
    },
];

/// The platform of the machine building (the one `napi build --platform` builds for).
pub fn host() -> Result<&'static Platform, String> {
    let name = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "linux-x64-gnu",
        ("linux", "aarch64") => "linux-arm64-gnu",
        ("macos", "aarch64") => "darwin-arm64",
        ("macos", "x86_64") => "darwin-x64",
        ("windows", "x86_64") => "win32-x64-gnu",
        (os, arch) => return Err(format!("no napi platform name for {os}/{arch}")),
    };
    by_name(name)
}

/// The platform named `name`.
pub fn by_name(name: &str) -> Result<&'static Platform, String> {
    PLATFORMS
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| format!("no platform named {name}"))
}

/// The toolchain of the cross builds, installed when missing.
pub struct Zig {
    /// Where `ziglang` is installed (put on PYTHONPATH for `python3 -m ziglang`).
    pythonpath: PathBuf,
    /// The folder holding `cargo-zigbuild`.
    bin: PathBuf,
}

/// `python3 -m pip install --target <tools>/<name>-<version> …`: a PyPI package in its own
/// folder, kept across clones like the cargo-installed tools. `extra` goes before the package
/// (`--platform …` to fetch another machine's wheel).
pub fn ensure_pip_package(
    name: &str,
    version: &str,
    folder: &str,
    extra: &[&str],
) -> Result<PathBuf, String> {
    let dir = js::tools_root().join(folder);
    let done = dir.join(".installed");
    if done.exists() {
        return Ok(dir);
    }
    sh::ensure_debian(&[("python3", "python3")])?;
    let dir_arg = dir.to_string_lossy().into_owned();
    let spec = format!("{name}=={version}");
    let mut args = vec![
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--root-user-action=ignore",
        "--no-deps",
        "--upgrade",
        "--target",
        &dir_arg,
    ];
    args.extend_from_slice(extra);
    args.push(&spec);
    sh::run("python3", &args).map_err(|e| {
        format!("{e}\n(to install it by hand: python3 -m pip install --target {dir_arg} {} {spec}; python3 -m pip comes with Debian's python3-pip)", extra.join(" "))
    })?;
    std::fs::write(&done, &spec).map_err(|e| format!("{}: {e}", done.display()))?;
    Ok(dir)
}

impl Zig {
    /// zig from PyPI, cargo-zigbuild and every target's standard library.
    pub fn ensure() -> Result<Self, String> {
        let pythonpath = ensure_pip_package(
            "ziglang",
            ZIG_VERSION,
            &format!("ziglang-{ZIG_VERSION}"),
            &[],
        )?;
        let bin = js::ensure_cargo_tool("cargo-zigbuild", ZIGBUILD_VERSION, "cargo-zigbuild")?;
        for p in &PLATFORMS {
            sh::ensure_target(p.triple)?;
        }
        Ok(Zig { pythonpath, bin })
    }

    /// The environment `cargo zigbuild` runs with for `platform`.
    fn env(&self, platform: &Platform) -> Vec<(String, String)> {
        let mut env = vec![
            ("PATH".to_owned(), js::path_with(&[&self.bin])),
            (
                "PYTHONPATH".to_owned(),
                self.pythonpath.to_string_lossy().into_owned(),
            ),
        ];
        if !platform.rustflags.is_empty() {
            let key = format!(
                "CARGO_TARGET_{}_RUSTFLAGS",
                platform.triple.to_uppercase().replace('-', "_")
            );
            env.push((key, platform.rustflags.to_owned()));
        }
        env
    }

    /// For windows-gnu: napi's own build script (napi 3.16) runs napi-build's `setup_gnu`, which
    /// insists on a `libnode.dll` in `LIBNODE_PATH` and passes `-lnode` to the linker. The addon
    /// finds Node-API in the host process instead (`dyn-symbols`, crates/dbcert-node/build.rs)
    /// and references no symbol of it, so this folder holds an import library of node.exe with
    /// no exports (`libnode.a`, made by zig's dlltool) and the file name the script looks for.
    /// The structural checks then hold the DLL to system imports only.
    fn empty_libnode(&self) -> Result<PathBuf, String> {
        let dir = root().join("target/zig-libnode");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let def = dir.join("node.def");
        std::fs::write(&def, "LIBRARY node.exe\nEXPORTS\n")
            .map_err(|e| format!("{}: {e}", def.display()))?;
        let status = Command::new("python3")
            .args(["-m", "ziglang", "dlltool", "-m", "i386:x86-64", "-d"])
            .arg(&def)
            .arg("-l")
            .arg(dir.join("libnode.a"))
            .env("PYTHONPATH", &self.pythonpath)
            .status()
            .map_err(|e| format!("could not start python3 -m ziglang dlltool: {e}"))?;
        if !status.success() {
            return Err(format!("zig dlltool failed ({status})"));
        }
        let placeholder = dir.join("libnode.dll");
        std::fs::write(&placeholder, b"").map_err(|e| format!("{}: {e}", placeholder.display()))?;
        Ok(dir)
    }

    /// `cargo zigbuild --release -p dbcert-node --target …` (or `--profile cross-check`), then
    /// the binary copied into its package; returns the build's wall time in seconds.
    pub fn build(&self, platform: &Platform, profile: Profile) -> Result<f64, String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut args = vec!["zigbuild"];
        args.extend_from_slice(profile.args());
        args.extend(["-p", "dbcert-node", "--target", platform.zig_target]);
        let mut env = self.env(platform);
        if platform.os == "win32" {
            let dir = self.empty_libnode()?;
            env.push((
                "LIBNODE_PATH".to_owned(),
                dir.to_string_lossy().into_owned(),
            ));
        }
        let shown: Vec<String> = env
            .iter()
            .filter(|(k, _)| k != "PATH")
            .map(|(k, v)| format!("{k}='{v}' "))
            .collect();
        eprintln!("xtask$ {}cargo {}", shown.concat(), args.join(" "));
        let started = Instant::now();
        let status = Command::new(&cargo)
            .args(&args)
            .envs(env)
            .current_dir(root())
            .status()
            .map_err(|e| format!("could not start cargo: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo {}` failed ({status})", args.join(" ")));
        }
        let seconds = started.elapsed().as_secs_f64();
        install(platform, &platform.cargo_output(profile))?;
        Ok(seconds)
    }
}

/// Copies a built binary into its platform package.
pub fn install(platform: &Platform, built: &Path) -> Result<(), String> {
    write_package(platform)?;
    std::fs::copy(built, platform.binary())
        .map(|_| ())
        .map_err(|e| {
            format!(
                "copying {} to {}: {e}",
                built.display(),
                platform.binary().display()
            )
        })
}

/// The main package's version and license, which every platform package repeats.
fn main_package() -> Result<(String, String, String), String> {
    let path = root().join("npm/dbcert/package.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let field = |key: &str| -> Result<String, String> {
        let at = text
            .find(&format!("\"{key}\": \""))
            .ok_or_else(|| format!("{}: no \"{key}\"", path.display()))?;
        let rest = &text[at + key.len() + 5..];
        Ok(rest[..rest.find('"').unwrap_or(0)].to_owned())
    };
    Ok((field("version")?, field("license")?, field("repository")?))
}

/// Writes every platform package's package.json and README.md, and the license files.
pub fn write_packages() -> Result<(), String> {
    PLATFORMS.iter().try_for_each(write_package)
}

/// Writes a platform package's package.json and README.md (the binary is copied beside them).
fn write_package(p: &Platform) -> Result<(), String> {
    let (version, license, repository) = main_package()?;
    let libc = p
        .libc
        .map(|l| format!(",\n  \"libc\": [\n    \"{l}\"\n  ]"))
        .unwrap_or_default();
    let json = format!(
        r#"{{
  "name": "{package}",
  "version": "{version}",
  "description": "The dbcert native addon for {label}; installed by `dbcert` on that platform.",
  "license": "{license}",
  "repository": "{repository}",
  "main": "{file}",
  "files": [
    "{file}",
    "LICENSE-MIT",
    "LICENSE-APACHE"
  ],
  "os": [
    "{os}"
  ],
  "cpu": [
    "{cpu}"
  ]{libc},
  "engines": {{
    "node": ">=18"
  }}
}}
"#,
        package = p.package(),
        label = p.label,
        file = p.file(),
        os = p.os,
        cpu = p.cpu,
    );
    let readme = format!(
        "# `{package}`\n\nThe `dbcert` native addon (napi-rs) for {label}: Rust target `{triple}`.\n\n\
         Install [`dbcert`](https://www.npmjs.com/package/dbcert), not this package: npm installs\n\
         this one as an optional dependency on {label} only (its `os`, `cpu`{libc_note} fields),\n\
         and `dbcert`'s loader picks it. Where no platform package fits, `dbcert` runs its\n\
         WebAssembly build (`dbcert-wasm`) with the same API and says so in one line on stderr.\n\n\
         Licensed under either of MIT or Apache-2.0, at your option (LICENSE-MIT, LICENSE-APACHE).\n",
        package = p.package(),
        label = p.label,
        triple = p.triple,
        libc_note = if p.libc.is_some() { " and `libc`" } else { "" },
    );
    let dir = p.dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in [("package.json", json), ("README.md", readme)] {
        let to = dir.join(name);
        if std::fs::read_to_string(&to).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&to, text).map_err(|e| format!("{}: {e}", to.display()))?;
        }
    }
    js::copy_licenses(&dir)
}

/// The main package names every platform package as an optional dependency at its own
/// version, and lists every target for napi-rs: fails with what to change otherwise.
pub fn check_main_package() -> Result<(), String> {
    let path = root().join("npm/dbcert/package.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (version, ..) = main_package()?;
    let mut missing = Vec::new();
    for p in &PLATFORMS {
        // Each string occurs once in the file: in optionalDependencies and in napi.targets.
        let dep = format!("\"{}\": \"{version}\"", p.package());
        if !text.contains(&dep) {
            missing.push(format!("optionalDependencies lacks {dep}"));
        }
        if !text.contains(&format!("\"{}\"", p.triple)) {
            missing.push(format!("napi.targets lacks \"{}\"", p.triple));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", path.display(), missing.join("; ")))
    }
}

/// The files a cross build reads: the addon's crates and those it builds on (sources,
/// manifests, build scripts), the workspace manifest and lock file. With the compiler and the
/// build settings they make the key of [`inputs_key`].
fn inputs() -> Result<Vec<PathBuf>, String> {
    let mut files = vec![root().join("Cargo.toml"), root().join("Cargo.lock")];
    for krate in ["dbcert-core", "dbcert-ring", "dbcert-probe", "dbcert-node"] {
        let dir = root().join("crates").join(krate);
        files.push(dir.join("Cargo.toml"));
        if dir.join("build.rs").exists() {
            files.push(dir.join("build.rs"));
        }
        walk(&dir.join("src"), &mut files)?;
    }
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, into: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            walk(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

/// A key for the inputs of the cross builds: 64-bit FNV-1a over each input file's path and
/// bytes, `rustc -vV`, the zig and cargo-zigbuild versions and each platform's build settings.
pub fn inputs_key(profile: Profile) -> Result<String, String> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in inputs()? {
        feed(
            file.strip_prefix(root())
                .unwrap_or(&file)
                .to_string_lossy()
                .as_bytes(),
        );
        feed(&std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("-vV")
        .output()
        .map_err(|e| format!("rustc -vV: {e}"))?;
    feed(&version.stdout);
    feed(format!("zig {ZIG_VERSION} cargo-zigbuild {ZIGBUILD_VERSION}").as_bytes());
    feed(profile.dir().as_bytes());
    for p in &PLATFORMS {
        feed(format!("{} {} {}", p.triple, p.zig_target, p.rustflags).as_bytes());
    }
    Ok(format!("{hash:016x}"))
}

/// Where cross builds are kept between runs and fresh clones on this machine:
/// `$DBCERT_CACHE/node-platforms/<key>`, else next to the tools folder
/// (`~/.cargo/dbcert-cache/…`).
pub fn cache_dir(key: &str) -> PathBuf {
    let base = std::env::var_os("DBCERT_CACHE").map_or_else(
        || js::tools_root().with_file_name("dbcert-cache"),
        PathBuf::from,
    );
    base.join("node-platforms").join(key)
}

/// Keeps a built binary in the cache, and only the four newest keys.
pub fn store(platform: &Platform, key: &str) -> Result<(), String> {
    let dir = cache_dir(key);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // Written under a temporary name and renamed, so a stopped run leaves no half file.
    let (tmp, to) = (
        dir.join(format!("{}.partial", platform.file())),
        dir.join(platform.file()),
    );
    std::fs::copy(platform.binary(), &tmp)
        .and_then(|_| std::fs::rename(&tmp, &to))
        .map_err(|e| format!("{}: {e}", to.display()))?;
    let Some(parent) = dir.parent() else {
        return Ok(());
    };
    let mut keys: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(parent)
        .map_err(|e| format!("{}: {e}", parent.display()))?
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    keys.sort();
    keys.reverse();
    for (_, old) in keys.into_iter().skip(4) {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// The cached binary of `platform` for `key`, if there is one.
pub fn cached(platform: &Platform, key: &str) -> Option<PathBuf> {
    Some(cache_dir(key).join(platform.file())).filter(|p| p.exists())
}
