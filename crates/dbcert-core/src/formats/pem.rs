//! PEM text: any number of blocks, any text before, between and after them, LF or CRLF.
//!
//! Blocks that are not certificates (keys, CSRs, CRLs) are reported by label so the caller can
//! warn; their content is never returned.

use std::sync::OnceLock;

use crate::error::{Error, ErrorCode, Result};

const BEGIN: &[u8] = b"-----BEGIN ";
const DASHES: &[u8] = b"-----";
const END: &[u8] = b"-----END ";

/// One PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    /// The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`, as in the text.
    pub label: &'a str,
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

/// Every block label in the text, in order (without decoding anything).
pub fn labels(text: &[u8]) -> impl Iterator<Item = &str> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = find_begin(&text[from..]) {
            let at = from + i;
            match begin_label(&text[at..]) {
                Some((label, len)) => {
                    from = at + len;
                    return Some(label);
                }
                None => from = at + BEGIN.len(),
            }
        }
        None
    })
}

/// Decodes every block in the text, in order.
pub fn parse(text: &[u8]) -> Result<Vec<Block<'_>>> {
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
        let Some((end_rel, end_len)) = find_end(&text[body_start..], label) else {
            return Err(pem_error(
                format!(
                    "no \"-----END {label}-----\" line for the block started here (truncated file?)"
                ),
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
        from = body_start + end_rel + end_len;
    }
    Ok(blocks)
}

/// Encodes DER as a PEM block with 64-column lines and LF endings.
pub fn encode(label: &str, der: &[u8], out: &mut String) {
    let mut bytes = Vec::new();
    encode_bytes(label, der, &mut bytes);
    // Base64 digits, newlines and the (ASCII) label.
    out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
}

/// [`encode`] into bytes: appends one PEM block to `out`. The body is written in place, a
/// 64-character line (48 input bytes) at a time, into space reserved once.
pub fn encode_bytes(label: &str, der: &[u8], out: &mut Vec<u8>) {
    out.reserve(der.len().div_ceil(3) * 4 + der.len() / 48 + 2 * label.len() + 34);
    out.extend_from_slice(b"-----BEGIN ");
    out.extend_from_slice(label.as_bytes());
    out.extend_from_slice(b"-----\n");
    let full = der.len() / 48;
    let start = out.len();
    out.resize(start + full * 65, 0);
    let pairs = pairs();
    for (src, line) in der.chunks_exact(48).zip(out[start..].chunks_exact_mut(65)) {
        for (g, d) in src.chunks_exact(3).zip(line.chunks_exact_mut(4)) {
            let acc = usize::from(g[0]) << 16 | usize::from(g[1]) << 8 | usize::from(g[2]);
            // Four stores by pattern: the size-optimised WebAssembly build made a call of each
            // sub-slice copy and of each range index.
            if let [d0, d1, d2, d3] = d {
                [*d0, *d1] = pairs[acc >> 12];
                [*d2, *d3] = pairs[acc & 0xfff];
            }
        }
        line[64] = b'\n';
    }
    let tail = &der[full * 48..];
    if !tail.is_empty() {
        encode_into(tail, out);
        out.push(b'\n');
    }
    out.extend_from_slice(b"-----END ");
    out.extend_from_slice(label.as_bytes());
    out.extend_from_slice(b"-----\n");
}

fn pem_error(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedPem, message).at_offset(offset)
}

/// Returns (label, length of the whole BEGIN line including its line ending).
fn begin_label(at_begin: &[u8]) -> Option<(&str, usize)> {
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
    Some((label, consumed))
}

/// Decodes the base64 body, skipping RFC 1421 headers ("Proc-Type: …") and white space. One
/// pass over the bytes with a lookup table; an offending byte is reported at its offset.
fn decode_body(body: &[u8], base: usize) -> Result<Vec<u8>> {
    let start = headers_end(body);
    let bad_end = || {
        pem_error(
            "the base64 inside the PEM block is truncated or padded wrongly",
            base,
        )
    };
    let text = &body[start..];
    // Written by index into a buffer of the largest possible size, truncated at the end:
    // straight-line code, which the size-optimised WebAssembly build does not get otherwise.
    let mut out = vec![0u8; text.len() / 4 * 3 + 3];
    let mut o = 0;
    let (mut acc, mut n, mut pads) = (0u32, 0u32, 0u32);
    let mut i = 0;
    while i < text.len() {
        // Fastest path: a whole 64-digit line (48 bytes) and its LF, at a group boundary.
        if n == 0 && pads == 0 && text.get(i + 64) == Some(&b'\n') {
            let line = &text[i..i + 64];
            let q = quads();
            let mut bad = 0u32;
            // Each four digits are four table lookups ORed together (no shift chain), and the
            // two halves of eight do not wait for each other. Bytes are taken and stored by
            // pattern: the size-optimised WebAssembly build made a call of each sub-slice.
            let digit = |k: usize, c: &u8| q[k][usize::from(*c)];
            for (g, d) in line.chunks_exact(8).zip(out[o..o + 48].chunks_exact_mut(6)) {
                if let ([c0, c1, c2, c3, c4, c5, c6, c7], [d0, d1, d2, d3, d4, d5]) = (g, d) {
                    let hi = digit(0, c0) | digit(1, c1) | digit(2, c2) | digit(3, c3);
                    let lo = digit(0, c4) | digit(1, c5) | digit(2, c6) | digit(3, c7);
                    bad |= hi | lo;
                    [*d0, *d1, *d2] = [(hi >> 16) as u8, (hi >> 8) as u8, hi as u8];
                    [*d3, *d4, *d5] = [(lo >> 16) as u8, (lo >> 8) as u8, lo as u8];
                }
            }
            // Every byte a digit: the line is plain base64 and the bytes stand.
            if bad & NOT_A_DIGIT == 0 {
                o += 48;
                i += 65;
                continue;
            }
        }
        // Fast path: four base64 digits at a group boundary are three bytes.
        if n == 0 && pads == 0 && i + 4 <= text.len() {
            let a = TABLE[usize::from(text[i])];
            let b = TABLE[usize::from(text[i + 1])];
            let c = TABLE[usize::from(text[i + 2])];
            let d = TABLE[usize::from(text[i + 3])];
            if (a | b | c | d) < 64 {
                let group =
                    u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
                out[o] = (group >> 16) as u8;
                out[o + 1] = (group >> 8) as u8;
                out[o + 2] = group as u8;
                o += 3;
                i += 4;
                continue;
            }
        }
        let c = text[i];
        i += 1;
        match TABLE[usize::from(c)] {
            v if v < 64 => {
                if pads > 0 {
                    return Err(bad_end());
                }
                acc = acc << 6 | u32::from(v);
                n += 1;
                if n == 4 {
                    out[o] = (acc >> 16) as u8;
                    out[o + 1] = (acc >> 8) as u8;
                    out[o + 2] = acc as u8;
                    o += 3;
                    (acc, n) = (0, 0);
                }
            }
            SPACE => {}
            PAD => pads += 1,
            _ => {
                return Err(pem_error(
                    format!("character 0x{c:02x} is not base64 inside a PEM block"),
                    base + start + i - 1,
                ))
            }
        }
    }
    out.truncate(o);
    finish(&mut out, acc, n, pads).ok_or_else(bad_end)?;
    Ok(out)
}

/// Where the RFC 1421 header lines (`Name: value`, before the base64) end.
fn headers_end(body: &[u8]) -> usize {
    let mut at = 0;
    for line in body.split(|b| *b == b'\n') {
        if !trim(line).contains(&b':') {
            break;
        }
        at += line.len() + 1;
    }
    at.min(body.len())
}

/// The last 2 or 3 characters of base64 (`n` of them in `acc`, then `pads` `=`): padding is
/// optional, but if present it completes a group of four.
fn finish(out: &mut Vec<u8>, acc: u32, n: u32, pads: u32) -> Option<()> {
    match (n, pads) {
        (0, 0) => {}
        (2, 0 | 2) => out.push((acc >> 4) as u8),
        (3, 0 | 1) => out.extend_from_slice(&((acc >> 2) as u16).to_be_bytes()),
        _ => return None,
    }
    Some(())
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

/// Offset of `needle` (which starts with `-`) in `hay`. Base64 has no `-`, so jumping from one
/// `-` to the next finds a marker line at once, without building a substring searcher.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'-', &hay[from..]) {
        let at = from + i;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Offset and length of `-----END {label}-----` in `hay`.
fn find_end(hay: &[u8], label: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = find(&hay[from..], END) {
        let at = from + i;
        let rest = &hay[at + END.len()..];
        if rest.starts_with(label.as_bytes()) && rest[label.len()..].starts_with(DASHES) {
            return Some((at, END.len() + label.len() + DASHES.len()));
        }
        from = at + END.len();
    }
    None
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Every 12-bit value → its two base64 digits: half the lookups of one digit at a time. Built on
/// first use: as a constant it was 8 KB of data in the WebAssembly module (6 KB gzip).
fn pairs() -> &'static [[u8; 2]; 4096] {
    static PAIRS: OnceLock<Box<[[u8; 2]; 4096]>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut t = Box::new([[0; 2]; 4096]);
        for (i, p) in t.iter_mut().enumerate() {
            *p = [ALPHABET[i >> 6], ALPHABET[i & 63]];
        }
        t
    })
}

/// Base64 digit tables for whole lines: `QUADS[k][byte]` is the digit's value at position `k`
/// of a group of four, already shifted into place (bits 18, 12, 6, 0), or [`NOT_A_DIGIT`].
/// Built on first use (4 KB), as [`pairs`] is.
fn quads() -> &'static [[u32; 256]; 4] {
    static QUADS: OnceLock<Box<[[u32; 256]; 4]>> = OnceLock::new();
    QUADS.get_or_init(|| {
        let mut t = Box::new([[NOT_A_DIGIT; 256]; 4]);
        for (byte, &v) in TABLE.iter().enumerate() {
            if v < 64 {
                for (k, row) in t.iter_mut().enumerate() {
                    row[byte] = u32::from(v) << (18 - 6 * k);
                }
            }
        }
        t
    })
}

/// A [`quads`] entry for a byte that is not a base64 digit: above the 24 bits of a group.
const NOT_A_DIGIT: u32 = 1 << 31;

/// [`TABLE`] entries that are not base64 digits.
const INVALID: u8 = 0xff;
const SPACE: u8 = 0xfe;
const PAD: u8 = 0xfd;

/// Byte → its base64 value, or [`SPACE`] (ASCII white space), [`PAD`] (`=`), [`INVALID`].
static TABLE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[0x0c] = SPACE;
    t[b'=' as usize] = PAD;
    t
};

/// Decodes standard base64 (padding optional, no white space); `None` if it is not valid.
pub fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let (mut acc, mut n, mut pads) = (0u32, 0u32, 0u32);
    for &c in input {
        match TABLE[usize::from(c)] {
            v if v < 64 && pads == 0 => {
                acc = acc << 6 | u32::from(v);
                n += 1;
                if n == 4 {
                    out.extend_from_slice(&acc.to_be_bytes()[1..]);
                    (acc, n) = (0, 0);
                }
            }
            PAD => pads += 1,
            _ => return None,
        }
    }
    finish(&mut out, acc, n, pads)?;
    Some(out)
}

/// Encodes standard base64 with padding.
pub fn base64_encode(input: &[u8]) -> String {
    let mut out = Vec::with_capacity(input.len().div_ceil(3) * 4);
    encode_into(input, &mut out);
    // base64 digits are ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the padded base64 of `input` to `out`.
fn encode_into(input: &[u8], out: &mut Vec<u8>) {
    let digit = |acc: u32, shift: u32| ALPHABET[(acc >> shift & 63) as usize];
    let mut groups = input.chunks_exact(3);
    for g in &mut groups {
        let acc = u32::from(g[0]) << 16 | u32::from(g[1]) << 8 | u32::from(g[2]);
        out.extend_from_slice(&[digit(acc, 18), digit(acc, 12), digit(acc, 6), digit(acc, 0)]);
    }
    match *groups.remainder() {
        [a] => {
            let acc = u32::from(a) << 16;
            out.extend_from_slice(&[digit(acc, 18), digit(acc, 12), b'=', b'=']);
        }
        [a, b] => {
            let acc = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[digit(acc, 18), digit(acc, 12), digit(acc, 6), b'=']);
        }
        _ => {}
    }
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
        assert!(is_private_key_label(blocks[1].label));
    }

    #[test]
    fn end_line_is_found_past_dashes_and_other_end_lines() {
        // Dashes in RFC 1421 headers and prose, and an END line of another label, come before
        // the block's own END line.
        let text = b"-- a - b --\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,00\n\nTWFu\n-----END X-----\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----";
        let err = parse(text).unwrap_err();
        // "-----END X-----" is not base64: the block ends at its own END line, not before.
        assert_eq!(err.code(), ErrorCode::MalformedPem);
        let ok = b"x-y\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,00\n\nTWFu\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----";
        let blocks = parse(ok).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].der, b"Man");
        assert_eq!(blocks[1].der, b"Ma");
        assert_eq!(
            labels(ok).collect::<Vec<_>>(),
            ["RSA PRIVATE KEY", "CERTIFICATE"]
        );
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
    fn every_byte_in_a_full_line_decodes_as_the_plain_decoder_says() {
        // Each of the 256 byte values at each of the 8 positions of a group in a full line:
        // the line tables must agree with the one-digit-at-a-time decoder.
        let der: Vec<u8> = (0..150u32).map(|i| (i * 11 + 5) as u8).collect();
        let mut s = String::new();
        encode("CERTIFICATE", &der, &mut s);
        let (header, footer) = (
            "-----BEGIN CERTIFICATE-----\n".len(),
            "-----END CERTIFICATE-----\n".len(),
        );
        for byte in 0..=255u8 {
            for k in 0..8 {
                let mut text = s.clone().into_bytes();
                text[header + 65 + 8 + k] = byte;
                let body: Vec<u8> = text[header..text.len() - footer]
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                let got = parse(&text).ok().map(|mut b| b.remove(0).der);
                assert_eq!(got, base64_decode(&body), "byte 0x{byte:02x} at {k}");
            }
        }
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
