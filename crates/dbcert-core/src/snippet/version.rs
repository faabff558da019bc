//! Client and server versions: parsed from what people type or what a server reports
//! (`8.0.28`, `v1.10.0`, `5.7.44-log`, `5.5.5-10.11.6-MariaDB`), compared numerically.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};

/// A `major.minor.patch` version; missing parts count as 0 (`8.0` is `8.0.0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major number.
    pub major: u32,
    /// The minor number.
    pub minor: u32,
    /// The patch number.
    pub patch: u32,
}

/// A parsed version and what its suffix says about the product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedVersion {
    /// The numbers.
    pub version: Version,
    /// Whether the text names MariaDB (`10.11.6-MariaDB`), as MariaDB servers report.
    pub mariadb: bool,
}

impl Version {
    /// A version from its three numbers.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Parses `text`; see [`parse_version`].
    pub fn parse(text: &str) -> Result<Self> {
        parse_version(text).map(|p| p.version)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Parses a version: an optional `v`, one to three dot-separated numbers, then anything after
/// a non-digit (`-log`, `-MariaDB-0+deb12u1`). MariaDB's replication prefix `5.5.5-` is skipped.
pub fn parse_version(text: &str) -> Result<ParsedVersion> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidOption,
            format!(
                "{} is not a version; expected numbers like 8.0.28 or 10.11",
                super::quote::debug(text)
            ),
        )
    };
    let trimmed = text.trim();
    let mariadb = super::find(trimmed.to_ascii_lowercase().as_bytes(), 0, b"mariadb").is_some();
    let mut rest = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
    if mariadb {
        rest = rest.strip_prefix("5.5.5-").unwrap_or(rest);
    }
    let numeric_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let numeric = rest
        .get(..numeric_len)
        .ok_or_else(bad)?
        .trim_end_matches('.');
    if numeric.is_empty() {
        return Err(bad());
    }
    let mut parts = [0u32; 3];
    for (i, part) in numeric.split('.').enumerate() {
        // A fourth number (`10.11.6.1`) is allowed and ignored.
        if i >= 4 {
            return Err(bad());
        }
        let n: u32 = part.parse().map_err(|_| bad())?;
        if let Some(slot) = parts.get_mut(i) {
            *slot = n;
        }
    }
    Ok(ParsedVersion {
        version: Version::new(parts[0], parts[1], parts[2]),
        mariadb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        let v = |s: &str| parse_version(s).map(|p| (p.version, p.mariadb)).ok();
        assert_eq!(v("8.0.28"), Some((Version::new(8, 0, 28), false)));
        assert_eq!(v("v1.10.0"), Some((Version::new(1, 10, 0), false)));
        assert_eq!(v("8.0"), Some((Version::new(8, 0, 0), false)));
        assert_eq!(v("11"), Some((Version::new(11, 0, 0), false)));
        assert_eq!(v("5.7.44-log"), Some((Version::new(5, 7, 44), false)));
        assert_eq!(
            v("10.11.6-MariaDB-0+deb12u1"),
            Some((Version::new(10, 11, 6), true))
        );
        assert_eq!(
            v("5.5.5-10.11.6-MariaDB"),
            Some((Version::new(10, 11, 6), true))
        );
        for bad in ["", "x", "8..0", "1.2.3.4.5", "99999999999", "-1"] {
            assert_eq!(
                parse_version(bad).err().map(|e| e.code()),
                Some(ErrorCode::InvalidOption),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn compares_numerically() {
        assert!(Version::new(8, 0, 9) < Version::new(8, 0, 13));
        assert!(Version::new(10, 11, 0) > Version::new(10, 4, 6));
    }
}
