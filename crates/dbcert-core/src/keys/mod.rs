//! Private keys: read to say what they are and which certificate they belong to, never shown.
//!
//! A key arrives as a PEM block (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `RSA PRIVATE KEY`,
//! `EC PRIVATE KEY`, the last two possibly with OpenSSL's legacy `Proc-Type: 4,ENCRYPTED`
//! encryption). What leaves this module is a [`KeyInfo`] (type and size), how the key was
//! encrypted, and the index of the certificate whose public key it matches. The key's bytes stay
//! in `Zeroizing` buffers, wiped when dropped, and no message names them.

mod decode;
mod decrypt;
pub(crate) mod sun;

use serde::Serialize;
use zeroize::Zeroizing;

use crate::bundle::{KeyEntry, KeyEntryKind, Warning};
use crate::error::{Error, ErrorCode, Result};
use crate::formats::pkcs12::kdf::{Budget, Password};
use crate::verify::signature::Curve;

pub(crate) use decode::Form;

/// A private key's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyAlgorithm {
    /// RSA (PKCS#1, or PKCS#8 rsaEncryption / RSASSA-PSS).
    Rsa,
    /// ECDSA on a named curve.
    Ec,
    /// Ed25519.
    Ed25519,
}

/// What a private key is (read from the key, never the key itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// `rsa`, `ec` or `ed25519`.
    pub algorithm: KeyAlgorithm,
    /// The modulus size (RSA), the curve's size (EC) or 256 (Ed25519).
    pub bits: u32,
    /// The curve of an EC key: `P-256`, `P-384` or `P-521`.
    pub curve: Option<&'static str>,
}

/// The public half of a key, in a form both a private key and a certificate's
/// SubjectPublicKeyInfo give, so that the two compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Public {
    /// RSA modulus and public exponent, big-endian without leading zeros.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// An uncompressed point on a named curve.
    Ec { curve: Curve, point: Vec<u8> },
    /// An Ed25519 public key.
    Ed25519([u8; 32]),
}

impl Public {
    /// The public key of a SubjectPublicKeyInfo DER, whatever its size; `None` if it is not an
    /// RSA, EC (named curve) or Ed25519 key that decodes.
    pub(crate) fn of_spki(raw: &[u8]) -> Option<Self> {
        use der::Decode;
        use spki::SubjectPublicKeyInfoRef;
        let spki = SubjectPublicKeyInfoRef::from_der(raw).ok()?;
        let a = spki.algorithm.oid.as_bytes();
        let bits = spki.subject_public_key.raw_bytes();
        if a == crate::oid::RSA_ENCRYPTION || a == crate::oid::RSASSA_PSS {
            let key = pkcs1::RsaPublicKeyRef::from_der(bits).ok()?;
            return Some(Self::Rsa {
                n: key.modulus.as_bytes().to_vec(),
                e: key.public_exponent.as_bytes().to_vec(),
            });
        }
        if a == crate::oid::EC_PUBLIC_KEY {
            let curve =
                crate::verify::signature::key::named_curve(spki.algorithm.parameters).ok()?;
            let point = crate::verify::signature::key::ec_point(curve, bits).ok()?;
            return Some(Self::Ec { curve, point });
        }
        if a == crate::oid::ED25519 {
            return Some(Self::Ed25519(bits.try_into().ok()?));
        }
        None
    }
}

/// Matches each read key with the bundle's certificates and adds the entries to it.
pub(crate) fn match_certificates(keys: Vec<PemKey>, bundle: &mut crate::bundle::Bundle) {
    let first = bundle.key_entries.len();
    let mut publics = vec![None; first];
    for key in keys {
        publics.push(key.public);
        if let Some(pkcs8) = key.pkcs8 {
            bundle.key_material.push(crate::bundle::KeyMaterial {
                entry: bundle.key_entries.len(),
                pkcs8,
            });
        }
        bundle.key_entries.push(key.entry);
    }
    match_entries(&publics, bundle);
}

/// Sets `matches` of every key entry whose public half is known (`publics`, in entry order) to
/// the first certificate with that public key; a key that matches none of them (when there are
/// some) gets a `key_mismatch` warning.
pub(crate) fn match_entries(publics: &[Option<Public>], bundle: &mut crate::bundle::Bundle) {
    if publics.iter().all(Option::is_none) {
        return;
    }
    // Each certificate's public key, read once from its framing (no full decode).
    let certs: Vec<Option<Public>> = bundle
        .certificates
        .iter()
        .map(|c| {
            crate::cert::layout::Layout::read(&c.der)
                .ok()
                .and_then(|l| Public::of_spki(l.spki.raw))
        })
        .collect();
    for (entry, public) in bundle.key_entries.iter_mut().zip(publics) {
        let Some(public) = public else {
            continue;
        };
        entry.matches = certs.iter().position(|c| c.as_ref() == Some(public));
        if entry.matches.is_none() && !bundle.certificates.is_empty() {
            let which = match (&entry.alias, entry.offset) {
                (_, Some(o)) => format!("the private key (byte {o})"),
                (Some(a), None) => format!("the private key \"{a}\""),
                (None, None) => "a private key".to_owned(),
            };
            bundle.warnings.push(Warning::new(
                "key_mismatch",
                format!(
                    "{which} belongs to none of the {} certificates in this input: presented with any of them (by a client or a server), it fails the TLS handshake",
                    bundle.certificates.len()
                ),
            ));
        }
    }
}

/// A keystore's private key (a PKCS#12 keyBag or pkcs8ShroudedKeyBag value): `encrypted` says
/// which, `password` is the one the keystore's integrity check accepted. Describes the key in
/// `entry` and returns its public half; what cannot be read is a warning, never an error (the
/// certificates are what the keystore is read for).
pub(crate) fn read_pkcs8(
    der: &[u8],
    encrypted: bool,
    password: Option<&Password>,
    budget: &mut Budget,
    entry: &mut KeyEntry,
    warnings: &mut Vec<Warning>,
) -> Option<Opened> {
    let name = entry
        .alias
        .as_deref()
        .map(|a| format!(" \"{a}\""))
        .unwrap_or_default();
    // A JKS-protected key that opens passed its check digest: its bytes are the key's.
    let mut checked = false;
    let plain = if encrypted {
        let scheme = match decrypt::Pkcs8::parse(der) {
            Ok(s) => s,
            Err(e) => {
                warnings.push(Warning::new(
                    e.code().as_str(),
                    format!("the private key{name} was not read: {}", e.message()),
                ));
                return None;
            }
        };
        entry.encryption = Some(scheme.describe());
        checked = scheme.is_jks();
        let password = password?;
        match scheme.decrypt(password, budget) {
            Ok(Some(p)) => p,
            Ok(None) => {
                let message = if scheme.is_jks() {
                    format!("the private key{name} does not open with the keystore's password: its check digest differs, so the key has its own password (keytool -keypass; keytool's default is the store password) or its encrypted bytes were changed")
                } else {
                    format!("the private key{name} does not decrypt with the keystore's password (Java and OpenSSL use one password for both; this file has its own key password)")
                };
                warnings.push(Warning::new("key_not_decrypted", message));
                return None;
            }
            Err(e) => {
                warnings.push(Warning::new(
                    e.code().as_str(),
                    format!("the private key{name} was not read: {}", e.message()),
                ));
                return None;
            }
        }
    } else {
        Zeroizing::new(der.to_vec())
    };
    match decode::decode(Form::Pkcs8, &plain) {
        Ok(d) => {
            entry.key = Some(d.info);
            Some(Opened {
                public: d.public,
                pkcs8: plain,
            })
        }
        // A wrong password that leaves a valid CBC padding (one time in 256) gives bytes that
        // do not decode: for an encrypted key that is the password, as for a PEM key (a key
        // of a type dbcert does not read, such as DSA, is still named as such).
        Err(e) if encrypted && !checked && e.code == ErrorCode::MalformedKey => {
            warnings.push(Warning::new(
                "key_not_decrypted",
                format!("the private key{name} does not decrypt with the keystore's password into a key (the key has its own password, or its encrypted bytes were changed)"),
            ));
            None
        }
        Err(e) => {
            warnings.push(Warning::new(
                e.code.as_str(),
                format!("the private key{name} was not read: {}", e.message),
            ));
            None
        }
    }
}

/// True when `password` opens the encrypted PKCS#8 `der` into a key that decodes: proof that
/// the password is the key's (a keystore whose digest then fails was altered).
pub(crate) fn opens(der: &[u8], password: &Password, budget: &mut Budget) -> bool {
    let Ok(scheme) = decrypt::Pkcs8::parse(der) else {
        return false;
    };
    match scheme.decrypt(password, budget) {
        Ok(Some(plain)) => decode::decode(Form::Pkcs8, &plain).is_ok(),
        _ => false,
    }
}

/// A keystore's key that was read: its public half and its plain PKCS#8.
pub(crate) struct Opened {
    pub(crate) public: Public,
    pub(crate) pkcs8: Zeroizing<Vec<u8>>,
}

/// One private key read from a PEM block, before it is matched with the certificates.
pub(crate) struct PemKey {
    /// The entry as the report shows it (`matches` still unset).
    pub(crate) entry: KeyEntry,
    /// The public half, when the key could be read.
    pub(crate) public: Option<Public>,
    /// The key as plain PKCS#8, when it could be read.
    pub(crate) pkcs8: Option<Zeroizing<Vec<u8>>>,
}

/// A plain key of `form` as a PKCS#8 `PrivateKeyInfo` (PKCS#1 and SEC 1 keys wrapped, with
/// rsaEncryption + NULL or id-ecPublicKey + the curve, as `openssl pkcs8 -topk8 -nocrypt`).
fn as_pkcs8(form: Form, plain: Zeroizing<Vec<u8>>, info: &KeyInfo) -> Zeroizing<Vec<u8>> {
    use crate::der::{constructed, tag, tlv, uint};
    let algorithm = match (form, info.curve) {
        (Form::Pkcs8, _) => return plain,
        (Form::Pkcs1, _) => constructed(
            tag::SEQUENCE,
            &[&tlv(tag::OID, crate::oid::RSA_ENCRYPTION), &[tag::NULL, 0]],
        ),
        (Form::Sec1, curve) => {
            let curve = match curve {
                Some("P-384") => crate::oid::SECP384R1,
                Some("P-521") => crate::oid::SECP521R1,
                _ => crate::oid::SECP256R1,
            };
            constructed(
                tag::SEQUENCE,
                &[
                    &tlv(tag::OID, crate::oid::EC_PUBLIC_KEY),
                    &tlv(tag::OID, curve),
                ],
            )
        }
    };
    let key = Zeroizing::new(tlv(tag::OCTET_STRING, &plain));
    Zeroizing::new(constructed(tag::SEQUENCE, &[&uint(0), &algorithm, &key]))
}

/// Reads the private key of a PEM block. `body` is the text between its BEGIN and END lines,
/// `offset` the byte of its BEGIN line. An encrypted key without a password is described as
/// encrypted (a `key_encrypted` warning); a wrong password is a `wrong_password` error. A key
/// that does not decode is listed unread with a warning carrying the error's code
/// (`malformed_key`, `unsupported_algorithm`, `malformed_pem`): the certificates beside it are
/// what the input is usually about, and they are still read.
pub(crate) fn read_pem_block(
    label: &str,
    body: &[u8],
    offset: usize,
    password: Option<&Password>,
    budget: &mut Budget,
    warnings: &mut Vec<Warning>,
) -> Result<PemKey> {
    let mut entry = KeyEntry {
        alias: None,
        kind: KeyEntryKind::PrivateKey,
        chain_length: 0,
        encryption: None,
        key: None,
        matches: None,
        offset: Some(offset),
    };
    match read_key(label, body, offset, password, budget, &mut entry) {
        Ok(Some((decoded, form, plain))) => {
            let pkcs8 = as_pkcs8(form, plain, &decoded.info);
            entry.key = Some(decoded.info);
            Ok(PemKey {
                entry,
                public: Some(decoded.public),
                pkcs8: Some(pkcs8),
            })
        }
        Ok(None) => {
            warnings.push(Warning::new(
                "key_encrypted",
                format!(
                    "the {label} block (byte {offset}) is encrypted: give its password to see \
                     its type and which certificate it belongs to"
                ),
            ));
            Ok(PemKey {
                entry,
                public: None,
                pkcs8: None,
            })
        }
        Err(e) if e.code() == ErrorCode::WrongPassword || e.code() == ErrorCode::LimitExceeded => {
            Err(e)
        }
        Err(e) => {
            warnings.push(Warning::new(
                e.code().as_str(),
                format!(
                    "the {label} block (byte {offset}) was not read: {}",
                    e.message()
                ),
            ));
            Ok(PemKey {
                entry,
                public: None,
                pkcs8: None,
            })
        }
    }
}

/// A decoded PEM key: what it is, its form, and its plain bytes in that form.
type PlainKey = (decode::Decoded, Form, Zeroizing<Vec<u8>>);

/// The key of one block: `Ok(None)` when it is encrypted and no password was given.
fn read_key(
    label: &str,
    body: &[u8],
    offset: usize,
    password: Option<&Password>,
    budget: &mut Budget,
    entry: &mut KeyEntry,
) -> Result<Option<PlainKey>> {
    let (headers, der) = crate::formats::pem::decode_secret(body, offset)?;
    let (form, plain): (Form, Zeroizing<Vec<u8>>) = match label {
        "ENCRYPTED PRIVATE KEY" => {
            let encrypted = decrypt::Pkcs8::parse(&der)?;
            entry.encryption = Some(encrypted.describe());
            let Some(password) = password else {
                return Ok(None);
            };
            let plain = encrypted
                .decrypt(password, budget)?
                .ok_or_else(|| wrong_password(label, offset))?;
            (Form::Pkcs8, plain)
        }
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
            let form = if label == "RSA PRIVATE KEY" {
                Form::Pkcs1
            } else {
                Form::Sec1
            };
            match decrypt::Legacy::parse(headers)? {
                None => (form, der),
                Some(legacy) => {
                    entry.encryption = Some(legacy.describe());
                    let Some(password) = password else {
                        return Ok(None);
                    };
                    let plain = legacy
                        .decrypt(&password.utf8, &der)
                        .ok_or_else(|| wrong_password(label, offset))?;
                    (form, plain)
                }
            }
        }
        "PRIVATE KEY" => (Form::Pkcs8, der),
        _ => {
            return Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                "dbcert reads PKCS#8, PKCS#1 RSA and SEC 1 EC private keys",
            ))
        }
    };
    let decoded = decode::decode(form, &plain).map_err(|e| {
        // A wrong password that happens to leave a valid padding (one time in 256 for
        // CBC) gives bytes that do not decode: for an encrypted key that is the password.
        if entry.encryption.is_some() {
            wrong_password(label, offset)
        } else {
            Error::new(e.code, e.message)
        }
    })?;
    Ok(Some((decoded, form, plain)))
}

fn wrong_password(label: &str, offset: usize) -> Error {
    Error::new(
        ErrorCode::WrongPassword,
        format!("the password does not decrypt the {label} block"),
    )
    .at_offset(offset)
}
