//! Structural checks of a built addon, for the platforms no test here can run it on: the object
//! format and architecture its platform loads, the `napi_register_module_v1` export Node calls,
//! and the libraries it needs limited to the system's (and Node-API, which comes from the Node
//! process). Read with goblin (ELF, Mach-O, PE).

use goblin::elf::header::{EM_AARCH64, EM_X86_64, ET_DYN};
use goblin::mach::cputype::{CPU_TYPE_ARM64, CPU_TYPE_X86_64};
use goblin::mach::header::{MH_BUNDLE, MH_DYLIB};
use goblin::mach::load_command::CommandVariant;
use goblin::mach::Mach;
use goblin::Object;

use super::platforms::Platform;

/// The entry point Node-API calls when it loads an addon.
const ENTRY: &str = "napi_register_module_v1";

/// What a binary's check found.
pub struct Report {
    /// "ELF 64 x86-64 shared object", "Mach-O arm64 dylib", "PE32+ x86-64 DLL".
    pub format: String,
    /// The libraries it loads, as the binary names them.
    pub libraries: Vec<String>,
    /// How it reaches Node-API: "N napi_* symbols bound by the loader", or looked up at load.
    pub node_api: String,
    /// The oldest OS it runs on where the binary says so: glibc 2.17, macOS 11.0.
    pub needs: String,
}

/// Checks `bytes`, the binary built for `platform`.
pub fn check(platform: &Platform, bytes: &[u8]) -> Result<Report, String> {
    let object = Object::parse(bytes).map_err(|e| format!("not an object file: {e}"))?;
    match (platform.os, object) {
        ("linux", Object::Elf(elf)) => check_elf(platform, &elf),
        ("darwin", Object::Mach(Mach::Binary(macho))) => check_macho(platform, &macho),
        ("win32", Object::PE(pe)) => check_pe(platform, &pe),
        (os, _) => Err(format!("not the object format {os} loads")),
    }
}

/// The problems found, or `Ok`.
fn verdict(report: Report, problems: Vec<String>) -> Result<Report, String> {
    if problems.is_empty() {
        Ok(report)
    } else {
        Err(problems.join("; "))
    }
}

/// `version` is newer than `than`, both dotted ("2.17" < "2.28").
fn newer(version: &str, than: &str) -> bool {
    let parts = |v: &str| -> Vec<u32> { v.split('.').map(|n| n.parse().unwrap_or(0)).collect() };
    parts(version) > parts(than)
}

fn check_elf(p: &Platform, elf: &goblin::elf::Elf) -> Result<Report, String> {
    let mut problems = Vec::new();
    let (machine, arch) = match p.cpu {
        "x64" => (EM_X86_64, "x86-64"),
        _ => (EM_AARCH64, "aarch64"),
    };
    if !elf.is_64 || elf.header.e_machine != machine || elf.header.e_type != ET_DYN {
        problems.push(format!(
            "not a 64-bit {arch} shared object (machine {}, type {})",
            elf.header.e_machine, elf.header.e_type
        ));
    }
    let name = |at: usize| elf.dynstrtab.get_at(at).unwrap_or("");
    let exported = elf.dynsyms.iter().any(|s| {
        name(s.st_name) == ENTRY && !s.is_import() && s.st_bind() == goblin::elf::sym::STB_GLOBAL
    });
    if !exported {
        problems.push(format!("{ENTRY} is not exported"));
    }
    let napi = elf
        .dynsyms
        .iter()
        .filter(|s| s.is_import() && name(s.st_name).starts_with("napi_"))
        .count();
    // Libraries every Linux has: the C library and its parts, the dynamic loader, libgcc's
    // unwinder (which Node itself needs on musl too).
    let musl = p.libc == Some("musl");
    let allowed = |lib: &str| {
        lib.starts_with("libgcc_s.so")
            || if musl {
                lib == "libc.so" || lib.starts_with("libc.musl-") || lib.starts_with("ld-musl-")
            } else {
                [
                    "libc.so.6",
                    "libm.so.6",
                    "libdl.so.2",
                    "libpthread.so.0",
                    "librt.so.1",
                ]
                .contains(&lib)
                    || lib.starts_with("ld-linux-")
            }
    };
    for lib in &elf.libraries {
        if !allowed(lib) {
            problems.push(format!(
                "needs {lib}, which is not part of every {} system",
                p.label
            ));
        }
    }
    // The newest glibc symbol version it binds to (or, on musl, any glibc version at all).
    let mut glibc: Option<String> = None;
    if let Some(verneed) = &elf.verneed {
        for need in verneed.iter() {
            for aux in need.iter() {
                if let Some(v) = name(aux.vna_name).strip_prefix("GLIBC_") {
                    if v.chars().next().is_some_and(|c| c.is_ascii_digit())
                        && glibc.as_deref().is_none_or(|g| newer(v, g))
                    {
                        glibc = Some(v.to_owned());
                    }
                }
            }
        }
    }
    let needs = match (&glibc, musl) {
        (Some(v), true) => {
            problems.push(format!("a musl binary that needs glibc {v}"));
            String::new()
        }
        (Some(v), false) => format!("glibc {v}"),
        (None, true) => "musl".to_owned(),
        (None, false) => "any glibc".to_owned(),
    };
    if napi == 0 {
        problems.push("no napi_* symbol left for Node to bind".into());
    }
    verdict(
        Report {
            format: format!("ELF 64 {arch} shared object"),
            libraries: elf.libraries.iter().map(|s| (*s).to_owned()).collect(),
            node_api: format!("{napi} napi_* symbols bound by Node's loader"),
            needs,
        },
        problems,
    )
}

fn check_macho(p: &Platform, macho: &goblin::mach::MachO) -> Result<Report, String> {
    let mut problems = Vec::new();
    let (cputype, arch) = match p.cpu {
        "x64" => (CPU_TYPE_X86_64, "x86-64"),
        _ => (CPU_TYPE_ARM64, "arm64"),
    };
    if !macho.is_64
        || macho.header.cputype != cputype
        || ![MH_DYLIB, MH_BUNDLE].contains(&macho.header.filetype)
    {
        problems.push(format!(
            "not a 64-bit {arch} dylib or bundle (cputype {:#x}, filetype {})",
            macho.header.cputype, macho.header.filetype
        ));
    }
    let exports = macho
        .exports()
        .map_err(|e| format!("reading the exports: {e}"))?;
    if !exports.iter().any(|e| e.name == format!("_{ENTRY}")) {
        problems.push(format!("_{ENTRY} is not exported"));
    }
    // libs[0] is the binary itself ("self"); the rest must ship with macOS.
    let libraries: Vec<String> = macho.libs.iter().skip(1).map(|s| (*s).to_owned()).collect();
    for lib in &libraries {
        if !(lib.starts_with("/usr/lib/") || lib.starts_with("/System/Library/")) {
            problems.push(format!("needs {lib}, which is not part of macOS"));
        }
    }
    let imports = macho
        .imports()
        .map_err(|e| format!("reading the imports: {e}"))?;
    let napi = imports
        .iter()
        .filter(|i| i.name.starts_with("_napi_"))
        .count();
    if napi == 0 {
        problems.push("no _napi_* symbol left for Node to bind".into());
    }
    let version = |v: u32| format!("{}.{}", v >> 16, (v >> 8) & 0xff);
    let needs = macho
        .load_commands
        .iter()
        .find_map(|c| match &c.command {
            CommandVariant::BuildVersion(b) => Some(format!("macOS {}", version(b.minos))),
            CommandVariant::VersionMinMacosx(m) => Some(format!("macOS {}", version(m.version))),
            _ => None,
        })
        .unwrap_or_else(|| "macOS (no minimum version recorded)".into());
    verdict(
        Report {
            format: format!(
                "Mach-O {arch} {}",
                if macho.header.filetype == MH_DYLIB {
                    "dylib"
                } else {
                    "bundle"
                }
            ),
            libraries,
            node_api: format!(
                "{napi} _napi_* symbols looked up in the process when loaded (dynamic_lookup)"
            ),
            needs,
        },
        problems,
    )
}

/// DLLs every Windows 10 and later has (the CRT as mingw-w64 links it, msvcrt or the UCRT's
/// api-ms-win-crt-* sets, and the Win32 API).
const WINDOWS_DLLS: [&str; 14] = [
    "kernel32.dll",
    "ntdll.dll",
    "advapi32.dll",
    "bcrypt.dll",
    "bcryptprimitives.dll",
    "ws2_32.dll",
    "userenv.dll",
    "msvcrt.dll",
    "ucrtbase.dll",
    "user32.dll",
    "shell32.dll",
    "ole32.dll",
    "secur32.dll",
    "crypt32.dll",
];

fn check_pe(p: &Platform, pe: &goblin::pe::PE) -> Result<Report, String> {
    let mut problems = Vec::new();
    const AMD64: u16 = goblin::pe::header::COFF_MACHINE_X86_64;
    if !pe.is_64 || !pe.is_lib || pe.header.coff_header.machine != AMD64 || p.cpu != "x64" {
        problems.push(format!(
            "not a PE32+ x86-64 DLL (machine {:#x}, DLL {})",
            pe.header.coff_header.machine, pe.is_lib
        ));
    }
    if !pe.exports.iter().any(|e| e.name == Some(ENTRY)) {
        problems.push(format!("{ENTRY} is not exported"));
    }
    for lib in &pe.libraries {
        let lower = lib.to_ascii_lowercase();
        if !(WINDOWS_DLLS.contains(&lower.as_str())
            || lower.starts_with("api-ms-win-")
            || lower == "node.exe")
        {
            problems.push(format!("needs {lib}, which is not part of Windows"));
        }
    }
    let imported = pe
        .imports
        .iter()
        .filter(|i| i.name.starts_with("napi_"))
        .count();
    let node_api = if imported == 0 {
        "looked up in the host process when loaded (napi dyn-symbols)".to_owned()
    } else {
        format!("{imported} napi_* symbols imported")
    };
    verdict(
        Report {
            format: "PE32+ x86-64 DLL".into(),
            libraries: pe.libraries.iter().map(|s| (*s).to_owned()).collect(),
            node_api,
            needs: "Windows (x64)".into(),
        },
        problems,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number() {
        assert!(newer("2.28", "2.17"));
        assert!(newer("2.3.4", "2.3"));
        assert!(!newer("2.9", "2.17"));
    }

    #[test]
    fn other_bytes_are_refused() {
        let p = super::super::platforms::by_name("linux-arm64-gnu").unwrap();
        assert!(check(p, b"not a binary at all").is_err());
    }
}
