//! # dbcert-node
//!
//! The dbcert API for Node.js as a native addon: a thin napi-rs facade over
//! [`dbcert_core::api`], with no logic of its own. It exposes exactly the API of the wasm
//! package (`crates/dbcert-wasm`): the same names, options, results and error codes, checked by
//! one JS suite (`tests/js`) run against both and one hand-written TypeScript contract
//! (`npm/types/dbcert.d.ts`).
//!
//! What this crate adds to the core:
//!
//! - inputs are `Buffer | Uint8Array | string` (a string is taken as its UTF-8 bytes); the
//!   synchronous calls read a typed array in place, without a copy;
//! - options cross with serde (napi's deserializer), results as the JSON model through napi's
//!   serializer (absent values are `null`, as in the CLI's `--json`), bytes as `Uint8Array`;
//!   the package's loader hands the options over as a guarded copy (`npm/dbcert/options.js`),
//!   since Node-API would rethrow a throwing getter's exception as it is and read a BigInt;
//! - the clock is the system clock, randomness the OS (getrandom);
//! - a core [`dbcert_core::Error`] is thrown as a real `Error` with `code`, and `certificate` /
//!   `offset` where known; a panic (a bug) is caught and thrown as an `Error` with code `panic`;
//! - `inspectAsync`, `convertAsync` and `verifyAsync` copy their input, do the work on the libuv
//!   thread pool and settle a `Promise`, so a build script's event loop keeps running. They never
//!   throw: bad input or options reject the promise, like every other error.

pub mod probe;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{SystemTime, UNIX_EPOCH};

use dbcert_core::advise::AdviseOptions;
use dbcert_core::api::{self, ConvertRequest, InspectOptions, VerifyRequest};
use dbcert_core::inspect::json::JsonError;
use dbcert_core::snippet::{SnippetOptions, View};
use dbcert_core::time::UnixTime;
use dbcert_core::{Error, ErrorCode};
use napi::bindgen_prelude::{
    AsyncTask, FromNapiValue, Function, JsObjectValue, Object, ToNapiValue, Uint8ArraySlice,
};
use napi::{Env, JsValue, ScopedTask, Unknown, ValueType};
use napi_derive::napi;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Code of the error a panic is turned into (not a core [`ErrorCode`]: a panic is a bug).
const PANIC: &str = "panic";

/// The example named when `snippet` is called without options.
const SNIPPET_EXAMPLE: &str = "{client: \"mysql-cli\", mode: \"VERIFY_IDENTITY\"}";

/// The example named when `advise` is called without options.
const ADVISE_EXAMPLE: &str = "{provider: \"alibaba-rds\", serverVersion: \"8.0\"}";

/// What a call can fail with; it becomes a JS error on the JS thread, when the call settles.
#[derive(Clone, Debug)]
pub enum Failure {
    /// A core error (or bad input or options), with its code and location.
    Core(Error),
    /// A panic, with its message.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Core(e)
    }
}

/// A result whose error is turned into a JS error on the JS thread.
pub type Outcome<T> = std::result::Result<T, Failure>;

/// `detectFormat(input)`: the format name (`pem`, `der`, `p7b`, `jks`, `jceks`, `pkcs12`).
#[napi(js_name = "detectFormat")]
pub fn detect_format(env: Env, input: Unknown<'_>) -> napi::Result<String> {
    let outcome = InputBytes::read(input).and_then(|bytes| {
        guard(|| {
            Ok(dbcert_core::detect_format(bytes.as_slice())?
                .as_str()
                .to_owned())
        })
    });
    settle(&env, outcome)
}

/// `inspect(input, {password})`: the inspect model.
#[napi]
pub fn inspect<'e>(
    env: &'e Env,
    input: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    run_now(env, input, options_or_default(env, options), run_inspect)
}

/// `inspectAsync(input, {password})`: `inspect` on the libuv thread pool.
#[napi(js_name = "inspectAsync")]
pub fn inspect_async(
    env: &Env,
    input: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<Work<InspectOptions, Model>> {
    AsyncTask::new(Work::new(
        input,
        options_or_default(env, options),
        run_inspect,
    ))
}

/// `convert(input, {to, …})`: the output file's bytes.
#[napi]
pub fn convert<'e>(
    env: &'e Env,
    input: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    run_now(env, input, convert_options(env, options), run_convert)
}

/// `convertAsync(input, {to, …})`: `convert` on the libuv thread pool.
#[napi(js_name = "convertAsync")]
pub fn convert_async(
    env: &Env,
    input: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<Work<ConvertRequest, Bytes>> {
    AsyncTask::new(Work::new(input, convert_options(env, options), run_convert))
}

/// `verify(input, {ca, host, at, password, caPassword, …})`: the chain report; the time
/// defaults to the system clock.
#[napi]
pub fn verify<'e>(
    env: &'e Env,
    input: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    run_now(env, input, options_or_default(env, options), run_verify)
}

/// `verifyAsync(input, {…})`: `verify` on the libuv thread pool.
#[napi(js_name = "verifyAsync")]
pub fn verify_async(
    env: &Env,
    input: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> AsyncTask<Work<VerifyRequest, Model>> {
    AsyncTask::new(Work::new(
        input,
        options_or_default(env, options),
        run_verify,
    ))
}

/// `snippet({client, mode, …})`: the code or settings for one client and SSL mode.
#[napi]
pub fn snippet<'e>(env: &'e Env, options: Option<Unknown<'_>>) -> napi::Result<Unknown<'e>> {
    let outcome = options_required::<SnippetOptions>(env, options, "snippet", SNIPPET_EXAMPLE)
        .and_then(|o| guard(|| Model::new(&dbcert_core::snippet::generate(&o)?)));
    settle(env, outcome)?.into_js(env)
}

/// `snippetHtml(options, view?)`: `<dbcert-snippet>` with its markup pre-rendered (static HTML).
#[napi(js_name = "snippetHtml")]
pub fn snippet_html<'e>(
    env: &'e Env,
    options: Option<Unknown<'_>>,
    view: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    render_view(
        env,
        options,
        view,
        "snippetHtml",
        dbcert_core::snippet::html::element,
    )
}

/// `snippetMarkdown(options, view?)`: the same view as Markdown.
#[napi(js_name = "snippetMarkdown")]
pub fn snippet_markdown<'e>(
    env: &'e Env,
    options: Option<Unknown<'_>>,
    view: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    render_view(
        env,
        options,
        view,
        "snippetMarkdown",
        dbcert_core::snippet::markdown::render,
    )
}

/// `snippetHtml` and `snippetMarkdown`: reads both arguments and renders the view.
fn render_view<'e>(
    env: &'e Env,
    options: Option<Unknown<'_>>,
    view: Option<Unknown<'_>>,
    function: &str,
    render: fn(&SnippetOptions, &View) -> dbcert_core::Result<String>,
) -> napi::Result<Unknown<'e>> {
    let outcome = options_required::<SnippetOptions>(env, options, function, SNIPPET_EXAMPLE)
        .and_then(|o| Ok((o, options_or_default::<View>(env, view)?)))
        .and_then(|(o, v)| guard(|| Model::new(&render(&o, &v)?)));
    settle(env, outcome)?.into_js(env)
}

/// `clients()`: every client `snippet` knows.
#[napi]
pub fn clients(env: &Env) -> napi::Result<Unknown<'_>> {
    settle(env, guard(|| Model::new(&dbcert_core::snippet::clients())))?.into_js(env)
}

/// `advise({provider, serverVersion, …})`: what a server supports, what to set, what each
/// operation does, how to check, and which listed clients would break.
#[napi]
pub fn advise<'e>(env: &'e Env, options: Option<Unknown<'_>>) -> napi::Result<Unknown<'e>> {
    let outcome = options_required::<AdviseOptions>(env, options, "advise", ADVISE_EXAMPLE)
        .and_then(|o| guard(|| Model::new(&api::advise(&o, now(), Some(&dbcert_ring::RING))?)));
    settle(env, outcome)?.into_js(env)
}

/// Panics on purpose, so the tests can prove a panic becomes an `Error` with code `panic`.
#[doc(hidden)]
#[napi(js_name = "__testPanic")]
pub fn test_panic(env: Env, message: String) -> napi::Result<()> {
    settle(
        &env,
        guard(|| {
            #[allow(clippy::panic)] // the whole point of this function
            {
                panic!("{message}");
            }
        }),
    )
}

fn run_inspect(bytes: &[u8], options: &InspectOptions) -> Outcome<Model> {
    // The report's JSON made one certificate at a time (the same text as `Model::new` of it).
    let json = match api::inspect_json(bytes, options) {
        Ok(json) => Ok(json),
        Err(JsonError::Input(e)) => return Err(e.into()),
        Err(JsonError::Serialize(message)) => Err(message),
    };
    Model::built(json)
}

fn convert_options(env: &Env, options: Option<Unknown<'_>>) -> Outcome<ConvertRequest> {
    options_required(env, options, "convert", "{to: \"pem\"}")
}

fn run_convert(bytes: &[u8], request: &ConvertRequest) -> Outcome<Bytes> {
    let random = match request.seed {
        Some(_) => [0; 32],
        None => random()?,
    };
    Ok(Bytes(api::convert(bytes, request, now(), random)?.bytes))
}

fn run_verify(bytes: &[u8], request: &VerifyRequest) -> Outcome<Model> {
    Model::new(&api::verify(
        bytes,
        request,
        now(),
        Some(&dbcert_ring::RING),
    )?)
}

/// A synchronous call: runs `run` on the input's bytes where they are (a typed array's own
/// memory, which JS cannot touch until the call returns; a string's UTF-8 copy) and settles.
fn run_now<'e, O, R: IntoJs>(
    env: &'e Env,
    input: Unknown<'_>,
    options: Outcome<O>,
    run: fn(&[u8], &O) -> Outcome<R>,
) -> napi::Result<Unknown<'e>> {
    let outcome = InputBytes::read(input).and_then(|bytes| {
        let options = options?;
        guard(|| run(bytes.as_slice(), &options))
    });
    settle(env, outcome)?.into_js(env)
}

/// One call: its input and options, read (and copied) on the JS thread, or why they could not
/// be; the core function to run on them, on this thread or the libuv pool.
pub struct Work<O, R> {
    prepared: Outcome<(Vec<u8>, O)>,
    run: fn(&[u8], &O) -> Outcome<R>,
}

impl<O: Send, R: IntoJs> Work<O, R> {
    fn new(input: Unknown<'_>, options: Outcome<O>, run: fn(&[u8], &O) -> Outcome<R>) -> Self {
        let prepared =
            InputBytes::read(input).and_then(|bytes| Ok((bytes.as_slice().to_vec(), options?)));
        Self { prepared, run }
    }

    fn run(&self) -> Outcome<R> {
        let (bytes, options) = self.prepared.as_ref().map_err(Clone::clone)?;
        guard(|| (self.run)(bytes, options))
    }
}

impl<'t, O: Send, R: IntoJs> ScopedTask<'t> for Work<O, R> {
    type Output = Outcome<R>;
    type JsValue = Unknown<'t>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.run())
    }

    fn resolve(&mut self, env: &'t Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        settle(env, output)?.into_js(env)
    }
}

/// A result that becomes a JS value on the JS thread.
pub trait IntoJs: Send + 'static {
    /// The JS value.
    fn into_js(self, env: &Env) -> napi::Result<Unknown<'_>>;
}

/// A serde model, as a plain JS object in the JSON model (absent values are `null`). It is
/// serialized to JSON where it is made (on the libuv pool for the async calls) and handed to
/// V8's `JSON.parse` on the JS thread: several times faster than building the object one napi
/// call per property, for the same object.
pub struct Model(String);

impl Model {
    fn new<T: Serialize>(value: &T) -> Outcome<Self> {
        Self::built(api::to_json_ascii(value))
    }

    /// The model from the core's JSON text, or the panic serde_json's refusal is (a bug).
    fn built(json: Result<String, String>) -> Outcome<Self> {
        json.map(Self)
            .map_err(|e| Failure::Panic(format!("could not build the result: {e}")))
    }
}

impl IntoJs for Model {
    fn into_js(self, env: &Env) -> napi::Result<Unknown<'_>> {
        let json: Object<'_> = env.get_global()?.get_named_property("JSON")?;
        let parse: Function<'_, String, Unknown<'_>> = json.get_named_property("parse")?;
        parse.call(self.0)
    }
}

/// File bytes, as a `Uint8Array`.
pub struct Bytes(Vec<u8>);

impl IntoJs for Bytes {
    /// Copied into memory V8 allocates, and the Rust buffer freed at once. Handing the `Vec`
    /// over as an external buffer saves the copy, but then it lives until a GC collects its
    /// `ArrayBuffer`: calls in a loop took fresh pages every time (measured: 40 page faults
    /// per 170 KB JKS, more system time than the copy costs).
    fn into_js(self, env: &Env) -> napi::Result<Unknown<'_>> {
        Uint8ArraySlice::copy_from(env, &self.0)?.into_unknown(env)
    }
}

/// Runs `f`, turning a panic into [`Failure::Panic`].
fn guard<T>(f: impl FnOnce() -> Outcome<T>) -> Outcome<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic payload".to_owned());
        Err(Failure::Panic(what))
    })
}

/// On the JS thread: a result, or the JS error it failed with.
fn settle<T>(env: &Env, outcome: Outcome<T>) -> napi::Result<T> {
    outcome.map_err(|f| match f {
        Failure::Core(e) => js_error(
            env,
            e.code().as_str(),
            &e.to_string(),
            e.certificate(),
            e.offset(),
        ),
        Failure::Panic(what) => js_error(
            env,
            PANIC,
            &format!("dbcert panicked, which is a bug; please report it: {what}"),
            None,
            None,
        ),
    })
}

/// The bytes of an input: a typed array's memory, borrowed, or a string's UTF-8 bytes.
enum InputBytes<'a> {
    Typed(Uint8ArraySlice<'a>),
    Text(Vec<u8>),
}

impl<'a> InputBytes<'a> {
    fn read(input: Unknown<'a>) -> Outcome<Self> {
        let not_bytes = || invalid("the input must be a Uint8Array (or Buffer) or a string");
        match input.get_type() {
            Ok(ValueType::String) => String::from_unknown(input)
                .map(|s| Self::Text(s.into_bytes()))
                .map_err(|_| not_bytes()),
            Ok(ValueType::Object) if input.is_typedarray().unwrap_or(false) => {
                Uint8ArraySlice::from_unknown(input)
                    .map(Self::Typed)
                    .map_err(|_| not_bytes())
            }
            _ => Err(not_bytes()),
        }
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Self::Typed(slice) => slice,
            Self::Text(bytes) => bytes,
        }
    }
}

/// Options that may be left out (`undefined` or `null` mean the defaults).
fn options_or_default<T: DeserializeOwned + Default>(
    env: &Env,
    options: Option<Unknown<'_>>,
) -> Outcome<T> {
    match present(options) {
        None => Ok(T::default()),
        Some(o) => parse_options(env, o),
    }
}

/// Options that must be given.
fn options_required<T: DeserializeOwned>(
    env: &Env,
    options: Option<Unknown<'_>>,
    function: &str,
    example: &str,
) -> Outcome<T> {
    match present(options) {
        None => Err(invalid(&format!(
            "invalid options: {function} needs options, e.g. {example}"
        ))),
        Some(o) => parse_options(env, o),
    }
}

/// An options object, deserialized (unknown keys are errors, as `deny_unknown_fields` says).
fn parse_options<T: DeserializeOwned>(env: &Env, options: Unknown<'_>) -> Outcome<T> {
    let is_object =
        matches!(options.get_type(), Ok(ValueType::Object)) && !options.is_array().unwrap_or(true);
    if !is_object {
        return Err(invalid("invalid options: options must be an object"));
    }
    env.from_js_value(options).map_err(|e| {
        invalid(&format!(
            "invalid options: {}",
            dbcert_core::option_words::explain(&e.reason)
        ))
    })
}

/// `None` for a missing, `undefined` or `null` argument.
fn present(value: Option<Unknown<'_>>) -> Option<Unknown<'_>> {
    value.filter(|v| !matches!(v.get_type(), Ok(ValueType::Undefined | ValueType::Null)))
}

fn invalid(message: &str) -> Failure {
    Failure::Core(Error::new(ErrorCode::InvalidOption, message))
}

/// The system clock, in whole seconds since the Unix epoch.
fn now() -> UnixTime {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// 32 bytes from the operating system's random source.
fn random() -> Outcome<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| Failure::Panic(format!("no secure randomness available: {e}")))?;
    Ok(seed)
}

/// A real `Error` object with `code` and, where known, `certificate` and `offset`; napi-rs
/// throws (or rejects with) this very object.
fn js_error(
    env: &Env,
    code: &str,
    message: &str,
    certificate: Option<usize>,
    offset: Option<usize>,
) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut err = env.create_error(napi::Error::from_reason(message))?;
        err.set_named_property("code", code)?;
        if let Some(c) = certificate {
            err.set_named_property("certificate", u32::try_from(c).unwrap_or(u32::MAX))?;
        }
        if let Some(o) = offset {
            err.set_named_property("offset", u32::try_from(o).unwrap_or(u32::MAX))?;
        }
        Ok(napi::Error::from(err.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}
