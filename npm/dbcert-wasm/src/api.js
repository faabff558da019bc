'use strict';
// The wasm package's API over the module's guarded functions, one source for both entries:
// `cargo xtask wasm` copies it, minified, as api.cjs (for index.cjs) and, with an ES `export`
// line, api.mjs (for web.mjs), as it copies the options guard.

// A Rust panic (a bug) traps: the module is built with panic=immediate-abort, for size. The
// WebAssembly.RuntimeError becomes an Error with code `panic`, worded alike in every engine; the
// module keeps working after it. The CLI, the same core, shows where it panicked.
const PANICKED = 'dbcert panicked, which is a bug; please report it with the input (`dbcert` on the command line shows where it panicked)';
const guard =
  (f) =>
  (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      throw Object.assign(new Error(PANICKED), { code: 'panic' });
    }
  };

/** Runs `f` inside a promise: same result or error, delivered asynchronously. */
const later =
  (f) =>
  (...args) =>
    new Promise((resolve) => resolve(f(...args)));

// `probe` needs raw TCP sockets, which WebAssembly does not have: a coded error, thrown or rejected.
const unsupported = () =>
  Object.assign(
    new Error('probe needs raw TCP sockets, which WebAssembly and browsers do not have: use the dbcert Node addon or CLI'),
    { code: 'unsupported_platform' },
  );

/** The package's functions over `wasm`, the module's functions behind the options guard. */
function wasmApi(wasm) {
  const api = {
    detectFormat: guard(wasm.detectFormat),
    inspect: guard(wasm.inspect),
    convert: guard(wasm.convert),
    verify: guard(wasm.verify),
    snippet: guard(wasm.snippet),
    snippetHtml: guard(wasm.snippetHtml),
    snippetMarkdown: guard(wasm.snippetMarkdown),
    clients: guard(wasm.clients),
    advise: guard(wasm.advise),
  };
  // WebAssembly runs on the calling thread: these keep the Node addon's API, not its threads.
  api.inspectAsync = later(api.inspect);
  api.convertAsync = later(api.convert);
  api.verifyAsync = later(api.verify);
  api.probe = () => {
    throw unsupported();
  };
  api.probeAsync = () => Promise.reject(unsupported());
  // Not part of the contract: proves in tests that a Rust panic becomes an Error with code `panic`.
  Object.defineProperty(api, '__testPanic', { value: guard(wasm.__testPanic), enumerable: false });
  return api;
}

module.exports = { wasmApi };
