//! `dbcert verify`: will this chain pass VERIFY_CA / VERIFY_IDENTITY, and if not, why and what to
//! do; for a CA file or trust store, is it usable. Exit 0 passes, 1 fails, 3 depends on the
//! client (no error, but default clients refuse it), 2 unreadable input or bad usage.

use std::fmt::Write as _;

use dbcert_core::bundle::Bundle;
use dbcert_core::cert::Certificate;
use dbcert_core::crl::read::read as read_crls;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::verdict::{Identity, Status};
use dbcert_core::verify::{verify, Finding, FindingCode, Source, VerifyOptions, VerifyReport};
use dbcert_core::{read, ReadOptions};

use crate::client_table;
use crate::exit;
use crate::input;
use crate::inspect::{now, print_warnings};

/// Arguments of `dbcert verify`.
#[derive(clap::Args)]
pub struct Args {
    /// The chain or bundle to verify (PEM, DER, P7B, JKS, JCEKS or PKCS#12; `-` for standard
    /// input): a server certificate with its intermediates, or a CA bundle on its own.
    #[arg(default_value = "-")]
    file: String,
    /// Trust anchors (any readable format). Without it, the self-signed certificates of FILE
    /// are the anchors.
    #[arg(long, value_name = "FILE")]
    ca: Option<String>,
    /// The host name or IP address clients connect to (checks VERIFY_IDENTITY).
    #[arg(long, value_name = "NAME")]
    host: Option<String>,
    /// Verify at this time (RFC 3339, e.g. 2026-01-31T12:00:00Z or 2026-01-31); default now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Warn about certificates that expire within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    expires_soon_days: u32,
    /// The certificate of FILE to verify as the server's, numbered as the output numbers them
    /// (#1 is the first); default: the one that issued nothing.
    #[arg(long, value_name = "N")]
    leaf: Option<usize>,
    /// Do not require the extendedKeyUsage serverAuth purpose (to check a client certificate's
    /// chain, which has clientAuth instead).
    #[arg(long)]
    no_server_auth: bool,
    /// The most intermediate CA certificates allowed between the server certificate and the
    /// anchor (self-issued ones not counted), like OpenSSL's -verify_depth.
    #[arg(long, value_name = "N")]
    max_chain_depth: Option<usize>,
    /// Password of FILE when it is a keystore.
    #[arg(long)]
    password: Option<String>,
    /// Password of the keystore given as --ca.
    #[arg(long)]
    ca_password: Option<String>,
    /// Check revocation with this CRL file (PEM, DER or P7B; repeatable), as the mysql and
    /// MariaDB clients do with --ssl-crl: every certificate of the chain but the self-signed
    /// root needs a current CRL from its issuer, and must not be on it.
    #[arg(long, value_name = "FILE")]
    crl: Vec<String>,
    /// Judge this client only (repeatable): a snippet id, or ID@VERSION with a version the core's
    /// stack table knows (e.g. go-sql-driver@1.26, pymysql@3.13); default: every client at its
    /// default version. The table "Will my client connect?" (and `clients` in --json) shows them.
    #[arg(long = "client", value_name = "ID[@VERSION]")]
    client: Vec<String>,
    /// Print the verify report as JSON.
    #[arg(long)]
    json: bool,
}

fn open(path: &str, password: Option<&str>) -> Result<(String, Bundle), String> {
    let file = input::read(path)?;
    let bundle = read(&file.bytes, &ReadOptions { password })
        .map_err(|e| input::describe(&file.name, &e))?;
    print_warnings(&bundle.warnings);
    Ok((file.name, bundle))
}

/// Runs the command.
pub fn run(args: &Args) -> Result<u8, String> {
    let clients = client_table::parse(&args.client)?;
    let at = match &args.at {
        Some(t) => UnixTime::parse_rfc3339(t).map_err(|e| format!("--at: {e}"))?,
        None => now(),
    };
    let (name, bundle) = open(&args.file, args.password.as_deref())?;
    let leaf = match args.leaf {
        Some(n) if n == 0 || n > bundle.certificates.len() => {
            return Err(format!(
                "--leaf {n}: {name} holds certificates #1 to #{}",
                bundle.certificates.len()
            ))
        }
        n => n.map(|n| n - 1),
    };
    let ca = match &args.ca {
        Some(path) => Some(open(path, args.ca_password.as_deref())?),
        None => None,
    };
    let mut crls = Vec::new();
    for path in &args.crl {
        let file = input::read(path)?;
        crls.extend(read_crls(&file.bytes).map_err(|e| input::describe(&file.name, &e))?);
    }
    let mut options = VerifyOptions::new(at);
    options.clients = &clients;
    options.ca = ca.as_ref().map(|(_, b)| b);
    options.crls = &crls;
    options.host = args.host.as_deref();
    options.expires_soon_days = args.expires_soon_days;
    options.leaf = leaf;
    options.server_auth = !args.no_server_auth;
    options.max_chain_depth = args.max_chain_depth;
    options.accelerator = Some(&dbcert_ring::RING);
    let report = verify(&bundle, &options);
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        let ca_name = ca.as_ref().map(|(n, b)| (n.as_str(), b));
        print!("{}", render(&name, &bundle, ca_name, &report, &options));
    }
    Ok(match report.verdict.status {
        Status::Passes => exit::OK,
        Status::Fails => exit::CHECK_FAILED,
        Status::DependsOnClient => exit::DEPENDS_ON_CLIENT,
    })
}

/// One certificate as a tree line: `CN=… [#2] 2024-01-01 .. 2034-01-01`.
fn describe(bundle: &Bundle, index: usize, tag: &str) -> String {
    let Some(c) = bundle
        .certificates
        .get(index)
        .and_then(|e| Certificate::parse(&e.der).ok())
    else {
        return format!("[{tag}] (cannot be decoded)");
    };
    let who = c.subject.to_rfc4514();
    let dates = format!(
        "{} .. {}",
        c.not_before.to_rfc3339().get(..10).unwrap_or_default(),
        c.not_after.to_rfc3339().get(..10).unwrap_or_default()
    );
    format!(
        "{} [{tag}]  {dates}",
        if who.is_empty() {
            "(empty subject)"
        } else {
            &who
        }
    )
}

fn finding_line(kind: &str, f: &Finding) -> String {
    let at = match (f.certificate, f.source) {
        (Some(i), Source::Input) => format!(" (#{})", i + 1),
        (Some(i), Source::Ca) => format!(" (ca #{})", i + 1),
        (None, _) => String::new(),
    };
    format!("{kind} [{}]{at}: {}", f.code, f.message)
}

/// The readable report: the chain as a small tree (anchor at the top), then every finding.
pub fn render(
    name: &str,
    input: &Bundle,
    ca: Option<(&str, &Bundle)>,
    r: &VerifyReport,
    options: &VerifyOptions<'_>,
) -> String {
    let mut s = String::new();
    let host = options
        .host
        .map(|h| format!(", host {h}"))
        .unwrap_or_default();
    let v = &r.verdict;
    let _ = writeln!(
        s,
        "{name}: {} (at {}{host})",
        match v.status {
            Status::Passes => "PASSES",
            Status::Fails => "FAILS",
            Status::DependsOnClient => "DEPENDS ON THE CLIENT",
        },
        options.at.to_rfc3339()
    );
    let _ = writeln!(s, "{}.", v.headline);
    match options.crls.len() {
        0 => {}
        n => {
            let _ = writeln!(
                s,
                "revocation: checked against {n} CRL{} (--crl), as clients given --ssl-crl check it",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    if v.identity == Identity::NeedsServerCertificate && options.host.is_some() {
        let _ = writeln!(
            s,
            "VERIFY_IDENTITY for {}: not checked, this file holds no server certificate. \
             Get the server's certificate and verify it with --ca {name}:",
            options.host.unwrap_or_default()
        );
        for h in &v.server_certificate_how_to {
            let _ = writeln!(s, "  - {}", h.text);
            if let Some(c) = &h.command {
                let _ = writeln!(s, "      {}", c.replace("<CA file>", name));
            }
        }
    }
    s.push('\n');
    let key = |b: &Bundle, i: usize| {
        b.certificates
            .get(i)
            .and_then(|e| Certificate::parse(&e.der).ok())
            .map(|c| (c.subject.raw.to_vec(), c.spki.raw.to_vec()))
    };
    let mut lines: Vec<String> = Vec::new();
    let mut last_note = String::new();
    match (r.anchor, ca) {
        (Some(a), _) if a.source == Source::Input => {
            last_note = "  trusted: self-signed root".to_owned();
        }
        (Some(a), Some((ca_name, b))) => {
            let last = r.chain.last().and_then(|&i| key(input, i));
            if last.is_some() && last == key(b, a.index) {
                last_note = format!("  trusted: same as ca #{} ({ca_name})", a.index + 1);
            } else {
                lines.push(format!(
                    "{}  trusted ({ca_name})",
                    describe(b, a.index, &format!("ca #{}", a.index + 1))
                ));
            }
        }
        _ => lines.push("(no trusted root reached)".to_owned()),
    }
    for (k, &i) in r.chain.iter().enumerate().rev() {
        let mut line = describe(input, i, &format!("#{}", i + 1));
        if k + 1 == r.chain.len() {
            line.push_str(&last_note);
        }
        lines.push(line);
    }
    for (depth, line) in lines.iter().enumerate() {
        if depth == 0 {
            let _ = writeln!(s, "{line}");
        } else {
            let _ = writeln!(s, "{}└─ {line}", "   ".repeat(depth - 1));
        }
    }
    // Repeats and undecodable certificates are in no chain and not "unused" either.
    let left_out = r
        .errors
        .iter()
        .chain(&r.warnings)
        .filter(|f| {
            f.source == Source::Input
                && matches!(
                    f.code,
                    FindingCode::DuplicateCertificate | FindingCode::MalformedCertificate
                )
        })
        .count();
    let others = input
        .certificates
        .len()
        .saturating_sub(r.chain.len() + r.unused.len() + left_out);
    if others > 0 {
        let _ = writeln!(
            s,
            "(+ {others} more certificate{} of this bundle, each checked up to its own root; \
             problems are listed below)",
            if others == 1 { "" } else { "s" }
        );
    }
    if !r.unused.is_empty() {
        let list: Vec<String> = r.unused.iter().map(|i| format!("#{}", i + 1)).collect();
        let _ = writeln!(s, "not in the chain: {}", list.join(", "));
    }
    if !r.errors.is_empty() || !r.warnings.is_empty() {
        s.push('\n');
    }
    for e in &r.errors {
        let _ = writeln!(s, "{}", finding_line("error", e));
    }
    for w in &r.warnings {
        let _ = writeln!(s, "{}", finding_line("warning", w));
    }
    if !r.clients.is_empty() {
        s.push('\n');
        s.push_str(&client_table::render(&r.clients, options.host));
    } else if !options.clients.is_empty() {
        let _ = writeln!(
            s,
            "\nWill my client connect?: answered for a server certificate only; {name} holds none."
        );
    }
    s
}
