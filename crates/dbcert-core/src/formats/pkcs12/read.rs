//! Reading a PFX: MAC check, AuthenticatedSafe, SafeContents (plain or encrypted) and bags.

use std::borrow::Cow;

use zeroize::Zeroizing;

use super::kdf::{Budget, Password};
use super::mac::MacData;
use super::pbe::Scheme;
use crate::ber;
use crate::bundle::{Bundle, CertEntry, Integrity, KeyEntry, KeyEntryKind, Warning};
use crate::der::{tag, Der, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::format::Format;
use crate::oid;

/// What one SafeBag turned out to be (collected first, committed once a SafeContents parsed).
enum Bag {
    Cert {
        der: Vec<u8>,
        attrs: Attrs,
        offset: Option<usize>,
    },
    Key {
        kind: KeyEntryKind,
        attrs: Attrs,
        plain: bool,
        /// A private key's bag value: its PrivateKeyInfo (keyBag) or EncryptedPrivateKeyInfo
        /// (pkcs8ShroudedKeyBag) DER, wiped when dropped.
        value: Option<Zeroizing<Vec<u8>>>,
    },
    Note(Warning),
}

/// The bag attributes dbcert uses.
#[derive(Default)]
struct Attrs {
    friendly_name: Option<String>,
    local_key_id: Option<Vec<u8>>,
    trusted: bool,
}

/// Reads a PKCS#12 file (see [`super::read`]).
pub(crate) fn read(input: &[u8], password: Option<&str>) -> Result<Bundle> {
    crate::limits::check_input_size(input.len())?;
    let (pfx, used) = ber::normalize(input, 0)?;
    let exact = matches!(pfx, Cow::Borrowed(_));
    let pfx = Buf::from(pfx);
    let mut reader = Reader {
        bundle: Bundle::new(Format::Pkcs12),
        budget: Budget::new(),
        candidates: Password::candidates(password),
        chosen: None,
        given: password.is_some(),
        cert_key_ids: Vec::new(),
        key_ids: Vec::new(),
        key_publics: Vec::new(),
    };
    if used < input.len() {
        reader.bundle.warnings.push(Warning::new(
            "trailing_data",
            format!(
                "{} bytes after the PKCS#12 structure (from byte {used}) were ignored",
                input.len() - used
            ),
        ));
    }
    let base = exact.then_some(0);
    match reader.pfx(&pfx, base) {
        Ok(()) => Ok(reader.finish()),
        // Offsets into a BER-normalised copy would mislead: keep only the certificate-relative ones.
        Err(e) if !exact && e.certificate().is_none() => Err(relocate(e, None)),
        Err(e) => Err(e),
    }
}

/// Rebuilds an error without its (meaningless) offset, placing it at `fallback` instead.
fn relocate(e: Error, fallback: Option<usize>) -> Error {
    let mut out = Error::new(e.code(), e.message().to_owned());
    if let Some(c) = e.certificate() {
        out = out.at_certificate(c);
    }
    match fallback {
        Some(o) => out.at_offset(o),
        None => out,
    }
}

/// A DER buffer: borrowed from the input, or a normalised copy that is wiped when dropped
/// (decrypted contents may hold unencrypted key bags).
enum Buf<'a> {
    Borrowed(&'a [u8]),
    Owned(Zeroizing<Vec<u8>>),
}

impl<'a> From<Cow<'a, [u8]>> for Buf<'a> {
    fn from(c: Cow<'a, [u8]>) -> Self {
        match c {
            Cow::Borrowed(b) => Self::Borrowed(b),
            Cow::Owned(v) => Self::Owned(Zeroizing::new(v)),
        }
    }
}

impl std::ops::Deref for Buf<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Self::Borrowed(b) => b,
            Self::Owned(v) => v,
        }
    }
}

/// A DER view of a nested buffer: borrowed with its absolute offset when it already is DER,
/// else a normalised copy with no absolute offset.
fn view<'a>(bytes: &'a [u8], base: Option<usize>, what: &str) -> Result<(Buf<'a>, Option<usize>)> {
    let (der, used) = ber::normalize(bytes, base.unwrap_or(0))?;
    if used != bytes.len() {
        return Err(Error::der(
            format!("unexpected data after {what}"),
            base.unwrap_or(0).saturating_add(used),
        ));
    }
    let base = match der {
        Cow::Borrowed(_) => base,
        Cow::Owned(_) => None,
    };
    Ok((Buf::from(der), base))
}

/// `ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL }`.
fn content_info<'a>(t: &Tlv<'a>) -> Result<(Tlv<'a>, Option<Tlv<'a>>)> {
    if t.tag != tag::SEQUENCE {
        return Err(t.error("expected a ContentInfo SEQUENCE"));
    }
    let mut r = t.reader()?;
    let ctype = r.expect(tag::OID, "content type")?;
    let content = match r.optional(tag::context(0))? {
        Some(wrapper) => {
            let mut w = wrapper.reader()?;
            let inner = w.read()?;
            w.finish("the ContentInfo content")?;
            Some(inner)
        }
        None => None,
    };
    r.finish("the ContentInfo")?;
    Ok((ctype, content))
}

/// The OCTET STRING of a `data` ContentInfo.
fn data_octets<'a>(ctype: &Tlv<'a>, content: Option<Tlv<'a>>) -> Result<Tlv<'a>> {
    match content {
        Some(o) if o.tag == tag::OCTET_STRING => Ok(o),
        Some(o) => Err(o.error("the data content is not an OCTET STRING")),
        None => Err(Error::new(
            ErrorCode::MalformedKeystore,
            "a data ContentInfo has no content",
        )
        .at_offset(ctype.offset)),
    }
}

/// Offsets from a normalised (copied) buffer mean nothing in the input: move the error to the
/// enclosing value's offset. Certificate-relative offsets are kept.
fn fix(e: Error, base: Option<usize>, fallback: Option<usize>) -> Error {
    if base.is_some() || e.offset().is_none() || e.certificate().is_some() {
        e
    } else {
        relocate(e, fallback)
    }
}

/// Parses a SafeContents buffer (`SEQUENCE OF SafeBag`) into bags.
fn safe_contents(bytes: &[u8], base: Option<usize>, fallback: Option<usize>) -> Result<Vec<Bag>> {
    let (der, b) = view(bytes, base, "the SafeContents").map_err(|e| fix(e, base, fallback))?;
    let mut out = Vec::new();
    let parsed = (|| {
        let mut d = Der::new(&der, b.unwrap_or(0));
        let seq = d.expect(tag::SEQUENCE, "the SafeContents")?;
        safe_bags(&seq, b, &mut out)
    })();
    parsed.map_err(|e| fix(e, b, fallback))?;
    Ok(out)
}

/// The bags of a SafeContents SEQUENCE (recursing into safeContentsBags).
fn safe_bags(seq: &Tlv<'_>, base: Option<usize>, out: &mut Vec<Bag>) -> Result<()> {
    let mut r = seq.reader()?;
    while !r.is_empty() {
        let bag = r.expect(tag::SEQUENCE, "a SafeBag")?;
        safe_bag(&bag, base, out)?;
        crate::limits::check_count(out.len())?;
    }
    Ok(())
}

/// `SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF PKCS12Attribute OPTIONAL }`
fn safe_bag(bag: &Tlv<'_>, base: Option<usize>, out: &mut Vec<Bag>) -> Result<()> {
    let mut r = bag.reader()?;
    let id = r.expect(tag::OID, "the bag type")?;
    let wrapper = r.expect(tag::context(0), "the bag value")?;
    let attrs = r.optional(tag::SET)?;
    r.finish("the SafeBag")?;
    let mut w = wrapper.reader()?;
    let value = w.read()?;
    w.finish("the bag value")?;
    let at = |o: usize| base.map(|_| o);
    match id.value {
        x if x == oid::PKCS12_CERT_BAG => {
            // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT ANY }
            if value.tag != tag::SEQUENCE {
                return Err(value.error("a CertBag is not a SEQUENCE"));
            }
            let mut c = value.reader()?;
            let cert_id = c.expect(tag::OID, "the certificate type")?;
            let cert_value = c.expect(tag::context(0), "the certificate value")?;
            c.finish("the CertBag")?;
            if cert_id.value != oid::X509_CERTIFICATE {
                out.push(Bag::Note(Warning::new(
                    "unsupported_bag",
                    format!(
                        "a certificate bag of type {} was skipped",
                        oid::name(cert_id.value)
                    ),
                )));
                return Ok(());
            }
            let mut v = cert_value.reader()?;
            let octets = v.expect(tag::OCTET_STRING, "the x509Certificate OCTET STRING")?;
            v.finish("the certificate value")?;
            out.push(Bag::Cert {
                der: octets.value.to_vec(),
                attrs: parse_attrs(attrs)?,
                offset: at(octets.value_offset),
            });
        }
        x if x == oid::PKCS12_KEY_BAG || x == oid::PKCS12_SHROUDED_KEY_BAG => {
            // Read by keys/ only to say what the key is and whose it is.
            out.push(Bag::Key {
                kind: KeyEntryKind::PrivateKey,
                attrs: parse_attrs(attrs)?,
                plain: x == oid::PKCS12_KEY_BAG,
                value: Some(Zeroizing::new(value.raw.to_vec())),
            });
        }
        x if x == oid::PKCS12_SECRET_BAG => {
            out.push(Bag::Key {
                kind: KeyEntryKind::SecretKey,
                attrs: parse_attrs(attrs)?,
                plain: false,
                value: None,
            });
        }
        x if x == oid::PKCS12_CRL_BAG => {
            out.push(Bag::Note(Warning::new(
                "crl_skipped",
                "a CRL bag was skipped (dbcert reads certificates)",
            )));
        }
        x if x == oid::PKCS12_SAFE_CONTENTS_BAG => {
            if value.tag != tag::SEQUENCE {
                return Err(value.error("a safeContentsBag does not hold a SafeContents SEQUENCE"));
            }
            safe_bags(&value, base, out)?;
        }
        other => {
            out.push(Bag::Note(Warning::new(
                "unsupported_bag",
                format!("a bag of type {} was skipped", oid::name(other)),
            )));
        }
    }
    Ok(())
}

/// `PKCS12Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY }`: friendlyName,
/// localKeyID and Java's trusted-certificate marker.
fn parse_attrs(set: Option<Tlv<'_>>) -> Result<Attrs> {
    let mut attrs = Attrs::default();
    let Some(set) = set else { return Ok(attrs) };
    let mut r = set.reader()?;
    while !r.is_empty() {
        let attr = r.expect(tag::SEQUENCE, "a bag attribute")?;
        let mut a = attr.reader()?;
        let id = a.expect(tag::OID, "the attribute type")?;
        let values = a.expect(tag::SET, "the attribute values")?;
        a.finish("the bag attribute")?;
        let mut v = values.reader()?;
        let first = if v.is_empty() { None } else { Some(v.read()?) };
        match (id.value, first) {
            (x, Some(value)) if x == oid::FRIENDLY_NAME && attrs.friendly_name.is_none() => {
                attrs.friendly_name = decode_name(&value)?;
            }
            (x, Some(value))
                if x == oid::LOCAL_KEY_ID
                    && attrs.local_key_id.is_none()
                    && value.tag == tag::OCTET_STRING =>
            {
                attrs.local_key_id = Some(value.value.to_vec());
            }
            (x, _) if x == oid::JAVA_TRUSTED_KEY_USAGE => attrs.trusted = true,
            _ => {}
        }
    }
    Ok(attrs)
}

/// A friendlyName: a BMPString (UTF-16BE) by the standard; UTF8String tolerated.
fn decode_name(value: &Tlv<'_>) -> Result<Option<String>> {
    match value.tag {
        tag::BMP_STRING => {
            if value.value.len() % 2 != 0 {
                return Err(value.error("a BMPString with an odd number of bytes"));
            }
            let units = value.value.chunks_exact(2).map(|p| match p {
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xfffd,
            });
            Ok(Some(
                char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect(),
            ))
        }
        tag::UTF8_STRING => Ok(Some(String::from_utf8_lossy(value.value).into_owned())),
        _ => Ok(None),
    }
}

struct Reader {
    bundle: Bundle,
    budget: Budget,
    candidates: Vec<Password>,
    /// The candidate the MAC verified, if there is a MAC.
    chosen: Option<usize>,
    given: bool,
    cert_key_ids: Vec<Option<Vec<u8>>>,
    key_ids: Vec<Option<Vec<u8>>>,
    /// The public half of each key entry that was read (in `bundle.key_entries` order).
    key_publics: Vec<Option<crate::keys::Public>>,
}

impl Reader {
    /// `PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }`
    fn pfx(&mut self, pfx: &[u8], base: Option<usize>) -> Result<()> {
        let mut top = Der::new(pfx, base.unwrap_or(0));
        let outer = top.expect(tag::SEQUENCE, "the PFX")?;
        let mut r = outer.reader()?;
        let version = r.expect(tag::INTEGER, "the PFX version")?;
        if version.small_uint()? != 3 {
            return Err(Error::new(
                ErrorCode::MalformedKeystore,
                "unsupported PKCS#12 version (expected 3)",
            )
            .at_offset(version.offset));
        }
        let auth_safe = r.expect(tag::SEQUENCE, "the authSafe ContentInfo")?;
        let mac = match r.peek_tag() {
            Some(tag::SEQUENCE) => Some(MacData::parse(&r.read()?)?),
            _ => None,
        };
        r.finish("the PFX")?;

        let (ctype, content) = content_info(&auth_safe)?;
        if ctype.value == oid::SIGNED_DATA {
            return Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                "this PKCS#12 file uses public-key integrity mode (signedData), which dbcert does not implement",
            )
            .at_offset(ctype.offset));
        }
        if ctype.value != oid::DATA {
            return Err(Error::new(
                ErrorCode::MalformedKeystore,
                format!(
                    "the PFX content is {}, expected PKCS#7 data",
                    oid::name(ctype.value)
                ),
            )
            .at_offset(ctype.offset));
        }
        let octets = data_octets(&ctype, content)?;
        let octets_base = base.map(|_| octets.value_offset);

        match &mac {
            Some(mac) => {
                let mut tried: Vec<&[u8]> = Vec::new();
                for (i, c) in self.candidates.iter().enumerate() {
                    let key_material: &[u8] = if mac.uses_utf8() { &c.utf8 } else { &c.bmp };
                    if tried.contains(&key_material) {
                        continue;
                    }
                    tried.push(key_material);
                    if mac.verify(c, octets.value, &mut self.budget)? {
                        self.chosen = Some(i);
                        break;
                    }
                }
                if self.chosen.is_none() {
                    return Err(self.mac_failure(octets.value, octets_base));
                }
                self.bundle.integrity = Integrity::Verified;
            }
            None => {
                self.bundle.integrity = Integrity::NotApplicable;
                self.bundle.warnings.push(Warning::new(
                    "no_mac",
                    "the file has no MAC, so its integrity cannot be checked; the certificates were read anyway",
                ));
            }
        }

        let (auth, auth_base) = view(octets.value, octets_base, "the AuthenticatedSafe")?;
        self.contents(&auth, auth_base)
            .map_err(|e| fix(e, auth_base, octets_base.map(|_| octets.offset)))
    }

    /// Reads every ContentInfo of the AuthenticatedSafe and commits its bags, in file order.
    fn contents(&mut self, auth: &[u8], base: Option<usize>) -> Result<()> {
        let mut d = Der::new(auth, base.unwrap_or(0));
        let seq = d.expect(tag::SEQUENCE, "the AuthenticatedSafe")?;
        let mut r = seq.reader()?;
        while !r.is_empty() {
            let ci = r.read()?;
            let bags = self.content(&ci, base)?;
            self.commit(bags)?;
        }
        Ok(())
    }

    /// Why the MAC failed: no password, a wrong one, or (when the password still decrypts the
    /// contents) an altered file.
    fn mac_failure(&mut self, octets: &[u8], base: Option<usize>) -> Error {
        if !self.given {
            return Error::new(
                ErrorCode::PasswordRequired,
                "this PKCS#12 file is protected by a password (the empty password does not open it); give its password",
            );
        }
        if self.probe(octets, base).unwrap_or(false) {
            Error::new(
                ErrorCode::IntegrityFailed,
                "the PKCS#12 MAC does not match although the password decrypts the contents: the file was altered or damaged",
            )
        } else {
            Error::new(
                ErrorCode::WrongPassword,
                "wrong password for this PKCS#12 file (the MAC does not match)",
            )
        }
    }

    /// Whether the given password decrypts the first encrypted part into well-formed SafeContents.
    fn probe(&mut self, octets: &[u8], base: Option<usize>) -> Result<bool> {
        let (auth, base) = view(octets, base, "the AuthenticatedSafe")?;
        let mut d = Der::new(&auth, base.unwrap_or(0));
        let seq = d.expect(tag::SEQUENCE, "the AuthenticatedSafe")?;
        let mut r = seq.reader()?;
        while !r.is_empty() {
            let ci = r.read()?;
            let (ctype, content) = content_info(&ci)?;
            if ctype.value == oid::ENCRYPTED_DATA {
                let content = content.ok_or_else(|| ci.error("encryptedData without content"))?;
                return Ok(self.decrypt(&content, base)?.is_some());
            }
        }
        Ok(false)
    }

    /// The bags of one ContentInfo of the AuthenticatedSafe.
    fn content(&mut self, ci: &Tlv<'_>, base: Option<usize>) -> Result<Vec<Bag>> {
        let (ctype, content) = content_info(ci)?;
        match ctype.value {
            x if x == oid::DATA => {
                let o = data_octets(&ctype, content)?;
                safe_contents(o.value, base.map(|_| o.value_offset), base.map(|_| o.offset))
            }
            x if x == oid::ENCRYPTED_DATA => {
                let content = content.ok_or_else(|| ci.error("encryptedData without content"))?;
                match self.decrypt(&content, base)? {
                    Some(bags) => Ok(bags),
                    None => Err(self.cannot_decrypt().at_offset(ci.offset)),
                }
            }
            x if x == oid::ENVELOPED_DATA => Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                "part of this PKCS#12 file uses public-key privacy mode (envelopedData), which dbcert does not implement",
            )
            .at_offset(ctype.offset)),
            other => Err(Error::new(
                ErrorCode::MalformedKeystore,
                format!("unexpected content type {} in the AuthenticatedSafe", oid::name(other)),
            )
            .at_offset(ctype.offset)),
        }
    }

    fn cannot_decrypt(&self) -> Error {
        if self.chosen.is_some() {
            Error::new(
                ErrorCode::WrongPassword,
                "the MAC matched, but the encrypted contents do not decrypt with the same password (made with separate MAC and encryption passwords?)",
            )
        } else if !self.given {
            Error::new(
                ErrorCode::PasswordRequired,
                "the contents of this PKCS#12 file are encrypted; give its password",
            )
        } else {
            Error::new(
                ErrorCode::WrongPassword,
                "wrong password for this PKCS#12 file (the contents do not decrypt)",
            )
        }
    }

    /// Decrypts an EncryptedData and parses the SafeContents inside. `Ok(None)`: no password
    /// candidate decrypted it.
    ///
    /// `EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo EncryptedContentInfo, … }`,
    /// `EncryptedContentInfo ::= SEQUENCE { contentType OID, contentEncryptionAlgorithm AlgorithmIdentifier,
    /// encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }`.
    fn decrypt(&mut self, content: &Tlv<'_>, base: Option<usize>) -> Result<Option<Vec<Bag>>> {
        if content.tag != tag::SEQUENCE {
            return Err(content.error("EncryptedData is not a SEQUENCE"));
        }
        let mut r = content.reader()?;
        r.expect(tag::INTEGER, "the EncryptedData version")?;
        let eci = r.expect(tag::SEQUENCE, "the EncryptedContentInfo")?;
        let mut e = eci.reader()?;
        e.expect(tag::OID, "the encrypted content type")?;
        let alg = e.expect(tag::SEQUENCE, "the content encryption algorithm")?;
        let ciphertext: Cow<'_, [u8]> = match e.peek_tag() {
            Some(t) if t == tag::context_primitive(0) => Cow::Borrowed(e.read()?.value),
            Some(t) if t == tag::context(0) => {
                // BER writers chunk the ciphertext into OCTET STRINGs inside a constructed [0].
                let chunks = e.read()?;
                let mut c = chunks.reader()?;
                let mut joined = Vec::with_capacity(chunks.value.len());
                while !c.is_empty() {
                    joined.extend_from_slice(
                        c.expect(tag::OCTET_STRING, "a ciphertext chunk")?.value,
                    );
                }
                Cow::Owned(joined)
            }
            None => return Ok(Some(Vec::new())),
            Some(t) => {
                return Err(Error::der(
                    format!("expected the encrypted content, found tag 0x{t:02x}"),
                    e.offset(),
                ));
            }
        };
        e.finish("the EncryptedContentInfo")?;
        let scheme = Scheme::parse(&alg)?;
        let order: Vec<usize> = match self.chosen {
            Some(i) => vec![i],
            None => (0..self.candidates.len()).collect(),
        };
        let mut tried: Vec<&[u8]> = Vec::new();
        for i in order {
            let Some(c) = self.candidates.get(i) else {
                continue;
            };
            let material: &[u8] = if scheme.uses_utf8() { &c.utf8 } else { &c.bmp };
            if tried.contains(&material) {
                continue;
            }
            tried.push(material);
            let Some(plain) = scheme.decrypt(c, &ciphertext, &mut self.budget)? else {
                continue;
            };
            match safe_contents(&plain, None, base.map(|_| content.offset)) {
                Ok(bags) => return Ok(Some(bags)),
                // The MAC vouched for the password: the decrypted contents themselves are broken.
                Err(err) if self.chosen.is_some() => return Err(err),
                // Without a MAC, a wrong key can pass the padding check now and then.
                Err(_) => continue,
            }
        }
        Ok(None)
    }

    fn commit(&mut self, bags: Vec<Bag>) -> Result<()> {
        for bag in bags {
            match bag {
                Bag::Cert { der, attrs, offset } => {
                    let index = self.bundle.certificates.len();
                    crate::cert::Certificate::check_structure(&der).map_err(|e| match offset {
                        Some(o) => e.shifted(o).at_certificate(index),
                        None => e.at_certificate(index),
                    })?;
                    self.bundle.certificates.push(CertEntry {
                        der,
                        alias: attrs.friendly_name,
                        trusted: Some(attrs.trusted),
                        created_ms: None,
                    });
                    self.cert_key_ids.push(attrs.local_key_id);
                    crate::limits::check_count(self.bundle.certificates.len())?;
                }
                Bag::Key {
                    kind,
                    attrs,
                    plain,
                    value,
                } => {
                    if plain {
                        self.bundle.warnings.push(Warning::new(
                            "unencrypted_private_key",
                            format!(
                                "the private key{} is stored unencrypted in this file (keyBag)",
                                attrs
                                    .friendly_name
                                    .as_deref()
                                    .map(|a| format!(" \"{a}\""))
                                    .unwrap_or_default()
                            ),
                        ));
                    }
                    let mut entry = KeyEntry::listed(attrs.friendly_name, kind, 0);
                    // The password the MAC accepted (or, without a MAC, the one given).
                    let password = match self.chosen {
                        Some(i) => self.candidates.get(i),
                        None if self.given => self.candidates.first(),
                        None => None,
                    };
                    let opened = value.and_then(|der| {
                        crate::keys::read_pkcs8(
                            &der,
                            !plain,
                            password,
                            &mut self.budget,
                            &mut entry,
                            &mut self.bundle.warnings,
                        )
                    });
                    let public = opened.map(|o| {
                        self.bundle.key_material.push(crate::bundle::KeyMaterial {
                            entry: self.bundle.key_entries.len(),
                            pkcs8: o.pkcs8,
                        });
                        o.public
                    });
                    self.key_publics.push(public);
                    self.bundle.key_entries.push(entry);
                    self.key_ids.push(attrs.local_key_id);
                    crate::limits::check_count(self.bundle.key_entries.len())?;
                }
                Bag::Note(w) => self.bundle.warnings.push(w),
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Bundle {
        crate::keys::match_entries(&self.key_publics, &mut self.bundle);
        // The chain keytool lists for the entry: the certificate with the key's localKeyId
        // (else the one its public key matches), then its issuers by name among all the
        // certificates, as Java's PKCS12KeyStore builds it on load.
        let lengths: Vec<usize> = self
            .bundle
            .key_entries
            .iter()
            .zip(&self.key_ids)
            .map(|(entry, id)| {
                let by_id = id.as_ref().and_then(|id| {
                    self.cert_key_ids
                        .iter()
                        .position(|c| c.as_ref() == Some(id))
                });
                by_id
                    .or(entry.matches)
                    .map_or(0, |leaf| self.bundle.issuer_chain(leaf).len())
            })
            .collect();
        for (entry, n) in self.bundle.key_entries.iter_mut().zip(lengths) {
            entry.chain_length = n;
        }
        self.bundle
    }
}
