//! PEM text: any number of blocks, any text before, between and after them, LF or CRLF.
//!
//! The framing is done here: where each block starts and ends, with its byte offset, as one
//! SIMD scan over multi-megabyte bundles (`memchr`), a BEGIN line only at the start of a line,
//! the block's own END line found past prose and other END lines, and a missing END line an
//! error at its BEGIN line (the `pem` crate's parser stops without an error there, and gives no
//! positions). Each block's text is then decoded by the `pem` crate (RFC 1421 headers, base64)
//! and PEM is written by it. When the crate refuses a block, [`locate`] finds the offending
//! byte so the error keeps its position.
//!
//! Blocks that are not certificates (keys, CSRs, CRLs) are reported by label so the caller can
//! warn; their content is never returned, and private-key blocks are not even decoded.

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
            let framed = Framed {
                whole: text.get(at..block_end).unwrap_or_default(),
                header_line: text.get(at..body_start).unwrap_or_default(),
                body: text.get(body_start..body_end).unwrap_or_default(),
                end_line: text.get(body_end..block_end).unwrap_or_default(),
                body_start,
            };
            decode_block(&framed)?
        };
        blocks.push(Block {
            label,
            der,
            offset: at,
        });
        from = block_end;
    }
    Ok(blocks)
}

/// Decodes one framed block with the `pem` crate. The crate gets the block from its BEGIN
/// marker to its END marker as it is, unless it would read it differently from what dbcert has
/// always accepted; then it gets a copy laid out the way it reads (see [`needs_copy`]).
/// One block as framed: its parts as slices of the text, and where its body starts in the text.
struct Framed<'a> {
    whole: &'a [u8],
    header_line: &'a [u8],
    body: &'a [u8],
    end_line: &'a [u8],
    body_start: usize,
}

fn decode_block(f: &Framed<'_>) -> Result<Vec<u8>> {
    let (line_head, after_dashes) = f.header_line.split_at(dash_close(f.header_line));
    let (headers, base64) = f.body.split_at(headers_end(f.body));
    let parsed = if needs_copy(after_dashes, headers, base64) {
        let mut copy = Vec::with_capacity(f.whole.len().saturating_add(2));
        copy.extend_from_slice(line_head);
        copy.push(b'\n');
        if !headers.is_empty() {
            copy.extend_from_slice(headers);
            copy.push(b'\n');
        }
        for line in base64.split(|b| *b == b'\n') {
            if !line.iter().all(u8::is_ascii_whitespace) {
                copy.extend_from_slice(line);
                copy.push(b'\n');
            }
        }
        copy.extend_from_slice(f.end_line);
        ::pem::parse(copy)
    } else {
        ::pem::parse(f.whole)
    };
    match parsed {
        Ok(p) => Ok(p.into_contents()),
        Err(e) => Err(locate(f.body, f.body_start, &e)),
    }
}

/// Whether the `pem` crate must get a re-laid copy of a block: text after the BEGIN line's
/// dashes (the crate would read it as base64), RFC 1421 headers not followed by the blank line
/// the crate looks for, or, without headers, a blank line inside the base64 (the crate would
/// take what comes before it for headers). None of these is in the corpus, the fixtures or the
/// system bundle (309 blocks measured); they are what people paste.
fn needs_copy(after_dashes: &[u8], headers: &[u8], base64: &[u8]) -> bool {
    if !after_dashes.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    if !headers.is_empty() {
        let next = base64.split(|b| *b == b'\n').next().unwrap_or_default();
        return !next.iter().all(u8::is_ascii_whitespace);
    }
    memchr::memmem::find(base64, b"\n\n").is_some()
        || memchr::memmem::find(base64, b"\r\n\r\n").is_some()
}

/// End of the closing dashes of a BEGIN line (`-----BEGIN LABEL-----`).
fn dash_close(line: &[u8]) -> usize {
    line.get(BEGIN.len()..)
        .and_then(|rest| find(rest, DASHES))
        .map_or(line.len(), |i| {
            BEGIN
                .len()
                .saturating_add(i)
                .saturating_add(DASHES.len())
                .min(line.len())
        })
}

/// The error for a block the `pem` crate refused, at the first byte of the body that is neither
/// a base64 digit, `=` nor white space (after RFC 1421 headers), or else at the body's start.
fn locate(body: &[u8], base: usize, cause: &::pem::PemError) -> Error {
    let start = headers_end(body);
    let bad = body
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || b"+/= \t\r\n\x0b\x0c".contains(c)));
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
    out.push_str(&::pem::encode_config(
        &::pem::Pem::new(label, der),
        ::pem::EncodeConfig::new().set_line_ending(::pem::LineEnding::LF),
    ));
}

/// [`encode`] into bytes: appends one PEM block to `out`.
pub fn encode_bytes(label: &str, der: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(
        ::pem::encode_config(
            &::pem::Pem::new(label, der),
            ::pem::EncodeConfig::new().set_line_ending(::pem::LineEnding::LF),
        )
        .as_bytes(),
    );
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
