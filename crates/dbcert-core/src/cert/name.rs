//! Distinguished names: decoding, RFC 4514 strings (as `openssl -nameopt RFC2253,-esc_msb`
//! prints them) and RFC 5280 §7.1 comparison.

use x509_parser::asn1_rs::{Any, Class};
use x509_parser::prelude::FromDer;
use x509_parser::x509::{AttributeTypeAndValue, RelativeDistinguishedName, X509Name};

use crate::der::{tag, Tlv};
use crate::error::{Error, Result};
use crate::oid;

/// A `Name` (RDNSequence) decoded by x509-parser, borrowing from the certificate, with what
/// x509-parser does not do: RFC 4514 strings as OpenSSL prints them and RFC 5280 §7.1 matching.
#[derive(Clone, Debug)]
pub struct Name<'a> {
    /// The whole Name encoding (tag included).
    pub raw: &'a [u8],
    name: X509Name<'a>,
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
    /// Wraps a name x509-parser decoded.
    pub fn new(name: X509Name<'a>) -> Self {
        Self {
            raw: name.as_raw(),
            name,
        }
    }

    /// Decodes a Name from its SEQUENCE TLV with x509-parser.
    pub fn decode(t: &Tlv<'a>) -> Result<Self> {
        match X509Name::from_der(t.raw) {
            Ok((_, name)) => Ok(Self::new(name)),
            Err(e) => Err(Error::der(
                format!("the name could not be decoded ({e})"),
                t.offset,
            )),
        }
    }

    /// x509-parser's name.
    pub fn x509(&self) -> &X509Name<'a> {
        &self.name
    }

    /// The RDNs in encoded order; each holds one or more attributes.
    pub fn rdns(&self) -> impl Iterator<Item = &RelativeDistinguishedName<'a>> + '_ {
        self.name.iter_rdn()
    }

    /// The RDNs last to first (x509-parser's iterator goes one way only).
    fn rdns_last_first(&self) -> Vec<&RelativeDistinguishedName<'a>> {
        let mut v: Vec<_> = self.rdns().collect();
        v.reverse();
        v
    }

    /// True when the name has no RDN.
    pub fn is_empty(&self) -> bool {
        self.name.iter_rdn().next().is_none()
    }

    /// The RFC 4514 string: RDNs last-to-first, `+` inside an RDN, `,` between RDNs.
    pub fn to_rfc4514(&self) -> String {
        let mut out = String::new();
        for (i, rdn) in self.rdns_last_first().into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            for (j, a) in rdn.iter().enumerate() {
                if j > 0 {
                    out.push('+');
                }
                let type_oid = a.attr_type().as_bytes();
                match SHORT_NAMES.iter().find(|(o, _)| *o == type_oid) {
                    Some((_, short)) => {
                        out.push_str(short);
                        out.push('=');
                        match decode_string(a.attr_value()) {
                            Some(s) => escape_into(&s, &mut out),
                            None => hex_into(a.attr_value(), &mut out),
                        }
                    }
                    None => {
                        out.push_str(
                            &oid::dotted(type_oid).unwrap_or_else(|| "invalid-oid".into()),
                        );
                        out.push('=');
                        hex_into(a.attr_value(), &mut out);
                    }
                }
            }
        }
        out
    }

    /// The name as OpenSSL's `X509_NAME_oneline` writes it (`/C=US/O=Example/CN=app`): every
    /// attribute in encoded order, each `/SHORT=value` (a type without a short name in its dotted
    /// form), the value's bytes as they are but for those below 0x20 or above 0x7E, written
    /// `\xHH`, and `/`, written `\/` (OpenSSL 3.0's `X509_NAME_oneline`, checked against
    /// libcrypto 3.0.19: `/C=DE/O=A\/B/CN=caf\xC3\xA9`; 1.1.1 wrote `/` bare). A multi-valued
    /// RDN's attributes are each written with `/` (not checked against OpenSSL). MySQL and
    /// MariaDB compare `REQUIRE SUBJECT` and `REQUIRE ISSUER` to this string byte for byte (`acl_check_ssl`, `sql/sql_acl.cc`; `sql/auth/sql_authentication.cc`).
    pub fn to_oneline(&self) -> String {
        let mut out = String::new();
        for a in self.name.iter_attributes() {
            let type_oid = a.attr_type().as_bytes();
            out.push('/');
            match SHORT_NAMES.iter().find(|(o, _)| *o == type_oid) {
                Some((_, short)) => out.push_str(short),
                None => out.push_str(&oid::dotted(type_oid).unwrap_or_else(|| "UNDEF".into())),
            }
            out.push('=');
            for &b in a.attr_value().data {
                if b == b'/' {
                    out.push_str("\\/");
                } else if (0x20..=0x7e).contains(&b) {
                    out.push(char::from(b));
                } else {
                    out.push_str(&format!("\\x{b:02X}"));
                }
            }
        }
        out
    }

    /// The values of every attribute of a type, decoded as text, in encoded order.
    pub fn values(&self, attr: &[u8]) -> Vec<String> {
        self.name
            .iter_attributes()
            .filter(|a| a.attr_type().as_bytes() == attr)
            .filter_map(|a| decode_string(a.attr_value()))
            .collect()
    }

    /// The most specific (last) common name.
    pub fn common_name(&self) -> Option<String> {
        // The last CN that decodes, without decoding the others.
        self.rdns_last_first()
            .into_iter()
            .flat_map(|rdn| rdn.iter().collect::<Vec<_>>().into_iter().rev())
            .filter(|a| a.attr_type().as_bytes() == oid::CN)
            .find_map(|a| decode_string(a.attr_value()))
    }

    /// RFC 5280 §7.1 name matching: byte-equal, or the same attributes with string values equal
    /// after case folding and white-space compression.
    pub fn matches(&self, other: &Name<'_>) -> bool {
        if self.raw == other.raw {
            return true;
        }
        self.rdns().count() == other.rdns().count()
            && self
                .rdns()
                .zip(other.rdns())
                .all(|(a, b)| rdn_matches(a, b))
    }
}

/// The most specific (last) common name of a `Name` given as its TLV, as [`Name::common_name`]
/// finds it, without x509-parser's decoding of the whole name (one allocation per RDN and per
/// attribute; it was a tenth of a PEM to JKS conversion, which needs only this for the aliases).
///
/// `None` when this walk cannot answer and the caller decodes the name with x509-parser: a name
/// not shaped as `SEQUENCE OF SET SIZE (1..MAX) OF SEQUENCE { OID, value }` with nothing else
/// inside (the shape the readers' structure check requires, under which x509-parser decodes
/// every RDN and attribute this walk sees, and nothing else), or whose last CN does not decode
/// as text (an earlier one may). `Some(None)` when it holds no CN.
pub fn last_common_name(t: &Tlv<'_>) -> Option<Option<String>> {
    let mut last = None;
    let mut r = t.reader().ok()?;
    while !r.is_empty() {
        let mut set = r.expect(tag::SET, "").ok()?.reader().ok()?;
        if set.is_empty() {
            return None;
        }
        while !set.is_empty() {
            let mut atv = set.expect(tag::SEQUENCE, "").ok()?.reader().ok()?;
            let attr = atv.expect(tag::OID, "").ok()?;
            let value = atv.read().ok()?;
            if !atv.is_empty() {
                return None;
            }
            if attr.value == oid::CN {
                last = Some(value);
            }
        }
    }
    match last {
        None => Some(None),
        // x509-parser's header of the value, so that the text decodes exactly as in a Name.
        Some(v) => {
            let (_, any) = Any::from_der(v.raw).ok()?;
            decode_string(&any).map(Some)
        }
    }
}

/// Two RDNs hold the same attributes (in any order), compared as [`attribute_matches`] does.
pub fn rdn_matches(a: &RelativeDistinguishedName<'_>, b: &RelativeDistinguishedName<'_>) -> bool {
    a.iter().count() == b.iter().count()
        && a.iter().all(|x| b.iter().any(|y| attribute_matches(x, y)))
}

/// The same attribute type, and values equal as encoded or as strings after case folding and
/// white-space compression (RFC 5280 §7.1).
pub fn attribute_matches(x: &AttributeTypeAndValue<'_>, y: &AttributeTypeAndValue<'_>) -> bool {
    x.attr_type() == y.attr_type()
        && match (normalized(x.attr_value()), normalized(y.attr_value())) {
            (Some(p), Some(q)) => p == q,
            _ => same_value(x.attr_value(), y.attr_value()),
        }
}

/// Two values with the same tag and content octets.
pub fn same_value(a: &Any<'_>, b: &Any<'_>) -> bool {
    a.header.tag() == b.header.tag()
        && a.header.class() == b.header.class()
        && a.header.is_constructed() == b.header.is_constructed()
        && a.data == b.data
}

/// The DER encoding of a value (its identifier octet, length and content), as OpenSSL prints a
/// value it cannot show as text.
pub fn value_der(v: &Any<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.data.len().saturating_add(6));
    let class = match v.header.class() {
        Class::Universal => 0x00,
        Class::Application => 0x40,
        Class::ContextSpecific => 0x80,
        Class::Private => 0xc0,
    };
    let constructed = if v.header.is_constructed() { 0x20 } else { 0 };
    // Attribute values use low tag numbers (they are string types).
    let number = u8::try_from(v.header.tag().0).unwrap_or(0x1f).min(0x1f);
    crate::der::write_tlv(&mut out, class | constructed | number, v.data);
    out
}

/// A string value as RFC 5280 §7.1 compares it: case folded, white space compressed.
pub fn normalized(v: &Any<'_>) -> Option<String> {
    let s = decode_string(v)?;
    Some(
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// Decodes a directory string value as text (`None` for non-string types or bad encodings).
pub fn decode_string(v: &Any<'_>) -> Option<String> {
    let b = v.data;
    if v.header.class() != Class::Universal || v.header.is_constructed() {
        return None;
    }
    match u8::try_from(v.header.tag().0).ok()? {
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

fn hex_into(v: &Any<'_>, out: &mut String) {
    out.push('#');
    out.push_str(&super::hex(&value_der(v)).to_ascii_uppercase());
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::der::{constructed, tlv, Der};

    fn atv(attr: &[u8], value_tag: u8, value: &[u8]) -> Vec<u8> {
        constructed(
            tag::SEQUENCE,
            &[&tlv(tag::OID, attr), &tlv(value_tag, value)],
        )
    }

    fn name(rdns: &[Vec<Vec<u8>>]) -> Vec<u8> {
        let sets: Vec<Vec<u8>> = rdns
            .iter()
            .map(|atvs| {
                let parts: Vec<&[u8]> = atvs.iter().map(Vec::as_slice).collect();
                constructed(tag::SET, &parts)
            })
            .collect();
        let parts: Vec<&[u8]> = sets.iter().map(Vec::as_slice).collect();
        constructed(tag::SEQUENCE, &parts)
    }

    #[test]
    fn oneline_is_what_openssl_3_writes() {
        // libcrypto 3.0.19's X509_NAME_oneline on a certificate made with
        // `openssl req -utf8 -subj "/C=DE/O=A\/B/CN=café"`: `/C=DE/O=A\/B/CN=caf\xC3\xA9`.
        let der = name(&[
            vec![atv(oid::C, tag::PRINTABLE_STRING, b"DE")],
            vec![atv(oid::O, tag::UTF8_STRING, b"A/B")],
            vec![atv(oid::CN, tag::UTF8_STRING, "café".as_bytes())],
        ]);
        let (_, x) = X509Name::from_der(&der).unwrap();
        assert_eq!(Name::new(x).to_oneline(), "/C=DE/O=A\\/B/CN=caf\\xC3\\xA9");
        let odd = name(&[vec![atv(&[0x2a, 0x03], tag::UTF8_STRING, b"v")]]);
        let (_, x) = X509Name::from_der(&odd).unwrap();
        assert_eq!(Name::new(x).to_oneline(), "/1.2.3=v");
    }

    #[test]
    fn last_common_name_is_what_x509_parsers_decoding_gives() {
        let cn = |v: &str| atv(oid::CN, tag::UTF8_STRING, v.as_bytes());
        let o = atv(oid::O, tag::PRINTABLE_STRING, b"Org");
        let bad_utf8 = atv(oid::CN, tag::UTF8_STRING, &[0xff, 0xfe]);
        let bmp = atv(oid::CN, tag::BMP_STRING, &[0, b'B', 0, b'm']);
        let t61 = atv(oid::CN, tag::TELETEX_STRING, &[b'c', 0xe9]);
        let odd_tag = atv(oid::CN, 0x80, b"ctx");
        let cases: Vec<(Vec<u8>, Option<Option<&str>>)> = vec![
            (name(&[]), Some(None)),
            (name(&[vec![o.clone()]]), Some(None)),
            (
                name(&[vec![cn("a")], vec![o.clone()], vec![cn("b")]]),
                Some(Some("b")),
            ),
            // Inside a multi-valued RDN the last attribute is the most specific.
            (name(&[vec![cn("x"), o.clone(), cn("y")]]), Some(Some("y"))),
            (name(&[vec![bmp.clone()]]), Some(Some("Bm"))),
            (name(&[vec![t61]]), Some(Some("c\u{e9}"))),
            // The last CN does not decode as text: an earlier one counts, x509-parser finds it.
            (name(&[vec![cn("first")], vec![bad_utf8.clone()]]), None),
            (name(&[vec![cn("first")], vec![odd_tag]]), None),
            // Not the shape the readers accept: x509-parser decides.
            (name(&[vec![]]), None),
            (constructed(tag::SEQUENCE, &[&name(&[vec![cn("a")]])]), None),
        ];
        for (der, want) in cases {
            let t = Der::new(&der, 0).read().unwrap();
            let fast = last_common_name(&t);
            assert_eq!(fast, want.map(|w| w.map(str::to_owned)), "{der:02x?}");
            if let (Some(got), Ok(full)) = (fast, Name::decode(&t)) {
                assert_eq!(got, full.common_name(), "{der:02x?}");
            }
        }
    }
}
