//! Quoting values into the languages snippets are written in, so a path or password with a quote,
//! a backslash or a space still gives valid code.

use std::fmt::Write;

/// A double-quoted string literal with C-style escapes, valid in Java, C#, Go, JavaScript, Rust
/// and Python (non-ASCII is kept as is; control characters become `\uXXXX`, which Go and Rust
/// spell differently, so those two use their own forms).
fn c_like(s: &str, unicode: fn(&mut String, u32)) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => unicode(&mut out, c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn u4(out: &mut String, n: u32) {
    let _ = write!(out, "\\u{n:04x}");
}

fn x2(out: &mut String, n: u32) {
    let _ = write!(out, "\\x{n:02x}");
}

fn rust_u(out: &mut String, n: u32) {
    let _ = write!(out, "\\u{{{n:x}}}");
}

/// A Java (or C#, JavaScript) string literal.
pub fn java(s: &str) -> String {
    c_like(s, u4)
}

/// A JavaScript string literal.
pub fn js(s: &str) -> String {
    c_like(s, u4)
}

/// A C# string literal.
pub fn csharp(s: &str) -> String {
    c_like(s, u4)
}

/// A Python string literal.
pub fn python(s: &str) -> String {
    c_like(s, x2)
}

/// A Go interpreted string literal.
pub fn go(s: &str) -> String {
    c_like(s, x2)
}

/// A Rust string literal.
pub fn rust(s: &str) -> String {
    c_like(s, rust_u)
}

/// `s` as Rust's `{:?}` writes a string (what error messages quote a given value with): in
/// double quotes, each character as `char::escape_debug` gives it but `'` as it is. The same
/// text as `format!("{s:?}")` without the formatter's `Debug` for `str` (1.5 KB of the snippet
/// widget's module, W9).
pub fn debug(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '\'' {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
    out
}

/// A PHP single-quoted string (no `$` interpolation).
pub fn php(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Whether `b` may stand unquoted in a shell word or an option-file value: `[A-Za-z0-9]` and
/// `_-./:@%+=,` (a byte of a non-ASCII character is none of them).
fn plain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_-./:@%+=,".contains(&b)
}

/// A POSIX shell word: bare when it holds only safe characters, else single-quoted.
pub fn shell(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(plain_byte) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// An option-file (`my.cnf`) value: bare when simple, else double-quoted with escapes
/// (option files treat `\` as an escape character, and `#` starts a comment).
pub fn option_file(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(plain_byte) {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A Java `.properties` value (`\` is an escape; leading blanks would be dropped).
pub fn properties(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            ' ' if i == 0 => out.push_str("\\ "),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a URL query value or user-info part, keeping unreserved characters and
/// `/ : ,` (legal in a query and easier to read in paths and TLS lists) and the `<` `>` of
/// placeholders.
pub fn url_query(s: &str) -> String {
    encode(s, "-._~/:,<>")
}

/// Percent-encodes a URL user or password (keeps unreserved characters and placeholder brackets).
pub fn url_userinfo(s: &str) -> String {
    encode(s, "-._~<>")
}

fn encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.as_bytes().contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A .NET connection-string value: bare when it has no `;`, `=`, quotes or edge blanks, else
/// double-quoted with `"` doubled.
pub fn conn_string(s: &str) -> String {
    let plain = !s.bytes().any(|b| b";=\"'".contains(&b)) && s.trim() == s;
    if plain {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

/// `host:port`, with IPv6 literals in brackets.
pub fn host_port(host: &str, port: u16) -> String {
    if host.as_bytes().contains(&b':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_awkward_values() {
        assert_eq!(java(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(python("x\u{1}"), r#""x\x01""#);
        assert_eq!(rust("x\u{1}"), r#""x\u{1}""#);
        assert_eq!(php("it's $x"), r"'it\'s $x'");
        assert_eq!(shell("/tmp/ca.pem"), "/tmp/ca.pem");
        assert_eq!(shell("my ca's.pem"), r"'my ca'\''s.pem'");
        assert_eq!(shell(""), "''");
        assert_eq!(option_file("C:\\ca.pem"), r#""C:\\ca.pem""#);
        assert_eq!(url_query("file:/a b&c"), "file:/a%20b%26c");
        assert_eq!(url_userinfo("p@ss/w<x>"), "p%40ss%2Fw<x>");
        assert_eq!(conn_string("a;b"), "\"a;b\"");
        assert_eq!(host_port("::1", 3306), "[::1]:3306");
        for s in [
            "",
            "nope",
            "it's \"x\" \\ \n\r\t\0\u{1}\u{7f}",
            "d\u{e9} \u{1F512} \u{200b}\u{301}a\u{301} \u{fffe}\u{10ffff}\u{e000}\u{ad}\u{2028}",
            "\u{301}",
        ] {
            assert_eq!(debug(s), format!("{s:?}"), "{s}");
        }
        for c in (0..0x11_0000).filter_map(char::from_u32).step_by(7) {
            let s = format!("a{c}{c}b");
            assert_eq!(debug(&s), format!("{s:?}"));
        }
        assert_eq!(properties(" a\\b"), "\\ a\\\\b");
    }
}
