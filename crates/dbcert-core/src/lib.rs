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

// The snippet generator (and what it needs) is always built; everything that reads
// certificates and keystores is the `bundles` feature, the advisor `advise`. Both are default
// features: `--no-default-features` is the snippet-only build of the `dbcert-snippet` wasm
// module (crates/dbcert-snippet-wasm), which also leaves out `serde` (the models' derives and
// `json`): it writes its few answers itself.
pub mod error;
pub mod format;
#[cfg(feature = "serde")]
pub mod json;
pub mod option_words;
pub mod snippet;
mod sorted;

#[cfg(feature = "advise")]
pub mod advise;
#[cfg(feature = "advise")]
pub mod api;
#[cfg(feature = "bundles")]
pub mod ber;
#[cfg(feature = "bundles")]
pub mod bundle;
#[cfg(feature = "bundles")]
pub mod cert;
#[cfg(feature = "bundles")]
pub mod convert;
#[cfg(feature = "bundles")]
pub mod crl;
#[cfg(feature = "bundles")]
pub mod der;
#[cfg(feature = "bundles")]
pub mod formats;
#[cfg(feature = "bundles")]
pub mod inspect;
#[cfg(feature = "bundles")]
pub mod keys;
#[cfg(feature = "bundles")]
pub mod limits;
#[cfg(feature = "bundles")]
pub mod oid;
#[cfg(feature = "bundles")]
pub mod probe;
#[cfg(feature = "bundles")]
pub mod time;
#[cfg(feature = "bundles")]
pub mod verify;

#[cfg(feature = "bundles")]
pub use bundle::{Bundle, CertEntry, Integrity, KeyEntry, KeyEntryKind, KeyMaterial, Warning};
pub use error::{Error, ErrorCode, Result};
pub use format::Format;
#[cfg(feature = "bundles")]
pub use format::{detect, Detected};
#[cfg(feature = "bundles")]
pub use formats::{read, ReadOptions};
#[cfg(feature = "bundles")]
pub use inspect::{inspect, CertificateInfo, InspectReport};

/// Detects the format of `input` from its bytes; an error says why nothing matched: empty
/// (`empty_input`), DER cut short (`malformed_der`, with the byte it ends at) or anything else
/// (`unknown_format`), as [`formats::read`] says it.
#[cfg(feature = "bundles")]
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
