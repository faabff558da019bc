//! The listed clients against the instance: which TLS versions each can speak and offers, whether
//! it connects now and after the TLS recommendations, and the fix when it does not.
//!
//! The client TLS facts are not repeated here: they are asked of the snippet module
//! ([`crate::snippet::generate`]), whose compatibility checks (`snippet/compat.rs`) hold them with
//! their sources. This module only reads the stable warning codes back
//! (`no_common_tls_version`, `connectorj_tls_downgrade`, `jdk_dh_constraints`) and attaches the
//! public source of each, listed in [`FACTS`]:
//! - Connector/J `ExportControlled.getAllowedProtocols` (8.0.18, 8.0.19):
//!   <https://github.com/mysql/mysql-connector-j/blob/8.0.19/src/main/core-impl/java/com/mysql/cj/protocol/ExportControlled.java>
//! - Connector/J 8.0.28 (WL#14805): <https://github.com/mysql/mysql-connector-j/blob/8.0.28/CHANGES>
//! - Connector/Python `tls_versions`: <https://dev.mysql.com/doc/connector-python/en/connector-python-connectargs.html>
//! - MySQL 8.0.28 clients: <https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html>
//! - JDK and MySQL before 5.7.6 (weak DH): <https://github.com/ControlSystemStudio/cs-studio/issues/1296>

use super::self_managed::{accepted, F_TLS_FACTORS};
use super::{
    numbers_given, tls_list, ClientProblem, ClientSpec, ClientStatus, ClientVerdict, Ctx, Draft,
    Fact, Product, Status,
};
use crate::error::{Error, ErrorCode, Result};
use crate::snippet::{self, ServerFlavor, SnippetOptions, SnippetWarning, SslMode, TlsVersion};

const CJ_EXPORT_CONTROLLED: &str = "https://github.com/mysql/mysql-connector-j/blob/8.0.19/src/main/core-impl/java/com/mysql/cj/protocol/ExportControlled.java";
const CJ_CHANGES_828: &str = "https://github.com/mysql/mysql-connector-j/blob/8.0.28/CHANGES";
const CPY_ARGS: &str =
    "https://dev.mysql.com/doc/connector-python/en/connector-python-connectargs.html";
const MYSQL_80: &str =
    "https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html";
const DH_ISSUE: &str = "https://github.com/ControlSystemStudio/cs-studio/issues/1296";

// ExportControlled.getAllowedProtocols at 8.0.18 and 8.0.19.
pub(super) const F_CJ_DOWNGRADE: Fact = Fact::new(
    "client.connectorj_tls_downgrade",
    "Connector/J 8.0.18 and older offer TLSv1.2 by default only to MySQL 8.0.4+ (and Enterprise \
     5.6+), other servers get only TLSv1.1 and TLSv1; 8.0.19 also offers TLSv1.2 to 5.6.46+ and \
     5.7.28+ and adds TLSv1.3. enabledTLSProtocols overrides the default.",
    CJ_EXPORT_CONTROLLED,
);
// Connector/J CHANGES 8.0.28 (WL#14805): TLSv1 and TLSv1.1 removed; tlsVersions.
pub(super) const F_CJ_828: Fact = Fact::new(
    "client.connectorj_828",
    "Connector/J 8.0.28 and later speak only TLSv1.2 and TLSv1.3; enabledTLSProtocols becomes \
     tlsVersions (the old name stays an alias).",
    CJ_CHANGES_828,
);
// Connector/Python connection arguments: tls_versions; TLSv1 and TLSv1.1 removed in 8.0.28.
pub(super) const F_CPY_828: Fact = Fact::new(
    "client.connector_python_828",
    "Connector/Python 8.0.28 and later speak only TLSv1.2 and TLSv1.3 (tls_versions).",
    CPY_ARGS,
);
// MySQL 8.0 manual: "As of MySQL 8.0.28 ... clients cannot make a TLS/SSL connection with the
// protocol set to TLSv1 or TLSv1.1."
pub(super) const F_MYSQL_CLIENT_828: Fact = Fact::new(
    "client.mysql_828",
    "From MySQL 8.0.28, MySQL clients cannot make a TLS connection with TLSv1 or TLSv1.1.",
    MYSQL_80,
);
// cs-studio#1296: JDK refuses the DH parameters of old MySQL servers.
pub(super) const F_JDK_DH: Fact = Fact::new(
    "client.jdk_dh",
    "Java clients fail with \"DHPublicKey does not comply to algorithm constraints\" against MySQL \
     servers that use weak DH parameters (before 5.7.6); a non-DHE cipher suite or a newer server \
     avoids it.",
    DH_ISSUE,
);

/// Every fact of this module.
pub(super) const FACTS: &[Fact] = &[
    F_CJ_DOWNGRADE,
    F_CJ_828,
    F_CPY_828,
    F_MYSQL_CLIENT_828,
    F_JDK_DH,
];

/// Parses `ID@VERSION` or `ID`, checking the id against the snippet clients.
pub(super) fn parse_spec(text: &str) -> Result<ClientSpec> {
    let (id, version) = match text.split_once('@') {
        Some((id, v)) => (id.trim(), Some(v.trim()).filter(|v| !v.is_empty())),
        None => (text.trim(), None),
    };
    let known = snippet::clients();
    if !known.iter().any(|c| c.id == id) {
        let ids: Vec<String> = known.into_iter().map(|c| c.id).collect();
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "unknown client {id:?} in {text:?}; expected ID or ID@VERSION with ID one of {}",
                ids.join(", ")
            ),
        ));
    }
    if let Some(v) = version {
        snippet::Version::parse(v)?;
    }
    Ok(ClientSpec {
        spec: text.to_owned(),
        id: id.to_owned(),
        version: version.map(str::to_owned),
    })
}

fn options(ctx: &Ctx, c: &ClientSpec) -> SnippetOptions {
    let mut o = SnippetOptions::new(c.id.clone(), SslMode::VerifyCa);
    o.client_version.clone_from(&c.version);
    o.server_flavor = Some(match ctx.product {
        Product::Mysql => ServerFlavor::Mysql,
        Product::Mariadb => ServerFlavor::Mariadb,
    });
    o
}

/// The TLS versions the client can speak, as the snippet module knows its limits.
fn speaks(ctx: &Ctx, c: &ClientSpec) -> Result<Vec<TlsVersion>> {
    let mut out = Vec::new();
    for v in TlsVersion::ALL {
        let mut o = options(ctx, c);
        o.tls_versions = Some(vec![v.mysql_name().to_owned()]);
        let s = snippet::generate(&o)?;
        if !s.warnings.iter().any(|w| w.code == "no_common_tls_version") {
            out.push(v);
        }
    }
    Ok(out)
}

/// The fact behind a client's own TLS limit.
fn limit_fact(c: &ClientSpec) -> &'static Fact {
    match c.id.as_str() {
        "jdbc" | "jdbc-datasource" | "spring-boot" => &F_CJ_828,
        "mysql-connector-python" => &F_CPY_828,
        "mysql-cli" => &F_MYSQL_CLIENT_828,
        _ => &F_TLS_FACTORS,
    }
}

fn judge_against(
    offers: &[TlsVersion],
    yes: &[TlsVersion],
    maybe: &[TlsVersion],
    weak: bool,
) -> ClientStatus {
    let best = offers.iter().filter(|t| yes.contains(t)).max();
    match best {
        Some(b) if !weak && *b >= TlsVersion::Tls12 => ClientStatus::Ok,
        Some(_) => ClientStatus::Warning,
        None if offers.iter().any(|t| maybe.contains(t)) => ClientStatus::Warning,
        None => ClientStatus::Breaks,
    }
}

/// Judges every listed client.
pub(super) fn judge(ctx: &Ctx, d: &Draft) -> Result<Vec<ClientVerdict>> {
    let yes_now = accepted(d);
    let maybe_now: Vec<TlsVersion> = TlsVersion::ALL
        .into_iter()
        .filter(|t| d.tls_status(*t) == Status::Unknown)
        .collect();
    let target = d.target.clone();
    let mut out = Vec::new();
    let partial = numbers_given(&ctx.version_text) < 3;
    for c in &ctx.clients {
        let speak = speaks(ctx, c)?;
        // Checks that depend on the server's exact version: run at the lowest and the highest
        // patch of the series when no patch was given; a warning at both is certain, at the
        // lowest only it depends on the version the server reports.
        let low = server_warnings(ctx, c, ctx.version_text.clone())?;
        let high = if partial {
            server_warnings(
                ctx,
                c,
                format!("{}.{}.9999", ctx.version.major, ctx.version.minor),
            )?
        } else {
            low.clone()
        };
        let find = |code: &str| -> Option<(SnippetWarning, bool)> {
            low.iter().find(|w| w.code == code).map(|w| {
                let certain = high.iter().any(|h| h.code == code);
                (w.clone(), certain)
            })
        };
        let downgrade = find("connectorj_tls_downgrade");
        let dh = find("jdk_dh_constraints");
        let offers_with = |dg: bool| -> Vec<TlsVersion> {
            if dg {
                speak
                    .iter()
                    .copied()
                    .filter(|t| *t <= TlsVersion::Tls11)
                    .collect()
            } else {
                speak.clone()
            }
        };
        let both = |f: &dyn Fn(bool) -> ClientStatus| -> ClientStatus {
            match &downgrade {
                None => f(false),
                Some((_, true)) => f(true),
                Some((_, false)) => {
                    let (a, b) = (f(true), f(false));
                    if a == b {
                        a
                    } else {
                        ClientStatus::Warning
                    }
                }
            }
        };
        let mut now = both(&|dg| judge_against(&offers_with(dg), &yes_now, &maybe_now, dg));
        let mut after = both(&|dg| judge_against(&offers_with(dg), &target, &[], dg));
        let mut problems = Vec::new();
        if let Some((w, certain)) = &downgrade {
            problems.push(ClientProblem {
                code: w.code.clone(),
                text: format!(
                    "{}{} Against this instance (TLS now: {}; after the recommendations: {}) it {}.",
                    depends(*certain),
                    without_fix(&w.message),
                    shown(&yes_now),
                    tls_list(&target),
                    match after {
                        ClientStatus::Breaks => "cannot connect once TLSv1.0 and TLSv1.1 are off",
                        _ => "may negotiate an old protocol",
                    }
                ),
                fix: "Set enabledTLSProtocols=TLSv1.2 (tlsVersions=TLSv1.2 from Connector/J 8.0.28) in the \
                      connection properties, or upgrade Connector/J: 8.0.19 offers TLSv1.2 to MySQL 5.6.46+, \
                      5.7.28+ and 8.0.4+, and 8.0.28 speaks only TLSv1.2 and TLSv1.3."
                    .to_owned(),
                source: F_CJ_DOWNGRADE.source.to_owned(),
            });
        } else if now == ClientStatus::Breaks || after == ClientStatus::Breaks {
            let f = limit_fact(c);
            problems.push(ClientProblem {
                code: "no_common_tls_version".to_owned(),
                text: format!(
                    "{} speaks {}; the instance accepts {} now and {} after the recommendations.",
                    c.spec,
                    tls_list(&speak),
                    shown(&yes_now),
                    tls_list(&target)
                ),
                fix: if speak.iter().all(|t| *t >= TlsVersion::Tls12) {
                    "Let the server accept TLSv1.2 (see the recommendations), or keep a client version that \
                     still speaks the server's protocols until it does."
                        .to_owned()
                } else {
                    "Upgrade the client to a version that speaks TLSv1.2.".to_owned()
                },
                source: f.source.to_owned(),
            });
        }
        if let Some((w, certain)) = &dh {
            let worst = if *certain {
                ClientStatus::Breaks
            } else {
                ClientStatus::Warning
            };
            now = now.max(worst);
            after = after.max(worst);
            problems.push(ClientProblem {
                code: w.code.clone(),
                text: format!("{}{}", depends(*certain), without_fix(&w.message)),
                fix: "Upgrade the server to MySQL 5.7.6 or later, or choose a non-DHE cipher suite in the client."
                    .to_owned(),
                source: F_JDK_DH.source.to_owned(),
            });
        }
        out.push(ClientVerdict {
            spec: c.spec.clone(),
            client: c.id.clone(),
            version: c.version.clone(),
            tls_versions: speak.iter().map(|t| t.mysql_name().to_owned()).collect(),
            status: now,
            after_recommendations: after,
            problems,
            certificate: None,
        });
    }
    Ok(out)
}

/// The warnings of the checks that need the server version.
fn server_warnings(ctx: &Ctx, c: &ClientSpec, version: String) -> Result<Vec<SnippetWarning>> {
    let mut o = options(ctx, c);
    o.server_version = Some(version);
    Ok(snippet::generate(&o)?.warnings)
}

fn depends(certain: bool) -> &'static str {
    if certain {
        ""
    } else {
        "Depends on the server's exact version (give it as SELECT VERSION() reports it): "
    }
}

fn shown(v: &[TlsVersion]) -> String {
    if v.is_empty() {
        "no version for certain".to_owned()
    } else {
        tls_list(v)
    }
}

/// Ties the verdicts back into the recommendations: clients to fix before the TLS change, and
/// whether forcing SSL is safe for the listed clients.
pub(super) fn annotate(verdicts: &[ClientVerdict], d: &mut Draft) {
    let blocking: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.after_recommendations == ClientStatus::Breaks)
        .map(|v| v.spec.as_str())
        .collect();
    if !blocking.is_empty() {
        let list = blocking.join(", ");
        for r in &mut d.recommendations {
            if matches!(r.id.as_str(), "ssl_cipher" | "tls_versions") {
                r.text = format!("{} First fix the clients that would break: {list}.", r.text);
            }
        }
    }
    if verdicts.is_empty() {
        return;
    }
    let broken_now: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.status == ClientStatus::Breaks)
        .map(|v| v.spec.as_str())
        .collect();
    let doubtful: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.status == ClientStatus::Warning)
        .map(|v| v.spec.as_str())
        .collect();
    let safety = if !broken_now.is_empty() {
        format!(
            "Not yet safe for the listed clients: {} cannot negotiate TLS with the instance now.",
            broken_now.join(", ")
        )
    } else if !doubtful.is_empty() {
        format!(
            "Check first: {} (see the client verdicts); the other listed clients can negotiate TLS \
             with the instance.",
            doubtful.join(", ")
        )
    } else {
        "The listed clients can all negotiate TLS with the instance, so forcing SSL is safe for them \
         once each connects with REQUIRED, VERIFY_CA or VERIFY_IDENTITY."
            .to_owned()
    };
    if d.forced_ssl.status != Status::No {
        let sep = if d.forced_ssl.text.ends_with('.') {
            " "
        } else {
            ". "
        };
        d.forced_ssl.text = format!("{}{sep}{safety}", d.forced_ssl.text);
    }
}

/// A snippet warning's message without its own "Fix: …" sentence(s): a [`ClientProblem`] has
/// its fix in its own field, and shown twice the two read as different advice.
fn without_fix(message: &str) -> &str {
    message.find(" Fix: ").map_or(message, |i| &message[..i])
}
