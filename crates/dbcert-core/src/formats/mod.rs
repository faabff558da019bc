//! One module per container format: each reads into a [`Bundle`] and, where dbcert writes the
//! format, writes one.

pub mod jks;
pub mod p7b;
pub mod pem;
pub mod pkcs12;

use crate::bundle::{Bundle, CertEntry, Warning};
use crate::error::{Error, ErrorCode, Result};
use crate::format::{detect, Detected, Format};

/// How to open an input. `Debug` never shows the password.
#[derive(Clone, Default)]
pub struct ReadOptions<'a> {
    /// The keystore password (JKS, JCEKS, PKCS#12). Without it, JKS/JCEKS certificates are read
    /// unchecked; PKCS#12 is tried with the empty password.
    pub password: Option<&'a str>,
}

impl std::fmt::Debug for ReadOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions")
            .field("password", &self.password.map(|_| "<redacted>"))
            .finish()
    }
}

/// Detects the format of `input` and reads every certificate in it, in file order.
pub fn read(input: &[u8], options: &ReadOptions<'_>) -> Result<Bundle> {
    crate::limits::check_input_size(input.len())?;
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorCode::EmptyInput, "the input is empty"));
    }
    let bundle = match detect(input) {
        // detect() says Pem only for text with a BEGIN line, and P7b either for such text or for DER/BER.
        Detected::Known(Format::Pem) => read_pem(input, options.password)?,
        Detected::Known(Format::P7b) if input.first() != Some(&crate::der::tag::SEQUENCE) => {
            read_pem(input, options.password)?
        }
        Detected::Known(Format::Der) => {
            let mut b = Bundle::new(Format::Der);
            if crate::crl::read::looks_like_crl(input) {
                crate::crl::read::push_checked(input.to_vec(), &mut b.crls)?;
            } else {
                crate::cert::Certificate::check_structure(input).map_err(|e| e.at_certificate(0))?;
                b.certificates.push(CertEntry::plain(input.to_vec()));
            }
            b
        }
        Detected::Known(Format::P7b) => p7b::read(input)?,
        Detected::Known(f @ (Format::Jks | Format::Jceks)) => jks::read(input, f, options.password)?,
        Detected::Known(Format::Pkcs12) => pkcs12::read(input, options.password)?,
        Detected::Unsupported(what) => {
            return Err(Error::new(
                ErrorCode::UnsupportedFormat,
                format!("this looks like a {what}; dbcert reads PEM, DER, P7B, JKS, JCEKS and PKCS#12 (convert it with keytool -importkeystore -deststoretype PKCS12)"),
            ))
        }
        Detected::Unknown => return Err(crate::format::diagnose(input)),
    };
    if bundle.certificates.is_empty() && bundle.key_entries.is_empty() && bundle.crls.is_empty() {
        return Err(Error::new(
            ErrorCode::NoCertificates,
            "the input holds no certificate",
        ));
    }
    Ok(bundle)
}

/// Reads PEM text: certificate blocks in order, PKCS7 blocks expanded in place, CRL blocks kept
/// as [`Bundle::crls`], private keys described and matched with the certificates
/// ([`crate::keys`]: never printed), other blocks skipped with a warning.
fn read_pem(input: &[u8], password: Option<&str>) -> Result<Bundle> {
    let blocks = pem::parse(input)?;
    let mut keys = Vec::new();
    // One password in both encodings, and one KDF budget for every encrypted key of the text.
    let password = password.map(pkcs12::kdf::Password::new);
    let mut budget = pkcs12::kdf::Budget::new();
    let only_p7 = !blocks.is_empty() && blocks.iter().all(|b| pem::is_pkcs7_label(b.label));
    let mut bundle = Bundle::new(if only_p7 { Format::P7b } else { Format::Pem });
    for block in blocks {
        let index = bundle.certificates.len();
        if pem::is_certificate_label(block.label) {
            let der = if block.label == "TRUSTED CERTIFICATE" {
                // OpenSSL's "trusted certificate": the certificate followed by its trust settings.
                crate::der::Der::new(&block.der, 0)
                    .read()
                    .map_err(|e| e.at_certificate(index))?
                    .raw
                    .to_vec()
            } else {
                block.der
            };
            crate::cert::Certificate::check_structure(&der).map_err(|e| e.at_certificate(index))?;
            bundle.certificates.push(CertEntry::plain(der));
        } else if pem::is_pkcs7_label(block.label) {
            let inner = p7b::read(&block.der).map_err(|e| e.at_certificate(index))?;
            bundle.certificates.extend(inner.certificates);
            bundle.crls.extend(inner.crls);
        } else if crate::crl::read::is_crl_label(block.label) {
            crate::crl::read::push_checked(block.der, &mut bundle.crls)?;
        } else if pem::is_private_key_label(block.label) {
            bundle.warnings.push(Warning::new(
                "private_key",
                format!(
                    "a {} block (byte {}) holds a private key: dbcert reads its type and which certificate it belongs to, and never prints it; keep it out of files you share",
                    block.label, block.offset
                ),
            ));
            keys.push(crate::keys::read_pem_block(
                block.label,
                block.body,
                block.offset,
                password.as_ref(),
                &mut budget,
                &mut bundle.warnings,
            )?);
            crate::limits::check_count(keys.len())?;
        } else {
            bundle.warnings.push(Warning::new(
                "skipped_block",
                format!(
                    "a {} block (byte {}) is not a certificate and was skipped",
                    block.label, block.offset
                ),
            ));
        }
        crate::limits::check_count(bundle.certificates.len())?;
    }
    crate::keys::match_certificates(keys, &mut bundle);
    Ok(bundle)
}
