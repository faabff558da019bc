//! The server-side TLS advisor: what an instance can do, what to set, what each change costs,
//! how to check the result, and which of the listed clients would break.
//!
//! One module per provider holds the facts of its documentation, each with its source URL in the
//! data and in a comment: [`alibaba_rds`](self) (ApsaraDB RDS for MySQL), `aws_rds`,
//! `azure_flexible`, `gcp_cloudsql` and `self_managed` (MySQL and MariaDB). Client TLS limits
//! come from the snippet module's compatibility checks ([`crate::snippet::generate`]), so the two
//! never disagree. Given the server's certificate chain (`chain`, `ca`, `host`), each listed
//! client's certificate verdict is the one `verify` reports ([`crate::verify::clients`]), folded
//! in by `certificates`. [`bundles`] recognises the publicly known CA certificates of the clouds.
//!
//! Every item of an [`Advice`] is built from a [`Fact`] and carries its `source` URL. Where the
//! sources say nothing (a TLS version a provider does not document, a minor version not given),
//! the answer is [`Status::Unknown`] with the reason, never a guess.
//!
//! Versions are parsed with the snippet module's parser ([`crate::snippet::parse_version`]).

pub mod bundles;
pub mod fact;

mod alibaba_rds;
mod aws_rds;
mod azure_flexible;
mod certificates;
mod client_certs;
mod clients;
mod gcp_cloudsql;
mod self_managed;

use serde::{Deserialize, Serialize};

pub use fact::Fact;

use crate::api::Bytes;
use crate::error::{Error, ErrorCode, Result};
use crate::snippet::{parse_version, TlsVersion, Version};
use crate::time::UnixTime;
use crate::verify::signature::Backend;

/// Options of `advise(options)`: the instance and the clients that connect to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdviseOptions {
    /// `alibaba-rds`, `aws-rds`, `azure-flexible`, `gcp-cloudsql`, `self-managed`, or `mysql` /
    /// `mariadb` (self-managed, product named).
    pub provider: String,
    /// Server version: `5.7`, `8.0.36`, `10.11.6-MariaDB`.
    pub server_version: String,
    /// ApsaraDB RDS edition: `basic`, `high-availability` or `cluster`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// ApsaraDB RDS minor engine version, `YYYYMMDD` (`20241130`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor_version: Option<String>,
    /// ApsaraDB RDS `ssl_cipher` parameter value as set (`""` for the empty string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_cipher: Option<String>,
    /// Clients as `ID@VERSION` (`jdbc@8.0.18`) or `ID`, with the ids of
    /// [`crate::snippet::clients`].
    #[serde(default)]
    pub clients: Vec<String>,
    /// A client certificate (PEM text; the first certificate counts): its subject and issuer
    /// are written into the `REQUIRE SUBJECT … AND ISSUER …` statement, in the form the server
    /// compares. Only the certificate is read; a key beside it is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<String>,
    /// The server's certificate chain as it sends it (PEM, DER or P7B; bytes or text): each
    /// listed client's certificate verdict ([`crate::verify::clients`], as `verify` reports it)
    /// is folded into its [`ClientVerdict`]. Without it, clients are judged on TLS versions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Bytes>,
    /// The CA bundle the clients are given (`--ssl-ca`; any format `read` takes). Without it,
    /// the chain's own self-signed root is the anchor. Only with `chain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<Bytes>,
    /// The host name or IP address the clients connect to: the certificate is judged in
    /// VERIFY_IDENTITY, else in VERIFY_CA. Only with `chain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// RFC 3339 time to verify the chain at (default: the caller's `now`). Only with `chain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// Where the server runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    /// ApsaraDB RDS for MySQL (Alibaba Cloud).
    AlibabaRds,
    /// Amazon RDS for MySQL or MariaDB.
    AwsRds,
    /// Azure Database for MySQL flexible server.
    AzureFlexible,
    /// Google Cloud SQL for MySQL.
    GcpCloudsql,
    /// A MySQL or MariaDB server you run yourself.
    SelfManaged,
}

impl Provider {
    /// Every provider, in display order.
    pub const ALL: [Provider; 5] = [
        Self::AlibabaRds,
        Self::AwsRds,
        Self::AzureFlexible,
        Self::GcpCloudsql,
        Self::SelfManaged,
    ];

    /// The id used by the CLI and the JS API.
    pub fn id(self) -> &'static str {
        match self {
            Self::AlibabaRds => "alibaba-rds",
            Self::AwsRds => "aws-rds",
            Self::AzureFlexible => "azure-flexible",
            Self::GcpCloudsql => "gcp-cloudsql",
            Self::SelfManaged => "self-managed",
        }
    }

    /// The product name.
    pub fn name(self) -> &'static str {
        match self {
            Self::AlibabaRds => "ApsaraDB RDS for MySQL",
            Self::AwsRds => "Amazon RDS",
            Self::AzureFlexible => "Azure Database for MySQL flexible server",
            Self::GcpCloudsql => "Cloud SQL for MySQL",
            Self::SelfManaged => "self-managed server",
        }
    }

    /// Parses an id (any case); `mysql` and `mariadb` mean self-managed with that product.
    pub fn parse(text: &str) -> Result<(Self, Option<Product>)> {
        let t = text.trim().to_ascii_lowercase();
        if t == "mysql" {
            return Ok((Self::SelfManaged, Some(Product::Mysql)));
        }
        if t == "mariadb" {
            return Ok((Self::SelfManaged, Some(Product::Mariadb)));
        }
        Self::ALL
            .into_iter()
            .find(|p| p.id() == t)
            .map(|p| (p, None))
            .ok_or_else(|| {
                let ids: Vec<&str> = Self::ALL.iter().map(|p| p.id()).collect();
                Error::new(
                    ErrorCode::InvalidOption,
                    format!(
                        "unknown provider {text:?}; expected one of {}, mysql or mariadb",
                        ids.join(", ")
                    ),
                )
            })
    }
}

/// The server product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    /// Oracle MySQL (and the MySQL services of the clouds).
    Mysql,
    /// MariaDB Server.
    Mariadb,
}

/// An ApsaraDB RDS edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Edition {
    /// RDS Basic Edition.
    Basic,
    /// RDS High-availability Edition.
    HighAvailability,
    /// RDS Cluster Edition.
    Cluster,
}

impl Edition {
    /// The name in the ApsaraDB guide.
    pub fn name(self) -> &'static str {
        match self {
            Self::Basic => "Basic Edition",
            Self::HighAvailability => "High-availability Edition",
            Self::Cluster => "Cluster Edition",
        }
    }

    /// Parses `basic`, `high-availability` (`ha`) or `cluster`, any case.
    pub fn parse(text: &str) -> Result<Self> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['_', ' '], "-")
            .as_str()
        {
            "basic" => Ok(Self::Basic),
            "high-availability" | "ha" => Ok(Self::HighAvailability),
            "cluster" => Ok(Self::Cluster),
            _ => Err(Error::new(
                ErrorCode::InvalidOption,
                format!("unknown edition {text:?}; expected basic, high-availability or cluster"),
            )),
        }
    }
}

/// Yes, no, or not known from the sources and the options given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Supported, happens, possible.
    Yes,
    /// Not supported, does not happen, not possible.
    No,
    /// Depends on something not given, or not stated by the sources.
    Unknown,
}

/// The advisor's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    /// The provider.
    pub provider: Provider,
    /// The provider's product name.
    pub provider_name: String,
    /// The server as understood from the options.
    pub server: Server,
    /// What the instance can do.
    pub supported: Supported,
    /// What to set, and why.
    pub recommendations: Vec<Recommendation>,
    /// What each TLS-related operation does to the instance.
    pub operations: Vec<Operation>,
    /// SQL and commands that show the result.
    pub checks: Vec<Check>,
    /// Each listed client: whether it connects now and after the recommendations, with fixes.
    pub clients: Vec<ClientVerdict>,
    /// Client certificates (mutual TLS): whether the instance verifies them, and the steps that
    /// make an account require one.
    pub client_certificates: ClientCertificates,
    /// Other sourced facts that matter for this instance.
    pub notes: Vec<Item>,
    /// What dbcert assumed because an option was missing.
    pub assumptions: Vec<String>,
}

/// The server as understood from the options.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    /// MySQL or MariaDB.
    pub product: Product,
    /// The version as given.
    pub version: String,
    /// The ApsaraDB edition, if given.
    pub edition: Option<Edition>,
    /// The ApsaraDB minor engine version, if given.
    pub minor_version: Option<String>,
    /// The ApsaraDB `ssl_cipher` value, if given.
    pub ssl_cipher: Option<String>,
}

/// What the instance can do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Supported {
    /// Whether SSL/TLS can be used at all.
    pub ssl: Verdict,
    /// Whether the instance can refuse unencrypted connections.
    pub forced_ssl: Verdict,
    /// Each TLS version (`TLSv1` to `TLSv1.3`): whether the instance accepts it as configured.
    pub tls_versions: Vec<TlsSupport>,
}

/// A yes/no/unknown answer with its reason and source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The answer.
    pub status: Status,
    /// Why, for this instance.
    pub text: String,
    /// The page that says so.
    pub source: String,
}

/// Whether one TLS version is accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsSupport {
    /// `TLSv1`, `TLSv1.1`, `TLSv1.2` or `TLSv1.3`.
    pub version: String,
    /// Accepted as configured.
    pub status: Status,
    /// Why.
    pub text: String,
    /// The page that says so.
    pub source: String,
}

/// Something to set or do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    /// Stable id: `tls_versions`, `ssl_cipher`, `forced_ssl`, `ca_bundle`, …
    pub id: String,
    /// What to do and why.
    pub text: String,
    /// The parameter and value, where there is one.
    pub setting: Option<Setting>,
    /// The page that says so.
    pub source: String,
}

/// A server parameter and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    /// Parameter name (`ssl_cipher`, `require_secure_transport`, `tls_version`, `sslMode`).
    pub name: String,
    /// Value to set (may be the empty string).
    pub value: String,
}

/// What an operation does to the instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Stable id: `enable_ssl`, `disable_ssl`, `update_certificate`, `force_ssl`, …
    pub id: String,
    /// Short name.
    pub name: String,
    /// Whether the instance restarts.
    pub restart: Status,
    /// Whether a primary/secondary switchover happens.
    pub switchover: Status,
    /// The impact and how to prepare.
    pub text: String,
    /// The page that says so.
    pub source: String,
}

/// A statement or command that shows the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Stable id.
    pub id: String,
    /// `sql` (run in any client), `mysql` (a mysql client command) or `shell`.
    pub kind: String,
    /// The statement or command.
    pub command: String,
    /// What to look for.
    pub expect: String,
    /// The page that says so.
    pub source: String,
}

/// Client certificates on this instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientCertificates {
    /// Whether the instance can require and verify client certificates.
    pub verified: Verdict,
    /// The subject of the client certificate given, as the server writes it
    /// (`/C=US/O=Example/CN=app`).
    pub subject: Option<String>,
    /// Its issuer, in the same form.
    pub issuer: Option<String>,
    /// What to run or set, in order.
    pub steps: Vec<Step>,
}

/// A statement, command or server option, and what it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// Stable id (`ssl_ca`, `require_x509`, `require_subject`, `gcp_ssl_mode`, …).
    pub id: String,
    /// `sql` (run in any client), `shell` or `option` (lines of the server's option file).
    pub kind: String,
    /// The statement, command or option lines.
    pub command: String,
    /// What it does.
    pub text: String,
    /// The page that says so.
    pub source: String,
}

/// A sourced fact, worded for this instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// The fact id.
    pub id: String,
    /// The statement.
    pub text: String,
    /// The page that says so.
    pub source: String,
}

/// Whether a client connects (ordered from best to worst).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientStatus {
    /// Connects with TLS 1.2 or later.
    Ok,
    /// Connects, but with a weak protocol, or only if something not given holds.
    Warning,
    /// Cannot connect over TLS.
    Breaks,
}

/// One listed client, judged against the instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientVerdict {
    /// As given (`jdbc@8.0.18`).
    pub spec: String,
    /// The client id.
    pub client: String,
    /// The client version, if given.
    pub version: Option<String>,
    /// The TLS versions the client can speak, as far as dbcert knows.
    pub tls_versions: Vec<String>,
    /// Against the instance as configured now.
    pub status: ClientStatus,
    /// Against the instance once the TLS recommendations are applied.
    pub after_recommendations: ClientStatus,
    /// What goes wrong, each with the fix.
    pub problems: Vec<ClientProblem>,
    /// The client's verdict on the server certificate (`chain` given), in VERIFY_IDENTITY when a
    /// host was given, else VERIFY_CA: the verdict `verify` reports for this client, at the
    /// stack table's version (`version`). `status` and `afterRecommendations` already count it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<crate::verify::clients::ClientVerdict>,
}

/// A problem of one client, with the fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientProblem {
    /// Stable code (`connectorj_tls_downgrade`, `no_common_tls_version`, `jdk_dh_constraints`;
    /// for the server certificate, the first finding code of the refusal, such as `cn_only`, or
    /// `certificate_unknown`).
    pub code: String,
    /// What goes wrong.
    pub text: String,
    /// What to do.
    pub fix: String,
    /// The page or source file that says so.
    pub source: String,
}

/// Builds an [`Advice`] for `options` without a chain: [`advise_at`] with no clock (a `chain`
/// then needs `at`).
pub fn advise(options: &AdviseOptions) -> Result<Advice> {
    advise_at(options, None, None)
}

/// Builds an [`Advice`] for `options`; a `chain` is verified at `options.at`, else at `now`
/// (the core has no clock: the CLI and the JS packages pass theirs), with `accelerator` as
/// `verify` takes it.
///
/// Errors ([`ErrorCode::InvalidOption`]) for an unknown provider or client, a bad version, a
/// minor version that is not `YYYYMMDD`, an option that does not apply to the provider
/// (`edition`, `minorVersion` and `sslCipher` are ApsaraDB settings), `ca`, `host` or `at`
/// without `chain`, a chain without a time, or a chain without a server certificate; a chain
/// or CA that cannot be read errors as `read` does.
pub fn advise_at(
    options: &AdviseOptions,
    now: Option<UnixTime>,
    accelerator: Option<&dyn Backend>,
) -> Result<Advice> {
    let ctx = Ctx::new(options)?;
    let chain = chain_input(options, now, accelerator)?;
    let mut d = Draft::new(&ctx);
    match ctx.provider {
        Provider::AlibabaRds => alibaba_rds::advise(&ctx, &mut d),
        Provider::AwsRds => aws_rds::advise(&ctx, &mut d),
        Provider::AzureFlexible => azure_flexible::advise(&ctx, &mut d),
        Provider::GcpCloudsql => gcp_cloudsql::advise(&ctx, &mut d),
        Provider::SelfManaged => self_managed::advise(&ctx, &mut d),
    }
    self_managed::common_checks(&ctx, &mut d);
    let mut verdicts = clients::judge(&ctx, &d)?;
    if !ctx.clients.is_empty() && numbers_given(&ctx.version_text) < 3 {
        d.assumptions.push(format!(
            "The server version {} has no patch number, so the client checks that depend on it were \
             run for the whole {}.{} series; where the answer differs across the series it says \
             \"Depends on the server's exact version\". Give the full version (SELECT VERSION()) \
             for an exact answer.",
            ctx.version_text, ctx.version.major, ctx.version.minor
        ));
    }
    clients::annotate(&verdicts, &mut d);
    if let Some(input) = &chain {
        if ctx.clients.is_empty() {
            d.assumptions.push(
                "The server's chain was given without clients, so no client was judged on it: list \
                 them (clients, --clients) for their certificate verdicts, or run dbcert verify, \
                 which judges every client."
                    .to_owned(),
            );
        }
        let certs = certificates::verdicts(input, &ctx.clients)?;
        certificates::fold(&mut verdicts, certs);
        certificates::annotate(&verdicts, &mut d);
    }
    let client_certificates = client_certs::advise(&ctx);
    Ok(Advice {
        provider: ctx.provider,
        provider_name: ctx.provider.name().to_owned(),
        server: Server {
            product: ctx.product,
            version: ctx.version_text.clone(),
            edition: ctx.edition,
            minor_version: ctx.minor.map(|m| m.to_string()),
            ssl_cipher: ctx.ssl_cipher.clone(),
        },
        supported: Supported {
            ssl: d.ssl,
            forced_ssl: d.forced_ssl,
            tls_versions: d.tls,
        },
        recommendations: d.recommendations,
        operations: d.operations,
        checks: d.checks,
        clients: verdicts,
        client_certificates,
        notes: d.notes,
        assumptions: d.assumptions,
    })
}

/// The chain options, checked: `ca`, `host` and `at` only with `chain`, and a time to verify at.
fn chain_input<'a>(
    o: &'a AdviseOptions,
    now: Option<UnixTime>,
    accelerator: Option<&'a dyn Backend>,
) -> Result<Option<certificates::ChainInput<'a>>> {
    let host = o.host.as_deref().map(str::trim).filter(|h| !h.is_empty());
    let Some(chain) = &o.chain else {
        let extra = [
            ("ca", o.ca.is_some()),
            ("host", host.is_some()),
            ("at", o.at.is_some()),
        ];
        if let Some((name, _)) = extra.iter().find(|(_, given)| *given) {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "{name} applies to the server's certificate chain: give chain too (the \
                     certificate the clients will see)"
                ),
            ));
        }
        return Ok(None);
    };
    let at = match &o.at {
        Some(t) => UnixTime::parse_rfc3339(t)?,
        None => now.ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                "chain needs a time to verify at: give at (RFC 3339), the core has no clock",
            )
        })?,
    };
    Ok(Some(certificates::ChainInput {
        chain,
        ca: o.ca.as_ref(),
        host,
        at,
        accelerator,
    }))
}

/// One parsed `ID@VERSION`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClientSpec {
    pub spec: String,
    pub id: String,
    pub version: Option<String>,
}

/// The options, checked.
pub(crate) struct Ctx {
    pub provider: Provider,
    pub product: Product,
    pub version: Version,
    pub version_text: String,
    pub edition: Option<Edition>,
    pub minor: Option<u32>,
    pub ssl_cipher: Option<String>,
    pub clients: Vec<ClientSpec>,
    /// Set when the product was inferred rather than named.
    pub product_assumed: Option<String>,
    /// The subject and issuer of the client certificate given, in the server's form.
    pub client_names: Option<(String, String)>,
}

impl Ctx {
    fn new(o: &AdviseOptions) -> Result<Self> {
        let (provider, named) = Provider::parse(&o.provider)?;
        let text = o.server_version.trim();
        if text.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "serverVersion is required (for example 5.7, 8.0.36 or 10.11-MariaDB)",
            ));
        }
        let parsed = parse_version(text)?;
        let mut product_assumed = None;
        let product = match (named, parsed.mariadb) {
            (Some(p), _) => p,
            (None, true) => Product::Mariadb,
            (None, false) if parsed.version.major >= 10 => {
                product_assumed = Some(format!(
                    "{text} was taken as MariaDB: MySQL versions are numbered 5.x, 8.x and 9.x, \
                     MariaDB versions 10 and later."
                ));
                Product::Mariadb
            }
            (None, false) => Product::Mysql,
        };
        if product == Product::Mariadb
            && !matches!(provider, Provider::AwsRds | Provider::SelfManaged)
        {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "{} serves MySQL; {text} is a MariaDB version",
                    provider.name()
                ),
            ));
        }
        let only_alibaba = |name: &str, given: bool| -> Result<()> {
            if given && provider != Provider::AlibabaRds {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    format!(
                        "{name} is an ApsaraDB RDS setting; it does not apply to {}",
                        provider.id()
                    ),
                ));
            }
            Ok(())
        };
        let edition_text = o
            .edition
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let minor_text = o
            .minor_version
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        only_alibaba("edition", edition_text.is_some())?;
        only_alibaba("minorVersion", minor_text.is_some())?;
        only_alibaba("sslCipher", o.ssl_cipher.is_some())?;
        let edition = edition_text.map(Edition::parse).transpose()?;
        let minor = minor_text.map(parse_minor).transpose()?;
        let clients = o
            .clients
            .iter()
            .flat_map(|c| c.split(','))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(clients::parse_spec)
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            provider,
            product,
            version: parsed.version,
            version_text: text.to_owned(),
            edition,
            minor,
            ssl_cipher: o.ssl_cipher.as_ref().map(|c| unquote(c.trim()).to_owned()),
            clients,
            product_assumed,
            client_names: o
                .client_certificate
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .map(|c| client_certs::names(c.as_bytes()))
                .transpose()?,
        })
    }

    /// `major.minor` of the server, as a pair.
    pub fn series(&self) -> (u32, u32) {
        (self.version.major, self.version.minor)
    }
}

/// How many dot-separated numbers lead `text` (`8.0` → 2, `8.0.36-log` → 3).
pub(crate) fn numbers_given(text: &str) -> usize {
    let t = text.trim().trim_start_matches(['v', 'V']);
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    t.get(..end)
        .unwrap_or("")
        .split('.')
        .filter(|p| !p.is_empty())
        .count()
}

/// Strips one pair of matching quotes, so `''` and `""` given on a command line mean empty.
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// Parses an ApsaraDB minor engine version `YYYYMMDD`.
pub fn parse_minor(text: &str) -> Result<u32> {
    let t = text.trim();
    let bad = || {
        Error::new(
            ErrorCode::InvalidOption,
            format!("{text:?} is not a minor engine version; expected YYYYMMDD such as 20241130"),
        )
    };
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: u32 = t.parse().map_err(|_| bad())?;
    let (month, day) = ((n / 100) % 100, n % 100);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    Ok(n)
}

/// The answer under construction; provider modules fill it from their facts.
pub(crate) struct Draft {
    pub ssl: Verdict,
    pub forced_ssl: Verdict,
    pub tls: Vec<TlsSupport>,
    /// The TLS versions the recommendations leave enabled.
    pub target: Vec<TlsVersion>,
    pub recommendations: Vec<Recommendation>,
    pub operations: Vec<Operation>,
    pub checks: Vec<Check>,
    pub notes: Vec<Item>,
    pub assumptions: Vec<String>,
}

impl Draft {
    fn new(ctx: &Ctx) -> Self {
        let unknown = |f: &Fact| Verdict {
            status: Status::Unknown,
            text: "not stated by the sources dbcert uses".to_owned(),
            source: f.source.to_owned(),
        };
        let none = &self_managed::F_TLS_FACTORS;
        Self {
            ssl: unknown(none),
            forced_ssl: unknown(none),
            tls: TlsVersion::ALL
                .iter()
                .map(|v| TlsSupport {
                    version: v.mysql_name().to_owned(),
                    status: Status::Unknown,
                    text: "not stated by the sources dbcert uses".to_owned(),
                    source: none.source.to_owned(),
                })
                .collect(),
            target: vec![TlsVersion::Tls12],
            recommendations: Vec::new(),
            operations: Vec::new(),
            checks: Vec::new(),
            notes: Vec::new(),
            assumptions: ctx.product_assumed.iter().cloned().collect(),
        }
    }

    /// Sets the SSL verdict.
    pub fn ssl(&mut self, status: Status, text: impl Into<String>, f: &Fact) {
        self.ssl = verdict(status, text, f);
    }

    /// Sets the forced-SSL verdict.
    pub fn forced(&mut self, status: Status, text: impl Into<String>, f: &Fact) {
        self.forced_ssl = verdict(status, text, f);
    }

    /// Sets one TLS version's support.
    pub fn tls(&mut self, v: TlsVersion, status: Status, text: impl Into<String>, f: &Fact) {
        if let Some(t) = self.tls.get_mut(v as usize) {
            *t = TlsSupport {
                version: v.mysql_name().to_owned(),
                status,
                text: text.into(),
                source: f.source.to_owned(),
            };
        }
    }

    /// The status of one TLS version.
    pub fn tls_status(&self, v: TlsVersion) -> Status {
        self.tls
            .get(v as usize)
            .map_or(Status::Unknown, |t| t.status)
    }

    /// Adds a recommendation.
    pub fn recommend(
        &mut self,
        id: &str,
        text: impl Into<String>,
        setting: Option<(&str, &str)>,
        f: &Fact,
    ) {
        self.recommendations.push(Recommendation {
            id: id.to_owned(),
            text: text.into(),
            setting: setting.map(|(name, value)| Setting {
                name: name.to_owned(),
                value: value.to_owned(),
            }),
            source: f.source.to_owned(),
        });
    }

    /// Adds an operation.
    pub fn operation(
        &mut self,
        id: &str,
        name: &str,
        restart: Status,
        switchover: Status,
        text: impl Into<String>,
        f: &Fact,
    ) {
        self.operations.push(Operation {
            id: id.to_owned(),
            name: name.to_owned(),
            restart,
            switchover,
            text: text.into(),
            source: f.source.to_owned(),
        });
    }

    /// Adds a check.
    pub fn check(&mut self, id: &str, kind: &str, command: &str, expect: &str, f: &Fact) {
        self.checks.push(Check {
            id: id.to_owned(),
            kind: kind.to_owned(),
            command: command.to_owned(),
            expect: expect.to_owned(),
            source: f.source.to_owned(),
        });
    }

    /// Adds a fact as a note, in its own words.
    pub fn note(&mut self, f: &Fact) {
        self.note_text(f, f.text);
    }

    /// Adds a fact as a note, worded for this instance.
    pub fn note_text(&mut self, f: &Fact, text: impl Into<String>) {
        self.notes.push(Item {
            id: f.id.to_owned(),
            text: text.into(),
            source: f.source.to_owned(),
        });
    }
}

fn verdict(status: Status, text: impl Into<String>, f: &Fact) -> Verdict {
    Verdict {
        status,
        text: text.into(),
        source: f.source.to_owned(),
    }
}

/// `TLSv1.2,TLSv1.3`.
pub(crate) fn tls_list(v: &[TlsVersion]) -> String {
    v.iter()
        .map(|t| t.mysql_name())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_versions_are_dates() {
        assert_eq!(parse_minor("20241130").ok(), Some(20_241_130));
        for bad in [
            "2024113",
            "202411300",
            "2024-11-30",
            "20241330",
            "20241100",
            "rds_2024",
        ] {
            assert_eq!(
                parse_minor(bad).err().map(|e| e.code()),
                Some(ErrorCode::InvalidOption),
                "{bad}"
            );
        }
    }

    #[test]
    fn providers_parse() {
        assert_eq!(
            Provider::parse("ALIBABA-RDS").ok(),
            Some((Provider::AlibabaRds, None))
        );
        assert_eq!(
            Provider::parse("mariadb").ok(),
            Some((Provider::SelfManaged, Some(Product::Mariadb)))
        );
        assert!(Provider::parse("oracle").is_err());
        assert_eq!(unquote("''"), "");
        assert_eq!(unquote("\"ALL\""), "ALL");
    }
}
