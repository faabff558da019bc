//! Converting any readable input into PEM, DER, P7B (DER or PEM), JKS or PKCS#12.
//!
//! Output is deterministic: the same input and options give the same bytes. JKS entry dates
//! come from each certificate's notBefore unless a date is given; PKCS#12 salts and IVs come
//! from the caller's seed (the facades pass fresh OS randomness unless the user fixes one).

pub mod alias;
mod identity;

use serde::{Deserialize, Serialize};

use crate::bundle::{Bundle, CertEntry, Warning};
use crate::cert::Certificate;
use crate::error::{Error, ErrorCode, Result};
use crate::formats::{jks, p7b, pem, pkcs12};
use crate::time::UnixTime;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// PEM bundle (`-----BEGIN CERTIFICATE-----` blocks).
    Pem,
    /// One DER certificate.
    Der,
    /// P7B, DER.
    P7b,
    /// P7B, PEM (`-----BEGIN PKCS7-----`).
    P7bPem,
    /// Java KeyStore with trusted-certificate entries.
    Jks,
    /// PKCS#12 truststore Java accepts (trusted-certificate attribute on every bag).
    Pkcs12,
}

impl Target {
    /// Parses `pem|der|p7b|p7b-pem|jks|pkcs12` (also `p12`, `pfx`).
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "pem" => Self::Pem,
            "der" | "cer" | "crt" => Self::Der,
            "p7b" | "p7c" | "pkcs7" => Self::P7b,
            "p7b-pem" => Self::P7bPem,
            "jks" => Self::Jks,
            "pkcs12" | "p12" | "pfx" => Self::Pkcs12,
            other => {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    format!(
                    "unknown output format \"{other}\"; use pem, der, p7b, p7b-pem, jks or pkcs12"
                ),
                ))
            }
        })
    }

    /// True for formats that are not text.
    pub fn is_binary(self) -> bool {
        !matches!(self, Self::Pem | Self::P7bPem)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pem => "pem",
            Self::Der => "der",
            Self::P7b => "p7b",
            Self::P7bPem => "p7b.pem",
            Self::Jks => "jks",
            Self::Pkcs12 => "p12",
        }
    }
}

/// Which certificates go out, in which order, under which names. The output password is wiped
/// from memory on drop and never shown by `Debug`.
#[derive(Clone)]
pub struct ConvertOptions {
    /// The output format.
    pub to: Target,
    /// Password protecting a JKS or PKCS#12 output (required for those).
    pub out_password: Option<String>,
    /// Aliases given by the user, applied in output order (the rest are derived).
    pub aliases: Vec<String>,
    /// For DER (one certificate): which one, 0-based, among those selected.
    pub index: Option<usize>,
    /// Drop certificates whose notAfter is before `at`.
    pub skip_expired: bool,
    /// Drop byte-identical duplicates (with a warning).
    pub dedupe: bool,
    /// Write the chain leaf-to-root, as `verify` builds it, then the certificates not on it in
    /// input order; `false` keeps input order.
    pub chain_order: bool,
    /// Keep only CA certificates (basicConstraints cA); JKS and PKCS#12 are then a truststore
    /// even when the input holds a private key (not written).
    pub only_ca: bool,
    /// The time used for `skip_expired`.
    pub at: UnixTime,
    /// JKS entry date (ms since the epoch) for every entry; default: each certificate's notBefore.
    pub jks_date_ms: Option<i64>,
    /// PKCS#12 protection settings (iterations, seed for salts and IVs; the seed also gives the
    /// JKS key protector's salt and an encrypted PEM key's salt and IV).
    pub pkcs12: pkcs12::WriteOptions,
    /// `--to pem`: also write the private key after its chain (see [`convert`]). Keys are never
    /// written without it.
    pub include_key: bool,
    /// With `include_key`: the key as an `ENCRYPTED PRIVATE KEY` (PBES2, PBKDF2-HMAC-SHA256,
    /// AES-256-CBC, under `out_password`); `false` writes a plain `PRIVATE KEY`.
    pub encrypt_key: bool,
}

impl Drop for ConvertOptions {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.out_password);
    }
}

impl std::fmt::Debug for ConvertOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConvertOptions")
            .field("to", &self.to)
            .field("out_password", &crate::api::redacted(&self.out_password))
            .field("aliases", &self.aliases)
            .field("index", &self.index)
            .field("skip_expired", &self.skip_expired)
            .field("dedupe", &self.dedupe)
            .field("chain_order", &self.chain_order)
            .field("only_ca", &self.only_ca)
            .field("at", &self.at)
            .field("jks_date_ms", &self.jks_date_ms)
            .field("pkcs12", &self.pkcs12)
            .field("include_key", &self.include_key)
            .field("encrypt_key", &self.encrypt_key)
            .finish()
    }
}

impl ConvertOptions {
    /// Options for a target with every filter off.
    pub fn new(to: Target, at: UnixTime) -> Self {
        Self {
            to,
            out_password: None,
            aliases: Vec::new(),
            index: None,
            skip_expired: false,
            chain_order: false,
            dedupe: false,
            only_ca: false,
            at,
            jks_date_ms: None,
            pkcs12: pkcs12::WriteOptions::default(),
            include_key: false,
            encrypt_key: true,
        }
    }
}

/// The converted bytes and what was dropped or renamed on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    /// The output file's bytes.
    pub bytes: Vec<u8>,
    /// How many certificates were written.
    pub count: usize,
    /// What was skipped and why.
    pub warnings: Vec<Warning>,
}

/// Converts a read bundle into the target format.
///
/// When the input holds a private key and the target is JKS or PKCS#12, or the target is PEM
/// with [`ConvertOptions::include_key`], the output is a **client identity**: the key that
/// matches a certificate, and that certificate's chain as found in the input, leaf first (see
/// `convert/identity.rs`); one PrivateKeyEntry (alias: the first of `aliases`, else the input
/// keystore's, else the leaf's CN), or the PEM chain followed by the key. A key that matches no
/// certificate is refused with `key_mismatch`; certificates outside the chain are left out with
/// a `certificate_not_written` warning; the filters (`skip_expired`, `only_ca`, `dedupe`,
/// order, index) do not apply. With `only_ca`, JKS and PKCS#12 are a truststore of the CA
/// certificates even when the input holds a key; every output without the key says so with a
/// `key_not_written` warning.
pub fn convert(bundle: &Bundle, options: &ConvertOptions) -> Result<Converted> {
    if options.include_key && options.only_ca {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "--include-key writes a key with its own certificate chain and --only-ca writes CA certificates alone: give one of them",
        ));
    }
    let has_key = identity::has_private_key(bundle);
    let identity_out = match options.to {
        // `only_ca` asks for a truststore of the CA certificates, whatever key is beside them.
        Target::Jks | Target::Pkcs12 => has_key && !options.only_ca,
        Target::Pem => options.include_key,
        _ if options.include_key => {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "--include-key writes a key beside its chain in pem (or into jks and pkcs12, which take the key without it); der and p7b hold certificates only",
            ))
        }
        _ => false,
    };
    if identity_out {
        if !has_key {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "--include-key: the input holds no private key (give the key file too)",
            ));
        }
        return write_identity(bundle, options);
    }
    let mut warnings = Vec::new();
    if bundle.certificates.is_empty() && !bundle.crls.is_empty() {
        return Err(Error::new(
            ErrorCode::NoCertificates,
            "the input holds only certificate revocation lists; dbcert converts certificates \
             (pass the CRLs to clients as they are, e.g. --ssl-crl)",
        ));
    }
    if !bundle.crls.is_empty() {
        warnings.push(Warning::new(
            "crl_not_written",
            format!(
                "{} CRL{} of the input {} not written: dbcert converts certificates; keep the \
                 CRL file for --ssl-crl",
                bundle.crls.len(),
                if bundle.crls.len() == 1 { "" } else { "s" },
                if bundle.crls.len() == 1 { "is" } else { "are" }
            ),
        ));
    }
    if has_key {
        warnings.push(Warning::new(
            "key_not_written",
            "the input's private key was not written: this output holds certificates only (a client keystore with the key: jks or pkcs12 without --only-ca, or pem with --include-key)",
        ));
    }
    let selected = select(bundle, options, &mut warnings)?;
    if selected.is_empty() {
        return Err(Error::new(
            ErrorCode::NoCertificates,
            "no certificate is left to write after the filters (--skip-expired, --only-ca)",
        ));
    }
    let ders = || selected.iter().map(|e| e.der.as_slice());
    let bytes = match options.to {
        Target::Pem => {
            // 64 base64 digits and a newline per 48 bytes, plus the two marker lines.
            let mut out = Vec::with_capacity(ders().map(|d| d.len() / 48 * 65 + 120).sum());
            for d in ders() {
                pem::encode_bytes("CERTIFICATE", d, &mut out);
            }
            out
        }
        Target::Der => match (selected.len(), options.index) {
            (_, Some(i)) => selected
                .get(i)
                .map(|e| e.der.clone())
                .ok_or_else(|| Error::new(ErrorCode::InvalidOption, format!("--index {i} is out of range: there are {} certificates (0 to {})", selected.len(), selected.len() - 1)))?,
            (1, None) => selected[0].der.clone(),
            (n, None) => {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    format!("DER holds one certificate and the input has {n}: pick one with --index 0..{} (see `dbcert inspect`), or convert to pem or p7b to keep them all", n - 1),
                ))
            }
        },
        Target::P7b => p7b::write(ders()),
        Target::P7bPem => p7b::write_pem(ders()).into_bytes(),
        Target::Jks | Target::Pkcs12 => {
            let password = options.out_password.as_deref().filter(|p| !p.is_empty()).ok_or_else(|| {
                Error::new(ErrorCode::InvalidOption, "a JKS or PKCS#12 output needs a password (--out-password)")
            })?;
            let entries = named(&selected, bundle, options)?;
            if options.to == Target::Jks {
                let entries: Vec<jks::Entry<'_>> = entries
                    .iter()
                    .map(|e| jks::Entry {
                        alias: Some(&e.alias),
                        created_ms: Some(e.created_ms),
                        der: e.der,
                    })
                    .collect();
                jks::write_entries(&entries, password)?
            } else {
                let entries: Vec<CertEntry> = entries
                    .into_iter()
                    .map(|e| CertEntry {
                        der: e.der.to_vec(),
                        alias: Some(e.alias),
                        trusted: Some(true),
                        created_ms: Some(e.created_ms),
                    })
                    .collect();
                pkcs12::write(&entries, password, &options.pkcs12)?
            }
        }
    };
    Ok(Converted {
        bytes,
        // DER holds the one certificate picked by `index`.
        count: if options.to == Target::Der {
            1
        } else {
            selected.len()
        },
        warnings,
    })
}

/// Writes the client identity of `bundle` (see [`convert`]).
fn write_identity(bundle: &Bundle, options: &ConvertOptions) -> Result<Converted> {
    let mut warnings = Vec::new();
    let id = identity::find(bundle, &mut warnings)?;
    let ders: Vec<&[u8]> = id
        .chain
        .iter()
        .filter_map(|&i| bundle.certificates.get(i).map(|c| c.der.as_slice()))
        .collect();
    let leaf = *ders
        .first()
        .ok_or_else(|| Error::new(ErrorCode::NoCertificates, "the key has no certificate"))?;
    let alias = identity::alias(options.aliases.first().map(String::as_str), &id, leaf)?;
    let password = || {
        options
            .out_password
            .as_deref()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidOption,
                    match options.to {
                        Target::Pem => "--include-key writes the key encrypted under --out-password: give one, or --no-encrypt-key to write it in the clear",
                        _ => "a JKS or PKCS#12 output needs a password (--out-password)",
                    },
                )
            })
    };
    let bytes = match options.to {
        Target::Pem => {
            let mut out = Vec::with_capacity(
                ders.iter().map(|d| d.len() / 48 * 65 + 120).sum::<usize>() + 4096,
            );
            for d in &ders {
                pem::encode_bytes("CERTIFICATE", d, &mut out);
            }
            if options.encrypt_key {
                let der = pkcs12::encrypt_pkcs8(
                    id.pkcs8,
                    password()?,
                    options.pkcs12.iterations,
                    options.pkcs12.seed,
                    b"pem key",
                )?;
                pem::encode_bytes("ENCRYPTED PRIVATE KEY", &der, &mut out);
            } else {
                pem::encode_bytes("PRIVATE KEY", id.pkcs8, &mut out);
            }
            out
        }
        Target::Jks => {
            let leaf_entry = id.chain.first().and_then(|&i| bundle.certificates.get(i));
            let created_ms = match options
                .jks_date_ms
                .or(leaf_entry.and_then(|e| e.created_ms))
            {
                Some(ms) => ms,
                None => Certificate::common_name_and_not_before(leaf)?
                    .1
                     .0
                    .saturating_mul(1000),
            };
            let salt = jks_salt(options.pkcs12.seed);
            jks::write_key_entry(&alias, created_ms, id.pkcs8, &ders, password()?, &salt)?
        }
        Target::Pkcs12 => {
            pkcs12::write_identity(&alias, id.pkcs8, &ders, password()?, &options.pkcs12)?
        }
        _ => {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "a client identity is written as pem, jks or pkcs12",
            ))
        }
    };
    Ok(Converted {
        bytes,
        count: ders.len(),
        warnings,
    })
}

/// The JKS key protector's 20-byte salt, from the caller's seed (fresh randomness by default),
/// through the same labelled stream as the PKCS#12 writer's salts and IVs.
fn jks_salt(seed: [u8; 32]) -> [u8; 20] {
    let mut salt = [0u8; 20];
    salt.copy_from_slice(&pkcs12::seeded_bytes(seed, b"jks key", 20));
    salt
}

/// The order certificates are written in: input order, or the chain leaf-to-root (as
/// [`crate::verify`] builds it) followed by the rest in input order.
fn order(bundle: &Bundle, options: &ConvertOptions) -> Vec<usize> {
    let all = 0..bundle.certificates.len();
    if !options.chain_order {
        return all.collect();
    }
    let chain = crate::verify::verify(bundle, &crate::verify::VerifyOptions::new(options.at)).chain;
    let rest = all.filter(|i| !chain.contains(i));
    chain.iter().copied().chain(rest).collect()
}

/// Applies the filters, in the chosen order.
fn select<'b>(
    bundle: &'b Bundle,
    options: &ConvertOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<&'b CertEntry>> {
    let mut out: Vec<&CertEntry> = Vec::new();
    // The readers checked every certificate's structure; decode only what a filter looks at.
    let decode =
        |i: usize| Certificate::parse(&bundle.certificates[i].der).map_err(|e| e.at_certificate(i));
    let label = |c: &Certificate<'_>| {
        c.subject
            .common_name()
            .unwrap_or_else(|| c.subject.to_rfc4514())
    };
    for i in order(bundle, options) {
        let e = &bundle.certificates[i];
        if options.dedupe && out.iter().any(|o| o.der == e.der) {
            warnings.push(Warning {
                code: "duplicate_certificate".into(),
                message: format!(
                    "\"{}\" appears more than once; the copy was dropped",
                    label(&decode(i)?)
                ),
                certificate: Some(i),
            });
            continue;
        }
        if options.skip_expired || options.only_ca {
            let c = decode(i)?;
            if options.skip_expired && c.not_after < options.at {
                warnings.push(Warning {
                    code: "expired".into(),
                    message: format!(
                        "\"{}\" expired on {} and was skipped",
                        label(&c),
                        c.not_after.to_rfc3339()
                    ),
                    certificate: Some(i),
                });
                continue;
            }
            if options.only_ca && !c.basic_constraints().ok().flatten().is_some_and(|b| b.ca) {
                warnings.push(Warning {
                    code: "not_a_ca".into(),
                    message: format!(
                        "\"{}\" is not a CA certificate and was skipped (--only-ca)",
                        label(&c)
                    ),
                    certificate: Some(i),
                });
                continue;
            }
        }
        out.push(e);
    }
    Ok(out)
}

/// A certificate to write into a keystore, with its alias and entry date (milliseconds since
/// the Unix epoch); the certificate is borrowed from the bundle, not copied.
struct Named<'b> {
    der: &'b [u8],
    alias: String,
    created_ms: i64,
}

/// Gives every entry a unique alias and a date: user aliases first, then the input keystore's
/// (when converting keystore to keystore), then one derived from the subject's CN.
fn named<'b>(
    selected: &[&'b CertEntry],
    bundle: &Bundle,
    options: &ConvertOptions,
) -> Result<Vec<Named<'b>>> {
    let mut unique = alias::Unique::with_capacity(selected.len());
    let from_keystore = matches!(
        bundle.format,
        crate::Format::Jks | crate::Format::Jceks | crate::Format::Pkcs12
    );
    let mut out = Vec::with_capacity(selected.len());
    for (i, e) in selected.iter().enumerate() {
        let (common_name, not_before) = Certificate::common_name_and_not_before(&e.der)?;
        let alias = match (options.aliases.get(i), &e.alias) {
            (Some(a), _) => unique.take(a),
            (None, Some(a)) if from_keystore && !a.is_empty() => unique.take(a),
            _ => unique.take(&alias::from_common_name(common_name.as_deref())),
        };
        out.push(Named {
            der: &e.der,
            alias,
            created_ms: options
                .jks_date_ms
                .or(e.created_ms)
                .unwrap_or(not_before.0.saturating_mul(1000)),
        });
    }
    Ok(out)
}
