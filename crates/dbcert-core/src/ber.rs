//! BER → DER normalisation for the one BER feature seen in certificate bundles: indefinite
//! lengths (`30 80 … 00 00`), as some PKCS#7 and PKCS#12 writers (Windows, macOS, Java's older
//! encoders) emit. Tags and contents are kept; only lengths are rewritten, so a certificate
//! inside keeps its exact bytes (certificates themselves are always DER).

use crate::der::write_len;
use crate::error::{Error, ErrorCode, Result};
use crate::limits::MAX_DER_DEPTH;

/// True when `input` uses an indefinite length anywhere a quick scan of the outer value shows.
pub fn is_indefinite(input: &[u8]) -> bool {
    input.get(1) == Some(&0x80)
}

/// Rewrites every indefinite length as a definite one. Offsets in errors refer to `input`.
pub fn to_der(input: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let used = value(input, 0, 0, &mut out)?;
    if used != input.len() {
        return Err(Error::der("unexpected data after the BER value", used));
    }
    Ok(out)
}

/// Converts the value at `input[pos..]`, appending DER to `out`; returns the position after it.
fn value(input: &[u8], pos: usize, depth: usize, out: &mut Vec<u8>) -> Result<usize> {
    if depth > MAX_DER_DEPTH {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!("BER nesting deeper than {MAX_DER_DEPTH} levels"),
        )
        .at_offset(pos));
    }
    let tag = *input
        .get(pos)
        .ok_or_else(|| Error::der("unexpected end of BER data", pos))?;
    if tag & 0x1f == 0x1f {
        return Err(Error::der("high tag numbers are not supported", pos));
    }
    let l0 = *input
        .get(pos + 1)
        .ok_or_else(|| Error::der("missing length", pos))?;
    let constructed = tag & 0x20 != 0;
    if l0 == 0x80 {
        if !constructed {
            return Err(Error::der("indefinite length on a primitive value", pos));
        }
        let mut content = Vec::new();
        let mut p = pos + 2;
        loop {
            match input.get(p..p + 2) {
                Some([0, 0]) => break,
                Some(_) => p = value(input, p, depth + 1, &mut content)?,
                None => {
                    return Err(Error::der(
                        "indefinite-length value has no end-of-contents marker",
                        pos,
                    ))
                }
            }
        }
        out.push(tag);
        write_len(out, content.len());
        out.extend_from_slice(&content);
        return Ok(p + 2);
    }
    let (len, header) = if l0 < 0x80 {
        (usize::from(l0), 2)
    } else {
        let n = usize::from(l0 & 0x7f);
        let bytes = input
            .get(pos + 2..pos + 2 + n)
            .filter(|_| n <= 4)
            .ok_or_else(|| Error::der("bad length field", pos))?;
        (
            bytes.iter().fold(0usize, |a, b| (a << 8) | usize::from(*b)),
            2 + n,
        )
    };
    let start = pos + header;
    let end = start
        .checked_add(len)
        .filter(|e| *e <= input.len())
        .ok_or_else(|| Error::der("length runs past the end of the data", pos))?;
    if constructed {
        let mut content = Vec::with_capacity(len);
        let mut p = start;
        while p < end {
            p = value(input, p, depth + 1, &mut content)?;
        }
        if p != end {
            return Err(Error::der(
                "constructed value's content overruns its length",
                pos,
            ));
        }
        if content == input[start..end] {
            // Nothing inside changed: keep the original bytes, header included.
            out.extend_from_slice(&input[pos..end]);
        } else {
            out.push(tag);
            write_len(out, content.len());
            out.extend_from_slice(&content);
        }
    } else {
        out.extend_from_slice(&input[pos..end]);
    }
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_nested_indefinite_lengths() {
        // SEQUENCE(indef) { SEQUENCE(indef) { INTEGER 1 } EOC } EOC
        let ber = [
            0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00,
        ];
        assert_eq!(
            to_der(&ber).unwrap(),
            [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x01]
        );
    }

    #[test]
    fn missing_eoc_is_an_error() {
        assert!(to_der(&[0x30, 0x80, 0x02, 0x01, 0x01]).is_err());
    }
}
