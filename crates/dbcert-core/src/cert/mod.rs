//! X.509 certificates (RFC 5280 §4.1), decoded zero-copy with byte offsets for every error.
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

pub mod ext;
pub mod key;
pub mod name;

use crate::der::{tag, Der, Tlv};
use crate::error::Result;
use crate::time::UnixTime;

pub use ext::Extension;
pub use name::Name;

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`
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
    /// Decodes an AlgorithmIdentifier.
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

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }`
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
    /// Decodes a SubjectPublicKeyInfo from its SEQUENCE TLV.
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

/// A decoded certificate borrowing from its DER.
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
    /// Extensions in encoded order.
    pub extensions: Vec<Extension<'a>>,
    /// The outer signature algorithm.
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// The signature bits.
    pub signature: &'a [u8],
}

impl<'a> Certificate<'a> {
    /// Decodes one certificate; the DER must hold exactly one Certificate and nothing after it.
    /// Error offsets are byte positions in `der`.
    pub fn parse(der: &'a [u8]) -> Result<Self> {
        let mut top = Der::new(der, 0);
        let outer = top.expect(tag::SEQUENCE, "Certificate SEQUENCE")?;
        top.finish("the certificate")?;
        let mut c = outer.reader()?;
        let tbs_tlv = c.expect(tag::SEQUENCE, "TBSCertificate")?;
        let signature_algorithm = AlgorithmIdentifier::decode(&c.read()?)?;
        let (signature, _) = c.read()?.bit_string()?;
        c.finish("signatureValue")?;

        let mut t = tbs_tlv.reader()?;
        let version = match t.optional(tag::context(0))? {
            Some(v) => {
                let mut vr = v.reader()?;
                let n = vr.read()?;
                vr.finish("version")?;
                match n.small_uint()? {
                    0 => 1,
                    1 => 2,
                    2 => 3,
                    _ => return Err(n.error("unknown certificate version")),
                }
            }
            None => 1,
        };
        let serial_tlv = t.expect(tag::INTEGER, "serialNumber")?;
        if serial_tlv.value.is_empty() {
            return Err(serial_tlv.error("empty serial number"));
        }
        let tbs_signature = AlgorithmIdentifier::decode(&t.read()?)?;
        let issuer = Name::decode(t.expect(tag::SEQUENCE, "issuer Name")?)?;
        let mut validity = t.sequence("Validity")?;
        let not_before = UnixTime::from_asn1(&validity.read()?)?;
        let not_after = UnixTime::from_asn1(&validity.read()?)?;
        validity.finish("Validity")?;
        let subject = Name::decode(t.expect(tag::SEQUENCE, "subject Name")?)?;
        let spki = SubjectPublicKeyInfo::decode(&t.expect(tag::SEQUENCE, "SubjectPublicKeyInfo")?)?;
        t.optional(tag::context_primitive(1))?;
        t.optional(tag::context_primitive(2))?;
        let extensions = match t.optional(tag::context(3))? {
            Some(e) => {
                let mut er = e.reader()?;
                let list = ext::decode_list(er.expect(tag::SEQUENCE, "Extensions")?)?;
                er.finish("Extensions")?;
                list
            }
            None => Vec::new(),
        };
        t.finish("TBSCertificate")?;
        Ok(Self {
            raw: der,
            tbs: tbs_tlv.raw,
            version,
            serial: serial_tlv.value,
            tbs_signature,
            issuer,
            not_before,
            not_after,
            subject,
            spki,
            extensions,
            signature_algorithm,
            signature,
        })
    }

    /// The subject and notBefore of a certificate the readers have already decoded, without
    /// decoding the rest (what keystore writers need for aliases and entry dates).
    pub fn subject_and_not_before(der: &'a [u8]) -> Result<(Name<'a>, UnixTime)> {
        let mut top = Der::new(der, 0);
        let outer = top.expect(tag::SEQUENCE, "Certificate SEQUENCE")?;
        let mut t = outer
            .reader()?
            .expect(tag::SEQUENCE, "TBSCertificate")?
            .reader()?;
        t.optional(tag::context(0))?;
        t.expect(tag::INTEGER, "serialNumber")?;
        t.read()?; // signature
        t.expect(tag::SEQUENCE, "issuer Name")?;
        let not_before = UnixTime::from_asn1(&t.sequence("Validity")?.read()?)?;
        let subject = Name::decode(t.expect(tag::SEQUENCE, "subject Name")?)?;
        Ok((subject, not_before))
    }

    /// Checks only the envelope: one DER `SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }` with
    /// nothing after it. For writers, whose input comes from the readers (which decode every
    /// certificate fully): a wrong or cut buffer is refused without decoding the certificate
    /// again.
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

    /// The extension with this OID, if present.
    pub fn extension(&self, oid: &[u8]) -> Option<&Extension<'a>> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// True when subject and issuer are the same name (byte-equal or equal after RFC 5280
    /// comparison rules), i.e. the certificate claims to be self-issued.
    pub fn is_self_issued(&self) -> bool {
        self.subject.matches(&self.issuer)
    }
}

/// Uppercase hex with colons, like keytool and Node (`AB:CD:…`).
pub fn colon_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
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
    let mut s = String::with_capacity(bytes.len() * 2);
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
