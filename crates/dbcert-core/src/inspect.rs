//! The inspect model: one serde model (camelCase) used by the CLI's JSON, wasm and Node alike;
//! the Node addon gets its JSON text from [`json`], made one certificate at a time.

// Not in the wasm32 build, which keeps the whole model: unused there, its mere presence
// changed the module's code (measured: +603 B raw, +579 B gzip).
#[cfg(not(target_arch = "wasm32"))]
pub mod json;

use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::advise::bundles::{recognise_fingerprints, Recognised};
use crate::bundle::{Bundle, CertEntry, Integrity, KeyEntry, Warning};
use crate::cert::ext::KEY_USAGE_NAMES;
use crate::cert::{colon_hex, key, Certificate};
use crate::error::Result;
use crate::format::Format;
use crate::formats::{read, ReadOptions};
use crate::oid;
use x509_parser::extensions::GeneralName;

/// What `inspect` reports about one input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InspectReport {
    /// The detected format.
    pub format: Format,
    /// Whether the keystore's integrity was checked.
    pub integrity: Integrity,
    /// Every certificate, in file order.
    pub certificates: Vec<CertificateInfo>,
    /// Private- and secret-key entries (listed only; never decrypted or printed).
    pub key_entries: Vec<KeyEntry>,
    /// Non-fatal findings.
    pub warnings: Vec<Warning>,
    /// Certificates that are publicly known cloud CAs (provider, CA generation, expiry); left out
    /// of the JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<Recognised>,
    /// The certificate revocation lists of the input, in file order; left out of the JSON when
    /// there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crls: Vec<crate::crl::info::CrlInfo>,
}

/// One certificate, described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    /// 0-based position in the input.
    pub index: usize,
    /// Keystore alias or PKCS#12 friendlyName.
    pub alias: Option<String>,
    /// Subject as an RFC 4514 string.
    pub subject: String,
    /// Issuer as an RFC 4514 string.
    pub issuer: String,
    /// The subject's (last) common name, for display.
    pub common_name: Option<String>,
    /// Serial number, uppercase hex.
    pub serial: String,
    /// Start of validity, RFC 3339 UTC.
    pub not_before: String,
    /// End of validity, RFC 3339 UTC.
    pub not_after: String,
    /// SHA-256 of the DER, uppercase hex with colons.
    pub fingerprint_sha256: String,
    /// SHA-1 of the DER, uppercase hex with colons.
    pub fingerprint_sha1: String,
    /// `RSA`, `EC`, `Ed25519`, …
    pub key_algorithm: String,
    /// Key size in bits.
    pub key_bits: Option<u32>,
    /// Named curve for EC keys.
    pub curve: Option<String>,
    /// Signature algorithm, Java style (`SHA256withRSA`).
    pub signature_algorithm: String,
    /// X.509 version (1, 2 or 3).
    pub version: u8,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// basicConstraints pathLenConstraint.
    pub path_len: Option<u32>,
    /// Subject equals issuer and the key identifiers (if any) agree: a root candidate.
    pub self_signed: bool,
    /// subjectAltName DNS names.
    pub dns_names: Vec<String>,
    /// subjectAltName IP addresses (dotted IPv4, RFC 5952 IPv6).
    pub ip_addresses: Vec<String>,
    /// subjectAltName e-mail addresses.
    pub emails: Vec<String>,
    /// keyUsage names (`keyCertSign`, …); empty if the extension is absent.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage names (`serverAuth`, …) or dotted OIDs.
    pub extended_key_usage: Vec<String>,
    /// subjectKeyIdentifier, uppercase hex with colons.
    pub subject_key_id: Option<String>,
    /// authorityKeyIdentifier keyIdentifier, uppercase hex with colons.
    pub authority_key_id: Option<String>,
    /// Every extension: OID, name and critical flag.
    pub extensions: Vec<ExtensionInfo>,
    /// PKCS#12 only: Java's trusted-certificate attribute present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted: Option<bool>,
}

/// One extension, named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionInfo {
    /// Dotted OID.
    pub oid: String,
    /// Known name, or the dotted OID.
    pub name: String,
    /// Critical flag.
    pub critical: bool,
}

/// Reads `input` and describes every certificate in it.
pub fn inspect(input: &[u8], options: &ReadOptions<'_>) -> Result<InspectReport> {
    let bundle = read(input, options)?;
    report(&bundle)
}

/// Describes an already-read bundle.
pub fn report(bundle: &Bundle) -> Result<InspectReport> {
    let mut warnings = bundle.warnings.clone();
    let certificates = bundle
        .certificates
        .iter()
        .enumerate()
        .map(|(i, e)| describe(i, e, &mut warnings))
        .collect::<Result<Vec<_>>>()?;
    let providers = recognise_fingerprints(
        certificates
            .iter()
            .map(|c| (c.index, c.fingerprint_sha256.as_str())),
    );
    let crls = bundle
        .crls
        .iter()
        .enumerate()
        .map(|(i, der)| crate::crl::info::describe(i, der))
        .collect::<Result<Vec<_>>>()?;
    Ok(InspectReport {
        format: bundle.format,
        integrity: bundle.integrity,
        certificates,
        key_entries: bundle.key_entries.clone(),
        warnings,
        providers,
        crls,
    })
}

/// Describes one certificate; broken extensions become warnings, not errors.
pub fn describe(
    index: usize,
    entry: &CertEntry,
    warnings: &mut Vec<Warning>,
) -> Result<CertificateInfo> {
    let c = Certificate::parse(&entry.der).map_err(|e| e.at_certificate(index))?;
    for lax in &c.lax {
        warnings.push(Warning {
            code: "not_der".into(),
            message: lax.message(),
            certificate: Some(index),
        });
    }
    let mut warn = |what: &str, e: crate::Error| {
        warnings.push(Warning {
            code: "bad_extension".into(),
            message: format!("the {what} extension could not be decoded: {e}"),
            certificate: Some(index),
        });
    };
    let bc = c.basic_constraints().unwrap_or_else(|e| {
        warn("basicConstraints", e);
        None
    });
    let ku = c.key_usage().unwrap_or_else(|e| {
        warn("keyUsage", e);
        None
    });
    let eku = c.ext_key_usage().unwrap_or_else(|e| {
        warn("extendedKeyUsage", e);
        None
    });
    let sans = c.subject_alt_names().unwrap_or_else(|e| {
        warn("subjectAltName", e);
        &[]
    });
    let ski = c.subject_key_id().unwrap_or_else(|e| {
        warn("subjectKeyIdentifier", e);
        None
    });
    let aki = c.authority_key_id().unwrap_or_else(|e| {
        warn("authorityKeyIdentifier", e);
        None
    });
    let key = key::describe(&c.spki);
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    let mut emails = Vec::new();
    for n in sans {
        match n {
            GeneralName::DNSName(d) => dns_names.push((*d).to_owned()),
            GeneralName::IPAddress(ip) => ip_addresses.push(format_ip(ip)),
            GeneralName::RFC822Name(m) => emails.push((*m).to_owned()),
            _ => {}
        }
    }
    let aki_id = aki.and_then(|a| a.key_id);
    let keys_agree = match (ski, aki_id) {
        (Some(s), Some(a)) => s == a,
        _ => true,
    };
    let serial = c
        .serial
        .strip_prefix(&[0u8][..])
        .filter(|s| !s.is_empty())
        .unwrap_or(c.serial);
    Ok(CertificateInfo {
        index,
        alias: entry.alias.clone(),
        subject: c.subject.to_rfc4514(),
        issuer: c.issuer.to_rfc4514(),
        common_name: c.subject.common_name(),
        serial: crate::cert::hex(serial).to_ascii_uppercase(),
        not_before: c.not_before.to_rfc3339(),
        not_after: c.not_after.to_rfc3339(),
        fingerprint_sha256: colon_hex(&Sha256::digest(&entry.der)),
        fingerprint_sha1: colon_hex(&Sha1::digest(&entry.der)),
        key_algorithm: key.algorithm,
        key_bits: key.bits,
        curve: key.curve,
        signature_algorithm: key::signature_name(&c.signature_algorithm),
        version: c.version,
        is_ca: bc.is_some_and(|b| b.ca),
        path_len: bc
            .and_then(|b| b.path_len)
            .map(|p| u32::try_from(p).unwrap_or(u32::MAX)),
        self_signed: c.is_self_issued() && keys_agree,
        dns_names,
        ip_addresses,
        emails,
        key_usage: ku
            .map(|bits| {
                KEY_USAGE_NAMES
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, n)| (*n).to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        extended_key_usage: eku
            .unwrap_or_default()
            .iter()
            .map(|o| oid::name(o.as_bytes()))
            .collect(),
        subject_key_id: ski.map(colon_hex),
        authority_key_id: aki_id.map(colon_hex),
        extensions: c
            .extensions()
            .iter()
            .map(|e| ExtensionInfo {
                oid: oid::dotted(e.oid.as_bytes()).unwrap_or_default(),
                name: oid::name(e.oid.as_bytes()),
                critical: e.critical,
            })
            .collect(),
        trusted: entry.trusted,
    })
}

/// Formats an IP address from its SAN octets (IPv4 dotted, IPv6 RFC 5952), or hex if odd-sized.
pub fn format_ip(b: &[u8]) -> String {
    match b.len() {
        4 => format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3]),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            core::net::Ipv6Addr::from(a).to_string()
        }
        _ => crate::cert::hex(b),
    }
}
