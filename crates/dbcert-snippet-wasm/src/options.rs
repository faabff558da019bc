//! Options read from the JSON text the JS side makes (`JSON.stringify`): a small streaming JSON
//! reader that sets each option field from its value as it reads it, by name.
//!
//! Neither serde_json's deserializer nor serde's derived visitors: with serde_json's number
//! parsing and the float printing serde's `Unexpected` display brings in (core's Grisu/Dragon and
//! their tables) they were 56 KB of this module's 204 KB of code, the visitors over a value tree
//! of our own still 31 KB, and that value tree 11 KB (W9, see wasm-pack.toml): values are read
//! straight into the fields, and a value of the wrong type is only skipped over to name its kind.
//! Options hold no fractional numbers, so a number with a fraction or an exponent is an invalid
//! type, and no float is ever formatted. The names and types are those of the core's serde
//! models ([`SnippetOptions`], [`View`]); a test holds the two readers to the same results.

use std::fmt;

use dbcert_core::snippet::{
    ClientLibrary, ServerFlavor, SnippetOptions, SslMode, TruststoreType, View,
};
use dbcert_core::Error as CoreError;

/// Deepest nesting of arrays and objects (the options object is level 1).
pub const MAX_DEPTH: usize = 16;

/// A message for an `invalid_option` error.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CoreError> for Error {
    fn from(e: CoreError) -> Self {
        Error(e.message().to_owned())
    }
}

impl std::error::Error for Error {}

fn unknown(key: &str, expected: &[&str]) -> Error {
    Error(format!(
        "unknown field `{key}`, expected one of {}",
        dbcert_core::snippet::join(expected, ", ")
    ))
}

/// The keys of `snippet()` options.
const OPTION_KEYS: [&str; 18] = [
    "client",
    "mode",
    "host",
    "port",
    "user",
    "database",
    "passwordPlaceholder",
    "ca",
    "caFormat",
    "truststore",
    "truststoreType",
    "truststorePassword",
    "clientVersion",
    "clientLibrary",
    "serverFlavor",
    "serverVersion",
    "tlsVersions",
    "cipher",
];

/// The keys of a view.
const VIEW_KEYS: [&str; 4] = ["clients", "modes", "theme", "stylesheet"];

/// `snippet()` options from JSON text.
pub fn snippet_options(json: &str) -> Result<SnippetOptions, Error> {
    let mut o = SnippetOptions::new("", SslMode::VerifyIdentity);
    let (mut client, mut mode) = (None, None);
    read_object(json, "an options object", |r, key| {
        // The lower-case names of the enum options, by their index in the list.
        let names = |r: &mut Reader, names: &[&str]| r.name(key, names);
        match key {
            "client" => client = r.string(key)?,
            "mode" => {
                mode = match r.string(key)? {
                    Some(m) => Some(m.parse::<SslMode>()?),
                    None => None,
                }
            }
            "host" => o.host = r.string(key)?,
            "port" => o.port = r.port()?,
            "user" => o.user = r.string(key)?,
            "database" => o.database = r.string(key)?,
            "passwordPlaceholder" => o.password_placeholder = r.string(key)?,
            "ca" => o.ca = r.string(key)?,
            "caFormat" => o.ca_format = r.string(key)?,
            "truststore" => o.truststore = r.string(key)?,
            "truststoreType" => {
                o.truststore_type = names(r, &["jks", "pkcs12"])?.map(|i| {
                    if i == 0 {
                        TruststoreType::Jks
                    } else {
                        TruststoreType::Pkcs12
                    }
                })
            }
            "truststorePassword" => o.truststore_password = r.string(key)?,
            "clientVersion" => o.client_version = r.string(key)?,
            "clientLibrary" => {
                o.client_library = names(r, &["mysql", "mariadb"])?.map(|i| {
                    if i == 0 {
                        ClientLibrary::Mysql
                    } else {
                        ClientLibrary::Mariadb
                    }
                })
            }
            "serverFlavor" => {
                o.server_flavor = names(r, &["mysql", "mariadb"])?.map(|i| {
                    if i == 0 {
                        ServerFlavor::Mysql
                    } else {
                        ServerFlavor::Mariadb
                    }
                })
            }
            "serverVersion" => o.server_version = r.string(key)?,
            "tlsVersions" => o.tls_versions = r.strings(key)?,
            "cipher" => o.cipher = r.string(key)?,
            other => return Err(unknown(other, &OPTION_KEYS)),
        }
        Ok(())
    })?;
    o.client = client.ok_or_else(|| Error("missing field `client`".to_owned()))?;
    o.mode = mode.ok_or_else(|| Error("missing field `mode`".to_owned()))?;
    Ok(o)
}

/// A view (`snippetHtml`'s second argument) from JSON text.
pub fn view(json: &str) -> Result<View, Error> {
    let mut view = View::default();
    read_object(json, "a view object", |r, key| {
        match key {
            "clients" => view.clients = r.strings(key)?.unwrap_or_default(),
            "modes" => view.modes = r.strings(key)?.unwrap_or_default(),
            "theme" => view.theme = r.string(key)?,
            "stylesheet" => view.stylesheet = r.string(key)?,
            other => return Err(unknown(other, &VIEW_KEYS)),
        }
        Ok(())
    })?;
    Ok(view)
}

/// Reads the whole text as one object (or `null`: no fields), calling `field` with each key
/// for it to read the value; `what` names the object for a message about another type.
fn read_object(
    json: &str,
    what: &str,
    mut field: impl FnMut(&mut Reader, &str) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut r = Reader { s: json, i: 0 };
    if !r.null() {
        if !r.eat(b'{') {
            return Err(Error(format!(
                "invalid type: {}, expected {what}",
                r.skip(1)?
            )));
        }
        if !r.eat(b'}') {
            loop {
                r.space();
                let key = r.text()?;
                if !r.eat(b':') {
                    return Err(r.bad());
                }
                field(&mut r, &key)?;
                if r.eat(b'}') {
                    break;
                }
                if !r.eat(b',') {
                    return Err(r.bad());
                }
            }
        }
    }
    r.space();
    if r.i != r.s.len() {
        return Err(r.bad());
    }
    Ok(())
}

struct Reader<'a> {
    s: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn bad(&self) -> Error {
        Error(format!("malformed JSON at byte {}", self.i))
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// Skips blanks, then `b` if it is next.
    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.peek() == Some(b);
        if hit {
            self.i += 1;
        }
        hit
    }

    /// Skips blanks, then `null` if it is next.
    fn null(&mut self) -> bool {
        self.space();
        let hit = self.s.as_bytes()[self.i..].starts_with(b"null");
        if hit {
            self.i += 4;
        }
        hit
    }

    /// `"…, expected {expected}"` for the value at hand, which is skipped to name its kind.
    fn invalid(&mut self, key: &str, expected: &str) -> Error {
        match self.skip(2) {
            Ok(kind) => Error(format!(
                "invalid type for `{key}`: {kind}, expected {expected}"
            )),
            Err(e) => e,
        }
    }

    /// A string or `null`.
    fn string(&mut self, key: &str) -> Result<Option<String>, Error> {
        if self.null() {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.invalid(key, "a string"));
        }
        self.text().map(Some)
    }

    /// An array of strings or `null`.
    fn strings(&mut self, key: &str) -> Result<Option<Vec<String>>, Error> {
        if self.null() {
            return Ok(None);
        }
        if !self.eat(b'[') {
            return Err(self.invalid(key, "an array of strings"));
        }
        let mut items = Vec::new();
        if !self.eat(b']') {
            loop {
                self.space();
                if self.peek() != Some(b'"') {
                    return Err(self.invalid(key, "a string"));
                }
                items.push(self.text()?);
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.bad());
                }
            }
        }
        Ok(Some(items))
    }

    /// A lower-case name among `names` (its index) or `null`.
    fn name(&mut self, key: &str, names: &[&str]) -> Result<Option<usize>, Error> {
        let Some(s) = self.string(key)? else {
            return Ok(None);
        };
        match names.iter().position(|n| *n == s) {
            Some(i) => Ok(Some(i)),
            None => Err(Error(format!(
                "unknown variant `{s}` for `{key}`, expected one of {}",
                dbcert_core::snippet::join(names, ", ")
            ))),
        }
    }

    /// The port: an integer from 0 to 65535, or `null`.
    fn port(&mut self) -> Result<Option<u16>, Error> {
        if self.null() {
            return Ok(None);
        }
        let start = self.i;
        match self.number() {
            Some(Ok(n)) => u16::try_from(n).map(Some).map_err(|_| {
                Error(format!(
                    "invalid value for `port`: integer `{n}`, expected u16"
                ))
            }),
            _ => {
                self.i = start;
                Err(self.invalid("port", "u16"))
            }
        }
    }

    /// A number: `None` when the next value is none, `Some(Ok(n))` for an integer from 0 to
    /// 2^64-1, `Some(Err(kind))` for another number.
    fn number(&mut self) -> Option<Result<u64, &'static str>> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let (mut n, mut digits, mut fits) = (0u64, 0, true);
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            match n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
            {
                Some(m) => n = m,
                None => fits = false,
            }
            digits += 1;
            self.i += 1;
        }
        let mut other = false;
        while self.peek().is_some_and(|b| b"+-.eE0123456789".contains(&b)) {
            other = true;
            self.i += 1;
        }
        if digits == 0 && !other {
            self.i = start;
            return None;
        }
        Some(match (negative, other, fits) {
            (false, false, true) => Ok(n),
            // A negative integer within i64.
            (true, false, true) if n <= 1 << 63 => Err("an integer"),
            _ => Err("a number with a fraction"),
        })
    }

    /// Skips one value (nested `depth` deep), returning what it is, for messages.
    fn skip(&mut self, depth: usize) -> Result<&'static str, Error> {
        if depth > MAX_DEPTH {
            return Err(Error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.space();
        let word = |r: &mut Self, w: &str, kind| {
            if r.s.as_bytes()[r.i..].starts_with(w.as_bytes()) {
                r.i += w.len();
                Ok(kind)
            } else {
                Err(r.bad())
            }
        };
        match self.peek() {
            Some(b'n') => word(self, "null", "null"),
            Some(b't') => word(self, "true", "a boolean"),
            Some(b'f') => word(self, "false", "a boolean"),
            Some(b'"') => self.text().map(|_| "a string"),
            Some(open @ (b'[' | b'{')) => {
                self.i += 1;
                let close = open + 2;
                if !self.eat(close) {
                    loop {
                        if open == b'{' {
                            self.space();
                            self.text()?;
                            if !self.eat(b':') {
                                return Err(self.bad());
                            }
                        }
                        self.skip(depth + 1)?;
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.bad());
                        }
                    }
                }
                Ok(if open == b'[' {
                    "an array"
                } else {
                    "an object"
                })
            }
            _ => match self.number() {
                Some(Ok(_)) => Ok("an integer"),
                Some(Err(kind)) => Ok(kind),
                None => Err(self.bad()),
            },
        }
    }

    /// A string (the reader at its opening quote), its escapes resolved.
    fn text(&mut self) -> Result<String, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.bad());
        }
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let b = self.peek().ok_or_else(|| self.bad())?;
            if b != b'"' && b != b'\\' {
                self.i += 1;
                continue;
            }
            // The text between escapes, as it is (quotes and backslashes are ASCII, so `run`
            // and `i` are character boundaries).
            out.push_str(self.s.get(run..self.i).unwrap_or_default());
            self.i += 1;
            if b == b'"' {
                return Ok(out);
            }
            let e = self.peek().ok_or_else(|| self.bad())?;
            self.i += 1;
            out.push(match e {
                b'"' | b'\\' | b'/' => char::from(e),
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode()?,
                _ => return Err(self.bad()),
            });
            run = self.i;
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut n = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.bad())?;
            n = n * 16 + d;
            self.i += 1;
        }
        Ok(n)
    }

    /// `\uXXXX`, a surrogate pair taken together; a lone surrogate is U+FFFD (as JS strings may hold one).
    fn unicode(&mut self) -> Result<char, Error> {
        let hi = self.hex4()?;
        if (0xd800..0xdc00).contains(&hi) && self.s.as_bytes()[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xdc00..0xe000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
            }
            self.i = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{fffd}'))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dbcert_core::snippet::{SnippetOptions, SslMode, TruststoreType, View};

    use super::{snippet_options, view};

    /// The same results as the core's serde models read by serde_json.
    #[test]
    fn reads_what_json_stringify_writes_as_serde_does() {
        let json = r#"{"client":"jdbc","mode":"verify-ca","port":3307,"truststoreType":"pkcs12","tlsVersions":["TLSv1.2"],"host":"d\u00e9 \ud83d\udd12\"","user":null,"clientLibrary":"mariadb","serverFlavor":"mysql","caFormat":"jks","database":"app","passwordPlaceholder":"<pw>","ca":"/ca.pem","truststore":"/t.p12","truststorePassword":"x","clientVersion":"8.0","serverVersion":"8.0.36","cipher":"A:B"}"#;
        let o = snippet_options(json).unwrap();
        assert_eq!(o, serde_json::from_str::<SnippetOptions>(json).unwrap());
        assert_eq!(o.mode, SslMode::VerifyCa);
        assert_eq!(o.truststore_type, Some(TruststoreType::Pkcs12));
        assert_eq!(o.host.as_deref(), Some("dé \u{1F512}\""));
        let v = r#"{"clients":["a","b"],"modes":["all"],"theme":"dark","stylesheet":"/x.css"}"#;
        assert_eq!(view(v).unwrap(), serde_json::from_str::<View>(v).unwrap());
    }

    #[test]
    fn refuses_what_serde_refuses() {
        for json in [
            r#"{"client":"a","mode":"REQUIRED","port":3306.5}"#,
            r#"{"client":"a","mode":"REQUIRED","port":70000}"#,
            r#"{"client":"a","mode":"REQUIRED","port":"3306"}"#,
            r#"{"client":"a","mode":"REQUIRED","colour":1}"#,
            r#"{"client":"a","mode":"REQUIRED","truststoreType":"bks"}"#,
            r#"{"client":"a","mode":"sometimes"}"#,
            r#"{"client":"a","mode":"REQUIRED","tlsVersions":"TLSv1.2"}"#,
            r#"{"client":"a","mode":"REQUIRED","tlsVersions":[1]}"#,
            r#"{"client":"a"}"#,
            r#"{"mode":"REQUIRED"}"#,
            r#"[]"#,
        ] {
            assert!(snippet_options(json).is_err(), "{json}");
            assert!(
                serde_json::from_str::<SnippetOptions>(json).is_err(),
                "{json}"
            );
        }
        let e = |json: &str| snippet_options(json).unwrap_err().to_string();
        assert!(e(r#"{"client":"a","mode":"REQUIRED","port":3306.5}"#)
            .contains("a number with a fraction"));
        assert!(
            e(r#"{"client":"a","mode":"REQUIRED","colour":1}"#).contains("unknown field `colour`")
        );
        assert!(e(r#"{"client":"a","mode":"REQUIRED""#).contains("malformed JSON"));
        let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert!(e(&format!(
            r#"{{"client":"a","mode":"REQUIRED","tlsVersions":{deep}}}"#
        ))
        .contains("nested deeper"));
    }
}
