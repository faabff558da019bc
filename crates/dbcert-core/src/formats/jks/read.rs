//! Reading JKS and JCEKS keystores.

use subtle::ConstantTimeEq;

use super::{
    decode_modified_utf8, evidence, keyed_digest, password_bytes, serial, DIGEST_LEN, MAGIC_JCEKS,
    MAGIC_JKS, X509,
};
use crate::bundle::{Bundle, CertEntry, Integrity, KeyEntry, KeyEntryKind, Warning};
use crate::cert::Certificate;
use crate::error::{Error, ErrorCode, Result};
use crate::format::Format;
use crate::formats::pkcs12::kdf::{Budget, Password};

/// Reads a JKS or JCEKS keystore: every certificate in file order (trusted-certificate entries
/// and the chains of private-key entries, each with its entry's alias and date), and every
/// private- or secret-key entry listed in [`Bundle::key_entries`] without being decrypted.
///
/// With a password, the keystore's integrity digest is checked: the bundle says
/// [`Integrity::Verified`], or the error is `wrong_password` (the file looks intact) or
/// `integrity_failed` (it looks altered; see the module docs for how that is decided). Without
/// one, nothing is checked (as keytool does): [`Integrity::NotChecked`] and an
/// `integrity_not_checked` warning. Bytes after the digest are ignored, as Java does, with a
/// `trailing_data` warning.
///
/// `format` must be [`Format::Jks`] or [`Format::Jceks`] and match the file's magic number.
pub fn read(input: &[u8], format: Format, password: Option<&str>) -> Result<Bundle> {
    if !matches!(format, Format::Jks | Format::Jceks) {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "the JKS reader reads jks and jceks, not {}",
                format.as_str()
            ),
        ));
    }
    crate::limits::check_input_size(input.len())?;
    let parsed = parse(input, format);
    let Some(password) = password else {
        let mut p = parsed?;
        p.read_keys(None);
        p.bundle.integrity = Integrity::NotChecked;
        p.bundle.warnings.push(Warning::new(
            "integrity_not_checked",
            format!(
                "no password given; the keystore's integrity was not checked (as keytool does \
                 without -storepass), so an altered {} would go unnoticed: pass the store password to check it",
                format.as_str().to_ascii_uppercase()
            ),
        ));
        p.warn_trailing(input.len());
        return Ok(p.bundle);
    };
    let key_password = Password::new(password);
    let password = password_bytes(password);
    match parsed {
        Ok(mut p) => {
            let body = input.get(..p.body_end).unwrap_or_default();
            let stored = input
                .get(p.body_end..p.body_end.saturating_add(DIGEST_LEN))
                .unwrap_or_default();
            if bool::from(keyed_digest(&password, body).ct_eq(stored)) {
                p.bundle.integrity = Integrity::Verified;
                p.read_keys(Some(&key_password));
                p.warn_trailing(input.len());
                Ok(p.bundle)
            } else {
                Err(mismatch(&p, input.len(), &key_password))
            }
        }
        Err(e) => {
            // The structure is broken. Check the digest where an intact file would hold it (the
            // last 20 bytes) to tell "written like this" from "damaged since".
            let split = input.len().checked_sub(DIGEST_LEN).filter(|&s| s >= 12);
            let vouched = split.is_some_and(|s| {
                let (body, stored) = input.split_at(s);
                bool::from(keyed_digest(&password, body).ct_eq(stored))
            });
            Err(if vouched {
                annotate(
                    e,
                    "; the keystore's digest matches the password, so it was written like this",
                )
            } else {
                annotate(
                    e,
                    "; the integrity digest does not match either: the file was damaged or altered \
                     (or it is also opened with the wrong password)",
                )
            })
        }
    }
}

/// Rebuilds an error with extra text after its message, keeping its code and location.
fn annotate(e: Error, extra: &str) -> Error {
    let mut out = Error::new(e.code(), format!("{}{extra}", e.message()));
    if let Some(o) = e.offset() {
        out = out.at_offset(o);
    }
    if let Some(c) = e.certificate() {
        out = out.at_certificate(c);
    }
    out
}

/// The digest did not match a structurally clean file: decide between "wrong password" and
/// "altered" (see the module docs).
fn mismatch(p: &Parsed, input_len: usize, key_password: &Password) -> Error {
    let digest_end = p.body_end.saturating_add(DIGEST_LEN);
    let trailing = input_len.saturating_sub(digest_end);
    if trailing > 0 {
        return Error::new(
            ErrorCode::IntegrityFailed,
            format!(
                "Keystore integrity check failed: wrong password, or the file was altered \
                 ({trailing} unexpected bytes follow the digest, so the file is not as Java wrote it)"
            ),
        )
        .at_offset(digest_end);
    }
    // The reader checked each certificate's structure only: one whose content does not decode
    // is damage no genuine keystore holds (keytool writes only certificates it decoded).
    let certs: std::result::Result<Vec<Certificate<'_>>, (usize, Error)> = p
        .certificates
        .iter()
        .enumerate()
        .map(|(index, c)| Certificate::parse(c).map_err(|e| (index, e)))
        .collect();
    let outcome = match certs {
        Ok(certs) => evidence::check(&certs),
        Err((index, e)) => evidence::Outcome::Altered {
            index,
            reason: format!("a certificate's content does not decode ({})", e.message()),
        },
    };
    // A private key the password opens proves the password right: then the file was altered.
    let opened = match outcome {
        evidence::Outcome::Intact { .. } => p.opens_a_key(key_password),
        evidence::Outcome::Altered { .. } => None,
    };
    match outcome {
        evidence::Outcome::Altered { index, reason } => Error::new(
            ErrorCode::IntegrityFailed,
            format!(
                "Keystore integrity check failed and the file looks altered: {reason} \
                 (so the password may well be right; the file is not as it was written)"
            ),
        )
        .at_certificate(index)
        .at_offset(p.der_offsets.get(index).copied().unwrap_or(p.body_end)),
        evidence::Outcome::Intact { .. } if opened.is_some() => {
            let alias = opened.unwrap_or_default();
            Error::new(
                ErrorCode::IntegrityFailed,
                format!(
                    "Keystore integrity check failed, but the password is right: it opens the \
                     private key \"{alias}\" (its check digest matches), so the file was altered \
                     after it was written"
                ),
            )
            .at_offset(p.body_end)
        }
        evidence::Outcome::Intact { verified } => {
            let n = p.certificates.len();
            let sigs = match verified {
                0 => String::new(),
                1 => ", and the 1 signature that could be checked verifies".to_owned(),
                v => format!(", and all {v} signatures that could be checked verify"),
            };
            Error::new(
                ErrorCode::WrongPassword,
                format!(
                    "Keystore password is incorrect (the file itself looks intact: its structure reads \
                     cleanly up to the digest, all {n} certificate{} parse{sigs}). keytool reports this as \
                     \"Keystore was tampered with, or password was incorrect\"; if you are sure of the \
                     password, the file was changed in a way that cannot be seen without it",
                    if n == 1 { "" } else { "s" }
                ),
            )
        }
    }
}

/// A structurally clean keystore, before its digest is checked.
struct Parsed<'a> {
    bundle: Bundle,
    /// Where the digest starts (every byte before it is covered by it).
    body_end: usize,
    /// Each certificate's DER as found in the input (same order as `bundle.certificates`).
    certificates: Vec<&'a [u8]>,
    /// Each certificate's absolute offset.
    der_offsets: Vec<usize>,
    /// Each private-key entry's encrypted key (`EncryptedPrivateKeyInfo` under Sun's key
    /// protector), with the index of its entry in `bundle.key_entries`.
    keys: Vec<(usize, &'a [u8])>,
}

impl Parsed<'_> {
    /// Describes every private key and, with the password the digest accepted (keytool's
    /// default key password is the store password), decrypts it through `keys::read_pkcs8`
    /// and matches it with the certificates: the same entries and warnings as PKCS#12.
    fn read_keys(&mut self, password: Option<&Password>) {
        if self.keys.is_empty() {
            return;
        }
        let mut budget = Budget::new();
        let mut publics = vec![None; self.bundle.key_entries.len()];
        for &(index, der) in &self.keys {
            let (Some(entry), Some(slot)) = (
                self.bundle.key_entries.get_mut(index),
                publics.get_mut(index),
            ) else {
                continue;
            };
            if let Some(opened) = crate::keys::read_pkcs8(
                der,
                true,
                password,
                &mut budget,
                entry,
                &mut self.bundle.warnings,
            ) {
                *slot = Some(opened.public);
                self.bundle.key_material.push(crate::bundle::KeyMaterial {
                    entry: index,
                    pkcs8: opened.pkcs8,
                });
            }
        }
        crate::keys::match_entries(&publics, &mut self.bundle);
    }

    /// The alias of the first private key that `password` opens (JKS: its check digest
    /// matches; JCEKS: the padding checks out and the key decodes), if any.
    fn opens_a_key(&self, password: &Password) -> Option<String> {
        let mut budget = Budget::new();
        self.keys.iter().find_map(|&(index, der)| {
            if crate::keys::opens(der, password, &mut budget) {
                self.bundle
                    .key_entries
                    .get(index)
                    .map(|e| e.alias.clone().unwrap_or_default())
            } else {
                None
            }
        })
    }

    fn warn_trailing(&mut self, input_len: usize) {
        let digest_end = self.body_end.saturating_add(DIGEST_LEN);
        let trailing = input_len.saturating_sub(digest_end);
        if trailing > 0 {
            self.bundle.warnings.push(Warning::new(
                "trailing_data",
                format!(
                    "{trailing} bytes after the keystore's integrity digest (byte {}) were ignored, as Java ignores them",
                    digest_end
                ),
            ));
        }
    }
}

/// A `MalformedKeystore` error at an offset.
pub(super) fn malformed(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedKeystore, message).at_offset(offset)
}

/// A bounds-checked big-endian reader over the whole input (offsets are absolute).
pub(super) struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(data: &'a [u8], pos: usize) -> Self {
        Self { data, pos }
    }

    /// Absolute offset of the next byte.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes left.
    pub(super) fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// The next byte, without consuming it.
    pub(super) fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// The next `n` bytes.
    pub(super) fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| Some((end, self.data.get(self.pos..end)?))) {
            Some((end, s)) => {
                self.pos = end;
                Ok(s)
            }
            None => Err(malformed(
                format!(
                    "the keystore ends inside {what} ({n} bytes needed, {} left; truncated file?)",
                    self.remaining()
                ),
                self.pos,
            )),
        }
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    pub(super) fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(u8::from_be_bytes(self.array(what)?))
    }

    pub(super) fn u16(&mut self, what: &str) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    pub(super) fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    pub(super) fn i32(&mut self, what: &str) -> Result<i32> {
        Ok(i32::from_be_bytes(self.array(what)?))
    }

    pub(super) fn i64(&mut self, what: &str) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array(what)?))
    }

    /// A non-negative `i32` length or count.
    pub(super) fn len(&mut self, what: &str) -> Result<usize> {
        let at = self.pos;
        let n = self.i32(what)?;
        usize::try_from(n).map_err(|_| malformed(format!("{what} is negative ({n})"), at))
    }

    /// A `readUTF` string: u16 length, then modified UTF-8.
    pub(super) fn utf(&mut self, what: &str) -> Result<String> {
        let len = usize::from(self.u16(what)?);
        let at = self.pos;
        let bytes = self.take(len, what)?;
        decode_modified_utf8(bytes).map_err(|i| {
            malformed(
                format!("{what} is not valid (modified) UTF-8"),
                at.saturating_add(i),
            )
        })
    }
}

/// Reads the structure: header, entries, and the position of the digest.
fn parse(input: &[u8], format: Format) -> Result<Parsed<'_>> {
    let mut c = Cursor::new(input, 0);
    let (expected, name) = if format == Format::Jceks {
        (MAGIC_JCEKS, "JCEKS")
    } else {
        (MAGIC_JKS, "JKS")
    };
    let magic = c.take(4, "the magic number")?;
    if magic != expected {
        let hex: String = expected.iter().map(|b| format!("{b:02X}")).collect();
        return Err(malformed(
            format!("not a {name} keystore: the file does not start with {hex}"),
            0,
        ));
    }
    let at = c.pos();
    let version = c.u32("the version number")?;
    if version != 1 && version != 2 {
        return Err(malformed(
            format!("unsupported {name} version {version} (Java writes version 2; version 1 is the pre-Java-1.2 layout)"),
            at,
        ));
    }
    let count = c.len("the entry count")?;
    let mut p = Parsed {
        bundle: Bundle::new(format),
        body_end: 0,
        certificates: Vec::new(),
        der_offsets: Vec::new(),
        keys: Vec::new(),
    };
    let mut aliases: Vec<String> = Vec::new();
    for n in 0..count {
        let entry_at = c.pos();
        if c.remaining() <= DIGEST_LEN {
            return Err(malformed(
                format!("the header announces {count} entries but the file ends after {n} (truncated file?)"),
                entry_at,
            ));
        }
        let tag = c.u32("an entry tag")?;
        let alias = c.utf("an entry alias")?;
        let date = c.i64("an entry date")?;
        match tag {
            1 => {
                let key_len = c.len("the encrypted private key's length")?;
                let key = c.take(key_len, "an encrypted private key")?;
                p.keys.push((p.bundle.key_entries.len(), key));
                let chain = c.len("the certificate chain length")?;
                for _ in 0..chain {
                    read_certificate(&mut c, &mut p, version, &alias, date)?;
                }
                p.bundle.key_entries.push(KeyEntry::listed(
                    Some(alias.clone()),
                    KeyEntryKind::PrivateKey,
                    chain,
                ));
            }
            2 => read_certificate(&mut c, &mut p, version, &alias, date)?,
            3 if format == Format::Jceks => {
                serial::skip_sealed_object(&mut c)?;
                p.bundle.key_entries.push(KeyEntry::listed(Some(alias.clone()), KeyEntryKind::SecretKey, 0));
            }
            3 => {
                return Err(malformed(
                    "a secret-key entry (tag 3) in a JKS keystore: only JCEKS holds secret keys",
                    entry_at,
                ))
            }
            other => {
                return Err(malformed(
                    format!("unknown entry tag {other} (1 = private key, 2 = trusted certificate, 3 = secret key)"),
                    entry_at,
                ))
            }
        }
        aliases.push(alias);
    }
    p.body_end = c.pos();
    if c.remaining() < DIGEST_LEN {
        return Err(malformed(
            format!(
                "the keystore ends {} bytes into its {DIGEST_LEN}-byte integrity digest (truncated file?)",
                c.remaining()
            ),
            p.body_end,
        ));
    }
    warn_duplicates(&mut p.bundle, &aliases);
    Ok(p)
}

/// Reads one certificate (type, length, DER), checks it parses, and adds it to the bundle.
fn read_certificate<'a>(
    c: &mut Cursor<'a>,
    p: &mut Parsed<'a>,
    version: u32,
    alias: &str,
    date: i64,
) -> Result<()> {
    let index = p.certificates.len();
    if version == 2 {
        let at = c.pos();
        let kind = c
            .utf("a certificate type")
            .map_err(|e| e.at_certificate(index))?;
        if kind != X509 {
            return Err(malformed(
                format!("certificate type \"{kind}\" is not supported (only X.509)"),
                at,
            )
            .at_certificate(index));
        }
    }
    let len = c
        .len("a certificate length")
        .map_err(|e| e.at_certificate(index))?;
    let at = c.pos();
    let der = c
        .take(len, "a certificate")
        .map_err(|e| e.at_certificate(index))?;
    Certificate::check_structure(der)
        .map_err(|e| e.shifted(at).at_offset(at).at_certificate(index))?;
    p.certificates.push(der);
    p.der_offsets.push(at);
    p.bundle.certificates.push(CertEntry {
        der: der.to_vec(),
        alias: Some(alias.to_owned()),
        trusted: None,
        created_ms: Some(date),
    });
    crate::limits::check_count(p.certificates.len())
}

/// Java keeps only the last entry of an alias that appears twice; say so, once per alias.
fn warn_duplicates(bundle: &mut Bundle, aliases: &[String]) {
    // Sorted (n log n: a keystore may hold 100,000 entries), equal aliases are runs.
    let sorted = crate::sorted::collect(aliases.iter().map(String::as_str));
    let mut rest = sorted.as_slice();
    while let Some(&alias) = rest.first() {
        let n = rest.iter().take_while(|a| **a == alias).count();
        rest = rest.get(n..).unwrap_or_default();
        if n > 1 {
            bundle.warnings.push(Warning::new(
                "duplicate_alias",
                format!("the alias \"{alias}\" is used by {n} entries; Java (keytool) sees only the last of them"),
            ));
        }
    }
}
