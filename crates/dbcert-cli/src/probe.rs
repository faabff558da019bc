//! `dbcert probe HOST[:PORT]`: connects to a live MySQL/MariaDB server, switches to TLS the way a
//! client does (never sending credentials), and reports the server version, the TLS versions it
//! accepts, the cipher, the chain it sent, whether that chain passes VERIFY_CA and
//! VERIFY_IDENTITY with `--ca`, and which SSL modes will connect.
//!
//! Exit 0: probed, and every mode checked with `--ca` works (or no `--ca`); 1: probed and
//! VERIFY_CA or VERIFY_IDENTITY fails, or the server could not be probed (refused, timeout, not
//! MySQL, no TLS, handshake failure: the code is on the error line); 2: bad usage or an
//! unreadable `--ca`.

use std::fmt::Write as _;

use dbcert_core::api::Bytes;
use dbcert_core::probe::{flavor_name, ProbeReport, ProbeRequest, Verdict};
use dbcert_core::snippet::SslMode;
use dbcert_core::ErrorCode;

use crate::exit;
use crate::input;
use crate::inspect::now;

/// Arguments of `dbcert probe`.
#[derive(clap::Args)]
pub struct Args {
    /// The server: HOST or HOST:PORT (`[::1]:3306` for IPv6); the port defaults to 3306.
    address: String,
    /// The CA bundle your clients trust (any readable format), to check VERIFY_CA and
    /// VERIFY_IDENTITY.
    #[arg(long, value_name = "FILE")]
    ca: Option<String>,
    /// Password of the keystore given as --ca.
    #[arg(long)]
    ca_password: Option<String>,
    /// The host name clients connect with (checked for VERIFY_IDENTITY, sent as SNI); default
    /// the HOST of the address.
    #[arg(long, value_name = "NAME")]
    host: Option<String>,
    /// The TLS versions to probe, one handshake each (default TLSv1,TLSv1.1,TLSv1.2,TLSv1.3).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    tls_versions: Vec<String>,
    /// Seconds to wait for the connection and for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    timeout: f64,
    /// Verify the chain at this time (RFC 3339); default now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Print the probe report as JSON (an error as `{"error": {"code", "message"}}`).
    #[arg(long)]
    json: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<u8, String> {
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 600.0) {
        return Err(format!(
            "[invalid_option] --timeout {}: expected 0.001 to 600 seconds",
            args.timeout
        ));
    }
    let ca = match &args.ca {
        Some(path) => Some(Bytes(input::read(path)?.bytes)),
        None => None,
    };
    let request = ProbeRequest {
        address: args.address.clone(),
        host: args.host.clone(),
        ca,
        ca_password: args.ca_password.clone(),
        tls_versions: (!args.tls_versions.is_empty()).then(|| args.tls_versions.clone()),
        timeout_ms: Some(((args.timeout * 1000.0).round() as u64).max(1)),
        at: args.at.clone(),
    };
    let report = match dbcert_probe::probe(&request, now()) {
        Ok(r) => r,
        Err(e) => {
            let usage = matches!(
                e.code(),
                ErrorCode::InvalidOption
                    | ErrorCode::InputTooLarge
                    | ErrorCode::EmptyInput
                    | ErrorCode::UnknownFormat
                    | ErrorCode::UnsupportedFormat
                    | ErrorCode::MalformedDer
                    | ErrorCode::MalformedPem
                    | ErrorCode::MalformedKeystore
                    | ErrorCode::PasswordRequired
                    | ErrorCode::WrongPassword
                    | ErrorCode::IntegrityFailed
                    | ErrorCode::NoCertificates
            );
            if args.json {
                let v = serde_json::json!({"error": {"code": e.code().as_str(), "message": e.to_string()}});
                println!("{v:#}");
            }
            eprintln!("dbcert: {}: [{}] {e}", args.address, e.code());
            return Ok(if usage {
                exit::BAD_INPUT
            } else {
                exit::CHECK_FAILED
            });
        }
    };
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        print!("{}", render(&report));
    }
    let failed = [SslMode::VerifyCa, SslMode::VerifyIdentity]
        .iter()
        .any(|&m| report.verdict(m) == Verdict::Fails);
    Ok(if failed { exit::CHECK_FAILED } else { exit::OK })
}

/// The readable report: server, TLS versions, chain, verification, modes.
pub fn render(r: &ProbeReport) -> String {
    let mut s = String::new();
    let g = &r.server;
    let _ = writeln!(
        s,
        "{}: {} {} (version string \"{}\", connection id {}), offers TLS",
        r.address,
        flavor_name(g.flavor),
        g.version,
        g.server_version,
        g.connection_id
    );
    let _ = writeln!(s, "\nTLS versions (one handshake each):");
    for v in &r.tls_versions {
        let what = if v.accepted {
            format!(
                "accepted{}",
                v.cipher_suite
                    .as_ref()
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default()
            )
        } else {
            match (&v.alert, &v.detail) {
                (Some(a), _) => format!("refused (alert {a})"),
                (None, Some(d)) => format!("refused ({d})"),
                (None, None) => "refused".to_owned(),
            }
        };
        let how = match v.method {
            dbcert_core::probe::ProbeMethod::Handshake => "",
            dbcert_core::probe::ProbeMethod::ClientHello => "  [ClientHello only]",
        };
        let _ = writeln!(s, "  {:<8} {what}{how}", v.version.mysql_name());
    }
    let n = &r.negotiated;
    let _ = writeln!(
        s,
        "negotiated: {} {}{}",
        n.version.mysql_name(),
        n.cipher_suite,
        n.key_exchange
            .as_ref()
            .map(|k| format!(", key exchange {k}"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "\nchain sent by the server ({} certificates):",
        r.chain.len()
    );
    for (i, c) in r.chain.iter().enumerate() {
        match &c.info {
            Some(info) => {
                let _ = writeln!(s, "  #{} {}", i + 1, info.subject);
                let _ = writeln!(
                    s,
                    "     issuer {}\n     valid {} .. {}, SHA-256 {}",
                    info.issuer, info.not_before, info.not_after, info.fingerprint_sha256
                );
                let mut names: Vec<String> = info.dns_names.clone();
                names.extend(info.ip_addresses.iter().cloned());
                if !names.is_empty() {
                    let _ = writeln!(s, "     names {}", names.join(", "));
                }
            }
            None => {
                let _ = writeln!(s, "  #{} (cannot be decoded)", i + 1);
            }
        }
    }
    let _ = writeln!(s);
    // The two verifications share their warnings but for the host checks: print each once.
    let mut seen = Vec::new();
    for v in [&r.verify_ca, &r.verify_identity].into_iter().flatten() {
        for w in &v.warnings {
            if !seen.contains(&w) {
                let _ = writeln!(s, "warning [{}]: {}", w.code, w.message);
                seen.push(w);
            }
        }
    }
    if !r.ca_given {
        let _ = writeln!(
            s,
            "no --ca given: VERIFY_CA and VERIFY_IDENTITY not checked"
        );
    }
    let _ = writeln!(s, "SSL modes (host {}):", r.host);
    for m in &r.modes {
        let v = match m.verdict {
            Verdict::Works => "works",
            Verdict::Fails => "FAILS",
            Verdict::Unknown => "unknown",
        };
        let _ = writeln!(s, "  {:<16} {v:<8} {}", m.mode.as_str(), m.reason);
    }
    s
}
