//! The five SSL modes MySQL defines (`--ssl-mode`), the shared vocabulary of every snippet.

use std::fmt;
use std::str::FromStr;

#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorCode};

/// How much a connection insists on TLS and how much of the server certificate it checks.
///
/// The order is from weakest to strictest, so `mode >= SslMode::VerifyCa` means "verifies the CA".
/// Serialised as the upper-case MySQL name (`"VERIFY_CA"`); parsed from that, from snake case
/// (`verify_ca`) or with a dash (`verify-ca`), in any case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SslMode {
    /// No TLS at all.
    Disabled,
    /// TLS when the server offers it, plaintext otherwise; nothing is verified.
    Preferred,
    /// TLS or no connection; the server certificate is not verified.
    Required,
    /// TLS, and the server certificate must chain to the given CA; the host name is not checked.
    VerifyCa,
    /// Like [`SslMode::VerifyCa`], and the host name must match the certificate.
    VerifyIdentity,
}

impl SslMode {
    /// Every mode, weakest first.
    pub const ALL: [SslMode; 5] = [
        Self::Disabled,
        Self::Preferred,
        Self::Required,
        Self::VerifyCa,
        Self::VerifyIdentity,
    ];

    /// The upper-case MySQL name, as in `--ssl-mode=VERIFY_CA`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disabled => "DISABLED",
            Self::Preferred => "PREFERRED",
            Self::Required => "REQUIRED",
            Self::VerifyCa => "VERIFY_CA",
            Self::VerifyIdentity => "VERIFY_IDENTITY",
        }
    }

    /// Whether the mode checks the server certificate against a CA (and so needs one).
    pub fn verifies(self) -> bool {
        self >= Self::VerifyCa
    }

    /// Whether the mode refuses a connection without TLS.
    pub fn requires_tls(self) -> bool {
        self >= Self::Required
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SslMode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == '-' {
                    '_'
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        Self::ALL.into_iter().find(|m| m.as_str() == norm).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "unknown SSL mode {}; expected one of disabled, preferred, required, verify_ca, verify_identity",
                    super::quote::debug(s)
                ),
            )
        })
    }
}

#[cfg(feature = "serde")]
impl Serialize for SslMode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for SslMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message().to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling() {
        for (s, m) in [
            ("disabled", SslMode::Disabled),
            ("PREFERRED", SslMode::Preferred),
            ("Required", SslMode::Required),
            ("verify_ca", SslMode::VerifyCa),
            ("VERIFY-IDENTITY", SslMode::VerifyIdentity),
        ] {
            assert_eq!(s.parse::<SslMode>().ok(), Some(m), "{s}");
        }
        let err = "verify".parse::<SslMode>().err().map(|e| e.code());
        assert_eq!(err, Some(ErrorCode::InvalidOption));
    }

    #[test]
    fn order_is_strictness() {
        assert!(SslMode::VerifyIdentity.verifies());
        assert!(!SslMode::Required.verifies());
        assert!(SslMode::Required.requires_tls());
        assert!(!SslMode::Preferred.requires_tls());
    }
}
