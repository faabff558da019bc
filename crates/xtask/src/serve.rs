//! `cargo xtask serve`: build, then serve the inspector over HTTP on 127.0.0.1.
//!
//! Until the web page exists it builds the CLI and shows it on the demo chain shipped in the
//! repo, which is what the page will load first.

use crate::{root, sh};

/// Runs the verb.
pub fn run(_args: &[String]) -> Result<(), String> {
    crate::build()?;
    let demo = root().join("tests/data/demo/chain.pem");
    let exe = root().join("target/release/dbcert");
    sh::run(
        &exe.to_string_lossy(),
        &["inspect", &demo.to_string_lossy()],
    )
}
