//! Options read from the JSON text the JS side makes (`JSON.stringify`): a small JSON reader
//! and the option fields set from what it read, by name.
//!
//! Neither serde_json's deserializer nor serde's derived visitors: with serde_json's number
//! parsing and the float printing serde's `Unexpected` display brings in (core's Grisu/Dragon and
//! their tables) they were 56 KB of this module's 204 KB of code, and the visitors over a value
//! tree of our own still 31 KB (W9, see wasm-pack.toml). Options hold no fractional numbers, so a
//! number with a fraction or an exponent is an invalid type, and no float is ever formatted.
//! The names and types are those of the core's serde models ([`SnippetOptions`], [`View`]); a
//! test holds the two readers to the same results.

use std::fmt;

use dbcert_core::snippet::{
    ClientLibrary, ServerFlavor, SnippetOptions, SslMode, TruststoreType, View,
};
use dbcert_core::Error as CoreError;

/// Deepest nesting of arrays and objects (the options object is level 1).
pub const MAX_DEPTH: usize = 16;

/// A JSON value, numbers as integers only.
enum Value {
    Null,
    Bool,
    Unsigned(u64),
    /// A negative integer.
    Signed,
    /// A number with a fraction or exponent, or out of the 64-bit range.
    OtherNumber,
    Str(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

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

/// Reads one JSON value (the whole text).
fn parse(json: &str) -> Result<Value, Error> {
    let mut r = Reader {
        s: json.as_bytes(),
        i: 0,
    };
    let v = r.value(1)?;
    r.space();
    if r.i != r.s.len() {
        return Err(r.bad());
    }
    Ok(v)
}

/// What a value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool => "a boolean",
        Value::Unsigned(_) | Value::Signed => "an integer",
        Value::OtherNumber => "a number with a fraction",
        Value::Str(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn invalid(key: &str, v: &Value, expected: &str) -> Error {
    Error(format!(
        "invalid type for `{key}`: {}, expected {expected}",
        kind(v)
    ))
}

/// The fields of an object, or an error.
fn fields(v: Value, what: &str) -> Result<Vec<(String, Value)>, Error> {
    match v {
        Value::Object(f) => Ok(f),
        Value::Null => Ok(Vec::new()),
        other => Err(Error(format!(
            "invalid type: {}, expected {what}",
            kind(&other)
        ))),
    }
}

fn string(key: &str, v: Value) -> Result<Option<String>, Error> {
    match v {
        Value::Null => Ok(None),
        Value::Str(s) => Ok(Some(s)),
        other => Err(invalid(key, &other, "a string")),
    }
}

fn strings(key: &str, v: Value) -> Result<Option<Vec<String>>, Error> {
    match v {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .into_iter()
            .map(|i| string(key, i)?.ok_or_else(|| invalid(key, &Value::Null, "a string")))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        other => Err(invalid(key, &other, "an array of strings")),
    }
}

/// A lower-case name among `names`.
fn name<T: Copy>(key: &str, v: Value, names: &[(&str, T)]) -> Result<Option<T>, Error> {
    let Some(s) = string(key, v)? else {
        return Ok(None);
    };
    names
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, t)| Some(*t))
        .ok_or_else(|| {
            let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            Error(format!(
                "unknown variant `{s}` for `{key}`, expected one of {}",
                all.join(", ")
            ))
        })
}

fn unknown(key: &str, expected: &[&str]) -> Error {
    Error(format!(
        "unknown field `{key}`, expected one of {}",
        expected.join(", ")
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

/// `snippet()` options from JSON text.
pub fn snippet_options(json: &str) -> Result<SnippetOptions, Error> {
    let mut o = SnippetOptions::new("", SslMode::VerifyIdentity);
    let (mut client, mut mode) = (None, None);
    for (key, v) in fields(parse(json)?, "an options object")? {
        match key.as_str() {
            "client" => client = string(&key, v)?,
            "mode" => {
                mode = match string(&key, v)? {
                    Some(m) => Some(m.parse::<SslMode>()?),
                    None => None,
                }
            }
            "host" => o.host = string(&key, v)?,
            "port" => {
                o.port = match v {
                    Value::Null => None,
                    Value::Unsigned(n) => Some(u16::try_from(n).map_err(|_| {
                        Error(format!(
                            "invalid value for `port`: integer `{n}`, expected u16"
                        ))
                    })?),
                    other => return Err(invalid(&key, &other, "u16")),
                }
            }
            "user" => o.user = string(&key, v)?,
            "database" => o.database = string(&key, v)?,
            "passwordPlaceholder" => o.password_placeholder = string(&key, v)?,
            "ca" => o.ca = string(&key, v)?,
            "caFormat" => o.ca_format = string(&key, v)?,
            "truststore" => o.truststore = string(&key, v)?,
            "truststoreType" => {
                o.truststore_type = name(
                    &key,
                    v,
                    &[
                        ("jks", TruststoreType::Jks),
                        ("pkcs12", TruststoreType::Pkcs12),
                    ],
                )?
            }
            "truststorePassword" => o.truststore_password = string(&key, v)?,
            "clientVersion" => o.client_version = string(&key, v)?,
            "clientLibrary" => {
                o.client_library = name(
                    &key,
                    v,
                    &[
                        ("mysql", ClientLibrary::Mysql),
                        ("mariadb", ClientLibrary::Mariadb),
                    ],
                )?
            }
            "serverFlavor" => {
                o.server_flavor = name(
                    &key,
                    v,
                    &[
                        ("mysql", ServerFlavor::Mysql),
                        ("mariadb", ServerFlavor::Mariadb),
                    ],
                )?
            }
            "serverVersion" => o.server_version = string(&key, v)?,
            "tlsVersions" => o.tls_versions = strings(&key, v)?,
            "cipher" => o.cipher = string(&key, v)?,
            other => return Err(unknown(other, &OPTION_KEYS)),
        }
    }
    o.client = client.ok_or_else(|| Error("missing field `client`".to_owned()))?;
    o.mode = mode.ok_or_else(|| Error("missing field `mode`".to_owned()))?;
    Ok(o)
}

/// A view (`snippetHtml`'s second argument) from JSON text.
pub fn view(json: &str) -> Result<View, Error> {
    let mut view = View::default();
    for (key, v) in fields(parse(json)?, "a view object")? {
        match key.as_str() {
            "clients" => view.clients = strings(&key, v)?.unwrap_or_default(),
            "modes" => view.modes = strings(&key, v)?.unwrap_or_default(),
            "theme" => view.theme = string(&key, v)?,
            "stylesheet" => view.stylesheet = string(&key, v)?,
            other => return Err(unknown(other, &["clients", "modes", "theme", "stylesheet"])),
        }
    }
    Ok(view)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn bad(&self) -> Error {
        Error(format!("malformed JSON at byte {}", self.i))
    }

    fn space(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.s.get(self.i) == Some(&b);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn word(&mut self, w: &[u8], v: Value) -> Result<Value, Error> {
        if self.s[self.i..].starts_with(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.bad())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(Error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.space();
        match self.s.get(self.i) {
            Some(b'n') => self.word(b"null", Value::Null),
            Some(b't') => self.word(b"true", Value::Bool),
            Some(b'f') => self.word(b"false", Value::Bool),
            Some(b'"') => self.string().map(Value::Str),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.bad());
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return Err(self.bad());
                        }
                        fields.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.bad());
                        }
                    }
                }
                Ok(Value::Object(fields))
            }
            Some(b'-' | b'0'..=b'9') => Ok(self.number()),
            _ => Err(self.bad()),
        }
    }

    fn number(&mut self) -> Value {
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|b| b.is_ascii_digit() || b"-+.eE".contains(b))
        {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        if let Ok(n) = text.parse::<u64>() {
            Value::Unsigned(n)
        } else if text.parse::<i64>().is_ok() {
            Value::Signed
        } else {
            Value::OtherNumber
        }
    }

    fn string(&mut self) -> Result<String, Error> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.bad());
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i).ok_or_else(|| self.bad())?;
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = *self.s.get(self.i).ok_or_else(|| self.bad())?;
                    self.i += 1;
                    let c = match e {
                        b'"' | b'\\' | b'/' => e as char,
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode()?,
                        _ => return Err(self.bad()),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| self.bad())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let hex = self.s.get(self.i..self.i + 4).ok_or_else(|| self.bad())?;
        let n = std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.bad())?;
        self.i += 4;
        Ok(n)
    }

    /// `\uXXXX`, a surrogate pair taken together; a lone surrogate is U+FFFD (as JS strings may hold one).
    fn unicode(&mut self) -> Result<char, Error> {
        let hi = self.hex4()?;
        if (0xd800..0xdc00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
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
