//! serde's messages about an options object, in people's words.
//!
//! The facades read options with serde; a deserializer reports a wrong value with serde's own
//! phrases ("invalid value: integer `99999`, expected u16", "missing field `client`"), which
//! name Rust types. [`explain`] rewrites those phrases (the ones serde's derive and primitive
//! impls produce, whichever deserializer runs) and leaves any other message as it is.

/// A serde message about options, said for a JavaScript caller: `99999 is out of range (a whole
/// number from 0 to 65535 was expected)`, "`client` is required".
pub fn explain(message: &str) -> String {
    if let Some(field) = between(message, "missing field `", "`") {
        return format!("`{field}` is required");
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((value, expected)) = rest.split_once(", expected ") {
            return format!(
                "{} is out of range ({} was expected)",
                value_words(value),
                expected_words(expected)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((value, expected)) = rest.split_once(", expected ") {
            return format!(
                "{} where {} was expected",
                value_words(value),
                expected_words(expected)
            );
        }
    }
    if let Some(field) = between(message, "unknown field `", "`") {
        let known = expected_list(message).map(|l| format!(" (the options are {l})"));
        return format!("unknown option `{field}`{}", known.unwrap_or_default());
    }
    if let Some(value) = between(message, "unknown variant `", "`") {
        let known = expected_list(message).map(|l| format!(" (expected {l})"));
        return format!(
            "`{value}` is not a value this option takes{}",
            known.unwrap_or_default()
        );
    }
    if let Some(field) = between(message, "duplicate field `", "`") {
        return format!("`{field}` is given twice");
    }
    message.to_owned()
}

/// The list after ", expected [one of] " in serde's unknown field and variant messages.
fn expected_list(message: &str) -> Option<&str> {
    let (_, list) = message.split_once(", expected ")?;
    Some(list.strip_prefix("one of ").unwrap_or(list))
}

fn between<'a>(message: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(start)?;
    rest.split_once(end).map(|(inside, _)| inside)
}

/// serde's `Unexpected` ("integer `99999`", "string \"x\"", "boolean `true`") as JavaScript
/// would write the value.
fn value_words(value: &str) -> String {
    for prefix in ["integer ", "floating point ", "boolean ", "string "] {
        if let Some(v) = value.strip_prefix(prefix) {
            let v = v.trim_matches('`');
            return if prefix == "string " {
                format!("the text {v}")
            } else {
                v.to_owned()
            };
        }
    }
    match value {
        "unit value" | "null" => "null".to_owned(),
        "map" => "an object".to_owned(),
        "sequence" => "an array".to_owned(),
        other => other.to_owned(),
    }
}

/// serde's expectation ("u16", "a string", "a boolean") in words.
fn expected_words(expected: &str) -> String {
    let range = |max: &str| format!("a whole number from 0 to {max}");
    match expected {
        "u8" => range("255"),
        "u16" => range("65535"),
        "u32" => range("4294967295"),
        "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a sequence" => "an array".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn serde_phrases_in_words() {
        assert_eq!(
            explain("invalid value: integer `99999`, expected u16"),
            "99999 is out of range (a whole number from 0 to 65535 was expected)"
        );
        assert_eq!(explain("missing field `client`"), "`client` is required");
        assert_eq!(
            explain("invalid type: string \"x\", expected u16"),
            "the text \"x\" where a whole number from 0 to 65535 was expected"
        );
        assert_eq!(
            explain("invalid type: integer `5`, expected a boolean"),
            "5 where true or false was expected"
        );
        assert_eq!(
            explain("unknown field `hots`, expected one of `ca`, `host`"),
            "unknown option `hots` (the options are `ca`, `host`)"
        );
        assert_eq!(
            explain("unknown variant `zip`, expected `jks` or `pkcs12`"),
            "`zip` is not a value this option takes (expected `jks` or `pkcs12`)"
        );
        assert_eq!(explain("something else"), "something else");
    }
}
