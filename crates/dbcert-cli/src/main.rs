//! The `dbcert` command line: argument parsing and output only; every rule lives in dbcert-core.

mod advise;
mod client_table;
mod convert;
mod input;
mod inspect;
mod probe;
mod snippet;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dbcert: certificates and settings for encrypted MySQL connections.
#[derive(Parser)]
#[command(name = "dbcert", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// One value, parsed once per process: the size difference between commands costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Show what a CA bundle, keystore or certificate file holds.
    Inspect(inspect::Args),
    /// Convert a bundle or keystore to pem, der, p7b, p7b-pem, jks or pkcs12.
    Convert(convert::Args),
    /// Print the code or settings that connect a MySQL client with an SSL mode.
    Snippet(snippet::Args),
    /// Check that a chain passes VERIFY_CA / VERIFY_IDENTITY, and say why not.
    Verify(verify::Args),
    /// What a server supports, what to set, what each change costs, and which clients break.
    Advise(advise::Args),
    /// Connect to a live MySQL server, switch to TLS (no credentials) and check its setup.
    Probe(probe::Args),
}

/// Exit codes shared by every command.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// A check failed (invalid chain, unsupported mode, …).
    pub const CHECK_FAILED: u8 = 1;
    /// Bad input or usage.
    pub const BAD_INPUT: u8 = 2;
    /// `verify`: no error, but some default clients refuse the chain (a weak key or signature,
    /// …): the answer depends on the client.
    pub const DEPENDS_ON_CLIENT: u8 = 3;
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::OK
            });
        }
    };
    let result = match cli.command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Snippet(args) => snippet::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Advise(args) => advise::run(&args),
        Command::Probe(args) => probe::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("dbcert: {message}");
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}
