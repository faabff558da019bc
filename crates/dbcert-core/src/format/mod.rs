//! The container formats dbcert reads, by name, and (with the `bundles` feature) their
//! detection from the bytes. The names are in every build: the snippet-only build
//! (`--no-default-features`, the `dbcert-snippet` wasm module) names a CA file's format in its
//! snippets without the readers that detection needs.

#[cfg(feature = "bundles")]
mod detect;

#[cfg(feature = "bundles")]
pub use detect::{detect, diagnose, Detected};

/// A container format dbcert reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Format {
    /// PEM text: any number of `CERTIFICATE` / `TRUSTED CERTIFICATE` blocks with any text around them.
    Pem,
    /// One DER-encoded certificate.
    Der,
    /// PKCS#7 certs-only SignedData (`.p7b`), DER, BER or PEM (`-----BEGIN PKCS7-----`).
    P7b,
    /// Java KeyStore (magic `FEEDFEED`).
    Jks,
    /// Java Cryptography Extension KeyStore (magic `CECECECE`).
    Jceks,
    /// PKCS#12 / PFX (what Java 9+ writes for `.jks` by default).
    Pkcs12,
}

impl Format {
    /// Every format, in this order.
    pub const ALL: [Format; 6] = [
        Self::Pem,
        Self::Der,
        Self::P7b,
        Self::Jks,
        Self::Jceks,
        Self::Pkcs12,
    ];

    /// The lower-case name used in JSON, the CLI and the JS API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pem => "pem",
            Self::Der => "der",
            Self::P7b => "p7b",
            Self::Jks => "jks",
            Self::Jceks => "jceks",
            Self::Pkcs12 => "pkcs12",
        }
    }
}
