//! The words of every refusal of an options object in the wasm package, in one place: what the
//! module says itself, and [`detail`], through which every message of serde's passes on its way
//! to the caller.
//!
//! serde's messages (unknown field, missing field, invalid type or value, unknown variant) are
//! made by serde and put in people's words by the core's `option_words`, as in the Node addon; the
//! core's own (an unknown SSL mode) are kept as they are. What the JS
//! guard refuses (a getter or Proxy trap that threw, nesting deeper than 16 levels, too many
//! values) is worded in `npm/dbcert/options.js`, which both bindings share. Every message reaches the caller as "invalid options: " and the detail, in an `Error`
//! with code `invalid_option`.

/// The detail shown for serde's `message`, raised while the option `option` was read (`None`:
/// the object as a whole, as for a missing field): serde's fixed phrases in people's words by
/// [`dbcert_core::option_words::explain`], the same words the Node addon gives.
pub fn detail(option: Option<&str>, message: String) -> String {
    let _ = option;
    dbcert_core::option_words::explain(&message)
}

/// The whole message of an `invalid_option` error, from its detail.
pub fn invalid_options(detail: &str) -> String {
    format!("invalid options: {detail}")
}

/// The options argument is not a (non-array) object.
pub const NOT_AN_OBJECT: &str = "options must be an object";

/// The options object's keys could not be listed (only when the JS guard was bypassed).
pub const UNREADABLE: &str = "the options could not be read";

/// A function that needs options was called without them.
pub fn needs_options(function: &str, example: &str) -> String {
    format!("{function} needs options, e.g. {example}")
}

/// A number that is not a safe integer, as the engine writes it (`4.5`, `NaN`, `Infinity`):
/// what the invalid-type error says it is.
pub fn number(text: &str) -> String {
    format!("number `{text}`")
}

/// A symbol, in an invalid-type error.
pub const SYMBOL: &str = "a symbol";

/// A function, in an invalid-type error.
pub const FUNCTION: &str = "a function";

/// A BigInt, in an invalid-type error.
pub const BIGINT: &str = "a BigInt";
