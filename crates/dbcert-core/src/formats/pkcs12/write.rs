//! Writing a PKCS#12 truststore the way Java 17 keytool writes one for trusted certificates.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use der::Encode;

use super::kdf::{Hash, Password};
use super::mac::pkcs12_mac;
use crate::bundle::CertEntry;
use crate::der::{constructed, tag, tlv, uint};
use crate::error::{Error, ErrorCode, Result};
use crate::limits::MAX_KDF_ITERATIONS;
use crate::oid;

/// Length of the PBKDF2 salt and of the MAC salt (what keytool writes).
const SALT_LEN: usize = 20;
/// AES block size: the CBC IV length.
const IV_LEN: usize = 16;
/// A PBES2 salt followed by its IV, as [`encrypt_pkcs8`] draws them from one seed stream.
const SALT_AND_IV_LEN: usize = 36;
// guard: evaluated at compile time on constants, never on input
const _: () = assert!(SALT_AND_IV_LEN == SALT_LEN + IV_LEN);

/// How [`write()`] protects the truststore.
///
/// The salts (PBKDF2 and MAC) and the AES IV are derived from `seed` with a SHA-256 counter
/// construction (`SHA-256("dbcert pkcs12 v1" ‖ seed ‖ counter)`), so the same entries, password,
/// iterations and seed give identical bytes. The CLI, wasm and Node facades pass fresh OS
/// randomness as the seed by default; pass a fixed seed only when you want reproducible builds
/// (every file written with that seed then shares its salts and IV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// PBKDF2 and MAC iteration count, 1 to [`MAX_KDF_ITERATIONS`] (keytool writes 10,000).
    pub iterations: u32,
    /// Source of the salts and the IV (see above). The [`Default`] value is all zeros: fine for
    /// tests, but callers writing real files should fill it from a CSPRNG.
    pub seed: [u8; 32],
}

impl Default for WriteOptions {
    /// 10,000 iterations (as Java 17 keytool) and an all-zero seed.
    fn default() -> Self {
        Self {
            iterations: 10_000,
            seed: [0; 32],
        }
    }
}

/// Deterministic bytes from the seed: SHA-256 over a label, the seed and a block counter.
struct SeedStream {
    seed: [u8; 32],
    counter: u32,
    pending: Vec<u8>,
}

impl SeedStream {
    /// Makes the stream's bytes depend on `label` too, so that two uses of one seed (a key's
    /// salt and IV, the keystore's) never share bytes.
    fn take_label(&mut self, label: &[u8]) {
        let mut seed = Sha256::new().chain_update(self.seed).chain_update(label);
        self.seed = std::mem::take(&mut seed).finalize().into();
    }

    fn take(&mut self, n: usize) -> Vec<u8> {
        while self.pending.len() < n {
            let block = Sha256::new()
                .chain_update(b"dbcert pkcs12 v1")
                .chain_update(self.seed)
                .chain_update(self.counter.to_be_bytes())
                .finalize();
            self.pending.extend_from_slice(&block);
            self.counter = self.counter.wrapping_add(1);
        }
        self.pending.drain(..n).collect()
    }
}

/// An AlgorithmIdentifier with NULL parameters.
fn alg_null(o: &[u8]) -> Vec<u8> {
    constructed(tag::SEQUENCE, &[&tlv(tag::OID, o), &[tag::NULL, 0]])
}

/// Writes `entries` as a PKCS#12 truststore that Java (keytool, `javax.net.ssl.trustStore`) lists
/// as trusted-certificate entries and `openssl pkcs12` reads.
///
/// The layout is Java 17 keytool's: one certBag per certificate, in the given order, each with a
/// friendlyName (the entry's alias) and Java's trusted-key-usage attribute
/// (2.16.840.1.113894.746875.1.1 = { anyExtendedKeyUsage }); all bags in one encryptedData
/// protected with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC); a MAC with HMAC-SHA256 keyed by the
/// PKCS#12 KDF. Both use `options.iterations`.
///
/// Errors (`invalid_option`): an empty password, an iteration count of 0 or above the read limit,
/// an entry without an alias, or two aliases that are equal ignoring case (Java's PKCS#12 aliases
/// are case-insensitive). `no_certificates` when `entries` is empty; a certificate that does not
/// parse gives its own error with its index.
pub fn write(entries: &[CertEntry], password: &str, options: &WriteOptions) -> Result<Vec<u8>> {
    check_options(password, options)?;
    if entries.is_empty() {
        return Err(Error::new(
            ErrorCode::NoCertificates,
            "there is no certificate to write",
        ));
    }
    let mut seen: Vec<String> = Vec::with_capacity(entries.len());
    let mut bags = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let alias = match entry.alias.as_deref() {
            Some(a) if !a.is_empty() => a,
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    "every certificate in a PKCS#12 truststore needs an alias",
                )
                .at_certificate(index))
            }
        };
        let folded = alias.to_lowercase();
        if seen.contains(&folded) {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!("the alias \"{alias}\" is used twice (PKCS#12 aliases are case-insensitive in Java)"),
            )
            .at_certificate(index));
        }
        seen.push(folded);
        crate::cert::Certificate::check_envelope(&entry.der)
            .map_err(|e| e.at_certificate(index))?;
        bags.push(cert_bag(&entry.der, alias));
    }
    seal(&bags, None, password, options)
}

/// PBES2 with PBKDF2-HMAC-SHA256 over the UTF-8 password and AES-256-CBC (what OpenSSL 3 and
/// Java 17 keytool write), by the `pkcs5` crate, which also encodes the parameters (keyLength
/// 32 and the PRF with NULL parameters, as keytool): the AlgorithmIdentifier's DER and the
/// ciphertext.
pub(crate) fn pbes2_encrypt(
    password: &[u8],
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
    plain: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    let internal = |what: &str, e: &dyn std::fmt::Display| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("internal: the PBES2 {what} failed ({e})"),
        )
    };
    let mut iv_block = [0u8; IV_LEN];
    if iv.len() != IV_LEN {
        return Err(internal("IV", &iv.len()));
    }
    iv_block.copy_from_slice(iv);
    let pbes2 = pkcs5::pbes2::Parameters {
        kdf: pkcs5::pbes2::Pbkdf2Params {
            salt: pkcs5::pbes2::Salt::try_from(salt).map_err(|e| internal("salt", &e))?,
            iteration_count: iterations,
            key_length: Some(32),
            prf: pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256,
        }
        .into(),
        encryption: pkcs5::pbes2::EncryptionScheme::Aes256Cbc { iv: iv_block },
    };
    let ciphertext = pbes2
        .encrypt(password, plain)
        .map_err(|e| internal("encryption", &e))?;
    let pbes2_params = pbes2.to_der().map_err(|e| internal("encoding", &e))?;
    let algorithm = constructed(tag::SEQUENCE, &[&tlv(tag::OID, oid::PBES2), &pbes2_params]);
    Ok((algorithm, ciphertext))
}

/// `n` bytes of the stream of `seed` under `label` (the salts and IVs of what the writers
/// protect: [`encrypt_pkcs8`]'s, the JKS key protector's).
pub(crate) fn seeded_bytes(seed: [u8; 32], label: &[u8], n: usize) -> Vec<u8> {
    let mut stream = SeedStream {
        seed,
        counter: 0,
        pending: Vec::new(),
    };
    stream.take_label(label);
    stream.take(n)
}

/// An `EncryptedPrivateKeyInfo` of a PKCS#8 key, PBES2-protected as [`pbes2_encrypt`] does,
/// with salt and IV from `seed` (the PEM `ENCRYPTED PRIVATE KEY` that `openssl pkcs8 -topk8
/// -v2 aes-256-cbc -v2prf hmacWithSHA256` writes).
pub(crate) fn encrypt_pkcs8(
    pkcs8: &[u8],
    password: &str,
    iterations: u32,
    seed: [u8; 32],
    label: &[u8],
) -> Result<Vec<u8>> {
    let bytes = seeded_bytes(seed, label, SALT_AND_IV_LEN);
    let (salt, iv) = bytes.split_at(SALT_LEN);
    let (algorithm, ciphertext) = pbes2_encrypt(password.as_bytes(), salt, iv, iterations, pkcs8)?;
    Ok(constructed(
        tag::SEQUENCE,
        &[&algorithm, &tlv(tag::OCTET_STRING, &ciphertext)],
    ))
}

/// A client identity as a PKCS#12: the key in a pkcs8ShroudedKeyBag (PBES2) and its chain
/// (leaf first) in cert bags, the leaf and the key linked by a localKeyId (the SHA-1 of the
/// leaf, as OpenSSL sets it) and both named `alias` (friendlyName); the certificates encrypted,
/// the key bag in plain data (it is encrypted itself), a SHA-256 MAC: the layout of `openssl
/// pkcs12 -export` in OpenSSL 3, which keytool lists as one PrivateKeyEntry.
pub(crate) fn write_identity(
    alias: &str,
    pkcs8: &[u8],
    chain: &[&[u8]],
    password: &str,
    options: &WriteOptions,
) -> Result<Vec<u8>> {
    check_options(password, options)?;
    let leaf = chain.first().ok_or_else(|| {
        Error::new(
            ErrorCode::NoCertificates,
            "there is no certificate to write",
        )
    })?;
    if alias.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "a PKCS#12 key entry needs a non-empty alias",
        ));
    }
    let key_id = {
        use sha1::Digest as _;
        sha1::Sha1::digest(leaf).to_vec()
    };
    let mut bags = Vec::with_capacity(chain.len());
    for (i, der) in chain.iter().enumerate() {
        crate::cert::Certificate::check_envelope(der).map_err(|e| e.at_certificate(i))?;
        let attrs = if i == 0 {
            vec![friendly_name(alias), local_key_id(&key_id)]
        } else {
            Vec::new()
        };
        bags.push(bag(der, &attrs));
    }
    let encrypted_key = encrypt_pkcs8(pkcs8, password, options.iterations, options.seed, b"key")?;
    let key_bag = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::PKCS12_SHROUDED_KEY_BAG),
            &tlv(tag::context(0), &encrypted_key),
            &constructed(tag::SET, &[&friendly_name(alias), &local_key_id(&key_id)]),
        ],
    );
    seal(&bags, Some(&key_bag), password, options)
}

/// The checks every writer makes of the password and the iteration count.
fn check_options(password: &str, options: &WriteOptions) -> Result<()> {
    if password.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "a PKCS#12 keystore needs a non-empty password",
        ));
    }
    if options.iterations == 0 || u64::from(options.iterations) > MAX_KDF_ITERATIONS {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!("the PKCS#12 iteration count must be between 1 and {MAX_KDF_ITERATIONS}"),
        ));
    }
    Ok(())
}

/// A friendlyName attribute (BMPString).
fn friendly_name(alias: &str) -> Vec<u8> {
    let bmp: Vec<u8> = alias.encode_utf16().flat_map(u16::to_be_bytes).collect();
    constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::FRIENDLY_NAME),
            &tlv(tag::SET, &tlv(tag::BMP_STRING, &bmp)),
        ],
    )
}

/// A localKeyID attribute.
fn local_key_id(id: &[u8]) -> Vec<u8> {
    constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::LOCAL_KEY_ID),
            &tlv(tag::SET, &tlv(tag::OCTET_STRING, id)),
        ],
    )
}

/// A certBag holding an X.509 certificate, with `attrs` (none: no SET at all).
fn bag(der: &[u8], attrs: &[Vec<u8>]) -> Vec<u8> {
    let cert_bag = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::X509_CERTIFICATE),
            &tlv(tag::context(0), &tlv(tag::OCTET_STRING, der)),
        ],
    );
    let head = [
        tlv(tag::OID, oid::PKCS12_CERT_BAG),
        tlv(tag::context(0), &cert_bag),
    ];
    let set;
    let mut parts: Vec<&[u8]> = head.iter().map(Vec::as_slice).collect();
    if !attrs.is_empty() {
        let refs: Vec<&[u8]> = attrs.iter().map(Vec::as_slice).collect();
        set = constructed(tag::SET, &refs);
        parts.push(&set);
    }
    constructed(tag::SEQUENCE, &parts)
}

/// Encrypts the cert bags (PBES2), adds the key bag in plain data when there is one, and MACs
/// the whole: the PFX bytes.
fn seal(
    bags: &[Vec<u8>],
    key_bag: Option<&[u8]>,
    password: &str,
    options: &WriteOptions,
) -> Result<Vec<u8>> {
    let bag_refs: Vec<&[u8]> = bags.iter().map(Vec::as_slice).collect();
    let safe_contents = Zeroizing::new(constructed(tag::SEQUENCE, &bag_refs));

    let mut stream = SeedStream {
        seed: options.seed,
        counter: 0,
        pending: Vec::new(),
    };
    let pbe_salt = stream.take(SALT_LEN);
    let iv = stream.take(IV_LEN);
    let mac_salt = stream.take(SALT_LEN);
    let pw = Password::new(password);
    let iterations = options.iterations;
    let (algorithm, ciphertext) =
        pbes2_encrypt(&pw.utf8, &pbe_salt, &iv, iterations, &safe_contents)?;
    let encrypted_content_info = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::DATA),
            &algorithm,
            &tlv(tag::context_primitive(0), &ciphertext),
        ],
    );
    let encrypted_data = constructed(tag::SEQUENCE, &[&uint(0), &encrypted_content_info]);
    let content_info = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::ENCRYPTED_DATA),
            &tlv(tag::context(0), &encrypted_data),
        ],
    );
    let authenticated_safe = match key_bag {
        None => constructed(tag::SEQUENCE, &[&content_info]),
        Some(key_bag) => {
            let key_contents = constructed(tag::SEQUENCE, &[key_bag]);
            let data = constructed(
                tag::SEQUENCE,
                &[
                    &tlv(tag::OID, oid::DATA),
                    &tlv(tag::context(0), &tlv(tag::OCTET_STRING, &key_contents)),
                ],
            );
            constructed(tag::SEQUENCE, &[&content_info, &data])
        }
    };

    // MAC: HMAC-SHA256 keyed by the PKCS#12 KDF over the BMPString password.
    let mac = pkcs12_mac(
        Hash::Sha256,
        &pw.bmp,
        &mac_salt,
        iterations,
        &authenticated_safe,
    );
    let mac_data = constructed(
        tag::SEQUENCE,
        &[
            &constructed(
                tag::SEQUENCE,
                &[&alg_null(oid::SHA256), &tlv(tag::OCTET_STRING, &mac)],
            ),
            &tlv(tag::OCTET_STRING, &mac_salt),
            &uint(u64::from(iterations)),
        ],
    );
    let auth_safe = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::DATA),
            &tlv(
                tag::context(0),
                &tlv(tag::OCTET_STRING, &authenticated_safe),
            ),
        ],
    );
    Ok(constructed(
        tag::SEQUENCE,
        &[&uint(3), &auth_safe, &mac_data],
    ))
}

/// One certBag with keytool's attributes, in keytool's order (friendlyName, then the trusted
/// marker; keytool does not sort this SET).
fn cert_bag(der: &[u8], alias: &str) -> Vec<u8> {
    let cert_bag = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::X509_CERTIFICATE),
            &tlv(tag::context(0), &tlv(tag::OCTET_STRING, der)),
        ],
    );
    let bmp: Vec<u8> = alias.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let friendly_name = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::FRIENDLY_NAME),
            &tlv(tag::SET, &tlv(tag::BMP_STRING, &bmp)),
        ],
    );
    let trusted = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::JAVA_TRUSTED_KEY_USAGE),
            &tlv(tag::SET, &tlv(tag::OID, oid::ANY_EXTENDED_KEY_USAGE)),
        ],
    );
    constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::PKCS12_CERT_BAG),
            &tlv(tag::context(0), &cert_bag),
            &constructed(tag::SET, &[&friendly_name, &trusted]),
        ],
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn seed_stream_is_deterministic_and_seed_dependent() {
        let mut a = SeedStream {
            seed: [1; 32],
            counter: 0,
            pending: Vec::new(),
        };
        let mut b = SeedStream {
            seed: [1; 32],
            counter: 0,
            pending: Vec::new(),
        };
        let mut c = SeedStream {
            seed: [2; 32],
            counter: 0,
            pending: Vec::new(),
        };
        let (a1, a2) = (a.take(20), a.take(40));
        assert_eq!(a1, b.take(20));
        assert_eq!(a2, b.take(40));
        assert_ne!(a1, c.take(20));
        assert_ne!(a1, a2[..20]);
    }

    #[test]
    fn option_errors() {
        let e = write(&[], "pw", &WriteOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NoCertificates);
        let e = write(&[], "", &WriteOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidOption);
        let opts = WriteOptions {
            iterations: 0,
            ..WriteOptions::default()
        };
        assert_eq!(
            write(&[], "pw", &opts).unwrap_err().code(),
            ErrorCode::InvalidOption
        );
        let opts = WriteOptions {
            iterations: u32::MAX,
            ..WriteOptions::default()
        };
        assert_eq!(
            write(&[], "pw", &opts).unwrap_err().code(),
            ErrorCode::InvalidOption
        );
        let no_alias = CertEntry::plain(vec![0x30, 0x00]);
        let e = write(&[no_alias], "pw", &WriteOptions::default()).unwrap_err();
        assert_eq!(
            (e.code(), e.certificate()),
            (ErrorCode::InvalidOption, Some(0))
        );
    }
}
