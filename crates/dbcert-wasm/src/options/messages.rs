//! The words of every refusal of an options object in the wasm package, in one place: what the
//! module says itself, and [`detail`], through which every message of serde's passes on its way
//! to the caller.
//!
//! serde's messages (unknown field, missing field, invalid type or value, unknown variant) are
//! made by serde and kept as they are; so are the core's (an unknown SSL mode). What the JS
//! guard refuses (a getter or Proxy trap that threw, nesting deeper than 16 levels, too many
//! values) is worded in `npm/dbcert/options.js`, which both bindings share. Every message reaches the caller as "invalid options: " and the detail, in an `Error`
//! with code `invalid_option`.

/// The detail shown for serde's `message`, raised while the option `option` was read (`None`:
/// the object as a whole, as for a missing field). The one place to reword serde's messages
/// (for instance to name the option): today they are shown as serde words them.
pub fn detail(option: Option<&str>, message: String) -> String {
    let _ = option;
    message
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
