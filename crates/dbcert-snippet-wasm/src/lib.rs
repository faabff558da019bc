//! # dbcert-snippet-wasm
//!
//! The snippet generator of [`dbcert_core`] alone (built without the core's default features:
//! no certificate, keystore or signature code), as the WebAssembly module of the
//! `<dbcert-snippet>` docs widget (npm `dbcert-snippet`). Its JS side (`module.mjs` in that
//! package) gives the same `snippet` and `clients` as the full package, and the view renderers.
//!
//! Options are checked by the JS side (as JSON, with the serde models' messages) and cross as
//! NUL-separated text that [`options`] splits, and every answer is JSON text: `{"ok": value}` or `{"error": {"code", "message"}}`, which the JS side
//! parses and throws as an `Error` with `code` ([`answer`]: the same JSON text the full package
//! writes, without serde). Strings are the only values that cross, so the generated glue is a
//! few hundred lines and no `js-sys`.

use answer::answer;
use dbcert_core::snippet::{self, html, SnippetOptions, View};
use dbcert_core::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

pub mod answer;
pub mod options;

/// lol_alloc's free-list allocator instead of std's dlmalloc (9 KB of code; W9). Its
/// `LockedAllocator` is safe to construct (this crate forbids `unsafe`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// `snippet(options)`: the code or settings for one client and SSL mode.
#[wasm_bindgen]
pub fn snippet(options: &str) -> String {
    answer(read(options::snippet_options(options), "options").and_then(|o| snippet::generate(&o)))
}

/// `clients()`: every client `snippet` knows.
#[wasm_bindgen]
pub fn clients() -> String {
    answer(Ok(snippet::clients()))
}

/// `snippetHtml(options, view)` when `element`: `<dbcert-snippet>` with its markup pre-rendered
/// (static HTML); otherwise the markup the element puts in its shadow root (the element's own
/// use). One export for both: each export is a wrapper in the module and in its glue (W9).
#[wasm_bindgen]
pub fn html(options: &str, view: &str, element: bool) -> String {
    answer(both(options, view).and_then(|(o, v)| {
        if element {
            html::element(&o, &v)
        } else {
            html::widget(&o, &v)
        }
    }))
}

/// The view's stylesheet (`dbcert-snippet.css`).
#[wasm_bindgen]
pub fn stylesheet() -> String {
    answer(Ok(html::stylesheet()))
}

fn both(options: &str, view: &str) -> Result<(SnippetOptions, View), Error> {
    Ok((
        read(options::snippet_options(options), "options")?,
        read(options::view(view), "view")?,
    ))
}

/// An options reader's error as `invalid_option`; `what` names the argument.
fn read<T>(result: Result<T, options::Error>, what: &str) -> Result<T, Error> {
    result.map_err(|e| Error::new(ErrorCode::InvalidOption, format!("invalid {what}: {e}")))
}
