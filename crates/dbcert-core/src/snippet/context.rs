//! The options resolved for generation ([`Ctx`]: defaults and placeholders filled in, versions
//! parsed) and the snippet being built ([`Out`]).

use super::quote;
use super::{parse_version, SnippetOptions, SnippetWarning, SslMode, TruststoreType, Version};
use super::{tls, ServerFlavor, TlsVersion};
use crate::error::{Error, ErrorCode, Result};
use crate::format::Format;

/// Placeholder for a CA path the user has not given.
pub(crate) const CA_PLACEHOLDER: &str = "/path/to/ca.pem";

/// The options, checked and with defaults filled in.
pub(crate) struct Ctx<'a> {
    pub o: &'a SnippetOptions,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub database: Option<String>,
    pub password: String,
    pub client_version: Option<Version>,
    pub server_version: Option<Version>,
    pub server_flavor: Option<ServerFlavor>,
    pub tls: Vec<TlsVersion>,
    pub cipher: Option<String>,
    pub ca_format: Option<Format>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(o: &'a SnippetOptions) -> Result<Self> {
        let client_version = match non_empty(&o.client_version) {
            Some(v) => Some(Version::parse(&v)?),
            None => None,
        };
        let (server_version, mut server_flavor) = match non_empty(&o.server_version) {
            Some(v) => {
                let p = parse_version(&v)?;
                (Some(p.version), p.mariadb.then_some(ServerFlavor::Mariadb))
            }
            None => (None, None),
        };
        if o.server_flavor.is_some() {
            server_flavor = o.server_flavor;
        }
        let tls = match &o.tls_versions {
            Some(list) => tls::parse_list(list)?,
            None => Vec::new(),
        };
        let ca_format = match non_empty(&o.ca_format) {
            Some(f) => Some(parse_format(&f)?),
            None => non_empty(&o.ca).and_then(|p| format_from_extension(&p)),
        };
        if o.port == Some(0) {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "port 0 is not a server port",
            ));
        }
        Ok(Self {
            o,
            host: non_empty(&o.host).unwrap_or_else(|| "<host>".to_owned()),
            port: o.port.unwrap_or(3306),
            user: non_empty(&o.user).unwrap_or_else(|| "<user>".to_owned()),
            database: non_empty(&o.database),
            password: o
                .password_placeholder
                .clone()
                .unwrap_or_else(|| "<password>".to_owned()),
            client_version,
            server_version,
            server_flavor,
            tls,
            cipher: non_empty(&o.cipher),
            ca_format,
        })
    }

    /// The requested mode.
    pub fn mode(&self) -> SslMode {
        self.o.mode
    }

    /// The CA path given by the user, if any.
    pub fn ca(&self) -> Option<String> {
        non_empty(&self.o.ca)
    }

    /// The CRL file given by the user, if any (the `snippet-crl` feature: not in the widget's
    /// build, which has no CRL option).
    #[cfg(feature = "snippet-crl")]
    pub fn crl(&self) -> Option<String> {
        non_empty(&self.o.crl)
    }

    /// The CRL directory given by the user, if any (as [`Ctx::crl`]).
    #[cfg(feature = "snippet-crl")]
    pub fn crl_path(&self) -> Option<String> {
        non_empty(&self.o.crl_path)
    }

    /// The client certificate given by the user, if any (the `snippet-identity` feature: not in
    /// the widget's build, which has no identity option).
    #[cfg(feature = "snippet-identity")]
    pub fn cert(&self) -> Option<String> {
        non_empty(&self.o.cert)
    }

    /// The client key given by the user, if any (as [`Ctx::cert`]).
    #[cfg(feature = "snippet-identity")]
    pub fn key(&self) -> Option<String> {
        non_empty(&self.o.key)
    }

    /// The client keystore given by the user, if any (as [`Ctx::cert`]).
    #[cfg(feature = "snippet-identity")]
    pub fn keystore(&self) -> Option<String> {
        non_empty(&self.o.keystore)
    }

    /// The truststore path given by the user, if any.
    pub fn truststore(&self) -> Option<String> {
        non_empty(&self.o.truststore)
    }

    /// The CA path for a PEM-reading client (`client` is its display name for messages): the one
    /// given; for a P7B, DER or keystore file, the PEM file that `dbcert convert` makes of it (with
    /// a warning giving the command); or a placeholder (with a note).
    pub fn pem_ca(&self, client: &str, out: &mut Out) -> String {
        let given = match (self.ca(), self.truststore()) {
            (Some(ca), _) => Some((ca, self.ca_format)),
            (None, Some(ts)) => {
                let f = match self.o.truststore_type {
                    Some(TruststoreType::Pkcs12) => Some(Format::Pkcs12),
                    Some(TruststoreType::Jks) => Some(Format::Jks),
                    None => format_from_extension(&ts).or(Some(Format::Jks)),
                };
                Some((ts, f))
            }
            (None, None) => None,
        };
        let Some((path, format)) = given else {
            out.note(format!(
                "Replace {CA_PLACEHOLDER} with the CA bundle (PEM) that signed the server certificate."
            ));
            return CA_PLACEHOLDER.to_owned();
        };
        let Some(format) = format.filter(|f| *f != Format::Pem) else {
            return path;
        };
        let mut pem = with_extension(&path, "pem");
        if pem == path {
            pem = with_extension(&path, "converted.pem");
        }
        let password = match (format, &self.o.truststore_password) {
            (Format::Der | Format::P7b | Format::Jks, _) => String::new(),
            (_, Some(pw)) => format!(" --password {}", quote::shell(pw)),
            (_, None) => " --password <keystore-password>".to_owned(),
        };
        let command = format!(
            "dbcert convert {} --to pem -o {}{password}",
            quote::shell(&path),
            quote::shell(&pem)
        );
        let (code, what) = match format {
            Format::Der | Format::P7b => (
                "ca_not_pem",
                format!("a {} file", format.as_str().to_ascii_uppercase()),
            ),
            _ => (
                "ca_is_keystore",
                format!("a Java keystore ({})", format.as_str().to_ascii_uppercase()),
            ),
        };
        out.warn(
            code,
            format!(
                "{path} is {what}, but {client} reads PEM only (Node silently ignores a P7B, OpenSSL \
                 rejects DER and keystores). Convert it with `{command}`; the snippet uses {pem}."
            ),
        );
        pem
    }

    /// Whether the client version is at least `v` (an unknown version counts as the latest).
    pub fn client_at_least(&self, v: Version) -> bool {
        match self.client_version {
            Some(c) => c >= v,
            None => true,
        }
    }

    /// Whether the client version is known and older than `v`.
    pub fn client_before(&self, v: Version) -> bool {
        self.client_version.is_some_and(|c| c < v)
    }
}

/// `dir/name.ext` → `dir/name.NEW` (appends when there is no extension).
pub(crate) fn with_extension(path: &str, ext: &str) -> String {
    let name_start = path
        .bytes()
        .rposition(|b| b == b'/' || b == b'\\')
        .map_or(0, |i| i + 1);
    match path.bytes().rposition(|b| b == b'.') {
        Some(dot) if dot > name_start => format!("{}.{ext}", &path[..dot]),
        _ => format!("{path}.{ext}"),
    }
}

fn parse_format(s: &str) -> Result<Format> {
    let lower = s.trim().to_ascii_lowercase();
    let lower = match lower.as_str() {
        "p12" | "pfx" => "pkcs12",
        "pkcs7" => "p7b",
        other => other,
    };
    Format::ALL
        .into_iter()
        .find(|f| f.as_str() == lower)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "unknown CA format {}; expected pem, der, p7b, jks, jceks or pkcs12",
                    quote::debug(s)
                ),
            )
        })
}

/// Guesses a format from an unambiguous extension (`.crt`/`.cer` can be PEM or DER: no guess).
fn format_from_extension(path: &str) -> Option<Format> {
    let dot = path.bytes().rposition(|b| b == b'.')?;
    let ext = path.get(dot + 1..)?.to_ascii_lowercase();
    match ext.as_str() {
        "pem" => Some(Format::Pem),
        "der" => Some(Format::Der),
        "p7b" | "p7c" => Some(Format::P7b),
        "jks" => Some(Format::Jks),
        "jceks" => Some(Format::Jceks),
        "p12" | "pfx" => Some(Format::Pkcs12),
        _ => None,
    }
}

/// Placeholders a snippet module writes for a value left out, besides [`Ctx`]'s.
const DEFAULT_PLACEHOLDERS: [&str; 3] = [
    CA_PLACEHOLDER,
    "/path/to/truststore.p12",
    "<truststore-password>",
];

/// The placeholders in `code`, in order of first appearance: the values [`Ctx`] filled in for
/// what was left out, the password placeholder, the snippet modules' own
/// ([`DEFAULT_PLACEHOLDERS`]), and every value given in angle brackets (`<endpoint>`).
pub(crate) fn placeholders(ctx: &Ctx, code: &str) -> Vec<String> {
    let o = ctx.o;
    let bracketed = |v: &Option<String>| {
        non_empty(v).filter(|v| v.len() > 2 && v.starts_with('<') && v.ends_with('>'))
    };
    let mut candidates: Vec<String> = vec![ctx.password.clone()];
    if non_empty(&o.host).is_none() || bracketed(&o.host).is_some() {
        candidates.push(ctx.host.clone());
    }
    if non_empty(&o.user).is_none() || bracketed(&o.user).is_some() {
        candidates.push(ctx.user.clone());
    }
    candidates.extend(DEFAULT_PLACEHOLDERS.iter().map(|s| (*s).to_owned()));
    #[cfg(feature = "snippet-identity")]
    {
        use super::identity::{CERT_PLACEHOLDER, KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER};
        for p in [CERT_PLACEHOLDER, KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER] {
            candidates.push(p.to_owned());
        }
        for v in [&o.cert, &o.key, &o.keystore, &o.keystore_password] {
            candidates.extend(bracketed(v));
        }
    }
    for v in [
        &o.database,
        &o.ca,
        &o.truststore,
        &o.truststore_password,
        &o.cipher,
        &o.crl,
        &o.crl_path,
    ] {
        candidates.extend(bracketed(v));
    }
    // By position, the longer first where two start together, equal ones in candidate order:
    // a stable insertion sort of the dozen candidates (no std sort, nor crate::sorted's merge
    // sort: the widget's module is smaller without either).
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for c in candidates.into_iter().filter(|c| !c.trim().is_empty()) {
        if let Some(at) = super::find(code.as_bytes(), 0, c.as_bytes()) {
            let key = (at, usize::MAX - c.len());
            let i = found
                .iter()
                .position(|f| (f.0, f.1) > key)
                .unwrap_or(found.len());
            found.insert(i, (key.0, key.1, c));
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(found.len());
    for (_, _, c) in found {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The snippet being built.
pub(crate) struct Out {
    pub language: &'static str,
    pub code: String,
    pub supported: bool,
    pub alternative: Option<SslMode>,
    pub warnings: Vec<SnippetWarning>,
    pub notes: Vec<String>,
}

impl Out {
    pub(crate) fn new(language: &'static str) -> Self {
        Self {
            language,
            code: String::new(),
            supported: true,
            alternative: None,
            warnings: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a warning.
    pub fn warn(&mut self, code: &str, message: impl Into<String>) {
        self.warnings.push(SnippetWarning {
            code: code.to_owned(),
            message: message.into(),
        });
    }

    /// Adds a note.
    pub fn note(&mut self, message: impl Into<String>) {
        self.notes.push(message.into());
    }

    /// Records that `client` cannot express `ctx.mode()` (`why`), and returns `alternative`,
    /// the mode the code will implement instead.
    pub fn unsupported(
        &mut self,
        ctx: &Ctx,
        client: &str,
        alternative: SslMode,
        why: &str,
    ) -> SslMode {
        self.supported = false;
        self.alternative = Some(alternative);
        let kind = if alternative > ctx.mode() {
            "stricter"
        } else {
            "weaker"
        };
        self.warn(
            "unsupported_mode",
            format!(
                "{client} cannot express {}: {why}. The code below is the nearest safe alternative, {alternative} ({kind}).",
                ctx.mode()
            ),
        );
        alternative
    }

    /// Records that the client cannot express the mode at this version and no other mode of
    /// that version is a safe substitute: the code shown is for `version` or later.
    pub fn needs_version(&mut self, ctx: &Ctx, client: &str, version: &str, why: &str) {
        self.supported = false;
        self.alternative = None;
        self.warn(
            "unsupported_mode",
            format!(
                "{client} {} cannot express {}: {why}. The code below needs {client} {version} or later; upgrade to get {}.",
                ctx.client_version.map(|v| v.to_string()).unwrap_or_default(),
                ctx.mode(),
                ctx.mode()
            ),
        );
    }
}
