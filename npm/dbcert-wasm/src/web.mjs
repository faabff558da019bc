// The package's `web.mjs` is this file minified by `cargo xtask wasm` (what browsers download);
// its imports are relative to the package's root, where that copy is.
// Browsers without a bundler: `import init, {inspect} from 'dbcert-wasm/web'; await init();`
// `init()` fetches dbcert_wasm_bg.wasm next to the glue (or takes `{module_or_path}`: a URL, a
// Response, bytes or a compiled WebAssembly.Module); `initSync({module})` takes bytes or a Module.
// Call the functions after `init()` has resolved.
import * as glue from './web/dbcert_wasm.js';
import { guardWasm } from './options.mjs';

export { default, initSync } from './web/dbcert_wasm.js';

// Options reach the module through the guard both packages share (options.mjs, copied from
// npm/dbcert/options.js by the build): the caller's getters, Proxy traps, BigInts and bytes
// outside `ca` become `invalid_option` errors, and the module reads nothing but plain data.
const wasm = guardWasm(glue);

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
const later =
  (f) =>
  (...args) =>
    new Promise((resolve) => resolve(f(...args)));

export const detectFormat = guard(wasm.detectFormat);
export const inspect = guard(wasm.inspect);
export const convert = guard(wasm.convert);
export const verify = guard(wasm.verify);
export const snippet = guard(wasm.snippet);
export const snippetHtml = guard(wasm.snippetHtml);
export const snippetMarkdown = guard(wasm.snippetMarkdown);
export const clients = guard(wasm.clients);
export const advise = guard(wasm.advise);
// WebAssembly runs on the calling thread: these keep the Node addon's API, not its threads.
export const inspectAsync = later(inspect);
export const convertAsync = later(convert);
export const verifyAsync = later(verify);
// `probe` needs raw TCP sockets, which browsers and WebAssembly do not have: a coded error.
const unsupported = () =>
  Object.assign(
    new Error('probe needs raw TCP sockets, which WebAssembly and browsers do not have: use the dbcert Node addon or CLI'),
    { code: 'unsupported_platform' },
  );
export const probe = () => {
  throw unsupported();
};
export const probeAsync = () => Promise.reject(unsupported());
/** Not part of the contract: proves in tests that a Rust panic becomes an Error with code `panic`. */
export const __testPanic = guard(wasm.__testPanic);
