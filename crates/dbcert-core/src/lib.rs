//! # dbcert-core
//!
//! The pure-Rust core of dbcert: it reads every CA bundle format that MySQL users are handed
//! (PEM, DER, P7B, JKS, JCEKS, PKCS#12), inspects certificates, and (in later modules) validates
//! chains, converts between formats and generates client snippets.
//!
//! Rules of this crate: no I/O, no clock (time is passed in as [`time::UnixTime`]), no
//! randomness of its own (seeds are passed in), no bindings, `#![forbid(unsafe_code)]`, and no
//! panic on any input: every failure is an [`Error`] with a stable [`ErrorCode`] and, where
//! known, the certificate index and byte offset.
//!
//! Entry points: [`read`] (bytes → [`Bundle`]), [`inspect()`] (bytes → [`InspectReport`]),
//! [`detect_format`].

#![forbid(unsafe_code)]
// Decoders must never panic on input: no unwrap or panic outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::panic))]

pub mod advise;
pub mod api;
pub mod ber;
pub mod bundle;
pub mod cert;
pub mod convert;
pub mod der;
pub mod error;
pub mod format;
pub mod formats;
pub mod inspect;
pub mod limits;
pub mod oid;
pub mod option_words;
pub mod probe;
pub mod snippet;
mod sorted;
pub mod time;
pub mod verify;

pub use bundle::{Bundle, CertEntry, Integrity, KeyEntry, KeyEntryKind, Warning};
pub use error::{Error, ErrorCode, Result};
pub use format::{detect, Detected, Format};
pub use formats::{read, ReadOptions};
pub use inspect::{inspect, CertificateInfo, InspectReport};

/// Detects the format of `input` from its bytes; an error says why nothing matched: empty
/// (`empty_input`), DER cut short (`malformed_der`, with the byte it ends at) or anything else
/// (`unknown_format`), as [`formats::read`] says it.
pub fn detect_format(input: &[u8]) -> Result<Format> {
    limits::check_input_size(input.len())?;
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(format::diagnose(input));
    }
    match detect(input) {
        Detected::Known(f) => Ok(f),
        Detected::Unsupported(what) => Err(Error::new(
            ErrorCode::UnsupportedFormat,
            format!("a {what} is not supported"),
        )),
        Detected::Unknown => Err(format::diagnose(input)),
    }
}
