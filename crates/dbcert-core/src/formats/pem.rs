//! PEM text: any number of blocks, any text before, between and after them, LF or CRLF.
//!
//! Blocks that are not certificates (keys, CSRs, CRLs) are reported by label so the caller can
//! warn; their content is never returned.

use crate::error::{Error, ErrorCode, Result};

const BEGIN: &[u8] = b"-----BEGIN ";
const DASHES: &[u8] = b"-----";

/// One PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`.
    pub label: String,
    /// The decoded content.
    pub der: Vec<u8>,
    /// Byte offset of the `-----BEGIN` line in the text.
    pub offset: usize,
}

/// Labels that hold one X.509 certificate.
pub fn is_certificate_label(label: &str) -> bool {
    matches!(
        label,
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" | "X.509 CERTIFICATE"
    )
}

/// Labels that hold a PKCS#7 structure.
pub fn is_pkcs7_label(label: &str) -> bool {
    matches!(label, "PKCS7" | "PKCS #7 SIGNED DATA" | "CMS")
}

/// Labels that hold a private key (never decoded, never printed).
pub fn is_private_key_label(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
}

/// Offset of the first `-----BEGIN ` at the start of a line, if any.
pub fn find_begin(text: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find(&text[from..], BEGIN) {
        let at = from + i;
        if at == 0 || matches!(text[at - 1], b'\n' | b'\r' | b' ' | b'\t') {
            return Some(at);
        }
        from = at + BEGIN.len();
    }
    None
}

/// Every block label in the text (without decoding).
pub fn labels(text: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = find_begin(&text[from..]) {
        let at = from + i;
        match begin_label(&text[at..]) {
            Some((label, len)) => {
                out.push(label);
                from = at + len;
            }
            None => from = at + BEGIN.len(),
        }
    }
    out
}

/// Decodes every block in the text, in order.
pub fn parse(text: &[u8]) -> Result<Vec<Block>> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(i) = find_begin(&text[from..]) {
        let at = from + i;
        let Some((label, header_len)) = begin_label(&text[at..]) else {
            return Err(pem_error(
                "a -----BEGIN line without its closing dashes",
                at,
            ));
        };
        let body_start = at + header_len;
        let end_line = format!("-----END {label}-----");
        let Some(end_rel) = find(&text[body_start..], end_line.as_bytes()) else {
            return Err(pem_error(
                format!("no \"{end_line}\" line for the block started here (truncated file?)"),
                at,
            ));
        };
        let body = &text[body_start..body_start + end_rel];
        if crate::limits::MAX_CERTIFICATES <= blocks.len() {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                format!("more than {} PEM blocks", crate::limits::MAX_CERTIFICATES),
            ));
        }
        let der = decode_body(body, body_start)?;
        blocks.push(Block {
            label,
            der,
            offset: at,
        });
        from = body_start + end_rel + end_line.len();
    }
    Ok(blocks)
}

/// Encodes DER as a PEM block with 64-column lines and LF endings.
pub fn encode(label: &str, der: &[u8], out: &mut String) {
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let b64 = base64_encode(der);
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
}

fn pem_error(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedPem, message).at_offset(offset)
}

/// Returns (label, length of the whole BEGIN line including its line ending).
fn begin_label(at_begin: &[u8]) -> Option<(String, usize)> {
    let rest = &at_begin[BEGIN.len()..];
    let line_end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let close = find(line, DASHES)?;
    let label = std::str::from_utf8(&line[..close]).ok()?;
    if label.len() > 64
        || !label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b" #.-_".contains(&b))
    {
        return None;
    }
    let consumed = BEGIN.len() + (line_end + 1).min(rest.len());
    Some((label.to_owned(), consumed))
}

/// Decodes the base64 body, skipping RFC 1421 headers ("Proc-Type: …") and white space.
fn decode_body(body: &[u8], base: usize) -> Result<Vec<u8>> {
    let mut b64 = Vec::with_capacity(body.len());
    let mut in_headers = true;
    let mut line_start = 0;
    for line in body.split(|b| *b == b'\n') {
        let trimmed = trim(line);
        if in_headers && trimmed.contains(&b':') {
            line_start += line.len() + 1;
            continue;
        }
        in_headers = false;
        for (i, &c) in trimmed.iter().enumerate() {
            if !(c.is_ascii_alphanumeric()
                || c == b'+'
                || c == b'/'
                || c == b'='
                || c == b' '
                || c == b'\t')
            {
                let col = line.len() - trim_start(line).len() + i;
                return Err(pem_error(
                    format!("character 0x{c:02x} is not base64 inside a PEM block"),
                    base + line_start + col,
                ));
            }
        }
        b64.extend(trimmed.iter().filter(|c| !c.is_ascii_whitespace()));
        line_start += line.len() + 1;
    }
    base64_decode(&b64).ok_or_else(|| {
        pem_error(
            "the base64 inside the PEM block is truncated or padded wrongly",
            base,
        )
    })
}

fn trim(s: &[u8]) -> &[u8] {
    let s = trim_start(s);
    let end = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    &s[..end]
}

fn trim_start(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    &s[start..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|b| *b == first)
        {
            Some(p) => {
                let at = i + p;
                if &hay[at..at + needle.len()] == needle {
                    return Some(at);
                }
                i = at + 1;
            }
            None => return None,
        }
    }
    None
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Decodes standard base64 (padding optional); `None` if it is not valid base64.
pub fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    let unpadded = match input {
        [rest @ .., b'=', b'='] => rest,
        [rest @ .., b'='] => rest,
        all => all,
    };
    if unpadded.len() % 4 == 1 || (input.len() != unpadded.len() && input.len() % 4 != 0) {
        return None;
    }
    let mut out = Vec::with_capacity(unpadded.len() * 3 / 4);
    for chunk in unpadded.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// Encodes standard base64 with padding.
pub fn base64_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let mut acc = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            acc |= u32::from(*b) << (16 - 8 * i);
        }
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((acc >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for n in 0..40 {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(
                base64_decode(base64_encode(&data).as_bytes()).unwrap(),
                data
            );
        }
        assert_eq!(base64_decode(b"TWFu").unwrap(), b"Man");
        assert_eq!(base64_decode(b"TWE").unwrap(), b"Ma");
        assert!(base64_decode(b"T").is_none());
        assert!(base64_decode(b"TW=a").is_none());
    }

    #[test]
    fn blocks_with_text_around_and_crlf() {
        let text = b"Subject: x\r\n-----BEGIN CERTIFICATE-----\r\nTWFu\r\n-----END CERTIFICATE-----\r\nbetween\n-----BEGIN PRIVATE KEY-----\nTWE=\n-----END PRIVATE KEY-----\ntrailer";
        let blocks = parse(text).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(blocks[0].der, b"Man");
        assert_eq!(blocks[0].offset, 12);
        assert_eq!(blocks[1].label, "PRIVATE KEY");
        assert!(is_private_key_label(&blocks[1].label));
    }

    #[test]
    fn missing_end_is_an_error_at_the_begin_line() {
        let err = parse(b"junk\n-----BEGIN CERTIFICATE-----\nTWFu\n").unwrap_err();
        assert_eq!(err.code(), ErrorCode::MalformedPem);
        assert_eq!(err.offset(), Some(5));
    }

    #[test]
    fn bad_character_is_located() {
        let err =
            parse(b"-----BEGIN CERTIFICATE-----\nTW*u\n-----END CERTIFICATE-----\n").unwrap_err();
        assert_eq!(err.offset(), Some(30));
    }

    #[test]
    fn encode_wraps_at_64() {
        let mut s = String::new();
        encode("CERTIFICATE", &[0u8; 100], &mut s);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[1].len(), 64);
        assert_eq!(parse(s.as_bytes()).unwrap()[0].der, vec![0u8; 100]);
    }
}
