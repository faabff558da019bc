//! The one error type of the core: a stable code, a human message and where it happened.

use std::fmt;

/// What went wrong, as a stable snake_case code (see [`ErrorCode::as_str`]).
///
/// The codes are part of the public contract: the CLI prints them, the JS packages set them as
/// `err.code`, and tests match on them. New codes may be added; existing ones never change meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is larger than [`crate::limits::MAX_INPUT_BYTES`].
    InputTooLarge,
    /// The input is empty (or only white space).
    EmptyInput,
    /// The bytes are none of the formats dbcert reads.
    UnknownFormat,
    /// A recognised keystore format that dbcert does not read (BKS, UBER, BCFKS, …).
    UnsupportedFormat,
    /// DER/BER structure is broken: bad length, truncated, wrong tag.
    MalformedDer,
    /// A PEM block is broken: no end line, bad base64.
    MalformedPem,
    /// A certificate decodes, but its encoding breaks DER in a way every measured client TLS
    /// stack (OpenSSL, Go, Java) refuses (see `cert::encoding`).
    MalformedCertificate,
    /// A keystore's own structure (JKS, JCEKS, PKCS#12) is broken.
    MalformedKeystore,
    /// A certificate revocation list cannot be decoded, or a CRL file holds none.
    MalformedCrl,
    /// A private key (PKCS#8, PKCS#1, SEC 1, or its encryption) cannot be decoded.
    MalformedKey,
    /// A keystore's integrity can only be checked, or its content only read, with a password.
    PasswordRequired,
    /// The password does not open the keystore (the stored data itself looks intact).
    WrongPassword,
    /// A private key belongs to none of the certificates it is to be written with (a client
    /// keystore or PEM identity would fail every TLS handshake).
    KeyMismatch,
    /// The integrity check failed and the file looks altered (or the password is wrong).
    IntegrityFailed,
    /// An algorithm (cipher, MAC, KDF, signature) that dbcert does not implement.
    UnsupportedAlgorithm,
    /// A resource limit was hit (certificate count, nesting depth, KDF iterations, …).
    LimitExceeded,
    /// The input was read but holds no certificate.
    NoCertificates,
    /// An option is missing, unknown or out of range.
    InvalidOption,
    /// `probe`: nothing listens on the port (the connection was refused).
    ConnectionRefused,
    /// `probe`: the host could not be resolved or reached, or the connection broke.
    ConnectionFailed,
    /// `probe`: connecting or waiting for the server took longer than the timeout.
    Timeout,
    /// `probe`: the service on the port does not speak the MySQL protocol.
    NotMysql,
    /// `probe`: the MySQL server does not offer TLS (no CLIENT_SSL in its greeting).
    TlsNotOffered,
    /// `probe`: no TLS handshake with the server succeeded (the alert is in the message).
    TlsHandshakeFailed,
    /// `probe`: the server answered with a MySQL error packet (e.g. "Host is blocked").
    ServerError,
    /// The function cannot work on this platform (`probe` in a browser: no raw sockets).
    UnsupportedPlatform,
}

impl ErrorCode {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InputTooLarge => "input_too_large",
            Self::EmptyInput => "empty_input",
            Self::UnknownFormat => "unknown_format",
            Self::UnsupportedFormat => "unsupported_format",
            Self::MalformedDer => "malformed_der",
            Self::MalformedPem => "malformed_pem",
            Self::MalformedCertificate => "malformed_certificate",
            Self::MalformedKeystore => "malformed_keystore",
            Self::MalformedCrl => "malformed_crl",
            Self::MalformedKey => "malformed_key",
            Self::PasswordRequired => "password_required",
            Self::WrongPassword => "wrong_password",
            Self::KeyMismatch => "key_mismatch",
            Self::IntegrityFailed => "integrity_failed",
            Self::UnsupportedAlgorithm => "unsupported_algorithm",
            Self::LimitExceeded => "limit_exceeded",
            Self::NoCertificates => "no_certificates",
            Self::InvalidOption => "invalid_option",
            Self::ConnectionRefused => "connection_refused",
            Self::ConnectionFailed => "connection_failed",
            Self::Timeout => "timeout",
            Self::NotMysql => "not_mysql",
            Self::TlsNotOffered => "tls_not_offered",
            Self::TlsHandshakeFailed => "tls_handshake_failed",
            Self::ServerError => "server_error",
            Self::UnsupportedPlatform => "unsupported_platform",
        }
    }

    /// Every code, for documentation and contract tests.
    pub const ALL: &'static [ErrorCode] = &[
        Self::InputTooLarge,
        Self::EmptyInput,
        Self::UnknownFormat,
        Self::UnsupportedFormat,
        Self::MalformedDer,
        Self::MalformedPem,
        Self::MalformedCertificate,
        Self::MalformedKeystore,
        Self::MalformedCrl,
        Self::MalformedKey,
        Self::PasswordRequired,
        Self::WrongPassword,
        Self::KeyMismatch,
        Self::IntegrityFailed,
        Self::UnsupportedAlgorithm,
        Self::LimitExceeded,
        Self::NoCertificates,
        Self::InvalidOption,
        Self::ConnectionRefused,
        Self::ConnectionFailed,
        Self::Timeout,
        Self::NotMysql,
        Self::TlsNotOffered,
        Self::TlsHandshakeFailed,
        Self::ServerError,
        Self::UnsupportedPlatform,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A core error: a [`ErrorCode`], a message a person can act on, and a location. Boxed, so
/// that a `Result` is hardly larger than its value: the DER reader returns one per TLV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    code: ErrorCode,
    message: String,
    certificate: Option<usize>,
    offset: Option<usize>,
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error with a code and a message, no location yet.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            code,
            message: message.into(),
            certificate: None,
            offset: None,
        }))
    }

    /// A malformed-DER error at an absolute byte offset of the input.
    pub fn der(message: impl Into<String>, offset: usize) -> Self {
        Self::new(ErrorCode::MalformedDer, message).at_offset(offset)
    }

    /// Sets the byte offset (in the input as given) if none is set yet.
    #[must_use]
    pub fn at_offset(mut self, offset: usize) -> Self {
        self.0.offset.get_or_insert(offset);
        self
    }

    /// Shifts a known offset by `base` (when a nested buffer was decoded on its own).
    #[must_use]
    pub fn shifted(mut self, base: usize) -> Self {
        if let Some(o) = self.0.offset.as_mut() {
            *o = o.saturating_add(base);
        }
        self
    }

    /// Sets the certificate index (0-based, in input order) if none is set yet.
    #[must_use]
    pub fn at_certificate(mut self, index: usize) -> Self {
        self.0.certificate.get_or_insert(index);
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The message, without location.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The 0-based index of the certificate the error is about, if known.
    pub fn certificate(&self) -> Option<usize> {
        self.0.certificate
    }

    /// The byte offset in the input (for PEM: in the decoded DER of the block), if known.
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        match (self.0.certificate, self.0.offset) {
            (Some(c), Some(o)) => write!(f, " (certificate #{}, byte {o})", c + 1),
            (Some(c), None) => write!(f, " (certificate #{})", c + 1),
            (None, Some(o)) => write!(f, " (byte {o})"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            let s = c.as_str();
            assert!(
                s.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{s}"
            );
            assert!(seen.insert(s), "duplicate {s}");
        }
    }

    #[test]
    fn display_names_certificate_and_byte() {
        let e = Error::der("length runs past the end", 812).at_certificate(1);
        assert_eq!(
            e.to_string(),
            "length runs past the end (certificate #2, byte 812)"
        );
        assert_eq!(e.code().as_str(), "malformed_der");
    }
}
