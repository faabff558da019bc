//! The CRLs of one input, as `--crl FILE` (and the `crl` option of the JS packages) takes them:
//! PEM text with `X509 CRL` blocks (and PKCS7 blocks, whose `crls [1]` are read), one DER
//! CertificateList, or a P7B in DER or BER. Each CRL is decoded once here, so an error names it
//! ("CRL #2") and its byte.

use super::Crl;
use crate::der::{tag, Der};
use crate::error::{Error, ErrorCode, Result};
use crate::formats::{p7b, pem};

/// The PEM label of a CRL (RFC 7468 §5).
pub const PEM_LABEL: &str = "X509 CRL";

/// True for the PEM labels of a CRL (`X509 CRL`, and OpenSSL's older `CRL`).
pub fn is_crl_label(label: &str) -> bool {
    matches!(label, PEM_LABEL | "CRL")
}

/// Whether DER bytes are shaped as a CertificateList rather than a Certificate: a TBS whose
/// direct children include a Time (thisUpdate); a certificate's times sit inside Validity.
pub fn looks_like_crl(der: &[u8]) -> bool {
    let Ok(outer) = Der::new(der, 0).read() else {
        return false;
    };
    let Ok(mut r) = outer.reader() else {
        return false;
    };
    let Ok(tbs) = r.read() else {
        return false;
    };
    if tbs.tag != tag::SEQUENCE {
        return false;
    }
    let Ok(mut fields) = tbs.reader() else {
        return false;
    };
    for _ in 0..4 {
        match fields.read() {
            Ok(t) if t.tag == tag::UTC_TIME || t.tag == tag::GENERALIZED_TIME => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Names the CRL in an error: "CRL #2: …", the offset kept.
pub fn in_crl(e: Error, index: usize) -> Error {
    let named = Error::new(
        e.code(),
        format!("CRL #{}: {}", index.saturating_add(1), e.message()),
    );
    match e.offset() {
        Some(o) => named.at_offset(o),
        None => named,
    }
}

/// Checks one CRL's DER (it must decode) and adds it to `out`.
pub fn push_checked(der: Vec<u8>, out: &mut Vec<Vec<u8>>) -> Result<()> {
    Crl::parse(&der).map_err(|e| in_crl(e, out.len()))?;
    crate::limits::check_count(out.len().saturating_add(1))?;
    out.push(der);
    Ok(())
}

/// Every CRL of `input` (PEM, DER or P7B), as DER, in file order. Certificates and other PEM
/// blocks beside them are not read. An input with no CRL is a `malformed_crl` error.
pub fn read(input: &[u8]) -> Result<Vec<Vec<u8>>> {
    crate::limits::check_input_size(input.len())?;
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorCode::EmptyInput, "the CRL input is empty"));
    }
    let mut out = Vec::new();
    if input.first() == Some(&tag::SEQUENCE) {
        if looks_like_crl(input) {
            push_checked(input.to_vec(), &mut out)?;
        } else {
            out = p7b::read(input)?.crls;
        }
    } else if pem::find_begin(input).is_some() {
        for block in pem::parse(input)? {
            if is_crl_label(block.label) {
                push_checked(block.der, &mut out)?;
            } else if pem::is_pkcs7_label(block.label) {
                out.extend(p7b::read(&block.der)?.crls);
            }
        }
    } else {
        return Err(Error::new(
            ErrorCode::MalformedCrl,
            "this is not a CRL: expected PEM (-----BEGIN X509 CRL-----), DER or a P7B",
        ));
    }
    if out.is_empty() {
        return Err(Error::new(
            ErrorCode::MalformedCrl,
            "the input holds no CRL (no X509 CRL block, and no CRL in a P7B)",
        ));
    }
    Ok(out)
}
