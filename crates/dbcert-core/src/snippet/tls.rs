//! TLS protocol versions as the user names them (`TLSv1.2`, `1.3`, `TLS 1.2`) and as each client
//! spells them.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};

/// A TLS protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsVersion {
    /// TLS 1.0 (MySQL spells it `TLSv1`).
    Tls10,
    /// TLS 1.1.
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl TlsVersion {
    /// Every version, oldest first.
    pub const ALL: [TlsVersion; 4] = [Self::Tls10, Self::Tls11, Self::Tls12, Self::Tls13];

    /// MySQL's and Java's name: `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`.
    pub fn mysql_name(self) -> &'static str {
        match self {
            Self::Tls10 => "TLSv1",
            Self::Tls11 => "TLSv1.1",
            Self::Tls12 => "TLSv1.2",
            Self::Tls13 => "TLSv1.3",
        }
    }

    /// The bare number: `1.0`, `1.1`, `1.2`, `1.3`.
    pub fn number(self) -> &'static str {
        match self {
            Self::Tls10 => "1.0",
            Self::Tls11 => "1.1",
            Self::Tls12 => "1.2",
            Self::Tls13 => "1.3",
        }
    }

    /// Parses `TLSv1.2`, `tlsv1`, `TLS1.2`, `TLS 1.2`, `1.2` (any case).
    pub fn parse(text: &str) -> Result<Self> {
        let lower = text.trim().to_ascii_lowercase();
        let rest = lower.strip_prefix("tls").unwrap_or(&lower);
        let rest = rest.trim_start_matches(['v', ' ', '_']);
        match rest {
            "1" | "1.0" | "1_0" => Ok(Self::Tls10),
            "1.1" | "1_1" => Ok(Self::Tls11),
            "1.2" | "1_2" => Ok(Self::Tls12),
            "1.3" | "1_3" => Ok(Self::Tls13),
            _ => Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "{} is not a TLS version; expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3",
                    super::quote::debug(text)
                ),
            )),
        }
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mysql_name())
    }
}

/// Parses a list (each item may itself be comma separated), sorted oldest first, without
/// duplicates. An empty list is an error: it would allow nothing.
pub fn parse_list<S: AsRef<str>>(items: &[S]) -> Result<Vec<TlsVersion>> {
    let mut out = Vec::new();
    for item in items {
        for part in item
            .as_ref()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            crate::sorted::insert_unique(&mut out, TlsVersion::parse(part)?);
        }
    }
    if out.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "the TLS version list is empty",
        ));
    }
    Ok(out)
}

/// `TLSv1.2,TLSv1.3`: MySQL's comma list.
pub fn mysql_list(versions: &[TlsVersion]) -> String {
    let names: Vec<&str> = versions.iter().map(|v| v.mysql_name()).collect();
    super::join(&names, ",")
}

/// Whether the versions form one unbroken range (clients that take only a minimum and maximum
/// cannot express `TLSv1,TLSv1.2`).
pub fn is_contiguous(versions: &[TlsVersion]) -> bool {
    versions.windows(2).all(|w| match w {
        [a, b] => (*b as u8) == (*a as u8) + 1,
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists() {
        let l = parse_list(&["TLSv1.3, tlsv1.2", "1.2"]).ok();
        assert_eq!(l, Some(vec![TlsVersion::Tls12, TlsVersion::Tls13]));
        assert_eq!(parse_list(&["TLSv1"]).ok(), Some(vec![TlsVersion::Tls10]));
        assert!(parse_list(&["SSLv3"]).is_err());
        assert!(parse_list::<&str>(&[]).is_err());
        assert_eq!(
            mysql_list(&[TlsVersion::Tls12, TlsVersion::Tls13]),
            "TLSv1.2,TLSv1.3"
        );
        assert!(is_contiguous(&[TlsVersion::Tls11, TlsVersion::Tls12]));
        assert!(!is_contiguous(&[TlsVersion::Tls10, TlsVersion::Tls12]));
    }
}
