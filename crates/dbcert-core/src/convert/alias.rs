//! Keystore aliases: stable, readable and unique.

use std::collections::HashSet;

/// Makes an alias from a common name: lower-case, `[a-z0-9._-]` kept, every other run of
/// characters becomes one `-`, trimmed; `cert` when nothing is left.
pub fn from_common_name(cn: Option<&str>) -> String {
    let cn = cn.unwrap_or_default();
    let mut out = String::with_capacity(cn.len());
    let mut dash = false;
    let mut add = |c: char| {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    };
    for c in cn.chars() {
        if c.is_ascii() {
            add(c.to_ascii_lowercase());
        } else {
            // Some lower-case to ASCII: the Kelvin sign is `k`, `İ` is `i` and a combining dot.
            c.to_lowercase().for_each(&mut add);
        }
    }
    if out.is_empty() {
        "cert".to_owned()
    } else {
        out
    }
}

/// Hands out unique aliases: the second `name` becomes `name-2`, the third `name-3`, …
/// Comparison is case-insensitive (JKS lower-cases aliases).
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// Room for `n` aliases.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            taken: HashSet::with_capacity(n),
        }
    }

    /// Returns `wanted`, or `wanted-N` with the smallest free N ≥ 2.
    pub fn take(&mut self, wanted: &str) -> String {
        let base = wanted.to_lowercase();
        if !self.taken.contains(&base) {
            self.taken.insert(base);
            return wanted.to_owned();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.taken.contains(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_aliases() {
        assert_eq!(
            from_common_name(Some("DigiCert Global Root G2")),
            "digicert-global-root-g2"
        );
        assert_eq!(
            from_common_name(Some("  Amazon RDS eu-west-1 Root CA RSA2048 G1 ")),
            "amazon-rds-eu-west-1-root-ca-rsa2048-g1"
        );
        assert_eq!(from_common_name(Some("ÄÖ")), "cert");
        assert_eq!(from_common_name(Some("Root CA (2024)")), "root-ca-2024");
        assert_eq!(from_common_name(None), "cert");
        assert_eq!(
            from_common_name(Some("\u{212a}ELVIN \u{130}STANBUL")),
            "kelvin-i-stanbul"
        );
    }

    #[test]
    fn clashes_get_numbers() {
        let mut u = Unique::default();
        assert_eq!(u.take("root"), "root");
        assert_eq!(u.take("root"), "root-2");
        assert_eq!(u.take("ROOT"), "root-3");
        assert_eq!(u.take("root-2"), "root-2-2");
    }
}
