//! Distribution points (RFC 5280 §4.2.1.13, §5.2.5), read from their DER: x509-parser 0.18 loses
//! the `nameRelativeToCRLIssuer` form (and, in an issuingDistributionPoint, every field after
//! it), which changed three PKITS verdicts (ARCHITECTURE.md, "Written here, and why").

use x509_parser::extensions::GeneralName;
use x509_parser::prelude::FromDer;

use super::crl_error;
use crate::der::{tag, Der};
use crate::error::Result;

/// A DistributionPointName (RFC 5280 §4.2.1.13), read here: x509-parser 0.18 loses the
/// `nameRelativeToCRLIssuer` form (and, in an issuingDistributionPoint, every field after it).
#[derive(Clone, Debug)]
pub enum DpName<'a> {
    /// fullName: GeneralNames.
    Full(Vec<GeneralName<'a>>),
    /// nameRelativeToCRLIssuer: the content octets of the RelativeDistinguishedName (a SET),
    /// to be appended to the CRL issuer's name.
    Relative(&'a [u8]),
}

/// One DistributionPoint of a certificate's cRLDistributionPoints.
#[derive(Clone, Debug)]
pub struct DistributionPoint<'a> {
    /// distributionPoint.
    pub name: Option<DpName<'a>>,
    /// reasons, as x509-parser numbers ReasonFlags (bit n = reason n), if present.
    pub reasons: Option<u16>,
    /// cRLIssuer.
    pub crl_issuer: Option<Vec<GeneralName<'a>>>,
}

/// The GeneralName elements of an IMPLICIT GeneralNames (the content of `t`).
fn implicit_general_names<'a>(t: &crate::der::Tlv<'a>) -> Result<Vec<GeneralName<'a>>> {
    let mut r = t.reader()?;
    let mut out = Vec::new();
    while !r.is_empty() {
        let g = r.read()?;
        match GeneralName::from_der(g.raw) {
            Ok(([], name)) => out.push(name),
            _ => return Err(crl_error("a GeneralName cannot be decoded", g.offset)),
        }
    }
    Ok(out)
}

/// ReasonFlags from an IMPLICIT BIT STRING's content, bit n = reason n.
fn reason_bits(t: &crate::der::Tlv<'_>) -> Result<u16> {
    let Some((_, bytes)) = t.value.split_first() else {
        return Err(crl_error("empty ReasonFlags", t.offset));
    };
    Ok(bytes
        .iter()
        .take(2)
        .rev()
        .fold(0u16, |acc, b| (acc << 8) | u16::from(b.reverse_bits())))
}

/// The DistributionPointName inside a `[0] EXPLICIT` wrapper.
fn dp_name<'a>(wrapper: &crate::der::Tlv<'a>) -> Result<DpName<'a>> {
    let mut r = wrapper.reader()?;
    let t = r.read()?;
    r.finish("DistributionPointName")?;
    match t.tag {
        0xa0 => Ok(DpName::Full(implicit_general_names(&t)?)),
        0xa1 => Ok(DpName::Relative(t.value)),
        _ => Err(crl_error("unknown DistributionPointName form", t.offset)),
    }
}

/// A BOOLEAN given IMPLICIT tagged.
fn implicit_bool(t: &crate::der::Tlv<'_>) -> bool {
    t.value.first().is_some_and(|b| *b != 0)
}

/// issuingDistributionPoint from its extnValue.
pub fn issuing_distribution_point(
    value: &[u8],
    offset: usize,
) -> Result<IssuingDistributionPoint<'_>> {
    let mut top = Der::new(value, offset);
    let seq = top.expect(tag::SEQUENCE, "issuingDistributionPoint")?;
    top.finish("issuingDistributionPoint")?;
    let mut r = seq.reader()?;
    let mut idp = IssuingDistributionPoint {
        distribution_point: None,
        only_user: false,
        only_ca: false,
        only_attribute: false,
        only_some_reasons: None,
        indirect: false,
    };
    while !r.is_empty() {
        let t = r.read()?;
        match t.tag {
            0xa0 => idp.distribution_point = Some(dp_name(&t)?),
            0x81 => idp.only_user = implicit_bool(&t),
            0x82 => idp.only_ca = implicit_bool(&t),
            0x83 => idp.only_some_reasons = Some(reason_bits(&t)?),
            0x84 => idp.indirect = implicit_bool(&t),
            0x85 => idp.only_attribute = implicit_bool(&t),
            _ => {
                return Err(crl_error(
                    "unknown field in issuingDistributionPoint",
                    t.offset,
                ))
            }
        }
    }
    Ok(idp)
}

/// cRLDistributionPoints from its extnValue.
pub fn distribution_points(value: &[u8], offset: usize) -> Result<Vec<DistributionPoint<'_>>> {
    let mut top = Der::new(value, offset);
    let seq = top.expect(tag::SEQUENCE, "cRLDistributionPoints")?;
    top.finish("cRLDistributionPoints")?;
    let mut points = seq.reader()?;
    let mut out = Vec::new();
    while !points.is_empty() {
        let p = points.expect(tag::SEQUENCE, "DistributionPoint")?;
        let mut r = p.reader()?;
        let mut dp = DistributionPoint {
            name: None,
            reasons: None,
            crl_issuer: None,
        };
        while !r.is_empty() {
            let t = r.read()?;
            match t.tag {
                0xa0 => dp.name = Some(dp_name(&t)?),
                0x81 => dp.reasons = Some(reason_bits(&t)?),
                0xa2 => dp.crl_issuer = Some(implicit_general_names(&t)?),
                _ => return Err(crl_error("unknown field in DistributionPoint", t.offset)),
            }
        }
        out.push(dp);
    }
    Ok(out)
}

/// A SET with this content: a nameRelativeToCRLIssuer as a RelativeDistinguishedName.
pub fn set_der(content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag::SET];
    crate::der::write_len(&mut v, content.len());
    v.extend_from_slice(content);
    v
}

/// issuingDistributionPoint (RFC 5280 §5.2.5).
#[derive(Clone, Debug)]
pub struct IssuingDistributionPoint<'a> {
    /// The distribution point's name, if present.
    pub distribution_point: Option<DpName<'a>>,
    /// onlyContainsUserCerts.
    pub only_user: bool,
    /// onlyContainsCACerts.
    pub only_ca: bool,
    /// onlyContainsAttributeCerts.
    pub only_attribute: bool,
    /// onlySomeReasons, as the ReasonFlags bits (bit n = reason n), if present.
    pub only_some_reasons: Option<u16>,
    /// indirectCRL.
    pub indirect: bool,
}

impl IssuingDistributionPoint<'_> {
    /// More than one of the three `onlyContains…` flags: OpenSSL cannot use the CRL.
    pub fn is_invalid(&self) -> bool {
        u8::from(self.only_user) + u8::from(self.only_ca) + u8::from(self.only_attribute) > 1
    }
}
