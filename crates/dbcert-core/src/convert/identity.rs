//! Client identities: a private key and its certificate chain, written as one PrivateKeyEntry
//! (JKS, PKCS#12) or as a PEM chain followed by the key (`--include-key`).
//!
//! The key is the first read key that matches a certificate of the input (public key
//! equality); a key that matches none is refused with `key_mismatch`. The chain is that
//! certificate, then its issuer found in the input (subject equal to the issuer name), and so on
//! up to a self-issued certificate or one whose issuer is not there. The other certificates are
//! **not** written, with a `certificate_not_written` warning each: a client keystore is the
//! client's identity (what `keytool -genkeypair` and `-importkeystore` of an `openssl pkcs12
//! -export` give: the key entry alone), and the CA that verifies the *server* belongs in the
//! truststore (`dbcert convert ca.pem --to jks`), where Java looks for it.

use crate::bundle::{Bundle, KeyEntryKind, KeyMaterial, Warning};
use crate::cert::Certificate;
use crate::error::{Error, ErrorCode, Result};

/// The identity to write: the key's plain PKCS#8 and its chain, leaf first.
pub(crate) struct Identity<'b> {
    pub(crate) pkcs8: &'b [u8],
    /// Indexes into `bundle.certificates`, leaf first.
    pub(crate) chain: Vec<usize>,
    /// The key entry's alias in the input (a keystore's), if any.
    pub(crate) alias: Option<&'b str>,
}

/// True when the input holds a private key (read or not): then a keystore output is a client
/// identity.
pub(crate) fn has_private_key(bundle: &Bundle) -> bool {
    bundle
        .key_entries
        .iter()
        .any(|k| k.kind == KeyEntryKind::PrivateKey)
}

/// Finds the key and its chain; warns about the key entries and certificates left out.
pub(crate) fn find<'b>(bundle: &'b Bundle, warnings: &mut Vec<Warning>) -> Result<Identity<'b>> {
    if bundle.key_material.is_empty() {
        let encrypted = bundle
            .key_entries
            .iter()
            .any(|k| k.kind == KeyEntryKind::PrivateKey && k.encryption.is_some());
        return Err(if encrypted {
            Error::new(
                ErrorCode::PasswordRequired,
                "the input holds a private key that was not opened (it is encrypted, or the keystore was read without its password): give the password (--password) to write the key with its chain, or leave the key out of the input to write a truststore",
            )
        } else {
            Error::new(
                ErrorCode::MalformedKey,
                "no private key of the input could be read (see the warnings), so there is no key to write",
            )
        });
    }
    let matched: Vec<(&KeyMaterial, usize)> = bundle
        .key_material
        .iter()
        .filter_map(|m| {
            let entry = bundle.key_entries.get(m.entry)?;
            Some((m, entry.matches?))
        })
        .collect();
    let Some(&(material, leaf)) = matched.first() else {
        return Err(Error::new(
            ErrorCode::KeyMismatch,
            format!(
                "the private key belongs to none of the {} certificates in the input: a client presenting them with it fails the TLS handshake; give the certificate that was issued for this key (or, for a truststore of the CA certificates, add --only-ca)",
                bundle.certificates.len()
            ),
        ));
    };
    if bundle.key_material.len() > 1 {
        warnings.push(Warning::new(
            "key_not_written",
            format!(
                "the input holds {} private keys; only the first that matches a certificate (certificate #{}) is written",
                bundle.key_material.len(),
                leaf + 1
            ),
        ));
    }
    let chain = bundle.issuer_chain(leaf);
    for i in 0..bundle.certificates.len() {
        if !chain.contains(&i) {
            warnings.push(Warning {
                code: "certificate_not_written".into(),
                message: format!(
                    "certificate #{} is not in the key's chain and was not written: a client keystore holds the client's identity only; put the CA that verifies the server in a truststore (dbcert convert CA --to jks)",
                    i + 1
                ),
                certificate: Some(i),
            });
        }
    }
    let alias = bundle
        .key_entries
        .get(material.entry)
        .and_then(|e| e.alias.as_deref())
        .filter(|a| !a.is_empty());
    Ok(Identity {
        pkcs8: &material.pkcs8,
        chain,
        alias,
    })
}

/// The alias of the key entry: the user's, the input keystore's, or the leaf's CN.
pub(crate) fn alias(
    given: Option<&str>,
    identity: &Identity<'_>,
    leaf_der: &[u8],
) -> Result<String> {
    if let Some(a) = given.filter(|a| !a.is_empty()) {
        return Ok(a.to_owned());
    }
    if let Some(a) = identity.alias {
        return Ok(a.to_owned());
    }
    let (cn, _) = Certificate::common_name_and_not_before(leaf_der)?;
    Ok(super::alias::from_common_name(cn.as_deref()))
}
