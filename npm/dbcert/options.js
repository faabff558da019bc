'use strict';
// Options objects as the native addon reads them. napi-rs reads an options object with serde
// through Node-API: a getter or a Proxy trap of the caller's that throws leaves its exception
// pending, and Node-API then throws that exception as it is, without a code; and a BigInt that
// fits is read as an integer. The wasm package refuses both with `invalid_option`
// (crates/dbcert-wasm/src/options.rs), and the two bindings keep one contract
// (tests/js/test/options.test.mjs). So the addon is handed a copy whose reads cannot run the
// caller's code unguarded:
//
// - an object becomes a plain object with the same own enumerable string keys, each an accessor
//   that reads the caller's value only when the addon asks for that key (so an unknown key is
//   still refused before its getter runs, and nothing else is read early), copied the same way;
//   a data property of an ordinary object (not a Proxy) holding a string, number or boolean is
//   copied as it is, since reading it runs nothing of the caller's;
// - an array is copied element by element when it is read;
// - bytes (typed arrays, `ArrayBuffer`) are passed as they are, without a copy, as the value of
//   a `ca` key, the one option that takes file contents (`Input` in npm/types/dbcert.d.ts);
//   anywhere else they are refused, as the wasm package refuses them (serde would otherwise take
//   a Uint8Array for a string when its bytes are UTF-8);
// - whatever the caller's code throws while being read, and a BigInt, become `invalid_option`
//   errors with messages in the wasm package's words.

/** Deepest nesting copied (the wasm package's MAX_DEPTH); deeper values pass as they are. */
const MAX_DEPTH = 16;

/** Most array elements copied in one options value (the wasm package's MAX_VALUES). */
const MAX_VALUES = 1 << 22;

// Neither runs a Proxy trap.
const { isProxy, isAnyArrayBuffer } = require('node:util').types;

/** An `invalid_option` error, shaped as the addon's own errors. */
function invalid(detail) {
  const err = new Error(`invalid options: ${detail}`);
  err.code = 'invalid_option';
  return err;
}

/** What a value the caller's code threw while `what` was read says, as the wasm package says it. */
function couldNotRead(what, thrown) {
  let message;
  try {
    if (thrown !== null && (typeof thrown === 'object' || typeof thrown === 'function')) message = thrown.message;
  } catch {
    message = undefined;
  }
  return invalid(typeof message === 'string' ? `${what} could not be read: ${message}` : `${what} could not be read`);
}

/** Calls `read`; what it throws becomes an `invalid_option` error naming `what`. */
function guarded(what, read) {
  try {
    return read();
  } catch (thrown) {
    throw couldNotRead(what, thrown);
  }
}

/** The one key whose value may be file contents (bytes). */
const BYTES_KEY = 'ca';

/** True for bytes: a typed array or an `ArrayBuffer` (no Proxy trap runs). */
function isBytes(value) {
  return ArrayBuffer.isView(value) || isAnyArrayBuffer(value);
}

/** True for a value the addon reads without running the caller's code, and may read as it is. */
function isFlat(value) {
  return value === null || (typeof value !== 'object' && typeof value !== 'bigint');
}

/**
 * The copy of an options value the addon reads (see the top of this file); `what` names it, and
 * `bytes` says whether it may be file contents.
 */
function copy(value, depth, what, bytes = false) {
  if (typeof value === 'bigint') throw invalid(`invalid type: a BigInt in ${what}; BigInts are not options`);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (isBytes(value)) {
    if (bytes) return value;
    throw invalid(`invalid type: byte array in ${what}; only \`${BYTES_KEY}\` takes file contents`);
  }
  if (guarded('an array', () => Array.isArray(value))) {
    const length = guarded("an array's length", () => value.length);
    if (!(length <= MAX_VALUES)) throw invalid(`an array of ${length} elements is more than the ${MAX_VALUES} values options can hold`);
    const out = new Array(length);
    for (let i = 0; i < length; i++) out[i] = copy(guarded('an array element', () => value[i]), depth + 1, what);
    return out;
  }
  // No prototype: a key named `__proto__` stays a key.
  const out = Object.create(null);
  const proxy = isProxy(value);
  for (const key of guarded("an object's keys", () => Object.keys(value))) {
    if (!proxy) {
      // A data property of an ordinary object runs no code of the caller's when read: a
      // value the addon reads without running any either (neither an object nor a BigInt, or
      // the bytes of `ca`) is handed over as it is, which is most options and faster than an
      // accessor (measured: an accessor for `ca` adds 5 µs to a 105 µs `verify`).
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (desc && 'value' in desc && (isFlat(desc.value) || (depth === 1 && key === BYTES_KEY && isBytes(desc.value)))) {
        out[key] = desc.value;
        continue;
      }
    }
    const name = `\`${key}\``;
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => copy(guarded(name, () => value[key]), depth + 1, name, depth === 1 && key === BYTES_KEY),
    });
  }
  return out;
}

/**
 * The options argument for the addon: an object or array is copied (see above); anything else
 * (`undefined`, a string, …) is passed as it is, for the addon to accept or refuse.
 */
function options(value) {
  if (value === null || typeof value !== 'object') return value;
  let array;
  try {
    array = Array.isArray(value);
  } catch {
    // A revoked Proxy, which nothing can read.
    throw invalid('options must be an object');
  }
  // An array is refused by the addon as it is.
  return array ? value : copy(value, 1, 'options');
}

/**
 * The addon's functions with their options argument (`at`: its position) passed through
 * `options`; the `…Async` ones reject instead of throwing, as they do for every other error.
 */
function guard(binding) {
  const sync = (fn, at) => (...args) => {
    if (args.length > at) args[at] = options(args[at]);
    return fn(...args);
  };
  const promised = (fn, at) => (...args) => {
    try {
      if (args.length > at) args[at] = options(args[at]);
      return fn(...args);
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return {
    ...binding,
    inspect: sync(binding.inspect, 1),
    inspectAsync: promised(binding.inspectAsync, 1),
    convert: sync(binding.convert, 1),
    convertAsync: promised(binding.convertAsync, 1),
    verify: sync(binding.verify, 1),
    verifyAsync: promised(binding.verifyAsync, 1),
    snippet: sync(binding.snippet, 0),
    snippetHtml: sync(sync(binding.snippetHtml, 1), 0),
    snippetMarkdown: sync(sync(binding.snippetMarkdown, 1), 0),
    advise: sync(binding.advise, 0),
    probe: sync(binding.probe, 0),
    probeAsync: promised(binding.probeAsync, 0),
  };
}

module.exports = { guard };
