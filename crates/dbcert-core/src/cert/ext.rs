//! The certificate extensions (RFC 5280 §4.2) dbcert reads, from x509-parser's decoded values.
//! A malformed extension is an error here that names it and its byte offset; `inspect` turns it
//! into a warning and `verify` into a `bad_extension` finding.

use x509_parser::asn1_rs::Oid;
use x509_parser::extensions::{GeneralName, ParsedExtension, X509Extension};
use x509_parser::prelude::FromDer;

use super::Certificate;
use crate::der::Der;
use crate::error::{Error, Result};
use crate::oid;

/// basicConstraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA flag.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u64>,
}

/// keyUsage bit names in bit order (RFC 5280 §4.2.1.3).
pub const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

/// keyUsage bit for keyCertSign.
pub const KU_KEY_CERT_SIGN: u16 = 5;
/// keyUsage bit for digitalSignature.
pub const KU_DIGITAL_SIGNATURE: u16 = 0;

/// authorityKeyIdentifier.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthorityKeyId<'a> {
    /// keyIdentifier.
    pub key_id: Option<&'a [u8]>,
}

impl<'a> Certificate<'a> {
    /// The decoded value of the extension with this OID: `None` when absent, an error with the
    /// extension's offset when x509-parser could not decode it.
    pub fn parsed_extension(&self, id: &[u8]) -> Result<Option<&ParsedExtension<'a>>> {
        let Some(e) = self.extension(id) else {
            return Ok(None);
        };
        // x509-parser decodes the first value in extnValue and ignores what follows it.
        let mut r = Der::new(e.value, 0);
        if r.read().is_ok() && !r.is_empty() {
            return Err(self.extension_error(e, "unexpected data after the extension value"));
        }
        match e.parsed_extension() {
            ParsedExtension::ParseError { error } => Err(self.extension_error(e, error)),
            p => Ok(Some(p)),
        }
    }

    /// An error about extension `e` (its message is `why`; callers name the extension).
    pub fn extension_error(&self, e: &X509Extension<'a>, why: impl std::fmt::Display) -> Error {
        let message = why.to_string();
        match self.extension_offset(e) {
            Some(at) => Error::der(message, at),
            None => Error::new(crate::ErrorCode::MalformedDer, message),
        }
    }

    /// basicConstraints, if present.
    pub fn basic_constraints(&self) -> Result<Option<BasicConstraints>> {
        Ok(match self.parsed_extension(oid::BASIC_CONSTRAINTS)? {
            Some(ParsedExtension::BasicConstraints(bc)) => Some(BasicConstraints {
                ca: bc.ca,
                path_len: bc.path_len_constraint.map(u64::from),
            }),
            _ => None,
        })
    }

    /// keyUsage bits (bit n set = `KEY_USAGE_NAMES[n]`), if present.
    pub fn key_usage(&self) -> Result<Option<u16>> {
        Ok(match self.parsed_extension(oid::KEY_USAGE)? {
            Some(ParsedExtension::KeyUsage(ku)) => Some(ku.flags & 0x1ff),
            _ => None,
        })
    }

    /// extKeyUsage purpose OIDs in encoded order, if present. (x509-parser keeps flags and the
    /// unknown OIDs; the list is read again with its asn1-rs to keep the certificate's order.)
    pub fn ext_key_usage(&self) -> Result<Option<Vec<Oid<'a>>>> {
        if self.parsed_extension(oid::EXT_KEY_USAGE)?.is_none() {
            return Ok(None);
        }
        let Some(e) = self.extension(oid::EXT_KEY_USAGE) else {
            return Ok(None);
        };
        match <Vec<Oid<'a>>>::from_der(e.value) {
            Ok((_, list)) => Ok(Some(list)),
            Err(why) => Err(self.extension_error(e, why)),
        }
    }

    /// subjectAltName entries (empty if absent).
    pub fn subject_alt_names(&self) -> Result<&[GeneralName<'a>]> {
        Ok(match self.parsed_extension(oid::SUBJECT_ALT_NAME)? {
            Some(ParsedExtension::SubjectAlternativeName(san)) => &san.general_names,
            _ => &[],
        })
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Result<Option<&'a [u8]>> {
        Ok(match self.parsed_extension(oid::SUBJECT_KEY_ID)? {
            Some(ParsedExtension::SubjectKeyIdentifier(k)) => Some(k.0),
            _ => None,
        })
    }

    /// authorityKeyIdentifier, if present.
    pub fn authority_key_id(&self) -> Result<Option<AuthorityKeyId<'a>>> {
        Ok(match self.parsed_extension(oid::AUTHORITY_KEY_ID)? {
            Some(ParsedExtension::AuthorityKeyIdentifier(a)) => Some(AuthorityKeyId {
                key_id: a.key_identifier.as_ref().map(|k| k.0),
            }),
            _ => None,
        })
    }
}
