//! The module's answers as JSON text, written here: `{"ok": value}` or
//! `{"error": {"code", "message"}}`, byte for byte what the core's `json::to_json_ascii` (serde
//! and serde_json, as the full package writes them) makes of the same values: compact, every
//! non-ASCII character escaped as UTF-16 `\uXXXX` units.
//!
//! Not serde_json: its serializer, serde's derives for the snippet models and the error and I/O
//! formatting they bring were 6 KB of this module's gzip-compressed size (W9, see
//! wasm-pack.toml); the three shapes below are all the module answers. A test holds the two
//! writers to the same bytes.

use dbcert_core::snippet::{ClientInfo, Snippet, SnippetWarning};
use dbcert_core::Error;

/// A value the module answers with.
pub trait Json {
    /// Appends the value's JSON text to `out`.
    fn write(&self, out: &mut String);
}

/// `{"ok": value}` or `{"error": {"code", "message"}}`.
pub fn answer<T: Json>(result: Result<T, Error>) -> String {
    let mut out = String::with_capacity(4096);
    match result {
        Ok(v) => {
            out.push_str("{\"ok\":");
            v.write(&mut out);
        }
        Err(e) => {
            out.push_str("{\"error\":{\"code\":");
            e.code().as_str().write(&mut out);
            out.push_str(",\"message\":");
            e.to_string().write(&mut out);
            out.push('}');
        }
    }
    out.push('}');
    out
}

impl Json for str {
    fn write(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                ' '..='\u{7f}' => out.push(c),
                _ => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str("\\u");
                        for shift in [12, 8, 4, 0] {
                            out.push(char::from(
                                b"0123456789abcdef"[usize::from(*u >> shift) & 15],
                            ));
                        }
                    }
                }
            }
        }
        out.push('"');
    }
}

impl Json for &str {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

impl Json for String {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

impl<T: Json> Json for [T] {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write(out);
        }
        out.push(']');
    }
}

impl<T: Json> Json for Vec<T> {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

/// `{"key":` for the first field of an object, `,"key":` for the others.
fn key(out: &mut String, first: bool, key: &str) {
    out.push(if first { '{' } else { ',' });
    key.write(out);
    out.push(':');
}

impl Json for ClientInfo {
    fn write(&self, out: &mut String) {
        key(out, true, "id");
        self.id.write(out);
        key(out, false, "name");
        self.name.write(out);
        key(out, false, "language");
        self.language.write(out);
        key(out, false, "description");
        self.description.write(out);
        out.push('}');
    }
}

impl Json for SnippetWarning {
    fn write(&self, out: &mut String) {
        key(out, true, "code");
        self.code.write(out);
        key(out, false, "message");
        self.message.write(out);
        out.push('}');
    }
}

impl Json for Snippet {
    fn write(&self, out: &mut String) {
        key(out, true, "client");
        self.client.write(out);
        key(out, false, "mode");
        self.mode.as_str().write(out);
        key(out, false, "language");
        self.language.write(out);
        key(out, false, "code");
        self.code.write(out);
        key(out, false, "supported");
        out.push_str(if self.supported { "true" } else { "false" });
        key(out, false, "alternative");
        match self.alternative {
            Some(m) => m.as_str().write(out),
            None => out.push_str("null"),
        }
        key(out, false, "warnings");
        self.warnings.write(out);
        key(out, false, "notes");
        self.notes.write(out);
        key(out, false, "placeholders");
        self.placeholders.write(out);
        out.push('}');
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dbcert_core::json::to_json_ascii;
    use dbcert_core::snippet::{clients, generate, SnippetOptions, SslMode};
    use dbcert_core::{Error, ErrorCode};

    use super::answer;

    /// What lib.rs answered with before: serde's externally tagged enum, by serde_json.
    #[derive(serde::Serialize)]
    enum Answer<T> {
        #[serde(rename = "ok")]
        Ok(T),
        #[serde(rename = "error")]
        Error { code: &'static str, message: String },
    }

    fn serde_answer<T: serde::Serialize>(result: Result<T, Error>) -> String {
        to_json_ascii(&match result {
            Ok(v) => Answer::Ok(v),
            Err(e) => Answer::Error {
                code: e.code().as_str(),
                message: e.to_string(),
            },
        })
        .unwrap()
    }

    #[test]
    fn the_same_bytes_as_serde_json() {
        assert_eq!(answer(Ok(clients())), serde_answer(Ok(clients())));
        let odd = "d\u{e9} \u{1F512} \"q\" \\ \n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}\u{80}\u{2028}<>&'";
        for c in clients() {
            for m in SslMode::ALL {
                let mut o = SnippetOptions::new(c.id.clone(), m);
                let plain = generate(&o);
                assert_eq!(answer(plain.clone()), serde_answer(plain));
                o.host = Some(odd.into());
                o.ca = Some(format!("/{odd}.p7b"));
                o.truststore_password = Some(odd.into());
                o.tls_versions = Some(vec!["TLSv1.2".into(), "TLSv1".into()]);
                o.cipher = Some(odd.into());
                o.client_version = Some("1.0".into());
                let awkward = generate(&o);
                assert_eq!(answer(awkward.clone()), serde_answer(awkward));
            }
        }
        let e = Error::new(ErrorCode::InvalidOption, format!("bad {:?}", "\u{1F512}"));
        assert_eq!(
            answer::<String>(Err(e.clone())),
            serde_answer::<String>(Err(e))
        );
        assert_eq!(
            answer(Ok(String::from(".a { b: \"c\" }\n"))),
            serde_answer(Ok(String::from(".a { b: \"c\" }\n")))
        );
    }
}
