//! BER → DER normalisation.
//!
//! Firefox (NSS), Windows and macOS write PKCS#12 files with BER indefinite lengths and
//! constructed (chunked) OCTET STRINGs; [`crate::der`] reads DER only. [`normalize`] rewrites one
//! BER value as DER: every indefinite length becomes definite, and every constructed string of a
//! universal string type becomes one primitive string with the chunks concatenated. Primitive
//! contents are copied untouched (an OCTET STRING holding more BER is normalised when it is
//! itself parsed). SET OF values are not re-sorted: nothing in PKCS#12 reading depends on it.
//!
//! Used by the PKCS#12 and P7B readers.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::limits::MAX_DER_DEPTH;

/// Normalises the first BER value of `input` to DER.
///
/// Returns the DER bytes (borrowed when the value already was DER) and the number of input
/// bytes the value occupied. Errors carry offsets in `input`, shifted by `base`.
pub fn normalize(input: &[u8], base: usize) -> Result<(Cow<'_, [u8]>, usize)> {
    let mut n = Normalizer {
        data: input,
        pos: 0,
        base,
    };
    let mut out = Vec::with_capacity(input.len());
    n.value(&mut out, 0)?;
    let used = n.pos;
    match input.get(..used) {
        Some(original) if original == out.as_slice() => Ok((Cow::Borrowed(original), used)),
        _ => Ok((Cow::Owned(out), used)),
    }
}

/// Universal string types whose constructed (chunked) BER form is flattened.
fn is_flattenable_string(tag: u8) -> bool {
    // constructed bit set, universal class: OCTET STRING, UTF8String, PrintableString,
    // T61String, IA5String, BMPString.
    matches!(tag, 0x24 | 0x2c | 0x33 | 0x34 | 0x36 | 0x3e)
}

struct Normalizer<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
}

enum Length {
    Definite(usize),
    Indefinite,
}

impl Normalizer<'_> {
    fn err(&self, message: &str, at: usize) -> Error {
        Error::der(message.to_owned(), self.base.saturating_add(at))
    }

    fn byte(&mut self, what: &str) -> Result<u8> {
        let b = self
            .data
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.err(&format!("unexpected end of data in {what}"), self.pos))?;
        // guard: the byte at `pos` exists, so `pos + 1 <= data.len()`.
        self.pos += 1;
        Ok(b)
    }

    fn header(&mut self) -> Result<(u8, Length)> {
        let at = self.pos;
        let tag = self.byte("a tag")?;
        if tag & 0x1f == 0x1f {
            return Err(self.err("high tag numbers are not used in PKCS#12", at));
        }
        let l0 = self.byte("a length")?;
        if l0 < 0x80 {
            return Ok((tag, Length::Definite(usize::from(l0))));
        }
        if l0 == 0x80 {
            if tag & 0x20 == 0 {
                return Err(self.err("indefinite length on a primitive value", at));
            }
            return Ok((tag, Length::Indefinite));
        }
        let n = usize::from(l0 & 0x7f);
        if n > 4 {
            return Err(self.err("length field too long", at));
        }
        let mut len = 0usize;
        for _ in 0..n {
            len = (len << 8) | usize::from(self.byte("a length")?);
        }
        Ok((tag, Length::Definite(len)))
    }

    /// Reads one value at `self.pos` and appends its DER form to `out`.
    fn value(&mut self, out: &mut Vec<u8>, depth: usize) -> Result<()> {
        let at = self.pos;
        let (tag, length) = self.header()?;
        if tag == 0 {
            return Err(self.err("unexpected end-of-contents marker", at));
        }
        if tag & 0x20 == 0 {
            let Length::Definite(len) = length else {
                return Err(self.err("indefinite length on a primitive value", at));
            };
            let end = self
                .pos
                .checked_add(len)
                .filter(|&e| e <= self.data.len())
                .ok_or_else(|| {
                    self.err(&format!("length {len} runs past the end of the data"), at)
                })?;
            let content = self.data.get(self.pos..end).unwrap_or_default();
            crate::der::write_tlv(out, tag, content);
            self.pos = end;
            return Ok(());
        }
        if depth >= MAX_DER_DEPTH {
            return Err(Error::new(
                crate::ErrorCode::LimitExceeded,
                format!("ASN.1 nesting deeper than {MAX_DER_DEPTH} levels"),
            )
            .at_offset(self.base.saturating_add(at)));
        }
        let mut children = Vec::new();
        match length {
            Length::Definite(len) => {
                let end = self
                    .pos
                    .checked_add(len)
                    .filter(|&e| e <= self.data.len())
                    .ok_or_else(|| {
                        self.err(&format!("length {len} runs past the end of the data"), at)
                    })?;
                // Children must end exactly at `end`: read them within a bounded view.
                let saved = self.data;
                self.data = saved.get(..end).unwrap_or(saved);
                let result = (|| {
                    while self.pos < end {
                        self.value(&mut children, depth + 1)?;
                    }
                    Ok(())
                })();
                self.data = saved;
                result?;
            }
            Length::Indefinite => loop {
                if self.data.get(self.pos..self.pos.saturating_add(2)) == Some(&[0, 0][..]) {
                    // guard: the two bytes at `pos` exist.
                    self.pos += 2;
                    break;
                }
                if self.pos >= self.data.len() {
                    return Err(
                        self.err("indefinite length value has no end-of-contents marker", at)
                    );
                }
                self.value(&mut children, depth + 1)?;
            },
        }
        if is_flattenable_string(tag) {
            let content = concat_primitive_chunks(&children, tag & !0x20).ok_or_else(|| {
                self.err(
                    "a constructed string holds something other than string chunks",
                    at,
                )
            })?;
            crate::der::write_tlv(out, tag & !0x20, &content);
        } else {
            crate::der::write_tlv(out, tag, &children);
        }
        Ok(())
    }
}

/// Concatenates the contents of a run of DER TLVs that all have the primitive tag `tag`.
fn concat_primitive_chunks(children: &[u8], tag: u8) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(children.len());
    let mut r = crate::der::Der::new(children, 0);
    while !r.is_empty() {
        let chunk = r.read().ok()?;
        if chunk.tag != tag {
            return None;
        }
        out.extend_from_slice(chunk.value);
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn der_is_borrowed() {
        let der = [0x30, 0x03, 0x02, 0x01, 0x05, 0xff];
        let (out, used) = normalize(&der, 0).unwrap();
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(used, 5);
        assert_eq!(&*out, &der[..5]);
    }

    #[test]
    fn indefinite_lengths_and_chunked_octets() {
        // SEQUENCE(indef) { OCTET STRING(constructed, indef) { 04 01 aa, 04 02 bb cc }, NULL } EOC
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0xaa, 0x04, 0x02, 0xbb, 0xcc, 0x00, 0x00, 0x05,
            0x00, 0x00, 0x00,
        ];
        let (out, used) = normalize(&ber, 0).unwrap();
        assert_eq!(used, ber.len());
        assert_eq!(
            &*out,
            &[0x30, 0x07, 0x04, 0x03, 0xaa, 0xbb, 0xcc, 0x05, 0x00][..]
        );
    }

    #[test]
    fn broken_inputs_are_errors() {
        for bad in [
            &[0x30, 0x80, 0x05, 0x00][..],       // no EOC
            &[0x04, 0x80, 0x00, 0x00][..],       // indefinite primitive
            &[0x30, 0x05, 0x04, 0x01][..],       // truncated
            &[0x30, 0x02, 0x04, 0x05, 0x00][..], // child runs past parent
            &[0x24, 0x03, 0x05, 0x01, 0x00][..], // chunk of the wrong type
            &[0x00, 0x00][..],
            &[][..],
        ] {
            assert!(normalize(bad, 0).is_err(), "{bad:02x?}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let mut ber = Vec::new();
        for _ in 0..(MAX_DER_DEPTH + 5) {
            ber.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..(MAX_DER_DEPTH + 5) {
            ber.extend_from_slice(&[0x00, 0x00]);
        }
        let err = normalize(&ber, 0).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::LimitExceeded);
    }
}
