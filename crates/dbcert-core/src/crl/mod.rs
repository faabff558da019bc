//! Certificate revocation lists (RFC 5280 §5), decoded by x509-parser with the framing read first
//! by [`crate::der`] (so a broken CRL is reported at its byte), and what revocation checking and
//! `inspect` need from them.
//!
//! ```text
//! CertificateList  ::=  SEQUENCE  {
//!      tbsCertList          TBSCertList,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//! TBSCertList  ::=  SEQUENCE  {
//!      version                 Version OPTIONAL,     -- v2
//!      signature               AlgorithmIdentifier,
//!      issuer                  Name,
//!      thisUpdate              Time,
//!      nextUpdate              Time OPTIONAL,
//!      revokedCertificates     SEQUENCE OF SEQUENCE  {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL } OPTIONAL,
//!      crlExtensions           [0] EXPLICIT Extensions OPTIONAL }
//! ```
//!
//! - [`read`]: the CRLs of a file (PEM `X509 CRL` blocks, DER, the `crls [1]` of a P7B).
//! - [`info`]: the inspect model (`crls` of `inspect`).
//! - Revocation checking itself is `verify::revocation`, as OpenSSL's clients do it.

mod dp;
pub mod info;
pub mod read;

pub use dp::{
    distribution_points, issuing_distribution_point, set_der, DistributionPoint, DpName,
    IssuingDistributionPoint,
};

use std::collections::HashSet;

use x509_parser::extensions::{GeneralName, ParsedExtension, X509Extension};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use crate::cert::{AlgorithmIdentifier, Name};
use crate::der::{tag, Der};
use crate::error::{Error, ErrorCode, Result};
use crate::oid;
use crate::time::UnixTime;

/// The CRL extensions OpenSSL processes: any other critical extension makes it refuse the CRL
/// (`X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION`).
const HANDLED_CRITICAL: &[&[u8]] = &[
    oid::ISSUING_DISTRIBUTION_POINT,
    oid::AUTHORITY_KEY_ID,
    oid::DELTA_CRL_INDICATOR,
];

/// The name of a CRL reason code (RFC 5280 §5.3.1), `None` for a value it does not define.
pub fn reason_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0 => "unspecified",
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        _ => return None,
    })
}

/// The reason code of `removeFromCRL` (an entry of a delta CRL that un-revokes).
pub const REMOVE_FROM_CRL: u8 = 8;

/// authorityKeyIdentifier of a CRL.
#[derive(Clone, Debug, Default)]
pub struct AuthorityKeyId<'a> {
    /// keyIdentifier.
    pub key_id: Option<&'a [u8]>,
    /// authorityCertIssuer.
    pub issuer: Option<Vec<GeneralName<'a>>>,
    /// authorityCertSerialNumber (INTEGER content octets).
    pub serial: Option<&'a [u8]>,
}

/// One revoked certificate.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    /// The serial number's INTEGER content octets, as in the certificate.
    pub serial: &'a [u8],
    /// revocationDate.
    pub revocation_date: UnixTime,
    /// reasonCode, if present.
    pub reason: Option<u8>,
    /// invalidityDate, if present.
    pub invalidity_date: Option<UnixTime>,
    /// The certificate issuer this entry is for (indirect CRLs: the certificateIssuer of this
    /// entry or of an entry before it, RFC 5280 §5.3.3); `None`: the CRL's issuer.
    pub certificate_issuer: Option<Vec<GeneralName<'a>>>,
}

/// One extension of the CRL, as listed by `inspect`.
#[derive(Clone, Debug)]
pub struct Extension {
    /// The OID's content bytes.
    pub oid: Vec<u8>,
    /// The critical flag.
    pub critical: bool,
}

/// A decoded CRL.
#[derive(Clone, Debug)]
pub struct Crl<'a> {
    /// The whole DER.
    pub raw: &'a [u8],
    /// The signed bytes (TBSCertList).
    pub tbs: &'a [u8],
    /// 1 or 2.
    pub version: u8,
    /// The signature algorithm inside TBSCertList.
    pub tbs_signature: AlgorithmIdentifier<'a>,
    /// The signature algorithm outside it.
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// The signature value (the BIT STRING's bytes).
    pub signature: &'a [u8],
    /// The CRL issuer.
    pub issuer: Name<'a>,
    /// thisUpdate.
    pub this_update: UnixTime,
    /// nextUpdate, if present.
    pub next_update: Option<UnixTime>,
    /// cRLNumber (INTEGER content octets), if present.
    pub number: Option<&'a [u8]>,
    /// deltaCRLIndicator: the base CRL number (INTEGER content octets) of a delta CRL.
    pub delta_base: Option<&'a [u8]>,
    /// issuingDistributionPoint, if present.
    pub idp: Option<IssuingDistributionPoint<'a>>,
    /// authorityKeyIdentifier, if present.
    pub authority_key_id: Option<AuthorityKeyId<'a>>,
    /// A freshestCRL extension is present (a delta CRL exists).
    pub freshest: bool,
    /// The name of the first critical extension OpenSSL does not process (of the CRL or of
    /// an entry; certificateIssuer is processed), if any: such a CRL is refused.
    pub unhandled_critical: Option<String>,
    /// Every CRL extension, in order.
    pub extensions: Vec<Extension>,
    /// The revoked certificates, in order.
    pub entries: Vec<Entry<'a>>,
}

fn crl_error(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedCrl, message).at_offset(offset)
}

/// The INTEGER content octets of a DER INTEGER value given as an extension's extnValue.
fn integer_value<'a>(value: &'a [u8], offset: usize, what: &str) -> Result<&'a [u8]> {
    let mut r = Der::new(value, offset);
    let t = r.expect(tag::INTEGER, what)?;
    r.finish(what)?;
    if t.value.is_empty() {
        return Err(crl_error(format!("{what} is an empty INTEGER"), offset));
    }
    Ok(t.value)
}

/// One Extension, decoded by x509-parser (an undecodable value of an extension it knows is an
/// error at the extension's byte).
fn extension<'a>(raw: &'a [u8], offset: usize, whose: &str) -> Result<X509Extension<'a>> {
    let e = match X509Extension::from_der(raw) {
        Ok(([], e)) => e,
        _ => {
            return Err(crl_error(
                format!("a {whose} extension cannot be decoded"),
                offset,
            ))
        }
    };
    if let ParsedExtension::ParseError { error } = e.parsed_extension() {
        return Err(crl_error(
            format!(
                "the {whose} extension {} cannot be decoded ({error})",
                oid::name(e.oid.as_bytes())
            ),
            offset,
        ));
    }
    Ok(e)
}

/// GeneralNames (a SEQUENCE OF GeneralName) given as an extension's extnValue.
fn general_names<'a>(value: &'a [u8], offset: usize, what: &str) -> Result<Vec<GeneralName<'a>>> {
    let mut r = Der::new(value, offset);
    let seq = r.expect(tag::SEQUENCE, what)?;
    r.finish(what)?;
    let mut items = seq.reader()?;
    let mut out = Vec::new();
    while !items.is_empty() {
        let t = items.read()?;
        match GeneralName::from_der(t.raw) {
            Ok(([], g)) => out.push(g),
            _ => {
                return Err(crl_error(
                    format!("{what}: a GeneralName cannot be decoded"),
                    t.offset,
                ))
            }
        }
    }
    Ok(out)
}

impl<'a> Crl<'a> {
    /// Decodes one CRL; the DER must hold exactly one CertificateList. Never panics; an error
    /// has a code (`malformed_der` for the framing, `malformed_crl` for the content) and the
    /// byte offset in `der`.
    pub fn parse(der: &'a [u8]) -> Result<Self> {
        let mut top = Der::new(der, 0);
        let outer = top.expect(tag::SEQUENCE, "CRL (CertificateList SEQUENCE)")?;
        top.finish("the CRL")?;
        let mut r = outer.reader()?;
        let tbs = r.expect(tag::SEQUENCE, "TBSCertList")?;
        let alg = r.expect(tag::SEQUENCE, "the CRL's signatureAlgorithm")?;
        let sig = r.expect(tag::BIT_STRING, "the CRL's signatureValue")?;
        r.finish("CertificateList")?;
        // x509-parser checks the whole CRL; the fields are then read from the framing, so
        // that everything borrows from `der` and every error has its byte.
        let (rest, _) = CertificateRevocationList::from_der(der)
            .map_err(|e| crl_error(format!("the CRL cannot be decoded ({e})"), tbs.offset))?;
        if !rest.is_empty() {
            return Err(crl_error("unexpected data after the CRL", tbs.offset));
        }
        let mut fields = tbs.reader()?;
        let version = match fields.optional(tag::INTEGER)? {
            None => 1,
            Some(v) if v.value == [1] => 2,
            Some(v) => {
                return Err(crl_error(
                    "unknown CRL version (only v1 and v2 exist)",
                    v.offset,
                ))
            }
        };
        let tbs_signature = fields.expect(tag::SEQUENCE, "the CRL's signature algorithm")?;
        let issuer = fields.expect(tag::SEQUENCE, "the CRL's issuer")?;
        let this_update = UnixTime::from_asn1(&fields.read()?)?;
        let next_update = match fields.peek_tag() {
            Some(tag::UTC_TIME | tag::GENERALIZED_TIME) => {
                Some(UnixTime::from_asn1(&fields.read()?)?)
            }
            _ => None,
        };
        let revoked = fields.optional(tag::SEQUENCE)?;
        let extensions = fields.optional(tag::context(0))?;
        fields.finish("TBSCertList")?;
        let (signature, _) = sig.bit_string()?;
        let mut crl = Crl {
            raw: der,
            tbs: tbs.raw,
            version,
            tbs_signature: AlgorithmIdentifier::decode(&tbs_signature)?,
            signature_algorithm: AlgorithmIdentifier::decode(&alg)?,
            signature,
            issuer: Name::decode(&issuer)?,
            this_update,
            next_update,
            number: None,
            delta_base: None,
            idp: None,
            authority_key_id: None,
            freshest: false,
            unhandled_critical: None,
            extensions: Vec::new(),
            entries: Vec::new(),
        };
        if let Some(list) = extensions {
            let mut outer = list.reader()?;
            let seq = outer.expect(tag::SEQUENCE, "crlExtensions")?;
            outer.finish("crlExtensions")?;
            let mut seen = HashSet::new();
            let mut items = seq.reader()?;
            while !items.is_empty() {
                let t = items.read()?;
                let e = extension(t.raw, t.offset, "CRL")?;
                crl.add_extension(&e, t.offset, &mut seen)?;
            }
        }
        if let Some(list) = revoked {
            let mut issuer_of_entries: Option<Vec<GeneralName<'a>>> = None;
            let mut items = list.reader()?;
            while !items.is_empty() {
                let t = items.expect(tag::SEQUENCE, "a revoked certificate")?;
                let entry = crl.entry(&t, &mut issuer_of_entries)?;
                crl.entries.push(entry);
            }
        }
        Ok(crl)
    }

    /// Decodes one revokedCertificates entry; `issuer_of_entries` carries the certificateIssuer
    /// of the entries before it (RFC 5280 §5.3.3).
    fn entry(
        &mut self,
        t: &crate::der::Tlv<'a>,
        issuer_of_entries: &mut Option<Vec<GeneralName<'a>>>,
    ) -> Result<Entry<'a>> {
        let mut r = t.reader()?;
        let serial = r.expect(tag::INTEGER, "userCertificate")?;
        let date = UnixTime::from_asn1(&r.read()?)?;
        let exts = r.optional(tag::SEQUENCE)?;
        r.finish("a revoked certificate")?;
        let mut entry = Entry {
            serial: serial.value,
            revocation_date: date,
            reason: None,
            invalidity_date: None,
            certificate_issuer: None,
        };
        if let Some(exts) = exts {
            let mut seen = HashSet::new();
            let mut er = exts.reader()?;
            while !er.is_empty() {
                let et = er.read()?;
                let e = extension(et.raw, et.offset, "CRL entry")?;
                let id = e.oid.as_bytes().to_vec();
                let serial_hex = crate::cert::hex(entry.serial);
                match e.parsed_extension() {
                    ParsedExtension::ReasonCode(c) => entry.reason = Some(c.0),
                    ParsedExtension::InvalidityDate(d) => {
                        entry.invalidity_date = Some(UnixTime(d.timestamp()));
                    }
                    _ if id == oid::CERTIFICATE_ISSUER => {
                        *issuer_of_entries =
                            Some(general_names(e.value, et.offset, "certificateIssuer")?);
                    }
                    _ => {}
                }
                if e.critical && id != oid::CERTIFICATE_ISSUER && self.unhandled_critical.is_none()
                {
                    self.unhandled_critical = Some(format!(
                        "the CRL entry extension {} (serial {serial_hex})",
                        oid::name(&id)
                    ));
                }
                if !seen.insert(id) {
                    return Err(crl_error(
                        format!("a CRL entry extension appears twice (serial {serial_hex})"),
                        et.offset,
                    ));
                }
            }
        }
        entry.certificate_issuer = issuer_of_entries.clone();
        Ok(entry)
    }

    /// Records one CRL extension.
    fn add_extension(
        &mut self,
        e: &X509Extension<'a>,
        at: usize,
        seen: &mut HashSet<Vec<u8>>,
    ) -> Result<()> {
        let id = e.oid.as_bytes().to_vec();
        if !seen.insert(id.clone()) {
            return Err(crl_error(
                format!("CRL extension {} appears twice", oid::name(&id)),
                at,
            ));
        }
        if id == oid::CRL_NUMBER {
            self.number = Some(integer_value(e.value, at, "cRLNumber")?);
        } else if id == oid::DELTA_CRL_INDICATOR {
            self.delta_base = Some(integer_value(e.value, at, "deltaCRLIndicator")?);
        } else if id == oid::FRESHEST_CRL {
            self.freshest = true;
        } else if id == oid::ISSUING_DISTRIBUTION_POINT {
            self.idp = Some(issuing_distribution_point(e.value, at)?);
        } else if let ParsedExtension::AuthorityKeyIdentifier(a) = e.parsed_extension() {
            self.authority_key_id = Some(AuthorityKeyId {
                key_id: a.key_identifier.as_ref().map(|k| k.0),
                issuer: a.authority_cert_issuer.clone(),
                serial: a.authority_cert_serial,
            });
        }
        if e.critical
            && self.unhandled_critical.is_none()
            && !HANDLED_CRITICAL.contains(&id.as_slice())
        {
            self.unhandled_critical = Some(format!("the CRL extension {}", oid::name(&id)));
        }
        self.extensions.push(Extension {
            oid: id,
            critical: e.critical,
        });
        Ok(())
    }

    /// The entry for a certificate with this serial (INTEGER content octets) issued by
    /// `cert_issuer`, as OpenSSL looks it up (`X509_CRL_get0_by_cert`): the serial, then the
    /// entry's certificate issuer (the CRL's issuer when the entry names none).
    pub fn entry_for(&self, serial: &[u8], cert_issuer: &Name<'_>) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| {
            e.serial == serial
                && match &e.certificate_issuer {
                    None => cert_issuer.matches(&self.issuer),
                    Some(names) => names.iter().any(|g| match g {
                        GeneralName::DirectoryName(n) => Name::new(n.clone()).matches(cert_issuer),
                        _ => false,
                    }),
                }
        })
    }
}
