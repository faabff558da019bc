//! PKCS#12 / PFX (RFC 7292): reading the certificates of any `.p12` / `.pfx` (and of the `.jks`
//! files Java 9+ writes, which are PKCS#12), and writing Java-style truststores.
//!
//! Reading ([`read`]):
//! - The MAC is checked with the password (HMAC with SHA-1 or SHA-2 keyed by the PKCS#12 KDF, as
//!   OpenSSL, Java, Windows, macOS and NSS write it; or PBMAC1, RFC 9579), compared in constant
//!   time. Without a password the empty password is tried (as an empty BMPString with its
//!   terminator, then as zero bytes, as OpenSSL does); if it fails the error is
//!   `password_required`. A wrong password is `wrong_password`; a file whose MAC fails although
//!   the password decrypts its contents is `integrity_failed`. A file without a MAC is read with
//!   [`Integrity::NotApplicable`](crate::Integrity::NotApplicable) and a `no_mac` warning.
//! - SafeContents are read from `data` and `encryptedData` (PBES2 with PBKDF2 and AES-CBC or
//!   3DES, and the legacy SHA-1 PBEs with RC2-40, RC2-128, 3-key and 2-key 3DES), including
//!   nested safeContentsBags. BER input (indefinite lengths, chunked strings: Firefox, Windows,
//!   macOS) is normalised first.
//! - Certificate bags become [`CertEntry`](crate::CertEntry)s in file order, with the friendlyName
//!   as alias and `trusted` telling whether Java's trusted-certificate attribute
//!   (2.16.840.1.113894.746875.1.1) is present. Key bags, shrouded key bags and secret bags become
//!   [`KeyEntry`](crate::KeyEntry)s; keys are never decrypted or copied. CRL bags are skipped with
//!   a warning.
//! - Iteration counts above [`crate::limits::MAX_KDF_ITERATIONS`] are refused before any
//!   derivation runs, and one read may spend at most eight times that in total (counting each
//!   output block of a derivation).
//!
//! Error offsets are bytes of the input, except inside encrypted or BER-normalised parts, where
//! the error points at the enclosing value, and for certificate errors there, which count from
//! the start of the certificate (as for PEM).
//!
//! Writing: [`write()`] with [`WriteOptions`].
//!
//! Passwords are held in zeroizing buffers; BER input goes through [`crate::ber`]. Submodules: `kdf` (hashes, HMAC,
//! PBKDF2, the PKCS#12 KDF, password encodings), `pbe` (content decryption), `mac`, `read`, `write`.

pub(crate) mod kdf;
mod mac;
pub(crate) mod pbe;
mod read;
mod write;

pub(crate) use write::{encrypt_pkcs8, seeded_bytes, write_identity};
pub use write::{write, WriteOptions};

use crate::bundle::Bundle;
use crate::der::{tag, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::oid;

/// Reads every certificate of a PKCS#12 file, in file order, checking its MAC with `password`
/// (see the [module documentation](self) for the details and error codes).
pub fn read(input: &[u8], password: Option<&str>) -> Result<Bundle> {
    read::read(input, password)
}

/// Whether `input` starts like a PFX: `SEQUENCE { INTEGER 3, SEQUENCE { OID data|signedData …`,
/// with definite (DER) or indefinite (BER) lengths. Cheap: reads only the first few headers.
pub fn looks_like_pfx(input: &[u8]) -> bool {
    fn header(data: &[u8], pos: usize) -> Option<(u8, usize)> {
        let t = *data.get(pos)?;
        let l0 = *data.get(pos.checked_add(1)?)?;
        // The tag byte, the first length byte, then 0 to 4 more length bytes.
        let header_len = match l0 {
            0..=0x80 => 2,
            0x81..=0x84 => 2 + usize::from(l0 & 0x7f),
            _ => return None,
        };
        pos.checked_add(header_len).map(|end| (t, end))
    }
    let Some((tag::SEQUENCE, p)) = header(input, 0) else {
        return false;
    };
    if input.get(p..p + 3) != Some(&[tag::INTEGER, 1, 3][..]) {
        return false;
    }
    let Some((tag::SEQUENCE, p)) = header(input, p + 3) else {
        return false;
    };
    let Some((tag::OID, p)) = header(input, p) else {
        return false;
    };
    let len = oid::DATA.len();
    matches!(input.get(p..p.saturating_add(len)), Some(o) if o == oid::DATA || o == oid::SIGNED_DATA)
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`.
fn alg_id<'a>(t: &Tlv<'a>) -> Result<(Tlv<'a>, Option<Tlv<'a>>)> {
    if t.tag != tag::SEQUENCE {
        return Err(t.error("expected an AlgorithmIdentifier SEQUENCE"));
    }
    let mut r = t.reader()?;
    let o = r.expect(tag::OID, "an algorithm OID")?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    r.finish("the AlgorithmIdentifier")?;
    Ok((o, params))
}

/// An `unsupported_algorithm` error naming the OID.
fn unsupported(o: &[u8], what: &str) -> Error {
    let name = oid::name(o);
    let described = match oid::dotted(o) {
        Some(d) if d != name => format!("{name} ({d})"),
        Some(d) => format!("OID {d}"),
        None => "an invalid OID".to_owned(),
    };
    Error::new(
        ErrorCode::UnsupportedAlgorithm,
        format!("{what} uses {described}, which dbcert does not implement"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pfx_sniffing() {
        let der_head = [
            0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x00, 0x10, 0x06, 0x09,
        ];
        let mut der = der_head.to_vec();
        der.extend_from_slice(oid::DATA);
        assert!(looks_like_pfx(&der));
        let mut ber = vec![0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80, 0x06, 0x09];
        ber.extend_from_slice(oid::DATA);
        assert!(looks_like_pfx(&ber));
        assert!(!looks_like_pfx(&der[..12]));
        assert!(!looks_like_pfx(&[0x30, 0x03, 0x02, 0x01, 0x01]));
        assert!(!looks_like_pfx(&[]));
    }

    #[test]
    fn unsupported_names_the_oid() {
        let e = unsupported(oid::BLAKE2B_512, "the MAC");
        assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
        assert!(
            e.message()
                .contains("BLAKE2b-512 (1.3.6.1.4.1.1722.12.2.1.16)"),
            "{e}"
        );
        let e = unsupported(&[0x2a, 0x03], "x");
        assert!(e.message().contains("OID 1.2.3"), "{e}");
    }
}
