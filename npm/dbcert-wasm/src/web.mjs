// The package's `web.mjs` is this file minified by `cargo xtask wasm` (what browsers download);
// its imports are relative to the package's root, where that copy is.
// Browsers without a bundler: `import init, {inspect} from 'dbcert-wasm/web'; await init();`
// `init()` fetches dbcert_wasm_bg.wasm next to the glue (or takes `{module_or_path}`: a URL, a
// Response, bytes or a compiled WebAssembly.Module); `initSync({module})` takes bytes or a Module.
// Call the functions after `init()` has resolved.
import * as glue from './web/dbcert_wasm.js';
import { guardWasm } from './options.mjs';
import { wasmApi } from './api.mjs';

export { default, initSync } from './web/dbcert_wasm.js';

// Options reach the module through the guard both packages share (options.mjs, copied from
// npm/dbcert/options.js by the build): the caller's getters, Proxy traps, BigInts and bytes
// outside `ca` become `invalid_option` errors, and the module reads nothing but plain data. The
// functions over it (a trap as a `panic` error, the async forms, `probe`) are api.mjs's, shared
// with index.cjs.
export const {
  detectFormat,
  inspect,
  inspectAsync,
  convert,
  convertAsync,
  verify,
  verifyAsync,
  snippet,
  snippetHtml,
  snippetMarkdown,
  clients,
  advise,
  probe,
  probeAsync,
  // Not part of the contract: proves in tests that a Rust panic becomes an Error with code `panic`.
  __testPanic,
} = wasmApi(guardWasm(glue));
