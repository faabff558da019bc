//! The `crls` section of the inspect model: one [`CrlInfo`] per CRL (camelCase JSON like the
//! rest of the model; times RFC 3339, serials and numbers uppercase hex).

use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::FromDer;
use x509_parser::x509::{RelativeDistinguishedName, X509Name};

use super::{reason_name, Crl, DpName};
use crate::cert::{colon_hex, hex, key, Name};
use crate::error::Result;
use crate::inspect::{format_ip, ExtensionInfo};
use crate::oid;

/// One CRL, described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CrlInfo {
    /// 0-based position among the CRLs of the input.
    pub index: usize,
    /// 1 or 2.
    pub version: u8,
    /// The CRL issuer as an RFC 4514 string.
    pub issuer: String,
    /// thisUpdate, RFC 3339 UTC.
    pub this_update: String,
    /// nextUpdate, RFC 3339 UTC, if present.
    pub next_update: Option<String>,
    /// cRLNumber, uppercase hex.
    pub crl_number: Option<String>,
    /// deltaCRLIndicator: the number of the base CRL this delta CRL updates, uppercase hex.
    pub delta_base_crl_number: Option<String>,
    /// issuingDistributionPoint, if present.
    pub issuing_distribution_point: Option<IdpInfo>,
    /// authorityKeyIdentifier keyIdentifier, uppercase hex with colons.
    pub authority_key_id: Option<String>,
    /// Signature algorithm, Java style (`SHA256withRSA`).
    pub signature_algorithm: String,
    /// SHA-256 of the DER, uppercase hex with colons.
    pub fingerprint_sha256: String,
    /// Every revoked certificate, in order.
    pub revoked: Vec<RevokedInfo>,
    /// Every CRL extension: OID, name and critical flag.
    pub extensions: Vec<ExtensionInfo>,
}

/// issuingDistributionPoint, described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdpInfo {
    /// The distribution point's full name (`URI:…`, `DirName:…`), empty if absent.
    pub full_name: Vec<String>,
    /// The name relative to the CRL issuer (an RDN, RFC 4514), if that form is used.
    pub relative_name: Option<String>,
    /// onlyContainsUserCerts.
    pub only_contains_user_certs: bool,
    /// onlyContainsCACerts.
    pub only_contains_ca_certs: bool,
    /// onlyContainsAttributeCerts.
    pub only_contains_attribute_certs: bool,
    /// onlySomeReasons, by name; empty if absent (all reasons).
    pub only_some_reasons: Vec<String>,
    /// indirectCRL.
    pub indirect_crl: bool,
}

/// One revoked certificate, described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokedInfo {
    /// The serial number, uppercase hex.
    pub serial: String,
    /// revocationDate, RFC 3339 UTC.
    pub revocation_date: String,
    /// reasonCode by name (`keyCompromise`, …), if present.
    pub reason: Option<String>,
    /// invalidityDate, RFC 3339 UTC, if present.
    pub invalidity_date: Option<String>,
    /// The certificate issuer of an indirect CRL's entry (certificateIssuer), if any.
    pub certificate_issuer: Option<Vec<String>>,
}

/// A GeneralName as OpenSSL prints it (`URI:…`, `DNS:…`, `DirName:…`).
pub fn general_name(g: &GeneralName<'_>) -> String {
    match g {
        GeneralName::URI(u) => format!("URI:{u}"),
        GeneralName::DNSName(d) => format!("DNS:{d}"),
        GeneralName::RFC822Name(m) => format!("email:{m}"),
        GeneralName::DirectoryName(n) => format!("DirName:{}", Name::new(n.clone()).to_rfc4514()),
        GeneralName::IPAddress(ip) => format!("IP:{}", format_ip(ip)),
        GeneralName::RegisteredID(o) => format!("RID:{}", oid::name(o.as_bytes())),
        _ => "othername".to_owned(),
    }
}

/// A nameRelativeToCRLIssuer (the RDN's SET content) as RFC 4514.
pub fn relative_name(content: &[u8]) -> String {
    let set = super::set_der(content);
    match RelativeDistinguishedName::from_der(&set) {
        Ok((_, rdn)) => Name::new(X509Name::new(vec![rdn], &[])).to_rfc4514(),
        Err(_) => hex(content),
    }
}

/// A reason code by name, or its number.
fn reason(code: u8) -> String {
    reason_name(code).map_or_else(|| format!("reason {code}"), str::to_owned)
}

/// The names of the ReasonFlags bits set.
fn reason_flags(bits: u16) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "unused",
        "keyCompromise",
        "cACompromise",
        "affiliationChanged",
        "superseded",
        "cessationOfOperation",
        "certificateHold",
        "privilegeWithdrawn",
        "aACompromise",
    ];
    NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, n)| (*n).to_owned())
        .collect()
}

/// An INTEGER's content octets as uppercase hex, without a leading zero octet.
pub(crate) fn number(n: &[u8]) -> String {
    let n = n
        .strip_prefix(&[0u8][..])
        .filter(|s| !s.is_empty())
        .unwrap_or(n);
    hex(n).to_ascii_uppercase()
}

/// Describes the CRL at `index` of a bundle.
pub fn describe(index: usize, der: &[u8]) -> Result<CrlInfo> {
    let crl = Crl::parse(der).map_err(|e| super::read::in_crl(e, index))?;
    let idp = crl.idp.as_ref().map(|p| {
        let (full_name, relative_name) = match &p.distribution_point {
            Some(DpName::Full(names)) => (names.iter().map(general_name).collect(), None),
            Some(DpName::Relative(rdn)) => (Vec::new(), Some(relative_name(rdn))),
            None => (Vec::new(), None),
        };
        IdpInfo {
            full_name,
            relative_name,
            only_contains_user_certs: p.only_user,
            only_contains_ca_certs: p.only_ca,
            only_contains_attribute_certs: p.only_attribute,
            only_some_reasons: p.only_some_reasons.map(reason_flags).unwrap_or_default(),
            indirect_crl: p.indirect,
        }
    });
    Ok(CrlInfo {
        index,
        version: crl.version,
        issuer: crl.issuer.to_rfc4514(),
        this_update: crl.this_update.to_rfc3339(),
        next_update: crl.next_update.map(|t| t.to_rfc3339()),
        crl_number: crl.number.map(number),
        delta_base_crl_number: crl.delta_base.map(number),
        issuing_distribution_point: idp,
        authority_key_id: crl
            .authority_key_id
            .as_ref()
            .and_then(|a| a.key_id)
            .map(colon_hex),
        signature_algorithm: key::signature_name(&crl.signature_algorithm),
        fingerprint_sha256: colon_hex(&Sha256::digest(der)),
        revoked: crl
            .entries
            .iter()
            .map(|e| RevokedInfo {
                serial: number(e.serial),
                revocation_date: e.revocation_date.to_rfc3339(),
                reason: e.reason.map(reason),
                invalidity_date: e.invalidity_date.map(|t| t.to_rfc3339()),
                certificate_issuer: e
                    .certificate_issuer
                    .as_ref()
                    .map(|names| names.iter().map(general_name).collect()),
            })
            .collect(),
        extensions: crl
            .extensions
            .iter()
            .map(|e| ExtensionInfo {
                oid: oid::dotted(&e.oid).unwrap_or_default(),
                name: oid::name(&e.oid),
                critical: e.critical,
            })
            .collect(),
    })
}
