// The snippet generator alone, as WebAssembly (crates/dbcert-snippet-wasm): what
// <dbcert-snippet> loads, and usable by itself.
//
//   import { load, snippet, clients, snippetHtml } from 'dbcert-snippet/module';
//   await load();                       // fetches wasm/dbcert_snippet_wasm_bg.wasm beside this file
//   snippet({ client: 'jdbc', mode: 'VERIFY_CA', host: 'db.example.com' });
//
// `snippet` and `clients` are those of the full packages (npm/types/dbcert.d.ts); `snippetHtml`
// gives the element with its markup pre-rendered (static HTML). Options cross as JSON text, and
// errors are thrown as `Error`s with `code`.
//
// The readable source: `cargo xtask wasm` minifies it (terser) into ../module.mjs, the file the
// package exports, so its imports are relative to the package folder.
import init, * as wasm from './wasm/dbcert_snippet_wasm.js';

let ready;
/**
 * Instantiates the module once (later calls return the same promise). `input`: what the
 * generated `init` takes (a URL, a Response, bytes or a WebAssembly.Module); by default the
 * .wasm file beside the glue, fetched from the page's own origin.
 */
export const load = (input) => (ready ??= init(input === undefined ? undefined : { module_or_path: input }));

const fail = (code, message) => Object.assign(new Error(message), { code });

/** JSON text of `value`; what JSON cannot hold (a BigInt, a cycle, a throwing getter) is `invalid_option`. */
function json(value, what) {
  try {
    return JSON.stringify(value ?? {});
  } catch (e) {
    throw fail('invalid_option', `invalid ${what}: ${e?.message ?? e}`);
  }
}

/** Calls the module and unwraps `{ok}` or throws `{error}`. */
function call(f, ...args) {
  if (!ready) throw fail('not_loaded', 'dbcert-snippet: call and await load() first');
  let out;
  try {
    out = JSON.parse(f(...args));
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    throw fail('panic', `dbcert panicked, which is a bug; please report it: ${e.message}`);
  }
  if (out.error) throw fail(out.error.code, out.error.message);
  return out.ok;
}

/** The code or settings that make one client connect with one SSL mode. */
export function snippet(options) {
  if (options == null) throw fail('invalid_option', 'invalid options: snippet needs options, e.g. {client: "mysql-cli", mode: "VERIFY_IDENTITY"}');
  return call(wasm.snippet, json(options, 'options'));
}

/** Every client `snippet` knows, in a stable order. */
export const clients = () => call(wasm.clients);

/** `<dbcert-snippet …>` with its markup pre-rendered in a declarative shadow root: static HTML. */
export const snippetHtml = (options, view) => call(wasm.snippetHtml, json(options, 'options'), json(view, 'view'));

/** The markup the element puts in its shadow root. */
export const widgetHtml = (options, view) => call(wasm.widgetHtml, json(options, 'options'), json(view, 'view'));

/** The stylesheet of the view (what `dbcert-snippet.css` holds). */
export const stylesheet = () => call(wasm.stylesheet);
