//! Where each field of a certificate sits: the TLV framing of the envelope and of the
//! TBSCertificate's fields, read with [`crate::der`] so that every error has a byte offset.
//!
//! x509-parser decodes the fields; its errors name a field but no position. The layout is read
//! first (a framing error is reported here, where it is), and when x509-parser refuses a field
//! the layout gives that field's offset ([`Layout::locate`]). The layout also refuses what
//! x509-parser lets through inside a SEQUENCE after the elements it reads (trailing data in a
//! version, Name, Validity or Extension), as OpenSSL, Go and Java do.

use x509_parser::error::X509Error;
use x509_parser::extensions::X509Extension;
use x509_parser::prelude::FromDer;
use x509_parser::x509::{AlgorithmIdentifier, X509Name};

use crate::der::{tag, Der, Tlv};
use crate::error::{Error, Result};

/// The TLVs of a certificate's envelope and TBSCertificate fields.
#[derive(Clone, Debug)]
pub(crate) struct Layout<'a> {
    /// The TBSCertificate SEQUENCE.
    pub tbs: Tlv<'a>,
    /// The outer signatureAlgorithm.
    pub signature_algorithm: Tlv<'a>,
    /// The signatureValue BIT STRING.
    pub signature_value: Tlv<'a>,
    /// The `[0]` version, when present.
    pub version: Option<Tlv<'a>>,
    /// serialNumber.
    pub serial: Tlv<'a>,
    /// The TBSCertificate's signature AlgorithmIdentifier.
    pub tbs_signature: Tlv<'a>,
    /// issuer Name.
    pub issuer: Tlv<'a>,
    /// Validity SEQUENCE.
    pub validity: Tlv<'a>,
    /// subject Name.
    pub subject: Tlv<'a>,
    /// SubjectPublicKeyInfo.
    pub spki: Tlv<'a>,
    /// The `[3]` around the extensions, when present.
    pub extensions_tag: Option<Tlv<'a>>,
    /// The `Extensions` SEQUENCE (inside `[3]`), when present.
    pub extensions: Option<Tlv<'a>>,
    /// Each `Extension` SEQUENCE, in encoded order.
    pub extension_list: Vec<Tlv<'a>>,
}

impl<'a> Layout<'a> {
    /// Reads the framing: one `SEQUENCE { SEQUENCE, AlgorithmIdentifier, BIT STRING }` with
    /// nothing after it, and the TBSCertificate's fields in order.
    pub fn read(der: &'a [u8]) -> Result<Self> {
        let mut top = Der::new(der, 0);
        let outer = top.expect(tag::SEQUENCE, "Certificate SEQUENCE")?;
        top.finish("the certificate")?;
        let mut c = outer.reader()?;
        let tbs = c.expect(tag::SEQUENCE, "TBSCertificate")?;
        let signature_algorithm = c.expect(tag::SEQUENCE, "signatureAlgorithm")?;
        let signature_value = c.expect(tag::BIT_STRING, "signatureValue")?;
        c.finish("signatureValue")?;

        let mut t = tbs.reader()?;
        let version = t.optional(tag::context(0))?;
        if let Some(v) = &version {
            let mut vr = v.reader()?;
            vr.expect(tag::INTEGER, "version INTEGER")?;
            vr.finish("version")?;
        }
        let serial = t.expect(tag::INTEGER, "serialNumber")?;
        let tbs_signature = t.expect(tag::SEQUENCE, "signature AlgorithmIdentifier")?;
        let issuer = t.expect(tag::SEQUENCE, "issuer Name")?;
        name_shape(&issuer)?;
        let validity = t.expect(tag::SEQUENCE, "Validity")?;
        let mut vr = validity.reader()?;
        vr.read()?;
        vr.read()?;
        vr.finish("Validity")?;
        let subject = t.expect(tag::SEQUENCE, "subject Name")?;
        name_shape(&subject)?;
        let spki = t.expect(tag::SEQUENCE, "SubjectPublicKeyInfo")?;
        t.optional(tag::context_primitive(1))?;
        t.optional(tag::context_primitive(2))?;
        let mut extension_list = Vec::new();
        let extensions_tag = t.optional(tag::context(3))?;
        let extensions = match &extensions_tag {
            Some(e) => {
                let mut er = e.reader()?;
                let seq = er.expect(tag::SEQUENCE, "Extensions")?;
                er.finish("Extensions")?;
                let mut r = seq.reader()?;
                while !r.is_empty() {
                    let ext = r.expect(tag::SEQUENCE, "Extension")?;
                    let mut er = ext.reader()?;
                    er.expect(tag::OID, "extnID")?;
                    er.optional(tag::BOOLEAN)?;
                    er.expect(tag::OCTET_STRING, "extnValue")?;
                    er.finish("Extension")?;
                    extension_list.push(ext);
                }
                Some(seq)
            }
            None => None,
        };
        t.finish("TBSCertificate")?;
        Ok(Self {
            tbs,
            signature_algorithm,
            signature_value,
            version,
            serial,
            tbs_signature,
            issuer,
            validity,
            subject,
            spki,
            extensions_tag,
            extensions,
            extension_list,
        })
    }

    /// The Validity and subject Name TLVs, the framing read only as far as the subject (the
    /// envelope and the TBSCertificate fields before it, in order, each checked where it is
    /// read). For certificates whose whole layout was read before ([`Self::read`]).
    pub fn read_to_subject(der: &'a [u8]) -> Result<(Tlv<'a>, Tlv<'a>)> {
        let mut top = Der::new(der, 0);
        let outer = top.expect(tag::SEQUENCE, "Certificate SEQUENCE")?;
        top.finish("the certificate")?;
        let mut t = outer
            .reader()?
            .expect(tag::SEQUENCE, "TBSCertificate")?
            .reader()?;
        t.optional(tag::context(0))?;
        t.expect(tag::INTEGER, "serialNumber")?;
        t.expect(tag::SEQUENCE, "signature AlgorithmIdentifier")?;
        t.expect(tag::SEQUENCE, "issuer Name")?;
        let validity = t.expect(tag::SEQUENCE, "Validity")?;
        let subject = t.expect(tag::SEQUENCE, "subject Name")?;
        Ok((validity, subject))
    }

    /// The error for a certificate x509-parser refused: the field its error names, found again
    /// (by decoding the candidates one at a time with x509-parser) to give its offset.
    pub fn locate(&self, e: &X509Error) -> Error {
        let (what, at) = match e {
            X509Error::InvalidVersion => (
                "the version",
                self.version.as_ref().unwrap_or(&self.tbs).offset,
            ),
            X509Error::InvalidSerial => ("the serial number", self.serial.offset),
            X509Error::InvalidAlgorithmIdentifier => {
                if AlgorithmIdentifier::from_der(self.tbs_signature.raw).is_err() {
                    (
                        "the signature AlgorithmIdentifier",
                        self.tbs_signature.offset,
                    )
                } else if AlgorithmIdentifier::from_der(self.signature_algorithm.raw).is_err() {
                    ("the signatureAlgorithm", self.signature_algorithm.offset)
                } else {
                    ("the public key's AlgorithmIdentifier", self.spki.offset)
                }
            }
            X509Error::InvalidX509Name => {
                if X509Name::from_der(self.issuer.raw).is_err() {
                    ("the issuer name", self.issuer.offset)
                } else {
                    ("the subject name", self.subject.offset)
                }
            }
            X509Error::InvalidDate => ("the validity", self.validity.offset),
            X509Error::InvalidSPKI => ("the SubjectPublicKeyInfo", self.spki.offset),
            X509Error::InvalidSubjectUID | X509Error::InvalidIssuerUID => (
                "a unique identifier",
                self.spki.offset.saturating_add(self.spki.raw.len()),
            ),
            X509Error::InvalidExtensions => {
                let bad = self
                    .extension_list
                    .iter()
                    .find(|t| X509Extension::from_der(t.raw).is_err());
                match (bad, &self.extensions) {
                    (Some(t), _) => ("an extension", t.offset),
                    (None, Some(seq)) => ("the extensions", seq.offset),
                    (None, None) => ("the extensions", self.tbs.offset),
                }
            }
            X509Error::InvalidSignatureValue => {
                ("the signature value", self.signature_value.offset)
            }
            _ => ("the TBSCertificate", self.tbs.offset),
        };
        Error::der(format!("{what} could not be decoded ({e})"), at)
    }
}

/// `Name ::= SEQUENCE OF SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY }`, and nothing
/// else inside: x509-parser stops at the first element that is not an RDN and ignores the rest
/// of the SEQUENCE (der-parser's `parse_der_sequence_defined_g` drops what its parser leaves), so
/// a name with data after its RDNs would decode; OpenSSL, Go and Java refuse such a name, and so
/// does this check.
fn name_shape(t: &Tlv<'_>) -> Result<()> {
    let mut r = t.reader()?;
    while !r.is_empty() {
        let set = r.expect(tag::SET, "RelativeDistinguishedName SET")?;
        let mut sr = set.reader()?;
        if sr.is_empty() {
            return Err(set.error("empty RelativeDistinguishedName"));
        }
        while !sr.is_empty() {
            let mut ar = sr
                .expect(tag::SEQUENCE, "AttributeTypeAndValue")?
                .reader()?;
            ar.expect(tag::OID, "attribute type")?;
            ar.read()?;
            ar.finish("AttributeTypeAndValue")?;
        }
    }
    Ok(())
}
