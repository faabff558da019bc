//! Links the addon against Node's N-API symbols (napi-rs's standard build script).
//!
//! Except on windows-gnu: there napi-build links against a `libnode.dll` import library, which
//! Node for Windows does not ship (node.exe exports Node-API itself). The addon instead looks
//! Node-API up in the host process when it loads (napi's `dyn-symbols`, Cargo.toml), as every
//! napi-rs MSVC build does, so nothing is linked and it works under a node.exe of any name.
//! (napi's own build script still asks for the import library on windows-gnu: `cargo xtask
//! node` gives it one with no exports, `empty_libnode` in crates/xtask/src/node/platforms.rs.)

fn main() {
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "windows" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        return;
    }
    napi_build::setup();
}
