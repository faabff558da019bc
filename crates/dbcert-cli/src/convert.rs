//! `dbcert convert`: any readable input to PEM, DER, P7B, JKS or PKCS#12.

use std::io::{IsTerminal, Write};

use dbcert_core::api::{convert, Aliases, ConvertRequest};
use dbcert_core::convert::Target;

use crate::{exit, input};

/// Arguments of `dbcert convert`.
#[derive(clap::Args)]
pub struct Args {
    /// The input file (any format dbcert reads; `-` for standard input). Several PEM files
    /// (a client certificate, its key, the CA) are read as one bundle.
    #[arg(required = true, num_args = 1..)]
    files: Vec<String>,
    /// Output format: pem, der, p7b, p7b-pem, jks or pkcs12.
    #[arg(long)]
    to: String,
    /// Output file (required for binary formats when standard output is a terminal).
    #[arg(short, long)]
    output: Option<String>,
    /// Password that opens the input keystore.
    #[arg(long)]
    password: Option<String>,
    /// Password that protects the output (required for jks and pkcs12).
    #[arg(long)]
    out_password: Option<String>,
    /// Alias for the next certificate in output order (repeat for each); the rest come from the CN.
    /// A client keystore (an input holding a key) takes the first as its key entry's alias.
    #[arg(long = "alias")]
    aliases: Vec<String>,
    /// For --to der: which certificate to write (0-based, after filters).
    #[arg(long)]
    index: Option<usize>,
    /// Leave out certificates that have expired (at --at, default now).
    #[arg(long)]
    skip_expired: bool,
    /// Output order: input (as read) or chain (leaf to root as `dbcert verify` builds it, then the rest).
    #[arg(long, default_value = "input")]
    order: String,
    /// Drop repeated certificates (a warning names each).
    #[arg(long)]
    dedupe: bool,
    /// Keep only CA certificates; jks and pkcs12 are then a truststore even when the input holds a private key (not written)
    #[arg(long)]
    only_ca: bool,
    /// The time for --skip-expired, RFC 3339 (default: now).
    #[arg(long)]
    at: Option<String>,
    /// JKS entry date for every entry, RFC 3339 (default: each certificate's notBefore).
    #[arg(long)]
    entry_date: Option<String>,
    /// PKCS#12: a 64-hex-digit seed for salts and IVs, for byte-identical builds (default: random).
    #[arg(long)]
    seed: Option<String>,
    /// PKCS#12: PBKDF2 and MAC iterations.
    #[arg(long, default_value_t = 10_000)]
    iterations: u32,
    /// --to pem: also write the private key after its chain, encrypted under --out-password
    /// (jks and pkcs12 take the key whenever the input holds one).
    #[arg(long)]
    include_key: bool,
    /// With --include-key: write the key in the clear (PRIVATE KEY) instead of encrypted.
    #[arg(long, requires = "include_key")]
    no_encrypt_key: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<u8, String> {
    let to = Target::parse(&args.to).map_err(|e| e.to_string())?;
    if matches!(to, Target::Jks | Target::Pkcs12)
        && args.out_password.as_deref().unwrap_or("").is_empty()
    {
        return Err(format!(
            "--to {} needs --out-password to protect the keystore",
            args.to
        ));
    }
    if to.is_binary() && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(format!(
            "{} output is binary; write it to a file with -o FILE.{}",
            args.to,
            to.extension()
        ));
    }
    let file = read_inputs(&args.files)?;
    let request = ConvertRequest {
        to: args.to.clone(),
        password: args.password.clone(),
        out_password: args.out_password.clone(),
        alias: Aliases::Many(args.aliases.clone()),
        index: args.index,
        skip_expired: args.skip_expired,
        order: Some(args.order.clone()),
        dedupe: args.dedupe,
        only_ca: args.only_ca,
        at: args.at.clone(),
        entry_date: args.entry_date.clone(),
        seed: args.seed.clone(),
        iterations: Some(args.iterations),
        include_key: args.include_key,
        encrypt_key: Some(!args.no_encrypt_key),
    };
    let out = convert(&file.bytes, &request, crate::inspect::now(), random_seed()?)
        .map_err(|e| input::describe(&file.name, &e))?;
    crate::inspect::print_warnings(&out.warnings);
    match &args.output {
        Some(path) => {
            std::fs::write(path, &out.bytes).map_err(|e| format!("{path}: {e}"))?;
            eprintln!(
                "wrote {} certificate{} to {path} ({})",
                out.count,
                if out.count == 1 { "" } else { "s" },
                args.to
            );
        }
        None => std::io::stdout()
            .lock()
            .write_all(&out.bytes)
            .map_err(|e| e.to_string())?,
    }
    Ok(exit::OK)
}

/// One input, or several PEM files read as one bundle (their text joined, each ending with a
/// newline); a binary file among several is refused, since its certificates or keys could not
/// be placed in one PEM bundle.
fn read_inputs(files: &[String]) -> Result<input::Input, String> {
    let mut inputs = files.iter().map(|f| input::read(f));
    let first = inputs.next().ok_or("no input file")??;
    if files.len() == 1 {
        return Ok(first);
    }
    let mut names = vec![first.name.clone()];
    let mut bytes = Vec::new();
    for file in std::iter::once(Ok(first)).chain(inputs) {
        let file = file?;
        if !file.bytes.windows(11).any(|w| w == b"-----BEGIN ") {
            return Err(format!(
                "{}: several inputs are read as one PEM bundle, and this file is not PEM; convert it to PEM first (dbcert convert FILE --to pem), or give a keystore alone",
                file.name
            ));
        }
        bytes.extend_from_slice(&file.bytes);
        if !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        if names.last() != Some(&file.name) {
            names.push(file.name.clone());
        }
    }
    Ok(input::Input {
        name: names.join(" + "),
        bytes,
    })
}

/// Fresh randomness for PKCS#12 salts and IVs, from the operating system.
fn random_seed() -> Result<[u8; 32], String> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| format!("no system randomness: {e}"))?;
    Ok(seed)
}
