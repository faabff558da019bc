//! Certificate extensions (RFC 5280 §4.2) that dbcert reads and checks.

use super::{Certificate, Name};
use crate::der::{tag, Tlv};
use crate::error::Result;
use crate::oid;

/// `Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }`
#[derive(Clone, Copy, Debug)]
pub struct Extension<'a> {
    /// The extension OID's content bytes.
    pub oid: &'a [u8],
    /// The critical flag.
    pub critical: bool,
    /// The extnValue OCTET STRING as a TLV whose content is the extension's DER.
    pub value: Tlv<'a>,
}

impl<'a> Extension<'a> {
    /// The decoded inner value (the one TLV inside extnValue).
    pub fn inner(&self) -> Result<Tlv<'a>> {
        let mut r = self.value.reader()?;
        let t = r.read()?;
        r.finish("extension value")?;
        Ok(t)
    }
}

/// Decodes the `Extensions` SEQUENCE; a repeated OID is an error (RFC 5280 §4.2).
pub fn decode_list<'a>(seq: Tlv<'a>) -> Result<Vec<Extension<'a>>> {
    let mut out: Vec<Extension<'a>> = Vec::new();
    let mut r = seq.reader()?;
    while !r.is_empty() {
        let e = r.expect(tag::SEQUENCE, "Extension")?;
        let mut er = e.reader()?;
        let oid = er.expect(tag::OID, "extnID")?.value;
        let critical = match er.optional(tag::BOOLEAN)? {
            Some(b) => b.boolean()?,
            None => false,
        };
        let value = er.expect(tag::OCTET_STRING, "extnValue")?;
        er.finish("Extension")?;
        if out.iter().any(|x| x.oid == oid) {
            return Err(e.error(format!("extension {} appears twice", oid::name(oid))));
        }
        out.push(Extension {
            oid,
            critical,
            value,
        });
    }
    Ok(out)
}

/// basicConstraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA flag.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u64>,
}

/// keyUsage bit names in bit order (RFC 5280 §4.2.1.3).
pub const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

/// keyUsage bit for keyCertSign.
pub const KU_KEY_CERT_SIGN: u16 = 5;
/// keyUsage bit for digitalSignature.
pub const KU_DIGITAL_SIGNATURE: u16 = 0;

/// One GeneralName (RFC 5280 §4.2.1.6).
#[derive(Clone, Debug)]
pub enum GeneralName<'a> {
    /// dNSName.
    Dns(&'a str),
    /// iPAddress (4 or 16 bytes; in name constraints 8 or 32: address and mask).
    Ip(&'a [u8]),
    /// rfc822Name.
    Email(&'a str),
    /// uniformResourceIdentifier.
    Uri(&'a str),
    /// directoryName.
    Directory(Name<'a>),
    /// Any other form (otherName, x400Address, ediPartyName, registeredID), by tag.
    Other(u8),
}

/// Name constraints (RFC 5280 §4.2.1.10).
#[derive(Clone, Debug, Default)]
pub struct NameConstraints<'a> {
    /// permittedSubtrees bases.
    pub permitted: Vec<GeneralName<'a>>,
    /// excludedSubtrees bases.
    pub excluded: Vec<GeneralName<'a>>,
}

/// authorityKeyIdentifier.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthorityKeyId<'a> {
    /// keyIdentifier.
    pub key_id: Option<&'a [u8]>,
}

fn ia5<'a>(t: &Tlv<'a>) -> Result<&'a str> {
    std::str::from_utf8(t.value)
        .ok()
        .filter(|s| s.is_ascii())
        .ok_or_else(|| t.error("name is not IA5 (ASCII)"))
}

/// Decodes one GeneralName.
pub fn general_name<'a>(t: &Tlv<'a>) -> Result<GeneralName<'a>> {
    Ok(match t.tag {
        0x81 => GeneralName::Email(ia5(t)?),
        0x82 => GeneralName::Dns(ia5(t)?),
        0x86 => GeneralName::Uri(ia5(t)?),
        0x87 => GeneralName::Ip(t.value),
        0xa4 => {
            let mut r = t.reader()?;
            let n = Name::decode(r.expect(tag::SEQUENCE, "directoryName")?)?;
            r.finish("directoryName")?;
            GeneralName::Directory(n)
        }
        other => GeneralName::Other(other),
    })
}

fn general_names<'a>(seq: &Tlv<'a>) -> Result<Vec<GeneralName<'a>>> {
    let mut r = seq.reader()?;
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(general_name(&r.read()?)?);
    }
    Ok(out)
}

impl<'a> Certificate<'a> {
    /// basicConstraints, if present.
    pub fn basic_constraints(&self) -> Result<Option<BasicConstraints>> {
        let Some(e) = self.extension(oid::BASIC_CONSTRAINTS) else {
            return Ok(None);
        };
        let seq = e.inner()?;
        let mut r = seq.reader()?;
        let ca = match r.optional(tag::BOOLEAN)? {
            Some(b) => b.boolean()?,
            None => false,
        };
        let path_len = match r.optional(tag::INTEGER)? {
            Some(i) => Some(i.small_uint()?),
            None => None,
        };
        r.finish("basicConstraints")?;
        Ok(Some(BasicConstraints { ca, path_len }))
    }

    /// keyUsage bits (bit n set = `KEY_USAGE_NAMES[n]`), if present.
    pub fn key_usage(&self) -> Result<Option<u16>> {
        let Some(e) = self.extension(oid::KEY_USAGE) else {
            return Ok(None);
        };
        let (bits, _) = e.inner()?.bit_string()?;
        let mut v = 0u16;
        for i in 0..9u16 {
            let byte = bits.get(usize::from(i / 8)).copied().unwrap_or(0);
            if byte & (0x80 >> (i % 8)) != 0 {
                v |= 1 << i;
            }
        }
        Ok(Some(v))
    }

    /// extKeyUsage purpose OIDs, if present.
    pub fn ext_key_usage(&self) -> Result<Option<Vec<&'a [u8]>>> {
        let Some(e) = self.extension(oid::EXT_KEY_USAGE) else {
            return Ok(None);
        };
        let mut r = e.inner()?.reader()?;
        let mut out = Vec::new();
        while !r.is_empty() {
            out.push(r.expect(tag::OID, "KeyPurposeId")?.value);
        }
        Ok(Some(out))
    }

    /// subjectAltName entries (empty if absent).
    pub fn subject_alt_names(&self) -> Result<Vec<GeneralName<'a>>> {
        match self.extension(oid::SUBJECT_ALT_NAME) {
            Some(e) => general_names(&e.inner()?),
            None => Ok(Vec::new()),
        }
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Result<Option<&'a [u8]>> {
        let Some(e) = self.extension(oid::SUBJECT_KEY_ID) else {
            return Ok(None);
        };
        let t = e.inner()?;
        if t.tag != tag::OCTET_STRING {
            return Err(t.error("subjectKeyIdentifier is not an OCTET STRING"));
        }
        Ok(Some(t.value))
    }

    /// authorityKeyIdentifier, if present.
    pub fn authority_key_id(&self) -> Result<Option<AuthorityKeyId<'a>>> {
        let Some(e) = self.extension(oid::AUTHORITY_KEY_ID) else {
            return Ok(None);
        };
        let mut r = e.inner()?.reader()?;
        let key_id = r.optional(tag::context_primitive(0))?.map(|t| t.value);
        Ok(Some(AuthorityKeyId { key_id }))
    }

    /// nameConstraints, if present.
    pub fn name_constraints(&self) -> Result<Option<NameConstraints<'a>>> {
        let Some(e) = self.extension(oid::NAME_CONSTRAINTS) else {
            return Ok(None);
        };
        let mut r = e.inner()?.reader()?;
        let mut nc = NameConstraints::default();
        for (t, list) in [(tag::context(0), 0), (tag::context(1), 1)] {
            if let Some(subtrees) = r.optional(t)? {
                let mut sr = subtrees.reader()?;
                while !sr.is_empty() {
                    let st = sr.expect(tag::SEQUENCE, "GeneralSubtree")?;
                    let mut str_ = st.reader()?;
                    let base = general_name(&str_.read()?)?;
                    if list == 0 {
                        nc.permitted.push(base);
                    } else {
                        nc.excluded.push(base);
                    }
                }
            }
        }
        r.finish("nameConstraints")?;
        Ok(Some(nc))
    }
}
