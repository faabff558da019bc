//! Writes the snippet view's stylesheet (`src/snippet/widget.css`, readable and commented) to
//! `OUT_DIR/widget.css` minified by the `minifier` crate (rustdoc's CSS minifier): comments gone,
//! whitespace collapsed. The docs widget's module carries it and every page that links
//! `dbcert-snippet.css` downloads it (W9); its theming interface, the custom properties, is
//! documented in npm/dbcert-snippet/README.md.

use std::{env, fs, path::Path};

fn main() {
    let source = "src/snippet/widget.css";
    println!("cargo:rerun-if-changed={source}");
    let css = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let minified = minifier::css::minify(&css)
        .unwrap_or_else(|e| panic!("{source}: {e}"))
        .to_string();
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}")))
        .join("widget.css");
    fs::write(&out, minified.trim()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
