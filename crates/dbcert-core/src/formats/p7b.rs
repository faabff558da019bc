//! PKCS#7 / CMS certs-only SignedData (`.p7b`), read from DER, BER or PEM and written as DER
//! byte-identical to `openssl crl2pkcs7 -nocrl`.
//!
//! ```text
//! ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
//! SignedData ::= SEQUENCE {
//!   version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier,
//!   encapContentInfo EncapsulatedContentInfo,
//!   certificates [0] IMPLICIT CertificateSet OPTIONAL,
//!   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
//!   signerInfos SET OF SignerInfo }                                  -- RFC 5652 §5.1
//! ```

use crate::bundle::{Bundle, CertEntry, Warning};
use crate::der::{constructed, tag, tlv, Der, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::format::Format;
use crate::oid;

/// Reads a P7B from DER or BER bytes (a ContentInfo, or a bare SignedData).
pub fn read(input: &[u8]) -> Result<Bundle> {
    let (der, used) = crate::ber::normalize(input, 0)?;
    if used != input.len() {
        return Err(Error::der(
            "unexpected data after the PKCS#7 structure",
            used,
        ));
    }
    let mut b = read_der(&der)?;
    if matches!(der, std::borrow::Cow::Owned(_)) {
        b.warnings.push(Warning::new(
            "ber_encoding",
            "the P7B uses BER (indefinite lengths); it was read, and dbcert writes DER when converting",
        ));
    }
    Ok(b)
}

fn read_der(input: &[u8]) -> Result<Bundle> {
    let mut top = Der::new(input, 0);
    let outer = top.expect(tag::SEQUENCE, "PKCS#7 ContentInfo")?;
    top.finish("the PKCS#7 structure")?;
    let mut r = outer.reader()?;
    let signed_data = match r.peek_tag() {
        Some(tag::OID) => {
            let ct = r.read()?;
            if ct.value != oid::SIGNED_DATA {
                return Err(Error::new(
                    ErrorCode::UnknownFormat,
                    format!(
                        "this PKCS#7 file is {}, not a certificate bundle (signedData)",
                        oid::name(ct.value)
                    ),
                )
                .at_offset(ct.offset));
            }
            let mut content = r.expect(tag::context(0), "[0] content")?.reader()?;
            let sd = content.expect(tag::SEQUENCE, "SignedData")?;
            content.finish("SignedData")?;
            sd
        }
        _ => outer,
    };
    let mut bundle = Bundle::new(Format::P7b);
    let mut sd = signed_data.reader()?;
    sd.expect(tag::INTEGER, "SignedData version")?;
    sd.expect(tag::SET, "digestAlgorithms")?;
    let encap = sd.expect(tag::SEQUENCE, "encapContentInfo")?;
    let certs = sd.optional(tag::context(0))?;
    let crls = sd.optional(tag::context(1))?;
    let signers = sd.expect(tag::SET, "signerInfos")?;
    sd.finish("SignedData")?;
    if !signers.value.is_empty() || has_content(&encap)? {
        bundle.warnings.push(Warning::new(
            "signed_message",
            "this is a signed message, not a certs-only bundle; only its certificates were read",
        ));
    }
    if let Some(certs) = certs {
        let mut cr = certs.reader()?;
        while !cr.is_empty() {
            let index = bundle.certificates.len();
            let c = cr.read()?;
            if c.tag != tag::SEQUENCE {
                bundle.warnings.push(Warning::new(
                    "skipped_entry",
                    format!(
                        "an attribute or other certificate (tag 0x{:02x}) was skipped",
                        c.tag
                    ),
                ));
                continue;
            }
            crate::cert::Certificate::check_structure(c.raw)
                .map_err(|e| e.shifted(c.offset).at_certificate(index))?;
            bundle.certificates.push(CertEntry::plain(c.raw.to_vec()));
            crate::limits::check_count(bundle.certificates.len())?;
        }
    }
    if let Some(crls) = crls {
        let mut cr = crls.reader()?;
        while !cr.is_empty() {
            let c = cr.read()?;
            if c.tag != tag::SEQUENCE {
                bundle.warnings.push(Warning::new(
                    "skipped_entry",
                    format!(
                        "a revocation entry that is not a CRL (tag 0x{:02x}) was skipped",
                        c.tag
                    ),
                ));
                continue;
            }
            crate::crl::read::push_checked(c.raw.to_vec(), &mut bundle.crls)
                .map_err(|e| e.shifted(c.offset))?;
        }
    }
    Ok(bundle)
}

/// True when the encapsulated content is present (a signed message rather than a bundle).
fn has_content(encap: &Tlv<'_>) -> Result<bool> {
    let mut r = encap.reader()?;
    r.expect(tag::OID, "eContentType")?;
    Ok(!r.is_empty())
}

/// Writes certs-only SignedData as DER, certificates in the given order, exactly as
/// `openssl crl2pkcs7 -nocrl` does (version 1, no digest algorithms, `data` content type, no
/// CRLs, no signers). The certificate SET keeps input order, as OpenSSL and Java write it:
/// order carries meaning for chains and every reader accepts it.
pub fn write<'a>(certificates: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let certs: Vec<&[u8]> = certificates.into_iter().collect();
    let certs_len: usize = certs.iter().map(|c| c.len()).sum();
    let version = tlv(tag::INTEGER, &[1]);
    let digest_algorithms = tlv(tag::SET, &[]);
    let encap = constructed(tag::SEQUENCE, &[&tlv(tag::OID, oid::DATA)]);
    let signer_infos = tlv(tag::SET, &[]);
    let ct = tlv(tag::OID, oid::SIGNED_DATA);
    // The headers first, from the lengths, then every byte once into one buffer: nesting
    // finished TLVs copied the certificates four times, into ever larger buffers.
    let cert_set = header(tag::context(0), certs_len);
    // guard: every part is bytes already in memory (`certs_len` is their sum), far below usize::MAX.
    let signed_len = version.len()
        + digest_algorithms.len()
        + encap.len()
        + cert_set.len()
        + certs_len
        + signer_infos.len();
    let signed_data = header(tag::SEQUENCE, signed_len);
    // guard: as above, sums of lengths of buffers in memory.
    let content = header(tag::context(0), signed_data.len() + signed_len);
    let top_len = [ct.len(), content.len(), signed_data.len(), signed_len]
        .into_iter()
        .fold(0usize, usize::saturating_add);
    let top = header(tag::SEQUENCE, top_len);
    let head = [
        &top,
        &ct,
        &content,
        &signed_data,
        &version,
        &digest_algorithms,
        &encap,
        &cert_set,
    ];
    // guard: as above.
    let mut out = Vec::with_capacity(head.iter().map(|h| h.len()).sum::<usize>() + certs_len + 2);
    for part in head
        .into_iter()
        .map(Vec::as_slice)
        .chain(certs)
        .chain([&signer_infos[..]])
    {
        out.extend_from_slice(part);
    }
    out
}

/// A tag and a DER length: the start of a TLV whose `len` content bytes follow.
fn header(t: u8, len: usize) -> Vec<u8> {
    let mut out = vec![t];
    crate::der::write_len(&mut out, len);
    out
}

/// Writes the P7B as PEM (`-----BEGIN PKCS7-----`), as `openssl crl2pkcs7` does.
pub fn write_pem<'a>(certificates: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut s = String::new();
    crate::formats::pem::encode("PKCS7", &write(certificates), &mut s);
    s
}
