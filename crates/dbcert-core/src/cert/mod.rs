//! X.509 certificates (RFC 5280 §4.1), decoded by x509-parser, with byte offsets for every error
//! (the framing is read first by [`crate::der`]: [`layout`]) and a verdict on DER strictness
//! ([`encoding`]).
//!
//! ```text
//! Certificate  ::=  SEQUENCE  {
//!      tbsCertificate       TBSCertificate,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//! TBSCertificate  ::=  SEQUENCE  {
//!      version         [0]  EXPLICIT Version DEFAULT v1,
//!      serialNumber         CertificateSerialNumber,
//!      signature            AlgorithmIdentifier,
//!      issuer               Name,
//!      validity             Validity,
//!      subject              Name,
//!      subjectPublicKeyInfo SubjectPublicKeyInfo,
//!      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
//!      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
//!      extensions      [3]  EXPLICIT Extensions OPTIONAL }
//! ```

pub mod encoding;
pub mod ext;
pub mod key;
pub(crate) mod layout;
pub mod name;

use x509_parser::certificate::X509CertificateParser;
use x509_parser::extensions::X509Extension;
use x509_parser::nom::Parser;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::time::ASN1Time;
use x509_parser::x509::X509Name;

use crate::der::{tag, Der, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::time::UnixTime;

pub use encoding::Lax;
use layout::Layout;
pub use name::Name;

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`,
/// as `verify::signature` reads it: the whole encoding (`raw`) and its two parts.
#[derive(Clone, Copy, Debug)]
pub struct AlgorithmIdentifier<'a> {
    /// The algorithm OID's content bytes.
    pub oid: &'a [u8],
    /// The parameters, if present (NULL included).
    pub params: Option<Tlv<'a>>,
    /// The whole encoding.
    pub raw: &'a [u8],
}

impl<'a> AlgorithmIdentifier<'a> {
    /// Splits an AlgorithmIdentifier x509-parser has already checked (or any SEQUENCE TLV).
    pub fn decode(t: &Tlv<'a>) -> Result<Self> {
        if t.tag != tag::SEQUENCE {
            return Err(t.error("expected AlgorithmIdentifier SEQUENCE"));
        }
        let mut r = t.reader()?;
        let oid = r.expect(tag::OID, "algorithm OID")?.value;
        let params = if r.is_empty() { None } else { Some(r.read()?) };
        r.finish("AlgorithmIdentifier")?;
        Ok(Self {
            oid,
            params,
            raw: t.raw,
        })
    }
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }`,
/// as `verify::signature` reads it.
#[derive(Clone, Copy, Debug)]
pub struct SubjectPublicKeyInfo<'a> {
    /// The key algorithm.
    pub algorithm: AlgorithmIdentifier<'a>,
    /// The key bits (BIT STRING content without the unused-bits octet).
    pub key: &'a [u8],
    /// The whole encoding.
    pub raw: &'a [u8],
}

impl<'a> SubjectPublicKeyInfo<'a> {
    /// Splits a SubjectPublicKeyInfo SEQUENCE TLV.
    pub fn decode(t: &Tlv<'a>) -> Result<Self> {
        if t.tag != tag::SEQUENCE {
            return Err(t.error("expected SubjectPublicKeyInfo SEQUENCE"));
        }
        let mut s = t.reader()?;
        let algorithm = AlgorithmIdentifier::decode(&s.read()?)?;
        let (key, _) = s.read()?.bit_string()?;
        s.finish("SubjectPublicKeyInfo")?;
        Ok(Self {
            algorithm,
            key,
            raw: t.raw,
        })
    }
}

/// The `malformed_certificate` error of a form every measured client refuses, at its TLV.
fn refused(l: &Lax) -> Error {
    Error::new(ErrorCode::MalformedCertificate, l.message()).at_offset(l.offset)
}

/// A certificate decoded by x509-parser, borrowing from its DER, with the raw encodings the
/// signature code reads and the byte offset of every extension.
#[derive(Clone, Debug)]
pub struct Certificate<'a> {
    /// The whole certificate DER.
    pub raw: &'a [u8],
    /// The TBSCertificate encoding (what the signature covers).
    pub tbs: &'a [u8],
    /// 1, 2 or 3.
    pub version: u8,
    /// The serial number's content octets (two's complement, as encoded).
    pub serial: &'a [u8],
    /// The signature algorithm inside the TBSCertificate.
    pub tbs_signature: AlgorithmIdentifier<'a>,
    /// The issuer name.
    pub issuer: Name<'a>,
    /// Start of validity.
    pub not_before: UnixTime,
    /// End of validity.
    pub not_after: UnixTime,
    /// The subject name.
    pub subject: Name<'a>,
    /// The public key.
    pub spki: SubjectPublicKeyInfo<'a>,
    /// The outer signature algorithm.
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// The signature bits.
    pub signature: &'a [u8],
    /// The BER-in-DER forms some clients accept, found in the encoding (see [`encoding`]).
    pub lax: Vec<Lax>,
    /// x509-parser's certificate; its issuer and subject are in [`Self::issuer`] and
    /// [`Self::subject`] (moved there, so empty here).
    x509: X509Certificate<'a>,
    /// The byte offset of each extension, in [`Self::extensions`] order.
    extension_offsets: Vec<usize>,
}

impl<'a> Certificate<'a> {
    /// Checks a certificate's DER structure without decoding its content: every field of the
    /// Certificate and TBSCertificate in its place, strict DER lengths, and no BER-in-DER form
    /// that every client refuses, each error at its byte. This is what the readers ask of every
    /// certificate in a container, so that converting a bundle is not bound by decoding each
    /// certificate; [`Self::parse`] starts with the same check and decodes the content (names,
    /// times, extensions) for the inspect model, filters and verification.
    pub fn check_structure(der: &[u8]) -> Result<()> {
        let layout = Layout::read(der)?;
        match encoding::refused_by_all(&layout) {
            Some(l) => Err(refused(&l)),
            None => Ok(()),
        }
    }

    /// The layout of the certificate's fields and the BER-in-DER forms found in it, or the
    /// error of the first form every client refuses.
    fn frame(der: &[u8]) -> Result<(Layout<'_>, Vec<Lax>)> {
        let layout = Layout::read(der)?;
        let lax = encoding::scan(&layout, der);
        if let Some(l) = lax.iter().find(|l| l.refused_by_all()) {
            return Err(refused(l));
        }
        Ok((layout, lax))
    }

    /// Decodes one certificate; the DER must hold exactly one Certificate and nothing after it.
    /// Error offsets are byte positions in `der`: framing errors where they are, a field
    /// x509-parser refuses at that field, a DER form every client refuses
    /// (`malformed_certificate`) at its TLV.
    pub fn parse(der: &'a [u8]) -> Result<Self> {
        let (layout, lax) = Self::frame(der)?;
        let (rest, mut x509) = X509CertificateParser::new()
            .parse(der)
            .map_err(|e| match e {
                x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => {
                    layout.locate(&e)
                }
                x509_parser::nom::Err::Incomplete(_) => {
                    Error::der("the certificate is cut short", 0)
                }
            })?;
        if !rest.is_empty() {
            return Err(Error::der(
                "unexpected data after the certificate",
                layout.tbs.offset,
            ));
        }
        let version = match x509.tbs_certificate.version.0 {
            0 => 1,
            1 => 2,
            2 => 3,
            _ => {
                let at = layout
                    .version
                    .as_ref()
                    .map_or(layout.tbs.offset, |v| v.offset);
                return Err(Error::der("unknown certificate version", at));
            }
        };
        let serial = x509.tbs_certificate.raw_serial();
        if serial.is_empty() {
            return Err(layout.serial.error("empty serial number"));
        }
        // A repeated extension is an error (RFC 5280 §4.2); x509-parser only refuses it in its
        // accessors. A set, not a scan of the earlier ones: a hostile certificate may hold
        // hundreds of thousands of extensions.
        let mut seen = std::collections::HashSet::new();
        for (i, e) in x509.tbs_certificate.extensions().iter().enumerate() {
            if !seen.insert(e.oid.as_bytes()) {
                let at = layout.extension_list.get(i).map_or(0, |t| t.offset);
                return Err(Error::der(
                    format!(
                        "extension {} appears twice",
                        crate::oid::name(e.oid.as_bytes())
                    ),
                    at,
                ));
            }
        }
        let extension_offsets = layout.extension_list.iter().map(|t| t.offset).collect();
        let validity = &x509.tbs_certificate.validity;
        let (not_before, not_after) = (
            UnixTime(validity.not_before.timestamp()),
            UnixTime(validity.not_after.timestamp()),
        );
        let empty = || X509Name::new(Vec::new(), &[]);
        let issuer = Name::new(std::mem::replace(&mut x509.tbs_certificate.issuer, empty()));
        let subject = Name::new(std::mem::replace(
            &mut x509.tbs_certificate.subject,
            empty(),
        ));
        let (signature, _) = layout.signature_value.bit_string()?;
        Ok(Self {
            raw: der,
            tbs: layout.tbs.raw,
            version,
            serial,
            tbs_signature: AlgorithmIdentifier::decode(&layout.tbs_signature)?,
            issuer,
            not_before,
            not_after,
            subject,
            spki: SubjectPublicKeyInfo::decode(&layout.spki)?,
            signature_algorithm: AlgorithmIdentifier::decode(&layout.signature_algorithm)?,
            signature,
            lax,
            x509,
            extension_offsets,
        })
    }

    /// The subject and notBefore of a certificate the readers have already decoded, without
    /// decoding the rest: the framing is read only as far as the subject
    /// ([`Layout::read_to_subject`]; the readers checked the whole of it), the subject is
    /// decoded by x509-parser and notBefore as [`Self::parse`] decodes it.
    pub fn subject_and_not_before(der: &'a [u8]) -> Result<(Name<'a>, UnixTime)> {
        let (validity, subject) = Layout::read_to_subject(der)?;
        Ok((Name::decode(&subject)?, not_before(&validity)?))
    }

    /// The subject's most specific common name ([`Name::common_name`]) and notBefore, as
    /// [`Self::subject_and_not_before`] gives them, of a certificate the readers have already
    /// decoded: what keystore writers need for aliases and entry dates. The name is decoded by
    /// x509-parser only when [`name::last_common_name`] cannot answer.
    pub fn common_name_and_not_before(der: &[u8]) -> Result<(Option<String>, UnixTime)> {
        let (validity, subject) = Layout::read_to_subject(der)?;
        let common_name = match name::last_common_name(&subject) {
            Some(cn) => cn,
            None => Name::decode(&subject)?.common_name(),
        };
        Ok((common_name, not_before(&validity)?))
    }

    /// Checks only the envelope: one DER `SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }` with
    /// nothing after it. For writers, whose input comes from the readers (which check every
    /// certificate's structure, [`Self::check_structure`]): a wrong or cut buffer is refused
    /// without reading the certificate again.
    pub fn check_envelope(der: &[u8]) -> Result<()> {
        let mut top = Der::new(der, 0);
        let outer = top.expect(tag::SEQUENCE, "Certificate SEQUENCE")?;
        top.finish("the certificate")?;
        let mut c = outer.reader()?;
        c.expect(tag::SEQUENCE, "TBSCertificate")?;
        c.expect(tag::SEQUENCE, "signatureAlgorithm")?;
        c.expect(tag::BIT_STRING, "signatureValue")?;
        c.finish("signatureValue")
    }

    /// x509-parser's decoded certificate (its issuer and subject are [`Self::issuer`] and
    /// [`Self::subject`]).
    pub fn x509(&self) -> &X509Certificate<'a> {
        &self.x509
    }

    /// Every extension, decoded by x509-parser, in encoded order.
    pub fn extensions(&self) -> &[X509Extension<'a>] {
        self.x509.tbs_certificate.extensions()
    }

    /// The extension with this OID (content bytes), if present.
    pub fn extension(&self, oid: &[u8]) -> Option<&X509Extension<'a>> {
        self.extensions().iter().find(|e| e.oid.as_bytes() == oid)
    }

    /// The byte offset of an extension of this certificate (for errors about it).
    pub fn extension_offset(&self, e: &X509Extension<'a>) -> Option<usize> {
        let i = self.extensions().iter().position(|x| std::ptr::eq(x, e))?;
        self.extension_offsets.get(i).copied()
    }

    /// True when subject and issuer are the same name (byte-equal or equal after RFC 5280
    /// comparison rules), i.e. the certificate claims to be self-issued.
    pub fn is_self_issued(&self) -> bool {
        self.subject.matches(&self.issuer)
    }
}

/// The first time of a Validity SEQUENCE, decoded by x509-parser.
fn not_before(validity: &Tlv<'_>) -> Result<UnixTime> {
    let first = validity.reader()?.read()?;
    match ASN1Time::from_der(first.raw) {
        Ok((_, t)) => Ok(UnixTime(t.timestamp())),
        Err(e) => Err(Error::der(
            format!("the validity could not be decoded ({e})"),
            first.offset,
        )),
    }
}

/// Uppercase hex with colons, like keytool and Node (`AB:CD:…`).
pub fn colon_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(3));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        push_hex(&mut s, *b, true);
    }
    s
}

/// Lowercase hex without separators.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        push_hex(&mut s, *b, false);
    }
    s
}

fn push_hex(s: &mut String, b: u8, upper: bool) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    s.push(digits[usize::from(b >> 4)] as char);
    s.push(digits[usize::from(b & 15)] as char);
}
