'use strict';
// The loader: the native addon for this platform when there is one (next to this file in a
// development build, else the `dbcert-<platform>` package npm installed), otherwise the
// WebAssembly package with a one-line notice, so `require('dbcert')` works everywhere.
//
// DBCERT_FORCE_WASM=1 skips the native addon (to test the fallback, or to work around a broken
// binary).

// The addon's options arguments are read through a guarded copy (see options.js), so that it
// refuses what the wasm package refuses, with the same codes.
const { guard } = require('./options.js');

/**
 * The napi-rs platform name of this process, e.g. `linux-x64-gnu`, `darwin-arm64`. Packages exist
 * for linux-x64-gnu, linux-x64-musl, linux-arm64-gnu, linux-arm64-musl, darwin-arm64, darwin-x64
 * and win32-x64-gnu. On Windows the addon is built with mingw-w64 (`-gnu`: napi-rs would call an
 * MSVC build `-msvc`); it is made for the MSVC-built node.exe Node ships: it finds Node-API in the
 * running process when it loads (crates/dbcert-node/build.rs).
 */
function platformName() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  }
  if (platform === 'win32') {
    return `win32-${arch}-gnu`;
  }
  return `${platform}-${arch}`;
}

/** True on a musl libc (Alpine): Node's report has no glibc version there. */
function isMusl() {
  try {
    const header = process.report && process.report.getReport().header;
    return !(header && header.glibcVersionRuntime);
  } catch {
    return false;
  }
}

/** The native addon, or `null` with the reason when none can be loaded. */
function loadNative(name) {
  const tried = [];
  for (const path of [`./dbcert.${name}.node`, `dbcert-${name}`]) {
    try {
      return { binding: require(path) };
    } catch (err) {
      // A missing file is expected (only one of the two exists); anything else (a binary for
      // another libc, a corrupt file) is worth naming in the notice.
      if (err && err.code !== 'MODULE_NOT_FOUND') tried.push(`${path}: ${err.message.split('\n')[0]}`);
    }
  }
  return { binding: null, why: tried.join('; ') };
}

function load() {
  const name = platformName();
  const fallback = '; using the WebAssembly build (same API, slower, async calls run on the main thread)\n';
  if (process.env.DBCERT_FORCE_WASM === '1') {
    process.stderr.write(`dbcert: DBCERT_FORCE_WASM=1${fallback}`);
  } else {
    const { binding, why } = loadNative(name);
    if (binding) return guard(binding, require('node:util').types);
    process.stderr.write(`dbcert: no native addon for ${name}${why ? ` (${why})` : ''}${fallback}`);
  }
  return require('dbcert-wasm');
}

const binding = load();

module.exports = {
  detectFormat: binding.detectFormat,
  inspect: binding.inspect,
  inspectAsync: binding.inspectAsync,
  convert: binding.convert,
  convertAsync: binding.convertAsync,
  verify: binding.verify,
  verifyAsync: binding.verifyAsync,
  snippet: binding.snippet,
  snippetHtml: binding.snippetHtml,
  snippetMarkdown: binding.snippetMarkdown,
  clients: binding.clients,
  advise: binding.advise,
  probe: binding.probe,
  probeAsync: binding.probeAsync,
};
// Not part of the contract: proves in tests that a Rust panic becomes an Error with code `panic`.
Object.defineProperty(module.exports, '__testPanic', { value: binding.__testPanic, enumerable: false });
