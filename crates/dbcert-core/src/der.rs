//! A small, zero-copy DER reader and writer that knows where it is.
//!
//! Every value read carries its absolute offset in the input, so an error can say
//! "certificate #2, byte 812". Only definite lengths are accepted here (DER); BER input
//! (indefinite lengths, as some P7B writers emit) is normalised first by [`crate::ber`].

use crate::error::{Error, Result};
use crate::limits::MAX_DER_DEPTH;

/// Universal tag numbers used by dbcert (class and constructed bits included).
pub mod tag {
    /// BOOLEAN
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    /// UTF8String
    pub const UTF8_STRING: u8 = 0x0c;
    /// PrintableString
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// TeletexString (T61String)
    pub const TELETEX_STRING: u8 = 0x14;
    /// IA5String
    pub const IA5_STRING: u8 = 0x16;
    /// UTCTime
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// UniversalString
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    /// BMPString
    pub const BMP_STRING: u8 = 0x1e;
    /// SEQUENCE (constructed)
    pub const SEQUENCE: u8 = 0x30;
    /// SET (constructed)
    pub const SET: u8 = 0x31;

    /// `[n]` context-specific, constructed.
    pub const fn context(n: u8) -> u8 {
        0xa0 | n
    }

    /// `[n]` context-specific, primitive (IMPLICIT of a primitive type).
    pub const fn context_primitive(n: u8) -> u8 {
        0x80 | n
    }
}

/// One decoded TLV: its tag, its value and where it sits in the input.
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    /// The identifier octet (only low-tag-number form is accepted).
    pub tag: u8,
    /// The content octets.
    pub value: &'a [u8],
    /// The whole encoding, tag and length included.
    pub raw: &'a [u8],
    /// Absolute offset of the tag octet.
    pub offset: usize,
    /// Absolute offset of the first content octet.
    pub value_offset: usize,
    depth: usize,
}

impl<'a> Tlv<'a> {
    /// A reader over the content octets (for constructed values).
    pub fn reader(&self) -> Result<Der<'a>> {
        if self.depth >= MAX_DER_DEPTH {
            return Err(Error::new(
                crate::ErrorCode::LimitExceeded,
                format!("ASN.1 nesting deeper than {MAX_DER_DEPTH} levels"),
            )
            .at_offset(self.offset));
        }
        Ok(Der {
            data: self.value,
            pos: 0,
            base: self.value_offset,
            depth: self.depth + 1,
        })
    }

    /// An error about this value.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::der(message, self.offset)
    }

    /// The value as a non-negative small integer (u64), or an error.
    pub fn small_uint(&self) -> Result<u64> {
        if self.tag != tag::INTEGER {
            return Err(self.error("expected INTEGER"));
        }
        let v = match self.value {
            [first, ..] if first & 0x80 == 0 => self.value,
            _ => return Err(self.error("expected a non-negative INTEGER")),
        };
        let v = match v {
            [0, rest @ ..] if !rest.is_empty() => rest,
            _ => v,
        };
        if v.len() > 8 {
            return Err(self.error("INTEGER too large"));
        }
        Ok(v.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// The value as a BOOLEAN.
    pub fn boolean(&self) -> Result<bool> {
        if self.tag != tag::BOOLEAN || self.value.len() != 1 {
            return Err(self.error("expected BOOLEAN"));
        }
        Ok(self.value[0] != 0)
    }

    /// The bits of a BIT STRING (first octet is the unused-bit count) and the unused-bit count.
    pub fn bit_string(&self) -> Result<(&'a [u8], u8)> {
        if self.tag != tag::BIT_STRING {
            return Err(self.error("expected BIT STRING"));
        }
        match self.value.split_first() {
            Some((&unused, bits)) if unused < 8 && (unused == 0 || !bits.is_empty()) => {
                Ok((bits, unused))
            }
            _ => Err(self.error("malformed BIT STRING")),
        }
    }
}

/// A cursor over DER-encoded values.
#[derive(Clone, Debug)]
pub struct Der<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    depth: usize,
}

impl<'a> Der<'a> {
    /// A reader over a whole buffer whose first byte is at absolute offset `base`.
    pub fn new(data: &'a [u8], base: usize) -> Self {
        Self {
            data,
            pos: 0,
            base,
            depth: 0,
        }
    }

    /// True when every value has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Absolute offset of the next value.
    pub fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    /// The tag of the next value, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Reads the next TLV.
    pub fn read(&mut self) -> Result<Tlv<'a>> {
        let start = self.pos;
        let at = self.base.saturating_add(start);
        let rest = self.data.get(start..).unwrap_or_default();
        let (&t, after_tag) = rest
            .split_first()
            .ok_or_else(|| Error::der("unexpected end of data", at))?;
        if t & 0x1f == 0x1f {
            return Err(Error::der(
                "high tag numbers are not used in certificates",
                at,
            ));
        }
        let (&l0, after_len0) = after_tag
            .split_first()
            .ok_or_else(|| Error::der("missing length", at))?;
        let (len, len_bytes) = if l0 < 0x80 {
            (usize::from(l0), 1usize)
        } else if l0 == 0x80 {
            return Err(Error::der(
                "indefinite length (BER) where DER is required",
                at,
            ));
        } else {
            let n = usize::from(l0 & 0x7f);
            if n > 4 || n > after_len0.len() {
                return Err(Error::der("length field too long or truncated", at));
            }
            let len = after_len0
                .iter()
                .take(n)
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, n.saturating_add(1))
        };
        let header = len_bytes.saturating_add(1);
        let total = header
            .checked_add(len)
            .filter(|&t| t <= rest.len())
            .ok_or_else(|| {
                Error::der(
                    format!(
                        "length {len} runs past the end of the data ({} bytes left)",
                        rest.len().saturating_sub(header)
                    ),
                    at,
                )
            })?;
        let (raw, value) = match (rest.get(..total), rest.get(header..total)) {
            (Some(raw), Some(value)) => (raw, value),
            _ => return Err(Error::der("length field truncated", at)),
        };
        self.pos = start.saturating_add(total);
        Ok(Tlv {
            tag: t,
            value,
            raw,
            offset: at,
            value_offset: at.saturating_add(header),
            depth: self.depth,
        })
    }

    /// Reads the next TLV and checks its tag.
    pub fn expect(&mut self, expected: u8, what: &str) -> Result<Tlv<'a>> {
        let at = self.offset();
        match self.peek_tag() {
            Some(t) if t == expected => self.read(),
            Some(t) => Err(Error::der(
                format!("expected {what} (tag 0x{expected:02x}), found tag 0x{t:02x}"),
                at,
            )),
            None => Err(Error::der(
                format!("expected {what}, found end of data"),
                at,
            )),
        }
    }

    /// Reads the next TLV if it has this tag.
    pub fn optional(&mut self, expected: u8) -> Result<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(expected) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads the next value as a SEQUENCE and returns a reader over its content.
    pub fn sequence(&mut self, what: &str) -> Result<Der<'a>> {
        self.expect(tag::SEQUENCE, what)?.reader()
    }

    /// Errors unless every value has been read.
    pub fn finish(&self, what: &str) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::der(
                format!("unexpected data after {what}"),
                self.offset(),
            ))
        }
    }
}

/// Appends a DER length.
pub fn write_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

/// Appends a TLV.
pub fn write_tlv(out: &mut Vec<u8>, t: u8, value: &[u8]) {
    out.push(t);
    write_len(out, value.len());
    out.extend_from_slice(value);
}

/// Returns a TLV as a new buffer.
pub fn tlv(t: u8, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len().saturating_add(6));
    write_tlv(&mut out, t, value);
    out
}

/// Concatenates parts into one constructed TLV.
pub fn constructed(t: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len.saturating_add(6));
    out.push(t);
    write_len(&mut out, len);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// A DER INTEGER for a non-negative number.
pub fn uint(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(7);
    let mut v = Vec::with_capacity(9);
    if bytes[skip] & 0x80 != 0 {
        v.push(0);
    }
    v.extend_from_slice(bytes.get(skip..).unwrap_or_default());
    tlv(tag::INTEGER, &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_with_offsets() {
        // SEQUENCE { INTEGER 5, SEQUENCE { NULL } }
        let data = [0x30, 0x07, 0x02, 0x01, 0x05, 0x30, 0x02, 0x05, 0x00];
        let mut d = Der::new(&data, 100);
        let seq = d.expect(tag::SEQUENCE, "outer").unwrap();
        assert_eq!(seq.offset, 100);
        let mut inner = seq.reader().unwrap();
        assert_eq!(inner.read().unwrap().small_uint().unwrap(), 5);
        let s2 = inner.read().unwrap();
        assert_eq!(s2.offset, 105);
        assert_eq!(s2.reader().unwrap().read().unwrap().offset, 107);
        assert!(inner.is_empty());
    }

    #[test]
    fn truncated_length_names_the_offset() {
        let data = [0x30, 0x82, 0x01, 0x00, 0x02];
        let err = Der::new(&data, 0).read().unwrap_err();
        assert_eq!(err.offset(), Some(0));
        assert!(err.message().contains("runs past the end"), "{err}");
    }

    #[test]
    fn long_lengths_round_trip() {
        for len in [0usize, 1, 127, 128, 255, 256, 65535, 65536] {
            let v = vec![7u8; len];
            let enc = tlv(tag::OCTET_STRING, &v);
            let t = Der::new(&enc, 0).read().unwrap();
            assert_eq!(t.value.len(), len);
            assert_eq!(t.raw, &enc[..]);
        }
    }

    #[test]
    fn uint_encodes_minimally() {
        assert_eq!(uint(0), [2, 1, 0]);
        assert_eq!(uint(128), [2, 2, 0, 128]);
        assert_eq!(uint(65536), [2, 3, 1, 0, 0]);
    }

    #[test]
    fn depth_is_limited() {
        let mut data = vec![0x05, 0x00];
        for _ in 0..(MAX_DER_DEPTH + 2) {
            data = tlv(tag::SEQUENCE, &data);
        }
        let mut d = Der::new(&data, 0);
        let mut t = d.read().unwrap();
        let err = loop {
            match t.reader().and_then(|mut r| r.read()) {
                Ok(next) => t = next,
                Err(e) => break e,
            }
        };
        assert_eq!(err.code(), crate::ErrorCode::LimitExceeded);
    }
}
