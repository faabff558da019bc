//! JKS and JCEKS keystores: reading (trusted certificates, private-key chains, secret keys
//! listed but never opened) and writing JKS truststores.
//!
//! # The file format
//!
//! Both formats are a `java.io.DataOutputStream` dump (all integers big-endian, strings in
//! Java's *modified UTF-8* with a 2-byte length):
//!
//! ```text
//! magic     u32   FEEDFEED (JKS) or CECECECE (JCEKS)
//! version   u32   2 (1 = pre-Java-1.2, no certificate type strings)
//! count     i32   number of entries
//! entries:
//!   tag     u32   1 = private key, 2 = trusted certificate, 3 = secret key (JCEKS only)
//!   alias   UTF
//!   date    i64   creation date, milliseconds since the Unix epoch
//!   tag 1:  key length i32, encrypted key bytes, chain length i32, then per certificate:
//!           [type UTF, version 2 only] length i32, DER bytes
//!   tag 2:  [type UTF, version 2 only] length i32, DER bytes
//!   tag 3:  one Java-serialized javax.crypto.SealedObject (stream header included)
//! digest    20 bytes: SHA-1(password as UTF-16BE ‖ "Mighty Aphrodite" ‖ every byte above)
//! ```
//!
//! Java ignores anything after the digest; so does dbcert (with a `trailing_data` warning).
//! Private keys are described (their encryption) and, with the store password once the digest
//! accepts it, decrypted by Sun's key protector (`keys/sun.rs`: the SHA-1 keystream of JKS,
//! PBEWithMD5AndTripleDES of JCEKS) and read as PKCS#12's are (`keys::read_pkcs8`: type, size,
//! the certificate they match; a key with its own password gets `key_not_decrypted`). The key
//! bytes stay in zeroizing buffers and are never stored in the bundle or printed. Secret keys
//! (JCEKS) are listed, never opened.
//!
//! # Integrity: wrong password or altered file?
//!
//! The trailing digest is keyed with the password, so a mismatch alone cannot say whether the
//! password is wrong or the file changed; keytool says "Keystore was tampered with, or password
//! was incorrect" for both. dbcert tells them apart as far as the file allows, and says how sure
//! it is through the error code:
//!
//! 1. **The structure breaks** (a tag, length or count no longer adds up, the digest is missing,
//!    a certificate's DER does not parse): that error is returned with its own code
//!    (`malformed_keystore`, `malformed_der`, …) and byte offset. With a password, the digest is
//!    also checked at the place a clean file would hold it (the last 20 bytes): if it matches,
//!    the writer itself produced these bytes and the message says so; if not, the message adds
//!    that the file was damaged or altered. Most single-byte changes land here: every tag,
//!    length, count, string and DER header is structure.
//! 2. **The structure is clean but more bytes follow the digest**: nothing says which bytes
//!    changed, so it is `integrity_failed` ("wrong password, or the file was altered").
//! 3. **The structure is clean, exactly the digest at the end, but a certificate shows damage
//!    that no genuine certificate has**: its signature no longer verifies against its issuer's
//!    key when that issuer (or the certificate itself, if self-signed) is in the same keystore;
//!    a name one byte away from its issuer's that, put back, makes the signature verify; an RSA
//!    modulus that is even or divisible by a small prime; an EC key off its curve; or the two
//!    copies of the signature algorithm differing. This catches the changes a DER parser cannot
//!    see (a byte flipped inside a key, a signature or a name), which are the bulk of a
//!    truststore's bytes. It is `integrity_failed`, located at that certificate.
//! 4. **The password opens a private key** (the JKS protector's check digest matches, or a
//!    JCEKS key decrypts and decodes): the password is right, so the file was altered since it
//!    was written: `integrity_failed`. This sees a change in an entry date, an alias or a
//!    certificate's signature-protected bytes of any keystore that holds a private key.
//! 5. **Otherwise** it is `wrong_password`: the file reads cleanly, every certificate parses and
//!    every signature that could be checked verifies, so an incorrect password is by far the
//!    most likely cause. What this cannot see, and would misreport as a wrong password (in a
//!    keystore with no private key the password opens): a
//!    change in an entry date, in an alias that stays valid text, inside an encrypted key, in
//!    the digest itself, or inside a certificate whose signature cannot be checked here (DSA or
//!    MD5 signatures, or an issuer that is not in the keystore) when that change keeps the DER
//!    valid. The message says so.
//!
//! Without a password nothing is checked, as with keytool: certificates are read and the
//! bundle carries [`Integrity::NotChecked`](crate::Integrity::NotChecked) and an
//! `integrity_not_checked` warning.

mod evidence;
mod read;
mod serial;
mod write;

pub use read::read;
pub use write::write;
pub(crate) use write::{write_entries, write_key_entry, Entry};

use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

/// The JKS magic number.
pub(crate) const MAGIC_JKS: [u8; 4] = [0xfe, 0xed, 0xfe, 0xed];
/// The JCEKS magic number.
pub(crate) const MAGIC_JCEKS: [u8; 4] = [0xce, 0xce, 0xce, 0xce];
/// Length of the trailing SHA-1 integrity digest.
pub(crate) const DIGEST_LEN: usize = 20;
/// The fixed bytes Sun mixed into the keyed digest ("whitener").
const WHITENER: &[u8] = b"Mighty Aphrodite";
/// The only certificate type dbcert reads and writes.
const X509: &str = "X.509";
/// keytool refuses to create a keystore whose password has fewer UTF-16 code units than this
/// ("Keystore password must be at least 6 characters").
pub const MIN_PASSWORD_CHARS: usize = 6;

/// The password as Java feeds it to the digest: each UTF-16 code unit, big-endian, in a
/// buffer that is wiped when dropped.
fn password_bytes(password: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(password.len().saturating_mul(2)));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// SHA-1(password ‖ "Mighty Aphrodite" ‖ body), the JKS/JCEKS integrity digest.
fn keyed_digest(password: &[u8], body: &[u8]) -> [u8; DIGEST_LEN] {
    let mut h = Sha1::new();
    h.update(password);
    h.update(WHITENER);
    h.update(body);
    h.finalize().into()
}

/// Encodes a string as Java's `DataOutput.writeUTF` does, without the length prefix: U+0000 as
/// two bytes, characters outside the BMP as two 3-byte surrogates (CESU-8 style).
pub(crate) fn encode_modified_utf8(s: &str, out: &mut Vec<u8>) {
    out.reserve(s.len());
    for unit in s.encode_utf16() {
        match unit {
            0x0001..=0x007f => out.push(unit as u8),
            0x0000 | 0x0080..=0x07ff => {
                out.push(0xc0 | (unit >> 6) as u8);
                out.push(0x80 | (unit & 0x3f) as u8);
            }
            _ => {
                out.push(0xe0 | (unit >> 12) as u8);
                out.push(0x80 | ((unit >> 6) & 0x3f) as u8);
                out.push(0x80 | (unit & 0x3f) as u8);
            }
        }
    }
}

/// Decodes Java's modified UTF-8 (as `DataInput.readUTF` does). Returns the index of the first
/// bad byte on malformed input. Unpaired surrogates, which Java strings may hold, become U+FFFD.
pub(crate) fn decode_modified_utf8(bytes: &[u8]) -> Result<String, usize> {
    let mut units: Vec<u16> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b0) = bytes.get(i) {
        let cont = |k: usize| {
            bytes
                .get(i + k)
                .copied()
                .filter(|b| b & 0xc0 == 0x80)
                .ok_or(i)
        };
        match b0 {
            0x00..=0x7f => {
                units.push(u16::from(b0));
                i += 1;
            }
            0xc0..=0xdf => {
                let b1 = cont(1)?;
                units.push((u16::from(b0 & 0x1f) << 6) | u16::from(b1 & 0x3f));
                i += 2;
            }
            0xe0..=0xef => {
                let b1 = cont(1)?;
                let b2 = cont(2)?;
                units.push(
                    (u16::from(b0 & 0x0f) << 12)
                        | (u16::from(b1 & 0x3f) << 6)
                        | u16::from(b2 & 0x3f),
                );
                i += 3;
            }
            _ => return Err(i),
        }
    }
    Ok(char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn encoded(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        encode_modified_utf8(s, &mut out);
        out
    }

    #[test]
    fn modified_utf8_round_trips() {
        for s in [
            "",
            "abc",
            "caf\u{e9}",
            "\u{0}",
            "\u{20ac}",
            "\u{1f600} x",
            "\u{10da}(\u{ca0}\u{76ca}\u{ca0}\u{10da})",
        ] {
            assert_eq!(decode_modified_utf8(&encoded(s)).as_deref(), Ok(s), "{s:?}");
        }
        // Java's encodings, byte for byte.
        assert_eq!(encoded("\u{0}"), [0xc0, 0x80]);
        assert_eq!(encoded("\u{1f600}"), [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);
    }

    #[test]
    fn modified_utf8_rejects_bad_bytes() {
        assert_eq!(decode_modified_utf8(&[b'a', 0xff]), Err(1));
        assert_eq!(decode_modified_utf8(&[0xc3]), Err(0));
        assert_eq!(decode_modified_utf8(&[0xe2, 0x82, 0x41]), Err(0));
    }

    #[test]
    fn password_is_utf16_be() {
        assert_eq!(&password_bytes("ab")[..], &[0, b'a', 0, b'b']);
        assert_eq!(&password_bytes("\u{1f600}")[..], &[0xd8, 0x3d, 0xde, 0x00]);
    }
}
