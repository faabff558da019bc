//! `dbcert advise`: what a server supports, what to set, what each change costs, how to check the
//! result and which clients would break, every line with its source.

use std::fmt::Write as _;

use dbcert_core::advise::{Advice, AdviseOptions, ClientStatus, Status};
use dbcert_core::api::Bytes;

use crate::exit;
use crate::inspect::now;

/// Arguments of `dbcert advise`.
#[derive(clap::Args)]
pub struct Args {
    /// alibaba-rds, aws-rds, azure-flexible, gcp-cloudsql, self-managed, mysql or mariadb.
    #[arg(long)]
    provider: String,
    /// Server version: 5.7, 8.0.36, 10.11.6-MariaDB (as SELECT VERSION() reports it is best).
    #[arg(long)]
    server_version: String,
    /// ApsaraDB RDS edition: basic, high-availability or cluster.
    #[arg(long)]
    edition: Option<String>,
    /// ApsaraDB RDS minor engine version, YYYYMMDD (20241130).
    #[arg(long)]
    minor_version: Option<String>,
    /// ApsaraDB RDS ssl_cipher value as set; --ssl-cipher '' is the empty string.
    #[arg(long, allow_hyphen_values = true)]
    ssl_cipher: Option<String>,
    /// Clients as ID@VERSION (jdbc@8.0.18,pymysql@1.1.2); ids as in `dbcert snippet --list`.
    #[arg(long, value_delimiter = ',')]
    clients: Vec<String>,
    /// A client certificate (PEM): its subject and issuer are written into the REQUIRE SUBJECT
    /// … AND ISSUER … statement, as the server compares them.
    #[arg(long, value_name = "FILE")]
    client_cert: Option<String>,
    /// The server's certificate chain (PEM, DER or P7B): each client's verdict then counts
    /// whether it accepts the certificate, as `dbcert verify` judges it per client.
    #[arg(long, value_name = "FILE")]
    chain: Option<String>,
    /// The CA bundle the clients are given (--ssl-ca); default: the chain's own root. Only with
    /// --chain.
    #[arg(long, value_name = "FILE", requires = "chain")]
    ca: Option<String>,
    /// The host the clients connect to: the certificate is judged in VERIFY_IDENTITY, else in
    /// VERIFY_CA. Only with --chain.
    #[arg(long, value_name = "NAME", requires = "chain")]
    host: Option<String>,
    /// Verify the chain at this time (RFC 3339, e.g. 2026-01-31T12:00:00Z); default now.
    #[arg(long, requires = "chain")]
    at: Option<String>,
    /// Print the advice model as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<u8, String> {
    let client_certificate = match &args.client_cert {
        Some(path) => {
            let input = crate::input::read(path)?;
            // Read here first, so that an error names the file.
            let bundle = dbcert_core::formats::read(&input.bytes, &Default::default())
                .map_err(|e| crate::input::describe(&input.name, &e))?;
            if bundle.certificates.is_empty() {
                return Err(format!(
                    "{}: [invalid_option] --client-cert holds no certificate",
                    input.name
                ));
            }
            let text = String::from_utf8(input.bytes).map_err(|_| {
                format!("{}: [invalid_option] --client-cert takes a PEM certificate (dbcert convert FILE --to pem)", input.name)
            })?;
            Some(text)
        }
        None => None,
    };
    let options = AdviseOptions {
        provider: args.provider.clone(),
        server_version: args.server_version.clone(),
        edition: args.edition.clone(),
        minor_version: args.minor_version.clone(),
        ssl_cipher: args.ssl_cipher.clone(),
        clients: args.clients.clone(),
        client_certificate,
        chain: args.chain.as_deref().map(certificates).transpose()?,
        ca: args.ca.as_deref().map(certificates).transpose()?,
        host: args.host.clone(),
        at: args.at.clone(),
    };
    let advice = dbcert_core::api::advise(&options, now(), Some(&dbcert_ring::RING))
        .map_err(|e| format!("[{}] {e}", e.code()))?;
    if args.json {
        let json = serde_json::to_string_pretty(&advice).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        print!("{}", render(&advice));
    }
    Ok(exit::OK)
}

/// A certificate file's bytes, read here first so that an error names the file.
fn certificates(path: &str) -> Result<Bytes, String> {
    let input = crate::input::read(path)?;
    dbcert_core::formats::read(&input.bytes, &Default::default())
        .map_err(|e| crate::input::describe(&input.name, &e))?;
    Ok(Bytes(input.bytes))
}

/// Numbers each distinct source once, in order of first use.
#[derive(Default)]
struct Sources(Vec<String>);

impl Sources {
    fn cite(&mut self, url: &str) -> String {
        let n = match self.0.iter().position(|u| u == url) {
            Some(i) => i + 1,
            None => {
                self.0.push(url.to_owned());
                self.0.len()
            }
        };
        format!("[{n}]")
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Yes => "yes",
        Status::No => "no",
        Status::Unknown => "unknown",
    }
}

fn client_status(s: ClientStatus) -> &'static str {
    match s {
        ClientStatus::Ok => "ok",
        ClientStatus::Warning => "warning",
        ClientStatus::Breaks => "BREAKS",
    }
}

/// The readable advice: sections, each line ending with its source number; sources listed last.
pub fn render(a: &Advice) -> String {
    let mut s = String::new();
    let mut src = Sources::default();
    let product = match a.server.product {
        dbcert_core::advise::Product::Mysql => "MySQL",
        dbcert_core::advise::Product::Mariadb => "MariaDB",
    };
    let mut head = format!("{}: {product} {}", a.provider_name, a.server.version);
    if let Some(e) = a.server.edition {
        let _ = write!(head, ", {}", e.name());
    }
    if let Some(m) = &a.server.minor_version {
        let _ = write!(head, ", minor {m}");
    }
    if let Some(c) = &a.server.ssl_cipher {
        let _ = write!(head, ", ssl_cipher {c:?}");
    }
    let _ = writeln!(s, "{head}");

    s.push_str("\nSupported\n");
    let _ = writeln!(
        s,
        "  {:<11} {:<8} {} {}",
        "SSL",
        status(a.supported.ssl.status),
        a.supported.ssl.text,
        src.cite(&a.supported.ssl.source)
    );
    let _ = writeln!(
        s,
        "  {:<11} {:<8} {} {}",
        "Forced SSL",
        status(a.supported.forced_ssl.status),
        a.supported.forced_ssl.text,
        src.cite(&a.supported.forced_ssl.source)
    );
    for t in &a.supported.tls_versions {
        let _ = writeln!(
            s,
            "  {:<11} {:<8} {} {}",
            t.version,
            status(t.status),
            t.text,
            src.cite(&t.source)
        );
    }

    if !a.recommendations.is_empty() {
        s.push_str("\nRecommendations\n");
        for r in &a.recommendations {
            let setting = r
                .setting
                .as_ref()
                .map(|x| format!(" [set {} = {:?}]", x.name, x.value))
                .unwrap_or_default();
            let _ = writeln!(s, "  - {}{setting} {}", r.text, src.cite(&r.source));
        }
    }

    if !a.operations.is_empty() {
        s.push_str("\nOperations\n");
        for o in &a.operations {
            let _ = writeln!(
                s,
                "  - {}: restart {}, switchover {}. {} {}",
                o.name,
                status(o.restart),
                status(o.switchover),
                o.text,
                src.cite(&o.source)
            );
        }
    }

    if !a.checks.is_empty() {
        s.push_str("\nChecks\n");
        for c in &a.checks {
            let _ = writeln!(s, "  {}", c.command);
            let _ = writeln!(s, "      expect: {} {}", c.expect, src.cite(&c.source));
        }
    }

    if !a.clients.is_empty() {
        s.push_str("\nClients\n");
        for c in &a.clients {
            let _ = writeln!(
                s,
                "  {}: now {}, after the recommendations {} (speaks {})",
                c.spec,
                client_status(c.status),
                client_status(c.after_recommendations),
                if c.tls_versions.is_empty() {
                    "no TLS version".to_owned()
                } else {
                    c.tls_versions.join(",")
                }
            );
            if let Some(v) = &c.certificate {
                let stack = v.stack.map_or("no stack known", |x| x.as_str());
                let _ = writeln!(
                    s,
                    "    certificate in {}: {} ({}@{}, {stack}{})",
                    v.mode.as_str(),
                    match v.verdict {
                        dbcert_core::verify::clients::Answer::Refuses => "REFUSES",
                        other => other.as_str(),
                    },
                    v.client,
                    v.version,
                    if v.profile.is_empty() {
                        String::new()
                    } else {
                        format!(" profile {}", v.profile)
                    }
                );
            }
            for p in &c.problems {
                let _ = writeln!(s, "    ! [{}] {}", p.code, p.text);
                let _ = writeln!(s, "      fix: {} {}", p.fix, src.cite(&p.source));
            }
        }
    }

    let cc = &a.client_certificates;
    s.push_str("\nClient certificates\n");
    let _ = writeln!(
        s,
        "  {:<11} {:<8} {} {}",
        "Verified",
        status(cc.verified.status),
        cc.verified.text,
        src.cite(&cc.verified.source)
    );
    if let (Some(subject), Some(issuer)) = (&cc.subject, &cc.issuer) {
        let _ = writeln!(s, "  subject {subject}\n  issuer  {issuer}");
    }
    for st in &cc.steps {
        let _ = writeln!(s, "  - {} {}", st.text, src.cite(&st.source));
        for line in st.command.lines() {
            let _ = writeln!(s, "      {line}");
        }
    }

    if !a.notes.is_empty() {
        s.push_str("\nGood to know\n");
        for n in &a.notes {
            let _ = writeln!(s, "  - {} {}", n.text, src.cite(&n.source));
        }
    }

    if !a.assumptions.is_empty() {
        s.push_str("\nAssumed\n");
        for x in &a.assumptions {
            let _ = writeln!(s, "  - {x}");
        }
    }

    s.push_str("\nSources\n");
    for (i, u) in src.0.iter().enumerate() {
        let _ = writeln!(s, "  [{}] {u}", i + 1);
    }
    s
}
