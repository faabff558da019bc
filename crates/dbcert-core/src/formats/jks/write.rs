//! Writing JKS truststores.

use std::collections::BTreeSet;

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
    let mut out = Vec::with_capacity(32 + entries.iter().map(|e| e.der.len() + 64).sum::<usize>());
    out.extend_from_slice(&MAGIC_JKS);
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    let mut seen = BTreeSet::new();
    for (i, entry) in entries.iter().enumerate() {
        let n = i + 1;
        let invalid =
            |message: String| Error::new(ErrorCode::InvalidOption, message).at_certificate(i);
        let alias = match entry.alias.as_deref() {
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
        Certificate::check_envelope(&entry.der).map_err(|e| e.at_certificate(i))?;
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
        out.extend_from_slice(&entry.der);
        seen.insert(alias);
    }
    let digest = keyed_digest(&password_bytes(password), &out);
    out.extend_from_slice(&digest);
    Ok(out)
}

/// `DataOutput.writeUTF`: a u16 byte length, then modified UTF-8. Fails if over 65,535 bytes.
fn write_utf(out: &mut Vec<u8>, s: &str) -> std::result::Result<(), ()> {
    let bytes = encode_modified_utf8(s);
    let len = u16::try_from(bytes.len()).map_err(|_| ())?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&bytes);
    Ok(())
}
