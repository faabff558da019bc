//! JSON text for the JS facades (`to_json_ascii`): every surface, the snippet-only wasm module
//! included, hands results to the engine's `JSON.parse` this way. Re-exported as
//! [`crate::api::to_json_ascii`] where the whole API is built.

/// A result as JSON text for the JS facades, with every non-ASCII character escaped (`\u00fc`):
/// ASCII text becomes a one-byte string in V8, which `JSON.parse` reads several times faster
/// than the two-byte string one accented CA name would otherwise make of a whole report.
/// `Err` carries serde_json's message (a model that cannot be serialized is a bug).
pub fn to_json_ascii<T: serde::Serialize>(value: &T) -> std::result::Result<String, String> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, AsciiJson);
    value.serialize(&mut ser).map_err(|e| e.to_string())?;
    // Only ASCII was written, so this check cannot fail.
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// serde_json's compact output, non-ASCII escaped as UTF-16 `\uXXXX` units.
struct AsciiJson;

impl serde_json::ser::Formatter for AsciiJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if fragment.is_ascii() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if !c.is_ascii() {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod json_tests {
    #[test]
    fn non_ascii_is_escaped_and_reads_back_the_same() {
        let value = serde_json::json!({
            "subject": "CN=NetLock Arany (Class Gold) Főtanúsítvány,O=NetLock Kft.,L=Budapest,C=HU",
            "emoji": "𝄞 \u{1F512}",
            "plain": "a\"b\\c\n",
        });
        let text = super::to_json_ascii(&value).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(
            text.contains("F\\u0151tan\\u00fas\\u00edtv\\u00e1ny"),
            "{text}"
        );
        assert!(text.contains("\\ud834\\udd1e"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(
            text,
            serde_json::to_string(&value)
                .unwrap()
                .replace("ő", "\\u0151")
                .replace("ú", "\\u00fa")
                .replace("í", "\\u00ed")
                .replace("á", "\\u00e1")
                .replace("𝄞", "\\ud834\\udd1e")
                .replace("\u{1F512}", "\\ud83d\\udd12")
        );
    }
}
