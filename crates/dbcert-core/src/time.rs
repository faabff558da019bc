//! Time as a number passed in by the caller (the core has no clock), and the conversions
//! between ASN.1 times, Unix seconds and RFC 3339.

use crate::der::{tag, Tlv};
use crate::error::{Error, ErrorCode, Result};

/// Seconds since 1970-01-01T00:00:00Z (negative before). Certificates use 1950–9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// From Unix milliseconds (what JavaScript's `Date.now()` gives), rounded down.
    pub fn from_millis(ms: i64) -> Self {
        Self(ms.div_euclid(1000))
    }

    /// RFC 3339 in UTC, e.g. `2031-11-09T23:59:59Z`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    /// Parses RFC 3339 (`2025-01-02T03:04:05Z`, `…+08:00`, fractional seconds ignored, or a date
    /// alone `2025-01-02` meaning midnight UTC).
    pub fn parse_rfc3339(s: &str) -> Result<Self> {
        let bad = || {
            Error::new(
                ErrorCode::InvalidOption,
                format!("\"{s}\" is not an RFC 3339 time (e.g. 2025-06-30T12:00:00Z)"),
            )
        };
        let b = s.trim().as_bytes();
        let num = |r: std::ops::Range<usize>| -> Result<i64> {
            let part = b.get(r).ok_or_else(bad)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return Err(bad());
            }
            Ok(part.iter().fold(0i64, |a, c| a * 10 + i64::from(c - b'0')))
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if b.get(4) != Some(&b'-')
            || b.get(7) != Some(&b'-')
            || !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
        {
            return Err(bad());
        }
        let mut t = days_from_civil(y, mo, d) * 86_400;
        if b.len() == 10 {
            return Ok(Self(t));
        }
        if !matches!(b.get(10), Some(b'T' | b't' | b' '))
            || b.get(13) != Some(&b':')
            || b.get(16) != Some(&b':')
        {
            return Err(bad());
        }
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if h > 23 || mi > 59 || sec > 60 {
            return Err(bad());
        }
        t += h * 3600 + mi * 60 + sec;
        let mut i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        match b.get(i) {
            Some(b'Z' | b'z') if b.len() == i + 1 => Ok(Self(t)),
            Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b.get(i + 3) == Some(&b':') => {
                let off = num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60;
                Ok(Self(if *sign == b'+' { t - off } else { t + off }))
            }
            _ => Err(bad()),
        }
    }

    /// Decodes an X.509 `Time` (UTCTime or GeneralizedTime, UTC with seconds, as RFC 5280 requires).
    pub fn from_asn1(t: &Tlv<'_>) -> Result<Self> {
        let v = t.value;
        let (year, rest) = match t.tag {
            tag::UTC_TIME if v.len() == 13 => {
                let yy = two(v, 0).ok_or_else(|| t.error("UTCTime has non-digits"))?;
                (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &v[2..])
            }
            tag::GENERALIZED_TIME if v.len() == 15 => {
                let hi = two(v, 0).ok_or_else(|| t.error("GeneralizedTime has non-digits"))?;
                let lo = two(v, 2).ok_or_else(|| t.error("GeneralizedTime has non-digits"))?;
                (hi * 100 + lo, &v[4..])
            }
            tag::UTC_TIME | tag::GENERALIZED_TIME => {
                return Err(t.error(
                    "time is not in the YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ form RFC 5280 requires",
                ))
            }
            _ => return Err(t.error("expected UTCTime or GeneralizedTime")),
        };
        let field = |i| two(rest, i).ok_or_else(|| t.error("time has non-digits"));
        let (mo, d, h, mi, s) = (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
        if rest.get(10) != Some(&b'Z')
            || !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(year, mo)
            || h > 23
            || mi > 59
            || s > 59
        {
            return Err(t.error("time is not a valid UTC date"));
        }
        Ok(Self(
            days_from_civil(year, mo, d) * 86_400 + h * 3600 + mi * 60 + s,
        ))
    }
}

fn two(v: &[u8], i: usize) -> Option<i64> {
    match (v.get(i), v.get(i + 1)) {
        (Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => {
            Some(i64::from(a - b'0') * 10 + i64::from(b - b'0'))
        }
        _ => None,
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date for a count of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::der::Der;

    #[test]
    fn rfc3339_round_trip() {
        for t in [
            0i64,
            951_782_400,
            2_147_483_647,
            -631_152_000,
            253_402_300_799,
        ] {
            let s = UnixTime(t).to_rfc3339();
            assert_eq!(UnixTime::parse_rfc3339(&s).unwrap().0, t, "{s}");
        }
        assert_eq!(UnixTime(951_782_400).to_rfc3339(), "2000-02-29T00:00:00Z");
        assert_eq!(
            UnixTime::parse_rfc3339("2000-02-29T08:00:00+08:00")
                .unwrap()
                .0,
            951_782_400
        );
        assert_eq!(
            UnixTime::parse_rfc3339("2000-02-29").unwrap().0,
            951_782_400
        );
        assert!(UnixTime::parse_rfc3339("2001-02-29").is_err());
        assert!(UnixTime::parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn asn1_times() {
        let utc = [
            0x17, 13, b'4', b'9', b'1', b'2', b'3', b'1', b'2', b'3', b'5', b'9', b'5', b'9', b'Z',
        ];
        let t = Der::new(&utc, 0).read().unwrap();
        assert_eq!(
            UnixTime::from_asn1(&t).unwrap().to_rfc3339(),
            "2049-12-31T23:59:59Z"
        );
        let gen = *b"\x18\x0f99991231235959Z";
        let t = Der::new(&gen, 0).read().unwrap();
        assert_eq!(
            UnixTime::from_asn1(&t).unwrap().to_rfc3339(),
            "9999-12-31T23:59:59Z"
        );
    }
}
