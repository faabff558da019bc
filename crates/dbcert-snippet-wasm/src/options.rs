//! Options as module.mjs sends them: the value of each key, in a fixed order, separated by NUL;
//! each empty when left out, or `=` and the value, `\` escaping `\`, NUL and U+0001 (as `\\`,
//! `\0`, `\1`); a list holds each item after U+0001. module.mjs has checked them as JSON (types,
//! names, the port's range) with the messages of the core's serde models, so the module only
//! splits the text and sets the fields.
//!
//! Neither serde_json's deserializer nor a JSON reader of our own: with serde_json's number
//! parsing and the float printing serde's `Unexpected` display brings in they were 56 KB of this
//! module's 204 KB of code, serde's visitors over a value tree of our own still 31 KB, and a
//! streaming JSON reader with serde's messages 8 KB; a few lines of minified JavaScript check the
//! same (W9, see wasm-pack.toml). A test holds this reader to the core's serde models.

use std::fmt;

use dbcert_core::snippet::{
    ClientLibrary, ServerFlavor, SnippetOptions, SslMode, TruststoreType, View,
};
use dbcert_core::Error as CoreError;

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

/// What module.mjs would not have sent.
fn malformed() -> Error {
    Error("malformed options text (module.mjs makes it)".to_owned())
}

/// The `n` values of `wire`, as they were sent (escaped), each `None` when left out.
fn values(wire: &str, n: usize) -> Result<Vec<Option<&str>>, Error> {
    let mut out = Vec::with_capacity(n);
    for v in wire.split('\0') {
        out.push(match v.strip_prefix('=') {
            Some(v) => Some(v),
            None if v.is_empty() => None,
            None => return Err(malformed()),
        });
    }
    if out.len() != n {
        return Err(malformed());
    }
    Ok(out)
}

/// A value's text with its escapes resolved.
fn text(v: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        out.push(match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('\\') => '\\',
                Some('0') => '\0',
                Some('1') => '\u{1}',
                _ => return Err(malformed()),
            },
            // A bare U+0001 separates list items: none is left in a value.
            ('\u{1}', _) => return Err(malformed()),
            (c, _) => c,
        });
    }
    Ok(out)
}

fn string(v: Option<&str>) -> Result<Option<String>, Error> {
    v.map(text).transpose()
}

/// A list value: each item after U+0001.
fn list(v: Option<&str>) -> Result<Option<Vec<String>>, Error> {
    let Some(v) = v else { return Ok(None) };
    let mut items = v.split('\u{1}');
    if items.next() != Some("") {
        return Err(malformed());
    }
    items.map(text).collect::<Result<_, _>>().map(Some)
}

/// One of two lower-case names: `Some(true)` for the first.
fn pick(v: Option<&str>, names: [&str; 2]) -> Result<Option<bool>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v == names[0] => Ok(Some(true)),
        Some(v) if v == names[1] => Ok(Some(false)),
        Some(_) => Err(malformed()),
    }
}

/// `snippet()` options, in module.mjs's order: client, mode, host, port, user, database,
/// passwordPlaceholder, ca, caFormat, truststore, truststoreType, truststorePassword,
/// clientVersion, clientLibrary, serverFlavor, serverVersion, tlsVersions, cipher.
pub fn snippet_options(wire: &str) -> Result<SnippetOptions, Error> {
    let v = values(wire, 18)?;
    let required = |i: usize| string(v[i])?.ok_or_else(malformed);
    let mut o = SnippetOptions::new(required(0)?, required(1)?.parse::<SslMode>()?);
    o.port = match v[3] {
        Some(p) => Some(p.parse().map_err(|_| malformed())?),
        None => None,
    };
    o.truststore_type = pick(v[10], ["jks", "pkcs12"])?.map(|jks| {
        if jks {
            TruststoreType::Jks
        } else {
            TruststoreType::Pkcs12
        }
    });
    o.client_library = pick(v[13], ["mysql", "mariadb"])?.map(|mysql| {
        if mysql {
            ClientLibrary::Mysql
        } else {
            ClientLibrary::Mariadb
        }
    });
    o.server_flavor = pick(v[14], ["mysql", "mariadb"])?.map(|mysql| {
        if mysql {
            ServerFlavor::Mysql
        } else {
            ServerFlavor::Mariadb
        }
    });
    o.tls_versions = list(v[16])?;
    // The string options, by their place in the order.
    for (i, value) in v.iter().enumerate() {
        let field = match i {
            2 => &mut o.host,
            4 => &mut o.user,
            5 => &mut o.database,
            6 => &mut o.password_placeholder,
            7 => &mut o.ca,
            8 => &mut o.ca_format,
            9 => &mut o.truststore,
            11 => &mut o.truststore_password,
            12 => &mut o.client_version,
            15 => &mut o.server_version,
            17 => &mut o.cipher,
            _ => continue,
        };
        *field = string(*value)?;
    }
    Ok(o)
}

/// A view (`snippetHtml`'s second argument), in module.mjs's order: clients, modes, theme,
/// stylesheet.
pub fn view(wire: &str) -> Result<View, Error> {
    let v = values(wire, 4)?;
    Ok(View {
        clients: list(v[0])?.unwrap_or_default(),
        modes: list(v[1])?.unwrap_or_default(),
        theme: string(v[2])?,
        stylesheet: string(v[3])?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dbcert_core::snippet::{SnippetOptions, SslMode, TruststoreType, View};

    use super::{snippet_options, view};

    /// What module.mjs sends for these values, in order (`None`: left out).
    fn wire(values: &[Option<&str>]) -> String {
        values
            .iter()
            .map(|v| v.map_or(String::new(), |v| format!("={v}")))
            .collect::<Vec<_>>()
            .join("\0")
    }

    #[test]
    fn sets_what_the_core_models_hold() {
        let json = r#"{"client":"jdbc","mode":"verify-ca","port":3307,"truststoreType":"pkcs12","tlsVersions":["TLSv1.2",""],"host":"d\u00e9 \ud83d\udd12\"\\\u0000\u0001x","user":null,"clientLibrary":"mariadb","serverFlavor":"mysql","caFormat":"jks","database":"app","passwordPlaceholder":"","ca":"/ca.pem","truststore":"/t.p12","truststorePassword":"x","clientVersion":"8.0","serverVersion":"8.0.36","cipher":"A:B"}"#;
        let sent = wire(&[
            Some("jdbc"),
            Some("verify-ca"),
            Some("d\u{e9} \u{1F512}\"\\\\\\0\\1x"),
            Some("3307"),
            None,
            Some("app"),
            Some(""),
            Some("/ca.pem"),
            Some("jks"),
            Some("/t.p12"),
            Some("pkcs12"),
            Some("x"),
            Some("8.0"),
            Some("mariadb"),
            Some("mysql"),
            Some("8.0.36"),
            Some("\u{1}TLSv1.2\u{1}"),
            Some("A:B"),
        ]);
        let o = snippet_options(&sent).unwrap();
        assert_eq!(o, serde_json::from_str::<SnippetOptions>(json).unwrap());
        assert_eq!(o.mode, SslMode::VerifyCa);
        assert_eq!(o.truststore_type, Some(TruststoreType::Pkcs12));
        assert_eq!(o.host.as_deref(), Some("d\u{e9} \u{1F512}\"\\\0\u{1}x"));
        let v = r#"{"clients":["a","b"],"modes":["all"],"theme":"dark","stylesheet":"/x.css"}"#;
        let sent = wire(&[
            Some("\u{1}a\u{1}b"),
            Some("\u{1}all"),
            Some("dark"),
            Some("/x.css"),
        ]);
        assert_eq!(
            view(&sent).unwrap(),
            serde_json::from_str::<View>(v).unwrap()
        );
        let empty = wire(&[Some(""), None, None, None]);
        assert_eq!(view(&empty).unwrap(), View::default());
    }

    #[test]
    fn refuses_what_module_mjs_would_not_send() {
        let mut all: Vec<Option<&str>> = vec![Some("jdbc"), Some("REQUIRED")];
        all.resize(18, None);
        assert!(snippet_options(&wire(&all)).is_ok());
        for (i, bad) in [
            (0, None),
            (1, None),
            (1, Some("sometimes")),
            (3, Some("70000")),
            (3, Some("-1")),
            (10, Some("bks")),
            (16, Some("TLSv1.2")),
            (2, Some("a\\x")),
            (2, Some("a\u{1}b")),
        ] {
            let mut v = all.clone();
            v[i] = bad;
            assert!(snippet_options(&wire(&v)).is_err(), "{i} {bad:?}");
        }
        for text in [
            "",
            "x",
            "\0\0\0",
            &wire(&all[..17]),
            &format!("{}\0", wire(&all)),
        ] {
            assert!(snippet_options(text).is_err(), "{text:?}");
        }
    }
}
