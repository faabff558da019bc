//! `dbcert inspect`: what a file holds, as a short readable summary or as JSON.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use dbcert_core::crl::info::CrlInfo;
use dbcert_core::inspect::{CertificateInfo, InspectReport};
use dbcert_core::time::UnixTime;
use dbcert_core::{inspect, Integrity, ReadOptions, Warning};

use crate::exit;
use crate::input;

/// Arguments of `dbcert inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// The file to read (PEM, DER, P7B, JKS, JCEKS or PKCS#12; `-` for standard input); CRLs
    /// in it (PEM, DER or in a P7B) are shown too.
    #[arg(default_value = "-")]
    file: String,
    /// Keystore password (JKS/JCEKS integrity check, PKCS#12 MAC and decryption), or the
    /// password of an encrypted private key in PEM.
    #[arg(long)]
    password: Option<String>,
    /// Print the inspect model as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<u8, String> {
    let file = input::read(&args.file)?;
    let options = ReadOptions {
        password: args.password.as_deref(),
    };
    let report = inspect(&file.bytes, &options).map_err(|e| input::describe(&file.name, &e))?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        print!("{}", render(&file.name, &report, now()));
    }
    Ok(exit::OK)
}

/// The current time (the CLI owns the clock; the core takes time as an argument).
pub fn now() -> UnixTime {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// The readable summary, in the spirit of `keytool -list -v` but short.
pub fn render(name: &str, r: &InspectReport, now: UnixTime) -> String {
    let mut s = String::new();
    let n = r.certificates.len();
    let crls = match r.crls.len() {
        0 => String::new(),
        1 => ", 1 CRL".to_owned(),
        k => format!(", {k} CRLs"),
    };
    let _ = writeln!(
        s,
        "{name}: {}, {n} certificate{}{crls}",
        r.format.as_str().to_uppercase(),
        if n == 1 { "" } else { "s" }
    );
    match r.integrity {
        Integrity::Verified => s.push_str("integrity: verified with the password\n"),
        Integrity::NotChecked => s.push_str("integrity: NOT checked (no password given)\n"),
        Integrity::NotApplicable => {}
    }
    for k in &r.key_entries {
        render_key(&mut s, k, r.certificates.len());
    }
    for c in &r.certificates {
        s.push('\n');
        render_cert(&mut s, c, now);
        for p in r.providers.iter().filter(|p| p.index == c.index) {
            let _ = writeln!(
                s,
                "  provider: {} CA, {} (expires {})",
                p.provider_name,
                p.generation,
                p.not_after.get(..10).unwrap_or(&p.not_after)
            );
        }
    }
    for c in &r.crls {
        s.push('\n');
        render_crl(&mut s, c, now);
    }
    if !r.warnings.is_empty() {
        s.push('\n');
        for w in &r.warnings {
            let _ = writeln!(s, "{}", warning_line(w));
        }
    }
    s
}

/// One key as a line: what it is and which certificate it belongs to, never the key.
fn render_key(s: &mut String, k: &dbcert_core::KeyEntry, certificates: usize) {
    let what = match (k.offset, &k.alias) {
        (Some(o), _) => format!("private key (byte {o})"),
        (None, Some(a)) => format!("key entry: {a}"),
        (None, None) => "key entry: (no alias)".to_owned(),
    };
    let mut parts = Vec::new();
    if k.offset.is_none() {
        parts.push(format!(
            "{}, chain of {}",
            match k.kind {
                dbcert_core::KeyEntryKind::PrivateKey => "private key",
                dbcert_core::KeyEntryKind::SecretKey => "secret key",
            },
            k.chain_length
        ));
    }
    match &k.key {
        Some(info) => {
            let kind = match info.algorithm {
                dbcert_core::keys::KeyAlgorithm::Rsa => format!("RSA {} bits", info.bits),
                dbcert_core::keys::KeyAlgorithm::Ec => {
                    format!("EC {}", info.curve.unwrap_or("?"))
                }
                dbcert_core::keys::KeyAlgorithm::Ed25519 => "Ed25519".to_owned(),
            };
            parts.push(kind);
            parts.push(match k.matches {
                Some(i) => format!("matches certificate #{}", i + 1),
                None if certificates == 0 => "no certificate here to match".to_owned(),
                None => "matches none of the certificates here".to_owned(),
            });
        }
        None if k.offset.is_some() => parts.push("not read (give --password)".to_owned()),
        None => {}
    }
    if let Some(e) = &k.encryption {
        parts.push(format!("encrypted: {e}"));
    }
    parts.push("never shown".to_owned());
    let _ = writeln!(s, "{what}: {}", parts.join("; "));
}

/// One warning as a line: `warning [code] (certificate #n): message`.
pub fn warning_line(w: &Warning) -> String {
    let at = w
        .certificate
        .map(|i| format!(" (certificate #{})", i + 1))
        .unwrap_or_default();
    format!("warning [{}]{at}: {}", w.code, w.message)
}

/// Prints warnings to standard error, one a line.
pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("{}", warning_line(w));
    }
}

/// One CRL: issuer, dates (and whether it is current), number, scope, every revoked serial.
fn render_crl(s: &mut String, c: &CrlInfo, now: UnixTime) {
    let _ = writeln!(s, "CRL #{} (v{})", c.index + 1, c.version);
    let _ = writeln!(s, "  issuer:   {}", c.issuer);
    let next = c.next_update.as_deref().unwrap_or("(no nextUpdate)");
    let state = if UnixTime::parse_rfc3339(&c.this_update).is_ok_and(|t| t > now) {
        "NOT YET VALID"
    } else if c
        .next_update
        .as_deref()
        .and_then(|n| UnixTime::parse_rfc3339(n).ok())
        .is_some_and(|t| t < now)
    {
        "EXPIRED"
    } else {
        "current"
    };
    let _ = writeln!(s, "  updated:  {} .. {next} ({state})", c.this_update);
    if let Some(n) = &c.crl_number {
        let _ = writeln!(s, "  number:   {n}");
    }
    if let Some(b) = &c.delta_base_crl_number {
        let _ = writeln!(
            s,
            "  delta:    of base CRL {b} (OpenSSL-based clients ignore delta CRLs)"
        );
    }
    if let Some(p) = &c.issuing_distribution_point {
        let mut scope: Vec<String> = p.full_name.clone();
        scope.extend(p.relative_name.iter().map(|r| format!("relative {r}")));
        if p.only_contains_user_certs {
            scope.push("only end-entity certificates".into());
        }
        if p.only_contains_ca_certs {
            scope.push("only CA certificates".into());
        }
        if p.only_contains_attribute_certs {
            scope.push("only attribute certificates".into());
        }
        if !p.only_some_reasons.is_empty() {
            scope.push(format!("only reasons {}", p.only_some_reasons.join(", ")));
        }
        if p.indirect_crl {
            scope.push("indirect (OpenSSL-based clients ignore it)".into());
        }
        let _ = writeln!(s, "  scope:    {}", scope.join("; "));
    }
    let _ = writeln!(s, "  signed:   {}", c.signature_algorithm);
    let _ = writeln!(s, "  sha256:   {}", c.fingerprint_sha256);
    let _ = writeln!(s, "  revoked:  {}", c.revoked.len());
    for e in &c.revoked {
        let reason = e.reason.as_deref().unwrap_or("no reason given");
        let invalid = e
            .invalidity_date
            .as_deref()
            .map(|d| format!(", invalid since {d}"))
            .unwrap_or_default();
        let issuer = e
            .certificate_issuer
            .as_ref()
            .map(|i| format!(", issued by {}", i.join(", ")))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "    serial {} on {} ({reason}{invalid}{issuer})",
            e.serial, e.revocation_date
        );
    }
}

fn render_cert(s: &mut String, c: &CertificateInfo, now: UnixTime) {
    let alias = c
        .alias
        .as_deref()
        .map(|a| format!(" alias \"{a}\""))
        .unwrap_or_default();
    let _ = writeln!(s, "#{}{alias}", c.index + 1);
    let _ = writeln!(s, "  subject:  {}", c.subject);
    let _ = writeln!(s, "  issuer:   {}", c.issuer);
    let left =
        UnixTime::parse_rfc3339(&c.not_after).map_or(0, |t| (t.0 - now.0).div_euclid(86_400));
    let state = if left < 0 {
        format!("EXPIRED {} days ago", -left)
    } else if UnixTime::parse_rfc3339(&c.not_before).is_ok_and(|t| t > now) {
        "NOT YET VALID".to_owned()
    } else {
        format!("{left} days left")
    };
    let _ = writeln!(
        s,
        "  valid:    {} .. {} ({state})",
        &c.not_before[..10],
        &c.not_after[..10]
    );
    let _ = writeln!(s, "  sha256:   {}", c.fingerprint_sha256);
    let bits = c.key_bits.map(|b| format!(" {b}")).unwrap_or_default();
    let curve = c
        .curve
        .as_deref()
        .map(|cv| format!(" {cv}"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "  key:      {}{bits}{curve}, signed {}",
        c.key_algorithm, c.signature_algorithm
    );
    let ca = if c.is_ca {
        match c.path_len {
            Some(p) => format!("yes (pathLen {p})"),
            None => "yes".to_owned(),
        }
    } else {
        "no".to_owned()
    };
    let root = if c.self_signed { ", self-signed" } else { "" };
    let _ = writeln!(s, "  CA:       {ca}{root}");
    let sans: Vec<String> = c
        .dns_names
        .iter()
        .map(|d| format!("DNS:{d}"))
        .chain(c.ip_addresses.iter().map(|i| format!("IP:{i}")))
        .chain(c.emails.iter().map(|e| format!("email:{e}")))
        .collect();
    if !sans.is_empty() {
        let _ = writeln!(s, "  SANs:     {}", sans.join(", "));
    }
    if let Some(t) = c.trusted {
        let _ = writeln!(
            s,
            "  trusted:  {}",
            if t {
                "yes (Java trusted-certificate attribute)"
            } else {
                "no Java trust attribute: Java ignores this entry"
            }
        );
    }
}
