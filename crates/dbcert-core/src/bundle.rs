//! What every reader returns: the certificates of one input, in file order, with what the
//! container said about each, plus the entries that are not certificates.

use serde::Serialize;

use crate::format::Format;

/// One certificate as found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertEntry {
    /// The DER encoding of the certificate.
    pub der: Vec<u8>,
    /// The keystore alias (JKS, JCEKS) or friendlyName (PKCS#12), where the format has one.
    pub alias: Option<String>,
    /// PKCS#12 only: whether the bag carries Java's trusted-certificate attribute
    /// (OID 2.16.840.1.113894.746875.1.1). `None` for other formats.
    pub trusted: Option<bool>,
    /// JKS/JCEKS only: the entry's creation date, in milliseconds since the Unix epoch.
    pub created_ms: Option<i64>,
}

impl CertEntry {
    /// A certificate with no container metadata.
    pub fn plain(der: Vec<u8>) -> Self {
        Self {
            der,
            alias: None,
            trusted: None,
            created_ms: None,
        }
    }
}

/// A key in the input: a keystore entry that is not a trusted certificate, or a private-key PEM
/// block. Its type, size and certificate are read where dbcert can; the key itself is never
/// printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyEntry {
    /// The alias or friendlyName, if any.
    pub alias: Option<String>,
    /// `"privateKey"` or `"secretKey"`.
    pub kind: KeyEntryKind,
    /// How many certificates the entry's chain holds (they are listed among the certificates).
    pub chain_length: usize,
    /// How the key is encrypted in the input (`None`: not encrypted, or not known).
    pub encryption: Option<String>,
    /// The key's type and size, when it was read (a plain key, or an encrypted one opened with
    /// its password).
    pub key: Option<crate::keys::KeyInfo>,
    /// The index of the certificate (in this input) whose public key the key matches.
    pub matches: Option<usize>,
    /// PEM: the byte offset of the block's BEGIN line.
    pub offset: Option<usize>,
}

impl KeyEntry {
    /// A keystore entry whose key is not read (only its alias, kind and chain are known).
    pub fn listed(alias: Option<String>, kind: KeyEntryKind, chain_length: usize) -> Self {
        Self {
            alias,
            kind,
            chain_length,
            encryption: None,
            key: None,
            matches: None,
            offset: None,
        }
    }
}

/// The kind of a non-certificate keystore entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyEntryKind {
    /// A private key (with its certificate chain).
    PrivateKey,
    /// A secret (symmetric) key (JCEKS).
    SecretKey,
}

/// Whether a keystore's integrity (JKS digest, PKCS#12 MAC) was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Integrity {
    /// Checked with the given password and found intact.
    Verified,
    /// Not checked: no password was given (certificates were read anyway).
    NotChecked,
    /// The format has no integrity protection (PEM, DER, P7B) or none was present.
    NotApplicable,
}

/// A finding that does not stop reading: a skipped PEM block, an unchecked keystore, …
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable snake_case code, e.g. `private_key`, `integrity_not_checked`.
    pub code: String,
    /// What happened and what to do.
    pub message: String,
    /// The 0-based certificate index it concerns, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
}

impl Warning {
    /// A warning not tied to one certificate.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            certificate: None,
        }
    }
}

/// A private key read from the input, in plain PKCS#8 (`PrivateKeyInfo`), kept so that
/// [`crate::convert`] can write it into a client keystore. Wiped from memory when dropped; its
/// `Debug` shows only its length, and nothing serializes it.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMaterial {
    /// The index of its entry in [`Bundle::key_entries`].
    pub entry: usize,
    pub(crate) pkcs8: zeroize::Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("entry", &self.entry)
            .field(
                "pkcs8",
                &format_args!("<{} bytes, not shown>", self.pkcs8.len()),
            )
            .finish()
    }
}

/// The content of one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    /// The detected format.
    pub format: Format,
    /// Certificates in file order (for JKS/PKCS#12 private-key entries, their chains too).
    pub certificates: Vec<CertEntry>,
    /// Private- and secret-key entries (listed, never decrypted).
    pub key_entries: Vec<KeyEntry>,
    /// Whether integrity was checked.
    pub integrity: Integrity,
    /// Non-fatal findings.
    pub warnings: Vec<Warning>,
    /// Certificate revocation lists found beside the certificates (PEM `X509 CRL` blocks, a
    /// DER CRL, a P7B's `crls`), as DER, in file order; each one decodes ([`crate::crl::Crl`]).
    pub crls: Vec<Vec<u8>>,
    /// The private keys that were read (plain, or decrypted with the password), for writing a
    /// client keystore; never part of a report.
    pub key_material: Vec<KeyMaterial>,
}

impl Bundle {
    /// An empty bundle of a format.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            certificates: Vec::new(),
            key_entries: Vec::new(),
            integrity: Integrity::NotApplicable,
            warnings: Vec::new(),
            crls: Vec::new(),
            key_material: Vec::new(),
        }
    }
    /// The chain a key entry's certificate heads, as keytool builds it for a PKCS#12 key entry
    /// and as a client keystore is written: certificate `leaf`, then its issuer found among the
    /// certificates (subject name equal to the issuer name, byte for byte), and so on up to a
    /// self-issued certificate or one whose issuer is not here. Indexes, leaf first; a
    /// certificate that cannot be decoded is in no chain.
    pub fn issuer_chain(&self, leaf: usize) -> Vec<usize> {
        let names: Vec<Option<(&[u8], &[u8])>> = self
            .certificates
            .iter()
            .map(|c| {
                crate::cert::layout::Layout::read(&c.der)
                    .ok()
                    .map(|l| (l.subject.raw, l.issuer.raw))
            })
            .collect();
        if !matches!(names.get(leaf), Some(Some(_))) {
            return Vec::new();
        }
        let mut chain = vec![leaf];
        let mut current = leaf;
        while let Some(&Some((subject, issuer))) = names.get(current) {
            if subject == issuer {
                break;
            }
            let next = names
                .iter()
                .enumerate()
                .position(|(i, n)| n.is_some_and(|(s, _)| s == issuer) && !chain.contains(&i));
            let Some(next) = next else { break };
            chain.push(next);
            current = next;
        }
        chain
    }
}
