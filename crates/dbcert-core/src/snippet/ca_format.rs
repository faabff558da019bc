//! The kinds of CA file a snippet can be pointed at, by name.
//!
//! The snippet generator's own list rather than [`crate::format::Format`]: that module detects
//! formats from the bytes and so needs the DER and container readers, which the snippet-only
//! build (`--no-default-features`, the `dbcert-snippet` wasm module) leaves out. The names are
//! the same (`pem`, `der`, `p7b`, `jks`, `jceks`, `pkcs12`); a test holds the two lists equal.

/// A CA file's container format, as named in `caFormat` or guessed from the extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Pem,
    Der,
    P7b,
    Jks,
    Jceks,
    Pkcs12,
}

impl Format {
    /// Every format, in the order of [`crate::format::Format`].
    pub(crate) const ALL: [Format; 6] = [
        Self::Pem,
        Self::Der,
        Self::P7b,
        Self::Jks,
        Self::Jceks,
        Self::Pkcs12,
    ];

    /// The lower-case name used in options and messages.
    pub(crate) fn as_str(self) -> &'static str {
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

#[cfg(all(test, feature = "bundles"))]
mod tests {
    use crate::format::Format as Detected;

    #[test]
    fn names_equal_the_detectors() {
        let detected = [
            Detected::Pem,
            Detected::Der,
            Detected::P7b,
            Detected::Jks,
            Detected::Jceks,
            Detected::Pkcs12,
        ];
        let names: Vec<&str> = super::Format::ALL.iter().map(|f| f.as_str()).collect();
        let want: Vec<&str> = detected.iter().map(|f| f.as_str()).collect();
        assert_eq!(names, want);
    }
}
