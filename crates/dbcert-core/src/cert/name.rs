//! Distinguished names: decoding, RFC 4514 strings (as `openssl -nameopt RFC2253,-esc_msb`
//! prints them) and RFC 5280 §7.1 comparison.

use crate::der::{tag, Der, Tlv};
use crate::error::Result;
use crate::oid;

/// One `AttributeTypeAndValue`.
#[derive(Clone, Copy, Debug)]
pub struct Attribute<'a> {
    /// The attribute type OID content bytes.
    pub oid: &'a [u8],
    /// The value TLV (a string type, usually).
    pub value: Tlv<'a>,
}

/// A `Name` (RDNSequence) borrowing from the certificate.
#[derive(Clone, Debug)]
pub struct Name<'a> {
    /// The whole Name encoding (tag included).
    pub raw: &'a [u8],
    /// RDNs in encoded order; each RDN holds one or more attributes.
    pub rdns: Vec<Rdn<'a>>,
}

/// A `RelativeDistinguishedName`: one attribute (nearly always), without an allocation, or
/// several. Use it as a slice of attributes.
#[derive(Clone, Debug)]
pub enum Rdn<'a> {
    /// The usual RDN: a single attribute.
    One(Attribute<'a>),
    /// A multi-valued RDN (`CN=x+UID=y`), attributes in encoded order.
    Many(Vec<Attribute<'a>>),
}

impl<'a> std::ops::Deref for Rdn<'a> {
    type Target = [Attribute<'a>];
    fn deref(&self) -> &[Attribute<'a>] {
        match self {
            Self::One(a) => std::slice::from_ref(a),
            Self::Many(v) => v,
        }
    }
}

impl<'r, 'a> IntoIterator for &'r Rdn<'a> {
    type Item = &'r Attribute<'a>;
    type IntoIter = std::slice::Iter<'r, Attribute<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Short names as OpenSSL prints them (`FN_SN`).
const SHORT_NAMES: &[(&[u8], &str)] = &[
    (oid::CN, "CN"),
    (oid::SURNAME, "SN"),
    (oid::SERIAL_NUMBER, "serialNumber"),
    (oid::C, "C"),
    (oid::L, "L"),
    (oid::ST, "ST"),
    (oid::STREET, "street"),
    (oid::O, "O"),
    (oid::OU, "OU"),
    (oid::TITLE, "title"),
    (oid::POSTAL_CODE, "postalCode"),
    (oid::GIVEN_NAME, "GN"),
    (oid::DN_QUALIFIER, "dnQualifier"),
    (oid::PSEUDONYM, "pseudonym"),
    (oid::ORGANIZATION_IDENTIFIER, "organizationIdentifier"),
    (oid::BUSINESS_CATEGORY, "businessCategory"),
    (oid::DESCRIPTION, "description"),
    (oid::JURISDICTION_L, "jurisdictionL"),
    (oid::JURISDICTION_ST, "jurisdictionST"),
    (oid::JURISDICTION_C, "jurisdictionC"),
    (oid::UID, "UID"),
    (oid::DC, "DC"),
    (oid::EMAIL_ADDRESS, "emailAddress"),
];

impl<'a> Name<'a> {
    /// Decodes a Name from its SEQUENCE TLV.
    pub fn decode(t: Tlv<'a>) -> Result<Self> {
        // Room for a usual name (C, ST, L, O, OU, CN, …) in one allocation.
        let mut rdns = Vec::with_capacity(8);
        let mut r = t.reader()?;
        while !r.is_empty() {
            let set = r.expect(tag::SET, "RelativeDistinguishedName SET")?;
            let mut sr = set.reader()?;
            if sr.is_empty() {
                return Err(set.error("empty RelativeDistinguishedName"));
            }
            let first = attribute(&mut sr)?;
            let rdn = if sr.is_empty() {
                Rdn::One(first)
            } else {
                let mut all = vec![first];
                while !sr.is_empty() {
                    all.push(attribute(&mut sr)?);
                }
                Rdn::Many(all)
            };
            rdns.push(rdn);
        }
        Ok(Self { raw: t.raw, rdns })
    }

    /// True when the name has no RDN.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// The RFC 4514 string: RDNs last-to-first, `+` inside an RDN, `,` between RDNs.
    pub fn to_rfc4514(&self) -> String {
        let mut out = String::new();
        for (i, rdn) in self.rdns.iter().rev().enumerate() {
            if i > 0 {
                out.push(',');
            }
            for (j, a) in rdn.iter().enumerate() {
                if j > 0 {
                    out.push('+');
                }
                match SHORT_NAMES.iter().find(|(o, _)| *o == a.oid) {
                    Some((_, short)) => {
                        out.push_str(short);
                        out.push('=');
                        match decode_string(&a.value) {
                            Some(s) => escape_into(&s, &mut out),
                            None => hex_into(a.value.raw, &mut out),
                        }
                    }
                    None => {
                        out.push_str(&oid::dotted(a.oid).unwrap_or_else(|| "invalid-oid".into()));
                        out.push('=');
                        hex_into(a.value.raw, &mut out);
                    }
                }
            }
        }
        out
    }

    /// The values of every attribute of a type, decoded as text, in encoded order.
    pub fn values(&self, attr: &[u8]) -> Vec<String> {
        self.rdns
            .iter()
            .flatten()
            .filter(|a| a.oid == attr)
            .filter_map(|a| decode_string(&a.value))
            .collect()
    }

    /// The most specific (last) common name.
    pub fn common_name(&self) -> Option<String> {
        // The last CN that decodes, without decoding the others.
        self.rdns
            .iter()
            .rev()
            .flat_map(|rdn| rdn.iter().rev())
            .filter(|a| a.oid == oid::CN)
            .find_map(|a| decode_string(&a.value))
    }

    /// RFC 5280 §7.1 name matching: byte-equal, or the same attributes with string values equal
    /// after case folding and white-space compression.
    pub fn matches(&self, other: &Name<'_>) -> bool {
        if self.raw == other.raw {
            return true;
        }
        self.rdns.len() == other.rdns.len()
            && self.rdns.iter().zip(&other.rdns).all(|(a, b)| {
                a.len() == b.len()
                    && a.iter().all(|x| {
                        b.iter().any(|y| {
                            x.oid == y.oid
                                && match (normalized(&x.value), normalized(&y.value)) {
                                    (Some(p), Some(q)) => p == q,
                                    _ => x.value.raw == y.value.raw,
                                }
                        })
                    })
            })
    }
}

/// One `AttributeTypeAndValue` of an RDN.
fn attribute<'a>(sr: &mut Der<'a>) -> Result<Attribute<'a>> {
    let atv = sr.expect(tag::SEQUENCE, "AttributeTypeAndValue")?;
    let mut ar = atv.reader()?;
    let oid = ar.expect(tag::OID, "attribute type")?.value;
    let value = ar.read()?;
    ar.finish("AttributeTypeAndValue")?;
    Ok(Attribute { oid, value })
}

fn normalized(v: &Tlv<'_>) -> Option<String> {
    let s = decode_string(v)?;
    Some(
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// Decodes a directory string value as text (`None` for non-string types or bad encodings).
pub fn decode_string(v: &Tlv<'_>) -> Option<String> {
    let b = v.value;
    match v.tag {
        tag::UTF8_STRING => std::str::from_utf8(b).ok().map(str::to_owned),
        tag::PRINTABLE_STRING | tag::IA5_STRING | 0x12 | 0x1a => b
            .is_ascii()
            .then(|| String::from_utf8_lossy(b).into_owned()),
        // T61String: OpenSSL treats the bytes as Latin-1.
        tag::TELETEX_STRING => Some(b.iter().map(|c| char::from(*c)).collect()),
        tag::BMP_STRING if b.len() % 2 == 0 => {
            char::decode_utf16(b.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])))
                .collect::<Result<String, _>>()
                .ok()
        }
        tag::UNIVERSAL_STRING if b.len() % 4 == 0 => b
            .chunks_exact(4)
            .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        _ => None,
    }
}

/// RFC 4514 §2.4 escaping, as OpenSSL's ESC_2253 | ESC_CTRL does it.
fn escape_into(s: &str, out: &mut String) {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == chars.len();
        match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '#' if first => out.push_str("\\#"),
            ' ' if first || last => out.push_str("\\ "),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
}

fn hex_into(raw: &[u8], out: &mut String) {
    out.push('#');
    out.push_str(&super::hex(raw).to_ascii_uppercase());
}
