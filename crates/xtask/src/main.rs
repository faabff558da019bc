//! `cargo xtask …`: builds, serves and tests every dbcert surface.
fn main() {}
