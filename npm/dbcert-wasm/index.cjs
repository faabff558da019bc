'use strict';
// Node, CommonJS: `require('dbcert-wasm')` gives ready functions. The wasm-bindgen `nodejs`
// build (./node, written by `cargo xtask wasm`) compiles and instantiates the module
// synchronously when it is first required. Options reach it through the guard both packages share
// (options.cjs, copied from npm/dbcert/options.js by the build): the caller's getters, Proxy traps,
// BigInts and bytes outside `ca` become `invalid_option` errors, and the module reads only plain data.
// The functions over it (a trap as a `panic` error, the async forms, `probe`) are api.cjs's,
// shared with web.mjs (both copied from src/api.js by the build).
const { guardWasm } = require('./options.cjs');
const { wasmApi } = require('./api.cjs');

module.exports = wasmApi(guardWasm(require('./node/dbcert_wasm.js')));
