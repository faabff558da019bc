//! PEM text: any number of blocks, any text before, between and after them, LF or CRLF.
//!
//! Where each block starts and ends is found here, with its byte offset, as one SIMD scan over
//! multi-megabyte bundles (`memchr`): a BEGIN line only at the start of a line, the block's own
//! END line found past prose and other END lines, and a missing END line an error at its BEGIN
//! line. The block's RFC 1421 header lines are skipped, ASCII white space is dropped (as
//! OpenSSL's reader does) and the base64 is decoded by the `base64` crate in its standard,
//! canonical-padding form; a refused block's error names the offending byte. PEM is written
//! with 64-column lines and LF endings. The `pem` crate did both until its reading cost more
//! than the rest of a conversion (ARCHITECTURE.md, "Written here, and why").
//!
//! Blocks that are not certificates (keys, CSRs, CRLs) are reported by label so the caller can
//! warn; their content is never returned, and private-key blocks are not even decoded.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::error::{Error, ErrorCode, Result};

const BEGIN: &[u8] = b"-----BEGIN ";
const DASHES: &[u8] = b"-----";
const END: &[u8] = b"-----END ";

/// One PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    /// The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`, as in the text.
    pub label: &'a str,
    /// The decoded content (empty for private-key blocks, which are never decoded).
    pub der: Vec<u8>,
    /// Byte offset of the `-----BEGIN` line in the text.
    pub offset: usize,
    /// The text between the BEGIN and END lines (headers and base64), for private-key blocks,
    /// which [`decode_secret`] decodes only when they are read.
    pub body: &'a [u8],
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
    while let Some(i) = find(text.get(from..)?, BEGIN) {
        // guard: `find` returns an index inside `text[from..]`, so `at < text.len()`.
        let at = from + i;
        if at == 0
            || matches!(
                text.get(at.wrapping_sub(1)),
                Some(b'\n' | b'\r' | b' ' | b'\t')
            )
        {
            return Some(at);
        }
        from = at.saturating_add(BEGIN.len());
    }
    None
}

/// Every block label in the text, in order (without decoding anything).
pub fn labels(text: &[u8]) -> impl Iterator<Item = &str> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = find_begin(text.get(from..)?) {
            // guard: `find_begin` returns an index inside `text[from..]`.
            let at = from + i;
            match begin_label(text.get(at..)?) {
                Some((label, len)) => {
                    from = at.saturating_add(len);
                    return Some(label);
                }
                None => from = at.saturating_add(BEGIN.len()),
            }
        }
        None
    })
}

/// Decodes every block in the text, in order. Private-key blocks are framed but never decoded:
/// their [`Block::der`] is empty.
pub fn parse(text: &[u8]) -> Result<Vec<Block<'_>>> {
    let mut blocks = Vec::new();
    // The base64 digits of one block without white space, reused from block to block.
    let mut digits = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(find_begin) {
        // guard: `find_begin` returns an index inside `text[from..]`.
        let at = from + i;
        let Some((label, header_len)) = text.get(at..).and_then(begin_label) else {
            return Err(pem_error(
                "a -----BEGIN line without its closing dashes",
                at,
            ));
        };
        // guard: `begin_label` counts bytes of `text[at..]`, so `body_start <= text.len()`.
        let body_start = at + header_len;
        let Some((end_rel, end_len)) = text
            .get(body_start..)
            .and_then(|rest| find_end(rest, label))
        else {
            return Err(pem_error(
                format!(
                    "no \"-----END {label}-----\" line for the block started here (truncated file?)"
                ),
                at,
            ));
        };
        // guard: `find_end` returns an offset inside `text[body_start..]`.
        let body_end = body_start + end_rel;
        if crate::limits::MAX_CERTIFICATES <= blocks.len() {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                format!("more than {} PEM blocks", crate::limits::MAX_CERTIFICATES),
            ));
        }
        // guard: the END marker of `end_len` bytes lies inside `text` from `body_end`.
        let block_end = body_end + end_len;
        let der = if is_private_key_label(label) {
            Vec::new()
        } else {
            let body = text.get(body_start..body_end).unwrap_or_default();
            decode_body(body, body_start, &mut digits)?
        };
        blocks.push(Block {
            label,
            der,
            offset: at,
            body: text.get(body_start..body_end).unwrap_or_default(),
        });
        from = block_end;
    }
    Ok(blocks)
}

/// Decodes a block's body (the text between its BEGIN and END lines, which starts at byte
/// `body_start` of the text): RFC 1421 header lines skipped, ASCII white space dropped, the rest
/// standard base64 with canonical padding. `digits` is scratch space.
fn decode_body(body: &[u8], body_start: usize, digits: &mut Vec<u8>) -> Result<Vec<u8>> {
    let base64 = body.get(headers_end(body)..).unwrap_or_default();
    digits.clear();
    digits.reserve(base64.len());
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', base64).chain([base64.len()]) {
        // guard: `memchr_iter` yields increasing offsets inside `base64`, then its length.
        let line = base64.get(start..end).unwrap_or_default();
        start = end.saturating_add(1);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if may_have_space(line) {
            for run in line.split(|b| is_space(*b)) {
                digits.extend_from_slice(run);
            }
        } else {
            digits.extend_from_slice(line);
        }
    }
    decode_digits(digits).map_err(|e| locate(body, body_start, &e))
}

/// Decodes a private-key block's body (see [`Block::body`]; `offset` is its BEGIN line's byte):
/// its RFC 1421 header lines as text (`Proc-Type`, `DEK-Info`) and the decoded bytes, in a
/// buffer wiped when dropped (the base64 digits too).
pub fn decode_secret(body: &[u8], offset: usize) -> Result<(&str, zeroize::Zeroizing<Vec<u8>>)> {
    let headers = body.get(..headers_end(body)).unwrap_or_default();
    let headers = std::str::from_utf8(headers)
        .map_err(|_| pem_error("the PEM header lines are not text", offset))?;
    let mut digits = zeroize::Zeroizing::new(Vec::new());
    let der = decode_body(body, offset, &mut digits).map(zeroize::Zeroizing::new)?;
    Ok((headers, der))
}

/// Standard base64 with canonical padding: by `base64-simd` on native builds (SIMD, about 5×
/// the `base64` crate's rate on a bundle), which refuses exactly what `base64` refuses
/// (`simd_and_scalar_decoders_agree`); whatever it refuses is decoded again by `base64` for
/// the cause named in the error.
fn decode_digits(digits: &[u8]) -> std::result::Result<Vec<u8>, base64::DecodeError> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(der) = base64_simd::STANDARD.decode_to_vec(digits) {
        return Ok(der);
    }
    STANDARD.decode(digits)
}

/// The white space a PEM body may hold between its digits (as `isspace` in the C locale).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// True when a line may hold white space: when it has a byte at or below the space (white space
/// is `\t` to `\r` and the space; base64 digits and `=` are above it). A line without one is
/// taken whole; one with one is split at its white space ([`is_space`] decides), and any other
/// control byte is left for the decoder to refuse. Computed as the smallest byte of the line,
/// which the compiler turns into vector instructions, 16 or 32 bytes at a time: a full line of
/// 64 digits is checked in a few nanoseconds, where `iter().any(is_space)`, which stops at the
/// first match and compares six values, cost about 90 (measured; it was a tenth of a PEM to JKS
/// conversion).
fn may_have_space(line: &[u8]) -> bool {
    line.iter().fold(u8::MAX, |low, b| low.min(*b)) <= b' '
}

/// The error for a block whose base64 was refused, at the first byte of the body that is neither
/// a base64 digit, `=` nor white space (after RFC 1421 headers), or else at the body's start.
fn locate(body: &[u8], base: usize, cause: &base64::DecodeError) -> Error {
    let start = headers_end(body);
    let bad = body
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || b"+/=".contains(c) || is_space(**c)));
    match bad {
        Some((i, c)) => pem_error(
            format!("character 0x{c:02x} is not base64 inside a PEM block"),
            base.saturating_add(i),
        ),
        None => pem_error(
            format!("the base64 inside the PEM block is truncated or padded wrongly ({cause})"),
            base,
        ),
    }
}

/// Encodes DER as a PEM block with 64-column lines and LF endings.
pub fn encode(label: &str, der: &[u8], out: &mut String) {
    out.reserve(encoded_len(label, der));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let digits = STANDARD.encode(der);
    let mut rest = digits.as_str();
    while !rest.is_empty() {
        // Base64 digits are ASCII, so every index is a character boundary.
        let (line, after) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = after;
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
}

/// [`encode`] into bytes: appends one PEM block to `out`.
pub fn encode_bytes(label: &str, der: &[u8], out: &mut Vec<u8>) {
    let mut text = String::new();
    encode(label, der, &mut text);
    out.extend_from_slice(text.as_bytes());
}

/// The length of [`encode`]'s block: the two marker lines, the digits and a newline per line.
fn encoded_len(label: &str, der: &[u8]) -> usize {
    let digits = der.len().div_ceil(3).saturating_mul(4);
    let newlines = digits.div_ceil(64);
    label
        .len()
        .saturating_mul(2)
        .saturating_add(32)
        .saturating_add(digits)
        .saturating_add(newlines)
}

fn pem_error(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedPem, message).at_offset(offset)
}

/// Returns (label, length of the whole BEGIN line including its line ending).
fn begin_label(at_begin: &[u8]) -> Option<(&str, usize)> {
    let rest = at_begin.get(BEGIN.len()..)?;
    let line_end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
    let (line, _) = rest.split_at(line_end);
    let close = find(line, DASHES)?;
    let label = std::str::from_utf8(line.get(..close)?).ok()?;
    if label.len() > 64
        || !label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b" #.-_".contains(&b))
    {
        return None;
    }
    // guard: `line_end + 1` is at most `rest.len() + 1` and then capped at `rest.len()`.
    let consumed = BEGIN.len() + (line_end + 1).min(rest.len());
    Some((label, consumed))
}

/// Where the RFC 1421 header lines (`Name: value`, before the base64) end.
fn headers_end(body: &[u8]) -> usize {
    let mut at: usize = 0;
    for line in body.split(|b| *b == b'\n') {
        if !line.contains(&b':') {
            break;
        }
        at = at.saturating_add(line.len()).saturating_add(1);
    }
    at.min(body.len())
}

/// Offset of `needle` (which starts with `-`) in `hay`. Base64 has no `-`, so jumping from one
/// `-` to the next finds a marker line at once, without building a substring searcher.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'-', hay.get(from..)?) {
        // guard: `memchr` returns an index inside `hay[from..]`, so `at < hay.len()`.
        let at = from + i;
        if hay.get(at..)?.starts_with(needle) {
            return Some(at);
        }
        from = at.saturating_add(1);
    }
    None
}

/// Offset and length of `-----END {label}-----` in `hay`.
fn find_end(hay: &[u8], label: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = find(hay.get(from..)?, END) {
        // guard: `find` returns an index inside `hay[from..]`, so `at < hay.len()`.
        let at = from + i;
        let rest = hay.get(at.saturating_add(END.len())..)?;
        if rest
            .strip_prefix(label.as_bytes())
            .is_some_and(|r| r.starts_with(DASHES))
        {
            // guard: three short constants (a label is at most 64 bytes).
            return Some((at, END.len() + label.len() + DASHES.len()));
        }
        from = at.saturating_add(END.len());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SIMD decoder accepts and refuses exactly what the `base64` crate does, on every
    /// length, padding and trailing-bit form (a decoder that took non-canonical trailing bits
    /// would let a certificate's PEM change without changing its DER).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn simd_and_scalar_decoders_agree() {
        let mut cases: Vec<Vec<u8>> = Vec::new();
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for len in 0..130usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let good = STANDARD.encode(&data).into_bytes();
            cases.push(good.clone());
            if let Some(p) = good.iter().position(|&c| c == b'=') {
                // Non-canonical trailing bits: the digit before the padding, every value.
                for &d in alphabet {
                    let mut bad = good.clone();
                    bad[p - 1] = d;
                    cases.push(bad);
                }
                cases.push(good[..p].to_vec()); // padding left out
            }
            let mut extra = good.clone();
            extra.extend_from_slice(b"==");
            cases.push(extra);
            for at in [0, good.len() / 2, good.len().saturating_sub(1)] {
                for c in [b'=', b'-', b'_', b'.', 0x80, b'A'] {
                    let mut bad = good.clone();
                    if let Some(b) = bad.get_mut(at) {
                        *b = c;
                    }
                    cases.push(bad);
                }
            }
            cases.push(good[..good.len().saturating_sub(1)].to_vec());
        }
        for case in &cases {
            assert_eq!(
                base64_simd::STANDARD.decode_to_vec(case).ok(),
                STANDARD.decode(case).ok(),
                "{}",
                String::from_utf8_lossy(case)
            );
        }
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
        assert!(is_private_key_label(blocks[1].label));
    }

    #[test]
    fn end_line_is_found_past_dashes_and_other_end_lines() {
        // Dashes in RFC 1421 headers and prose, and an END line of another label, come before
        // the block's own END line (private-key blocks are not decoded: another label here).
        let text = b"-- a - b --\n-----BEGIN PKCS7-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,00\n\nTWFu\n-----END X-----\n-----END PKCS7-----\n-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----";
        let err = parse(text).unwrap_err();
        // "-----END X-----" is not base64: the block ends at its own END line, not before.
        assert_eq!(err.code(), ErrorCode::MalformedPem);
        let ok = b"x-y\n-----BEGIN PKCS7-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,00\n\nTWFu\n-----END PKCS7-----\n-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----";
        let blocks = parse(ok).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].der, b"Man");
        assert_eq!(blocks[1].der, b"Ma");
        assert_eq!(labels(ok).collect::<Vec<_>>(), ["PKCS7", "CERTIFICATE"]);
        assert!(parse(b"-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE----").is_err());
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
    fn whole_lines_decode_and_a_bad_digit_inside_one_is_located() {
        let der: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
        let mut s = String::new();
        encode("CERTIFICATE", &der, &mut s);
        assert_eq!(parse(s.as_bytes()).unwrap()[0].der, der);
        // A bad digit in the middle of the second full line, and a '=' inside a full line.
        let header = "-----BEGIN CERTIFICATE-----\n".len();
        for (bad, why) in [(b'*', "not base64"), (b'=', "padded wrongly")] {
            let mut text = s.clone().into_bytes();
            let at = header + 65 + 30;
            text[at] = bad;
            let err = parse(&text).unwrap_err();
            assert!(err.to_string().contains(why), "{err}");
            if bad == b'*' {
                assert_eq!(err.offset(), Some(at));
            }
        }
    }

    #[test]
    fn every_byte_in_a_full_line_is_a_digit_white_space_or_a_located_error() {
        // Each of the 256 byte values at each of the 8 positions of a group in a full line: a
        // base64 digit changes the bytes, white space is skipped, anything else is an error at
        // that byte (except '=', which is padding in the wrong place).
        let der: Vec<u8> = (0..150u32).map(|i| (i * 11 + 5) as u8).collect();
        let mut s = String::new();
        encode("CERTIFICATE", &der, &mut s);
        let header = "-----BEGIN CERTIFICATE-----\n".len();
        for byte in 0..=255u8 {
            for k in 0..8 {
                let mut text = s.clone().into_bytes();
                let at = header + 65 + 8 + k;
                let was = text[at];
                text[at] = byte;
                let got = parse(&text);
                if byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/' {
                    let got = got.unwrap().remove(0).der;
                    assert_eq!(got.len(), der.len(), "byte 0x{byte:02x} at {k}");
                    assert_eq!(got == der, byte == was, "byte 0x{byte:02x} at {k}");
                } else if b" \t\r\n\x0b\x0c".contains(&byte) {
                    // One digit fewer: the last group is short, so the padding is wrong.
                    let e = got.unwrap_err();
                    assert!(e.to_string().contains("padded wrongly"), "{e}");
                } else if byte == b'=' {
                    assert!(got.unwrap_err().to_string().contains("padded wrongly"));
                } else {
                    let e = got.unwrap_err();
                    assert_eq!(
                        (e.code(), e.offset()),
                        (ErrorCode::MalformedPem, Some(at)),
                        "byte 0x{byte:02x} at {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn text_after_the_begin_dashes_and_private_keys_undecoded() {
        let text = b"-----BEGIN CERTIFICATE----- comment\nTWFu\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\n!!\n-----END EC PRIVATE KEY-----\n";
        let blocks = parse(text).unwrap();
        assert_eq!(blocks[0].der, b"Man");
        assert_eq!(blocks[1].label, "EC PRIVATE KEY");
        assert!(blocks[1].der.is_empty());
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
