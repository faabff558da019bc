//! Format detection from the bytes, never from a file name.

use super::Format;
use crate::der::{tag, Der};
use crate::error::{Error, ErrorCode};
use crate::oid;

/// What the first bytes say, before a full decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// One of the formats dbcert reads.
    Known(Format),
    /// A keystore type dbcert recognises but does not read.
    Unsupported(&'static str),
    /// Nothing recognisable.
    Unknown,
}

/// Detects the format of `input` from its bytes.
pub fn detect(input: &[u8]) -> Detected {
    match input {
        [0xfe, 0xed, 0xfe, 0xed, ..] => return Detected::Known(Format::Jks),
        [0xce, 0xce, 0xce, 0xce, ..] => return Detected::Known(Format::Jceks),
        _ => {}
    }
    if crate::formats::pkcs12::looks_like_pfx(input) {
        return Detected::Known(Format::Pkcs12);
    }
    if let Some(f) = detect_der(input) {
        return Detected::Known(f);
    }
    if crate::formats::pem::find_begin(input).is_some() {
        // A PEM file whose certificates all sit inside PKCS7 blocks is a P7B in PEM form.
        // Stops at the first certificate block: usually the first block.
        let mut has_p7 = false;
        let mut has_cert = false;
        for label in crate::formats::pem::labels(input) {
            if crate::formats::pem::is_certificate_label(label) {
                has_cert = true;
                break;
            }
            has_p7 |= crate::formats::pem::is_pkcs7_label(label);
        }
        return Detected::Known(if has_p7 && !has_cert {
            Format::P7b
        } else {
            Format::Pem
        });
    }
    if is_bks_like(input) {
        return Detected::Unsupported("BKS or UBER (Bouncy Castle) keystore");
    }
    Detected::Unknown
}

/// Classifies a DER/BER value: certificate, PKCS#7 ContentInfo/SignedData, or PKCS#12 PFX.
fn detect_der(input: &[u8]) -> Option<Format> {
    if input.first() != Some(&tag::SEQUENCE) {
        return None;
    }
    // BER indefinite length: only P7B writers do that in practice.
    if input.get(1) == Some(&0x80) {
        let rest = &input[2..];
        return (rest.starts_with(&[tag::OID, oid::SIGNED_DATA.len() as u8])
            && rest[2..].starts_with(oid::SIGNED_DATA))
        .then_some(Format::P7b);
    }
    let outer = Der::new(input, 0).read().ok()?;
    let mut r = outer.reader().ok()?;
    let first = r.read().ok()?;
    match first.tag {
        tag::OID if first.value == oid::SIGNED_DATA => Some(Format::P7b),
        tag::INTEGER => {
            // PFX starts with INTEGER 3 then a ContentInfo; bare SignedData with INTEGER 1 then a SET.
            let second = r.read().ok()?;
            match (first.value, second.tag) {
                ([3], tag::SEQUENCE) => Some(Format::Pkcs12),
                (_, tag::SET) => Some(Format::P7b),
                _ => None,
            }
        }
        tag::SEQUENCE => {
            // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signature BIT STRING }
            let second = r.read().ok()?;
            let third = r.read().ok()?;
            (second.tag == tag::SEQUENCE && third.tag == tag::BIT_STRING).then_some(Format::Der)
        }
        _ => None,
    }
}

/// Why `input` is none of the formats dbcert reads, as an error that says which case it is:
/// `empty_input` (nothing, or only white space), `malformed_der` for DER cut short (with the
/// byte where it ends), `unknown_format` for anything else, with what it looks like.
pub fn diagnose(input: &[u8]) -> Error {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Error::new(ErrorCode::EmptyInput, "the input is empty");
    }
    // Text that starts with "0" (0x30) is not DER.
    let text = input
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if let Some(needed) = der_length(input).filter(|&n| n > input.len() && !text) {
        return Error::new(
            ErrorCode::MalformedDer,
            format!(
                "truncated DER: the structure that starts at byte 0 needs {needed} bytes, but the \
                 input ends at byte {}; download the file again (a transfer or copy cut it short)",
                input.len()
            ),
        )
        .at_offset(input.len());
    }
    let head = String::from_utf8_lossy(&input[..input.len().min(512)]).to_ascii_lowercase();
    let hint = if head.contains("<html") || head.contains("<!doctype") {
        "it looks like an HTML page (a download that saved an error page?)".to_owned()
    } else if input.first() == Some(&tag::SEQUENCE) {
        "it is DER, but not a certificate, PKCS#7 or PKCS#12 structure".to_owned()
    } else if head.contains("-----begin") {
        "its PEM blocks hold no certificate (a private key or a request only?)".to_owned()
    } else {
        let first: Vec<String> = input.iter().take(4).map(|b| format!("{b:02x}")).collect();
        format!(
            "it is not PEM, DER, P7B, JKS, JCEKS or PKCS#12 (it starts with the bytes {})",
            first.join(" ")
        )
    };
    Error::new(
        ErrorCode::UnknownFormat,
        format!("not a certificate format: {hint}"),
    )
}

/// The total length (header and value) a DER SEQUENCE at the start of `input` declares, when
/// its header can be read; `Some(usize::MAX)` for a header that is itself cut short.
fn der_length(input: &[u8]) -> Option<usize> {
    let (&first, rest) = input.split_first()?;
    if first != tag::SEQUENCE {
        return None;
    }
    let Some((&l0, rest)) = rest.split_first() else {
        return Some(usize::MAX);
    };
    if l0 < 0x80 {
        return Some(2 + usize::from(l0));
    }
    let n = usize::from(l0 & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    Some(rest.get(..n).map_or(usize::MAX, |b| {
        let len = b.iter().fold(0usize, |acc, x| (acc << 8) | usize::from(*x));
        len.saturating_add(2 + n)
    }))
}

/// Bouncy Castle BKS/UBER keystores start with a 4-byte version 1 or 2 and a 4-byte salt length.
fn is_bks_like(input: &[u8]) -> bool {
    matches!(input, [0, 0, 0, 1 | 2, 0, 0, 0, 0x14, ..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(
            detect(&[0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]),
            Detected::Known(Format::Jks)
        );
        assert_eq!(
            detect(&[0xce, 0xce, 0xce, 0xce, 0, 0, 0, 2]),
            Detected::Known(Format::Jceks)
        );
        assert_eq!(detect(b"hello"), Detected::Unknown);
        assert_eq!(detect(b""), Detected::Unknown);
    }

    #[test]
    fn diagnoses_empty_truncated_and_foreign_input() {
        let e = diagnose(b" \n");
        assert_eq!(e.code(), ErrorCode::EmptyInput);
        // A SEQUENCE that declares 0x0300 bytes, cut after 10.
        let e = diagnose(&[0x30, 0x82, 0x03, 0x00, 1, 2, 3, 4, 5, 6]);
        assert_eq!(e.code(), ErrorCode::MalformedDer);
        assert_eq!(e.offset(), Some(10));
        assert!(e.message().starts_with("truncated DER"), "{e}");
        assert_eq!(diagnose(&[0x30, 0x82]).code(), ErrorCode::MalformedDer);
        let e = diagnose(b"hello, not a certificate");
        assert_eq!(e.code(), ErrorCode::UnknownFormat);
        assert!(e.message().starts_with("not a certificate format"), "{e}");
        assert!(e.message().contains("68 65 6c 6c"), "{e}");
        // A complete SEQUENCE that is nothing dbcert reads.
        let e = diagnose(&[0x30, 0x03, 0x02, 0x01, 0x05]);
        assert_eq!(e.code(), ErrorCode::UnknownFormat);
        assert!(e.message().contains("DER, but not a certificate"), "{e}");
    }

    #[test]
    fn pem_labels_decide_p7b() {
        assert_eq!(
            detect(b"x\n-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n"),
            Detected::Known(Format::P7b)
        );
        assert_eq!(
            detect(b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"),
            Detected::Known(Format::Pem)
        );
    }
}
