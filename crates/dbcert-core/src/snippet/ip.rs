//! Whether a host is an IP address literal, exactly as `str::parse::<std::net::IpAddr>` decides
//! it (dotted-quad IPv4 without leading zeros; IPv6 with `::` and a trailing embedded IPv4), by
//! a small scan of our own: std's address parser (its IPv4, IPv6 and number readers) was 2.4 KB
//! of the snippet widget's module (W9), which only needs the yes or no. A test holds the two to
//! the same answer over a million strings.

/// Whether `s` parses as a `std::net::IpAddr`.
pub(crate) fn is_ip(s: &str) -> bool {
    let b = s.as_bytes();
    ipv4(b, 0) == Some(b.len()) || ipv6(b) == Some(b.len())
}

/// An IPv4 address starting at `i`: where it ends. Four decimal parts of one to three digits,
/// none above 255, no leading zero.
fn ipv4(b: &[u8], mut i: usize) -> Option<usize> {
    for part in 0..4 {
        if part > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let (start, mut n) = (i, 0u32);
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            n = n * 10 + u32::from(d - b'0');
            i += 1;
            if i - start > 3 {
                return None;
            }
        }
        if i == start || n > 255 || (b.get(start) == Some(&b'0') && i - start > 1) {
            return None;
        }
    }
    Some(i)
}

/// Up to `limit` colon-separated groups from `i` (one to four hex digits each; the last two may
/// be an IPv4 address): `(end, groups read, whether an IPv4 address ended them)`. A group that
/// does not read leaves `end` before its colon.
fn groups(b: &[u8], mut i: usize, limit: usize) -> (usize, usize, bool) {
    for k in 0..limit {
        let start = if k == 0 {
            i
        } else if b.get(i) == Some(&b':') {
            i + 1
        } else {
            return (i, k, false);
        };
        if k + 1 < limit {
            if let Some(end) = ipv4(b, start) {
                return (end, k + 2, true);
            }
        }
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_hexdigit) {
            end += 1;
        }
        if end == start || end - start > 4 {
            return (i, k, false);
        }
        i = end;
    }
    (i, limit, false)
}

/// An IPv6 address from the start of `b`: where it ends.
fn ipv6(b: &[u8]) -> Option<usize> {
    let (i, head, v4) = groups(b, 0, 8);
    if head == 8 {
        return Some(i);
    }
    if v4 || b.get(i..i + 2) != Some(b"::".as_slice()) {
        return None;
    }
    Some(groups(b, i + 2, 7 - head).0)
}

#[cfg(test)]
mod tests {
    use super::is_ip;

    fn std_says(s: &str) -> bool {
        s.parse::<std::net::IpAddr>().is_ok()
    }

    #[test]
    fn answers_as_std_does() {
        for s in [
            "",
            "1.2.3.4",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "0.0.0.0",
            "1.2.3",
            "1.2.3.4.5",
            "1234.1.1.1",
            "::",
            "::1",
            "1::",
            "fe80::1",
            "[::1]",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:1.2.3.4",
            "::1.2.3.4",
            "1.2.3.4::",
            "12345::",
            ":::",
            "1:::2",
            "::1:2:3:4:5:6:7",
            "1::2:3:4:5:6:7",
            "1:2:3:4:5:6:7::",
            "::01.2.3.4",
            "::1.2.3",
            "fe80::1%eth0",
            "db.example.com",
            "<host>",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::2:3:4:5:6:7:8",
            "1::2::3",
            "a:b:c:d:e:f:0:1",
            "ABCD::EF",
            "::ffff:001.2.3.4",
            " 1.2.3.4",
        ] {
            assert_eq!(is_ip(s), std_says(s), "{s:?}");
        }
        // A million strings over the characters addresses are made of.
        let alphabet = b"0123456789abcdefABCDEF:.:.:g12";
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..1_000_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 24) as usize;
            let s: String = (0..len)
                .map(|k| {
                    let r = x.rotate_left(5 * k as u32 + 3) ^ (k as u64).wrapping_mul(0x2545_f491);
                    char::from(alphabet[(r % alphabet.len() as u64) as usize])
                })
                .collect();
            assert_eq!(is_ip(&s), std_says(&s), "{s:?}");
        }
        // And a million made of address pieces, a good share of them valid.
        let pieces = [
            "0",
            "1",
            "9",
            "10",
            "99",
            "255",
            "256",
            "01",
            "00",
            "999",
            "1000",
            "a",
            "ff",
            "ffff",
            "FFFF",
            "fffff",
            "0000",
            "00000",
            "1.2.3.4",
            "0.0.0.0",
            "255.255.255.255",
            "1.2.3",
        ];
        let seps = [":", "::", ".", ":", ".", ":::"];
        let mut valid = 0;
        for _ in 0..1_000_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut s = String::new();
            let n = 1 + (x % 10) as usize;
            for k in 0..n {
                let r = x.rotate_left(6 * k as u32 + 1);
                if k > 0 || r & 64 == 0 {
                    s.push_str(seps[((r >> 8) % seps.len() as u64) as usize]);
                }
                if (r >> 16) & 7 != 0 {
                    s.push_str(pieces[((r >> 20) % pieces.len() as u64) as usize]);
                }
            }
            let std = std_says(&s);
            valid += usize::from(std);
            assert_eq!(is_ip(&s), std, "{s:?}");
        }
        assert!(valid > 10_000, "{valid} valid addresses");
    }
}
