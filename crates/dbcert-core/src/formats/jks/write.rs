//! Writing JKS truststores.

use std::collections::HashSet;

use super::{
    encode_modified_utf8, keyed_digest, password_bytes, MAGIC_JKS, MIN_PASSWORD_CHARS, X509,
};
use crate::bundle::CertEntry;
use crate::cert::Certificate;
use crate::error::{Error, ErrorCode, Result};

/// Writes a JKS (version 2) truststore: one trusted-certificate entry per certificate, in the
/// given order, then the integrity digest for `password`.
///
/// Each entry needs an alias (`entry.alias`; stored lower-cased, as Java's JKS does, and unique
/// after that) and a date (`entry.created_ms`, milliseconds since the Unix epoch: the caller
/// chooses it, dbcert never reads the clock). The certificate type is `X.509`. The output
/// depends only on the arguments: the same input gives the same bytes.
///
/// Errors (`invalid_option`): a password shorter than 6 characters (UTF-16 code units, as
/// keytool counts them: it refuses to create such a keystore), a missing, empty, too long or
/// duplicated alias, a missing date. A certificate that does not parse gives its parse error.
pub fn write(entries: &[CertEntry], password: &str) -> Result<Vec<u8>> {
    let entries: Vec<Entry<'_>> = entries
        .iter()
        .map(|e| Entry {
            alias: e.alias.as_deref(),
            created_ms: e.created_ms,
            der: &e.der,
        })
        .collect();
    write_entries(&entries, password)
}

/// One trusted-certificate entry, borrowed: what [`write`] reads of a [`CertEntry`], so that a
/// conversion names the certificates of a bundle without copying them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry<'e> {
    /// The alias (see [`write`]).
    pub alias: Option<&'e str>,
    /// The entry date, milliseconds since the Unix epoch.
    pub created_ms: Option<i64>,
    /// The certificate DER.
    pub der: &'e [u8],
}

/// [`write`] of borrowed entries.
pub(crate) fn write_entries(entries: &[Entry<'_>], password: &str) -> Result<Vec<u8>> {
    if password.encode_utf16().count() < MIN_PASSWORD_CHARS {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "a JKS needs a password of at least {MIN_PASSWORD_CHARS} characters for keytool \
                 (it refuses shorter ones: \"Keystore password must be at least {MIN_PASSWORD_CHARS} characters\")"
            ),
        ));
    }
    crate::limits::check_count(entries.len())?;
    let count = i32::try_from(entries.len()).map_err(|_| {
        Error::new(
            ErrorCode::LimitExceeded,
            "too many certificates for one JKS",
        )
    })?;
    // guard: the certificates are in memory, so their sizes (plus 64 each) sum far below usize::MAX
    let mut out = Vec::with_capacity(32 + entries.iter().map(|e| e.der.len() + 64).sum::<usize>());
    out.extend_from_slice(&MAGIC_JKS);
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    let mut seen = HashSet::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let n = i + 1;
        let invalid =
            |message: String| Error::new(ErrorCode::InvalidOption, message).at_certificate(i);
        let alias = match entry.alias {
            Some(a) if !a.is_empty() => a.to_lowercase(),
            _ => {
                return Err(invalid(format!(
                    "certificate #{n} has no alias; every JKS entry needs one"
                )))
            }
        };
        let date = entry.created_ms.ok_or_else(|| {
            invalid(format!("certificate #{n} (alias \"{alias}\") has no entry date; one must be given (dbcert never reads the clock)"))
        })?;
        Certificate::check_envelope(entry.der).map_err(|e| e.at_certificate(i))?;
        let der_len = i32::try_from(entry.der.len())
            .map_err(|_| invalid(format!("certificate #{n} is too large for a JKS entry")))?;
        if seen.contains(&alias) {
            return Err(invalid(format!(
                "two certificates would share the alias \"{alias}\" (JKS aliases are case-insensitive: Java lower-cases them); give each a distinct alias"
            )));
        }
        out.extend_from_slice(&2u32.to_be_bytes());
        write_utf(&mut out, &alias).map_err(|_| {
            invalid(format!(
                "the alias of certificate #{n} is longer than the 65,535 bytes JKS allows"
            ))
        })?;
        out.extend_from_slice(&date.to_be_bytes());
        write_utf(&mut out, X509).map_err(|_| invalid("unreachable: X.509 fits".into()))?;
        out.extend_from_slice(&der_len.to_be_bytes());
        out.extend_from_slice(entry.der);
        seen.insert(alias);
    }
    let digest = keyed_digest(&password_bytes(password), &out);
    out.extend_from_slice(&digest);
    Ok(out)
}

/// Writes a JKS (version 2) keystore holding one PrivateKeyEntry: `alias` (lower-cased, as
/// Java's JKS stores it), the entry date `created_ms`, the PKCS#8 key encrypted by Sun's JKS key
/// protector with `password` (keytool's default: the key password is the store password) and
/// `salt` (fresh randomness), then `chain` (leaf first) as X.509 certificates, then the
/// integrity digest. keytool lists it as a PrivateKeyEntry with a chain of `chain.len()`.
///
/// Errors (`invalid_option`): a password shorter than 6 characters, an empty or too long alias,
/// an empty chain; a certificate that does not parse gives its parse error.
pub(crate) fn write_key_entry(
    alias: &str,
    created_ms: i64,
    pkcs8: &[u8],
    chain: &[&[u8]],
    password: &str,
    salt: &[u8; 20],
) -> Result<Vec<u8>> {
    if password.encode_utf16().count() < MIN_PASSWORD_CHARS {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "a JKS needs a password of at least {MIN_PASSWORD_CHARS} characters for keytool"
            ),
        ));
    }
    if alias.is_empty() || chain.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "a JKS private-key entry needs an alias and at least its own certificate",
        ));
    }
    let protected = crate::keys::sun::jks_protect(password, salt, pkcs8);
    let key_len = i32::try_from(protected.len())
        .map_err(|_| Error::new(ErrorCode::LimitExceeded, "the private key is too large"))?;
    let chain_len = i32::try_from(chain.len())
        .map_err(|_| Error::new(ErrorCode::LimitExceeded, "the chain is too long"))?;
    let mut out = Vec::with_capacity(
        chain
            .iter()
            .fold(protected.len().saturating_add(64), |n, c| {
                n.saturating_add(c.len()).saturating_add(16)
            }),
    );
    out.extend_from_slice(&MAGIC_JKS);
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&1i32.to_be_bytes());
    out.extend_from_slice(&1u32.to_be_bytes());
    write_utf(&mut out, &alias.to_lowercase()).map_err(|_| {
        Error::new(
            ErrorCode::InvalidOption,
            "the alias is longer than the 65,535 bytes JKS allows",
        )
    })?;
    out.extend_from_slice(&created_ms.to_be_bytes());
    out.extend_from_slice(&key_len.to_be_bytes());
    out.extend_from_slice(&protected);
    out.extend_from_slice(&chain_len.to_be_bytes());
    for (i, der) in chain.iter().enumerate() {
        Certificate::check_envelope(der).map_err(|e| e.at_certificate(i))?;
        let len = i32::try_from(der.len())
            .map_err(|_| Error::new(ErrorCode::LimitExceeded, "a certificate is too large"))?;
        write_utf(&mut out, X509)
            .map_err(|_| Error::new(ErrorCode::InvalidOption, "unreachable: X.509 fits"))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(der);
    }
    let digest = keyed_digest(&password_bytes(password), &out);
    out.extend_from_slice(&digest);
    Ok(out)
}

/// `DataOutput.writeUTF`: a u16 byte length, then modified UTF-8. Fails if over 65,535 bytes.
fn write_utf(out: &mut Vec<u8>, s: &str) -> std::result::Result<(), ()> {
    let start = out.len();
    out.extend_from_slice(&[0, 0]);
    // ASCII without NUL is its own modified UTF-8 (aliases nearly always are).
    if s.bytes().all(|b| (1..0x80).contains(&b)) {
        out.extend_from_slice(s.as_bytes());
    } else {
        encode_modified_utf8(s, out);
    }
    let Ok(len) = u16::try_from(out.len().saturating_sub(start).saturating_sub(2)) else {
        out.truncate(start);
        return Err(());
    };
    if let Some(slot) = out.get_mut(start..start.saturating_add(2)) {
        slot.copy_from_slice(&len.to_be_bytes());
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::formats::jks::tests::encoded;

    #[test]
    fn write_utf_is_length_then_modified_utf8() {
        // The ASCII shortcut and the general encoder, NUL and the 65,535-byte limit included.
        let long_ascii = "a".repeat(65_535);
        let long_nul = "\u{0}".repeat(32_767) + "a";
        for s in [
            "",
            "x.509",
            "root-ca",
            "caf\u{e9}",
            "a\u{0}b",
            "\u{1f600}",
            &long_ascii,
            &long_nul,
        ] {
            let mut out = vec![9];
            write_utf(&mut out, s).unwrap();
            let body = encoded(s);
            assert_eq!(out[1..3], (body.len() as u16).to_be_bytes(), "{s:.20?}");
            assert_eq!(out[3..], body[..], "{s:.20?}");
        }
        for s in ["a".repeat(65_536), "\u{0}".repeat(32_768)] {
            let mut out = vec![9];
            assert_eq!(write_utf(&mut out, &s), Err(()));
            assert_eq!(out, [9], "a refused string leaves nothing behind");
        }
    }
}
