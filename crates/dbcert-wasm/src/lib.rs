//! # dbcert-wasm
//!
//! The dbcert API for JavaScript as WebAssembly: a thin wasm-bindgen facade over
//! [`dbcert_core::api`], with no logic of its own. The JS contract (names, options, results,
//! error codes) is the hand-written `npm/types/dbcert.d.ts`, shared with the Node addon
//! (`crates/dbcert-node`); the suite in `tests/js` runs against both.
//!
//! What this crate adds to the core is only what a browser has and the core must not touch:
//!
//! - inputs are `Uint8Array | string` (a string is taken as its UTF-8 bytes, i.e. PEM text);
//! - options are read with serde through serde-wasm-bindgen, from the guarded copy the package's
//!   JS entries make of them (`npm/dbcert/options.js`, shared with the Node addon): see
//!   [`options`] (every key is seen, so a misspelt option is an error; a getter that throws, a
//!   Proxy, a BigInt, a cycle are errors too); results cross as JSON text parsed by the engine's
//!   `JSON.parse`, so absent values are `null`, exactly as in the CLI's `--json` and the Node
//!   addon;
//! - the clock is `Date.now()`, randomness is Web Crypto (getrandom's `js` feature);
//! - a core [`dbcert_core::Error`] is thrown as a real `Error` with `code`, and `certificate` /
//!   `offset` where known;
//! - a panic (a bug: the core promises none) traps: the module is built with
//!   `panic=immediate-abort` (wasm-pack.toml `[toolchain]`: 26 KB gzip of panic messages and
//!   their formatting), and the package's JS entries (npm/dbcert-wasm) turn the
//!   `WebAssembly.RuntimeError` into an `Error` with code `panic`. The module keeps working
//!   after it. Where it panicked is not known in the browser: `dbcert`, the CLI over the same
//!   core, shows it on the same input.

use dbcert_core::advise::AdviseOptions;
use dbcert_core::api::{self, ConvertRequest, InspectOptions, VerifyRequest};
use dbcert_core::snippet::{SnippetOptions, View};
use dbcert_core::time::UnixTime;
use dbcert_core::{Error, ErrorCode};
use js_sys::{Reflect, Uint8Array};
use options::{messages, Refused};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub mod options;

/// The example named when `snippet` is called without options.
const SNIPPET_EXAMPLE: &str = "{client: \"mysql-cli\", mode: \"VERIFY_IDENTITY\"}";

/// The example named when `advise` is called without options.
const ADVISE_EXAMPLE: &str = "{provider: \"alibaba-rds\", serverVersion: \"8.0\"}";

/// Code of the errors that are bugs, not bad input (not a core [`ErrorCode`]): the JS entries
/// give a trapped panic the same code.
const PANIC: &str = "panic";

/// `detectFormat(input)`: the format name (`pem`, `der`, `p7b`, `jks`, `jceks`, `pkcs12`).
#[wasm_bindgen(js_name = detectFormat, skip_typescript)]
pub fn detect_format(input: JsValue) -> Result<String, JsValue> {
    let bytes = input_bytes(&input)?;
    dbcert_core::detect_format(&bytes)
        .map(|f| f.as_str().to_owned())
        .map_err(|e| core_error(&e))
}

/// `inspect(input, {password})`: the inspect model.
#[wasm_bindgen(skip_typescript)]
pub fn inspect(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let bytes = input_bytes(&input)?;
    let options: InspectOptions = options_or_default(options)?;
    to_js(&api::inspect(&bytes, &options).map_err(|e| core_error(&e))?)
}

/// `convert(input, {to, …})`: the output file's bytes.
#[wasm_bindgen(skip_typescript)]
pub fn convert(input: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    let bytes = input_bytes(&input)?;
    let request: ConvertRequest = options_required(options, "convert", "{to: \"pem\"}")?;
    let random = if request.seed.is_some() {
        [0; 32]
    } else {
        random()?
    };
    api::convert(&bytes, &request, now(), random)
        .map(|out| out.bytes)
        .map_err(|e| core_error(&e))
}

/// `verify(input, {ca, host, at, password, caPassword, …})`: the chain report; the time
/// defaults to the JS clock.
#[wasm_bindgen(skip_typescript)]
pub fn verify(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let bytes = input_bytes(&input)?;
    let request: VerifyRequest = options_or_default(options)?;
    to_js(&api::verify(&bytes, &request, now(), None).map_err(|e| core_error(&e))?)
}

/// `snippet({client, mode, …})`: the code or settings for one client and SSL mode.
#[wasm_bindgen(skip_typescript)]
pub fn snippet(options: JsValue) -> Result<JsValue, JsValue> {
    let options: SnippetOptions = options_required(options, "snippet", SNIPPET_EXAMPLE)?;
    to_js(&dbcert_core::snippet::generate(&options).map_err(|e| core_error(&e))?)
}

/// `snippetHtml(options, view?)`: `<dbcert-snippet>` with its markup pre-rendered (static HTML).
#[wasm_bindgen(js_name = snippetHtml, skip_typescript)]
pub fn snippet_html(options: JsValue, view: JsValue) -> Result<String, JsValue> {
    render_view(
        options,
        view,
        "snippetHtml",
        dbcert_core::snippet::html::element,
    )
}

/// `snippetMarkdown(options, view?)`: the same view as Markdown.
#[wasm_bindgen(js_name = snippetMarkdown, skip_typescript)]
pub fn snippet_markdown(options: JsValue, view: JsValue) -> Result<String, JsValue> {
    render_view(
        options,
        view,
        "snippetMarkdown",
        dbcert_core::snippet::markdown::render,
    )
}

/// `snippetHtml` and `snippetMarkdown`: reads both arguments and renders the view.
fn render_view(
    options: JsValue,
    view: JsValue,
    function: &str,
    render: fn(&SnippetOptions, &View) -> dbcert_core::Result<String>,
) -> Result<String, JsValue> {
    let options: SnippetOptions = options_required(options, function, SNIPPET_EXAMPLE)?;
    let view: View = options_or_default(view)?;
    render(&options, &view).map_err(|e| core_error(&e))
}

/// `clients()`: every client `snippet` knows.
#[wasm_bindgen(skip_typescript)]
pub fn clients() -> Result<JsValue, JsValue> {
    to_js(&dbcert_core::snippet::clients())
}

/// `advise({provider, serverVersion, …})`: what a server supports, what to set, what each
/// operation does, how to check, and which listed clients would break.
#[wasm_bindgen(skip_typescript)]
pub fn advise(options: JsValue) -> Result<JsValue, JsValue> {
    let options: AdviseOptions = options_required(options, "advise", ADVISE_EXAMPLE)?;
    to_js(&api::advise(&options, now(), None).map_err(|e| core_error(&e))?)
}

/// Panics on purpose, so the tests can prove a panic becomes an `Error` with code `panic`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __testPanic, skip_typescript)]
pub fn test_panic(message: String) {
    #[allow(clippy::panic)] // the whole point of this function
    {
        panic!("{message}");
    }
}

/// The bytes of a `Uint8Array` (or `Buffer`), or the UTF-8 bytes of a string.
fn input_bytes(input: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = input.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = input.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    Err(core_error(&Error::new(
        ErrorCode::InvalidOption,
        "the input must be a Uint8Array (or Buffer) or a string",
    )))
}

/// Options that may be left out (`undefined` or `null` mean the defaults).
fn options_or_default<T: DeserializeOwned + Default>(options: JsValue) -> Result<T, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(T::default());
    }
    from_options(options)
}

/// Options that must be given.
fn options_required<T: DeserializeOwned>(
    options: JsValue,
    function: &str,
    example: &str,
) -> Result<T, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Err(invalid_options(&messages::needs_options(function, example)));
    }
    from_options(options)
}

/// Reads an options object with [`options::from_options`]: every key is seen, so a misspelt
/// option is an error, as in the Node addon. What the JS guard threw is thrown again as it is.
fn from_options<T: DeserializeOwned>(options: JsValue) -> Result<T, JsValue> {
    options::from_options(options).map_err(|refused| match refused {
        Refused::Thrown(error) => error,
        Refused::Invalid { option, message } => {
            invalid_options(&messages::detail(option.as_deref(), message))
        }
    })
}

/// An `invalid_option` error: "invalid options: " and the detail.
fn invalid_options(detail: &str) -> JsValue {
    core_error(&Error::new(
        ErrorCode::InvalidOption,
        messages::invalid_options(detail),
    ))
}

/// A result as a plain JS object: absent values are `null`, maps are objects (like JSON). It
/// crosses as one JSON string handed to the engine's `JSON.parse`, which builds the object much
/// faster than one imported call per property, with far less glue code in the module.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let fail = |what: String| {
        js_error(
            PANIC,
            &format!("could not build the result: {what}"),
            None,
            None,
        )
    };
    let json = api::to_json_ascii(value).map_err(fail)?;
    // The text is the core's own JSON: JSON.parse refusing it would be a bug. (Not `{e:?}`: a
    // JsValue's Debug brings wasm-bindgen's debugString into the glue.)
    js_sys::JSON::parse(&json).map_err(|_| fail("JSON.parse refused the report".to_owned()))
}

/// The JS clock, in whole seconds since the Unix epoch.
fn now() -> UnixTime {
    // Date.now() is an integral number of milliseconds well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    UnixTime::from_millis(js_sys::Date::now() as i64)
}

/// 32 bytes from the platform's cryptographic random source (Web Crypto).
fn random() -> Result<[u8; 32], JsValue> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| {
        js_error(
            PANIC,
            &format!("no secure randomness available: {e}"),
            None,
            None,
        )
    })?;
    Ok(seed)
}

/// A core error as a thrown `Error` with `code`, `certificate` and `offset`.
fn core_error(e: &Error) -> JsValue {
    js_error(
        e.code().as_str(),
        &e.to_string(),
        e.certificate(),
        e.offset(),
    )
}

/// A real `Error` object carrying the stable code and, where known, the location.
fn js_error(
    code: &str,
    message: &str,
    certificate: Option<usize>,
    offset: Option<usize>,
) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&err, &"code".into(), &code.into());
    if let Some(c) = certificate {
        let _ = Reflect::set(&err, &"certificate".into(), &JsValue::from(c));
    }
    if let Some(o) = offset {
        let _ = Reflect::set(&err, &"offset".into(), &JsValue::from(o));
    }
    err.into()
}
