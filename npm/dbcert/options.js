'use strict';
// Options objects as both bindings read them: one guard for the two npm packages. The Node addon
// (npm/dbcert) requires this file; `cargo xtask wasm` copies it into the WebAssembly package
// (npm/dbcert-wasm) as options.cjs, and as options.mjs with an ES `export` line instead of the
// `module.exports` one (for browsers and bundlers), so there is one source and no second copy.
//
// Both bindings read an options object with serde: napi's deserializer through Node-API in the
// addon, serde-wasm-bindgen in the wasm module (crates/dbcert-wasm/src/options.rs). Neither may
// run the caller's code unguarded while it reads: a getter or a Proxy trap that throws (Node-API
// rethrows the exception as it is, without a code; in WebAssembly it would unwind through the
// module), a getter that never ends reading a cycle. So each binding is handed a copy:
//
// - the options object becomes a prototype-less object with the same own enumerable string
//   keys, each an accessor that reads the caller's value only when the binding asks for that key
//   (so an unknown key is refused before its getter runs, and nothing else is read early);
// - for the addon (`guard`), a value is copied the same way, level by level as it is read, and
//   an array element by element when it is read; a data property of an ordinary object (not a
//   Proxy) holding a string, number or boolean is copied as it is, since reading it runs
//   nothing of the caller's. Node-API would read a BigInt as an integer, and serde takes a
//   Uint8Array for a string when its bytes are UTF-8: both are refused here, bytes anywhere but
//   as the value of a `ca`, `crl` or `chain` key (the options that take file contents, `Input`
//   in npm/types/dbcert.d.ts; `crl` also an array of them; `chain` is advise's), where they are
//   passed as they are;
// - for the wasm module (`guardWasm`), a value is copied whole when its key is read, into plain
//   data that serde-wasm-bindgen reads without running anything of the caller's: strings,
//   numbers, booleans, BigInts, symbols, `null`, `undefined`, arrays and prototype-less objects
//   of these, a fresh Uint8Array for a Uint8Array (or Buffer) or an ArrayBuffer, and a function
//   of this file's own in place of the caller's (with no getter to run). The module refuses a
//   BigInt, a symbol, a function, and bytes anywhere but `ca` itself, in serde's words with the
//   type it expected. What cannot be read inside the value (see below), an array or object
//   nested deeper than MAX_DEPTH levels (a cycle) included, is left in the copy as the
//   `invalid_option` error it became, which the module throws if it reaches it: so a value of
//   the wrong type is still refused for its type first, as when the module read values itself;
// - whatever the caller's code throws while being read, and more than MAX_VALUES array
//   elements and properties in one options value, become `invalid_option` errors: the addon's
//   accessors throw them and the addon passes them on as they are; the wasm module reads each
//   key with the exception caught, and throws it again as it is.
//
// These messages are the bindings' words for what this file refuses (tests/js/test/options.test.mjs
// holds both bindings to them); serde's own (unknown field, invalid type, …) come from each binding.

/** Deepest nesting read, the options object included (it is level 1; `alias` is level 2). */
const MAX_DEPTH = 16;

/**
 * Most array elements and object properties read in one options value: enough for a CA bundle of
 * 4 MiB given as an array of numbers, and a bound on the time and memory a huge (or sparse)
 * array can cost.
 */
const MAX_VALUES = 1 << 22;

/**
 * The keys whose value may be file contents (bytes): `ca`, `crl` (one file or an array), and
 * advise's `chain`.
 */
const BYTES_KEYS = ['ca', 'crl', 'chain'];
const takesBytes = (depth, key) => depth === 1 && BYTES_KEYS.includes(key);

/** An `invalid_option` error, shaped as the bindings' own errors. */
function invalid(detail) {
  const err = new Error(`invalid options: ${detail}`);
  err.code = 'invalid_option';
  return err;
}

/** What a value the caller's code threw while `what` was read says. */
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

// Brand checks through the engine's own getters: none runs a Proxy trap or a getter of the
// caller's, and none needs Node's `util.types` (this file also runs in browsers).
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key).get;
const arrayBufferLength = getter(ArrayBuffer.prototype, 'byteLength');
const sharedLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;
const typedArrayTag = getter(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);

/** True when `get` accepts `value` as its receiver (it throws for any other object). */
function branded(get, value) {
  try {
    get.call(value);
    return true;
  } catch {
    return false;
  }
}

/** True for an `ArrayBuffer` (not a Proxy of one). */
const isArrayBuffer = (value) => branded(arrayBufferLength, value);

/** True for bytes: a typed array, a `DataView`, an `ArrayBuffer` or a `SharedArrayBuffer`. */
function isBytes(value) {
  return ArrayBuffer.isView(value) || isArrayBuffer(value) || (sharedLength !== undefined && branded(sharedLength, value));
}

/** The bytes the wasm module takes as they are: a Uint8Array (or Buffer) or an ArrayBuffer. */
function isUint8(value) {
  return typedArrayTag.call(value) === 'Uint8Array' || isArrayBuffer(value);
}

/** True for a value the addon reads without running the caller's code, and may read as it is. */
function isFlat(value) {
  return value === null || (typeof value !== 'object' && typeof value !== 'bigint');
}

/** The refusal of a BigInt found in `what`. */
const bigint = (what) => invalid(`invalid type: a BigInt in ${what}; BigInts are not options`);

/** The refusal of bytes found in `what`, which is not `ca`. */
const bytesElsewhere = (what) => invalid(`invalid type: byte array in ${what}; only \`ca\`, \`crl\` and \`chain\` take file contents`);

/** A count of the array elements and properties one options value may still have read. */
const budget = () => ({ left: MAX_VALUES });

/** Takes `n` from `left`, or refuses the options as too large. */
function spend(left, n) {
  if (!(n <= left.left)) throw invalid(`the options hold more than ${MAX_VALUES} array elements and properties`);
  left.left -= n;
}

/** The length of an array (a Proxy's trap may say anything), charged to `left`. */
function arrayLength(value, left) {
  const length = guarded("an array's length", () => value.length);
  if (!Number.isSafeInteger(length) || length < 0) throw invalid('an array has no valid length');
  spend(left, length);
  return length;
}

/**
 * A prototype-less object with the own enumerable string keys of `value`, each an accessor that
 * reads the caller's value only when asked and returns `read(value, depth + 1, what, bytes)`;
 * `own(value, key)` may instead give `{ value }` to store as it is (a data property that runs
 * nothing of the caller's when read).
 */
function byKey(value, depth, left, read, own) {
  // No prototype: a key named `__proto__` stays a key.
  const out = Object.create(null);
  const keys = guarded("an object's keys", () => Object.keys(value));
  spend(left, keys.length);
  for (const key of keys) {
    const direct = own?.(value, key, depth);
    if (direct) {
      out[key] = direct.value;
      continue;
    }
    const name = `\`${key}\``;
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => read(guarded(name, () => value[key]), depth + 1, name, takesBytes(depth, key)),
    });
  }
  return out;
}

/**
 * The addon's reading of a data property of an ordinary object (not a Proxy), which runs no code
 * of the caller's: a value the addon reads without running any either (neither an object nor a
 * BigInt, or the bytes of `ca`) is handed over as it is, which is most options and faster than an
 * accessor (measured: an accessor for `ca` adds 5 µs to a 105 µs `verify`).
 */
function addonOwn(value, key, depth) {
  const desc = Object.getOwnPropertyDescriptor(value, key);
  if (desc && 'value' in desc && (isFlat(desc.value) || (takesBytes(depth, key) && isBytes(desc.value)))) return desc;
  return undefined;
}

/**
 * The addon's reader: the copy of an options value it reads (see the top of this file); `what`
 * names it, and `bytes` says whether it may be file contents. `isProxy` is Node's
 * `util.types.isProxy`.
 */
function addonReader(isProxy) {
  return (left) => {
    const copy = (value, depth, what, bytes = false) => {
      if (typeof value === 'bigint') throw bigint(what);
      if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
      if (isBytes(value)) {
        if (bytes) return value;
        throw bytesElsewhere(what);
      }
      if (guarded('an array', () => Array.isArray(value))) {
        const length = arrayLength(value, left);
        const out = new Array(length);
        for (let i = 0; i < length; i++) out[i] = copy(guarded('an array element', () => value[i]), depth + 1, what, bytes);
        return out;
      }
      return byKey(value, depth, left, copy, isProxy(value) ? undefined : addonOwn);
    };
    return { copy, own: (value) => (isProxy(value) ? undefined : addonOwn) };
  };
}

/** What the wasm module gets in place of a function of the caller's: one with nothing to run. */
const FUNCTION = Object.freeze(function standIn() {});

/**
 * The wasm module's reader: a value as plain data (see the top of this file). What cannot be
 * read (a getter or trap that throws, a cycle, too many values) is left as the `invalid_option`
 * error it became, in place of the value: the module throws that error when it reaches it, and
 * only then, as when it read values one by one itself (a value of the wrong type is refused for
 * its type before anything inside it). A BigInt and bytes are handed on (bytes as a copy): the
 * module refuses them itself wherever the option is not `ca`, in serde's words with the type it
 * expected.
 */
function wasmReader(left) {
  const plain = (value, depth) => {
    if (typeof value === 'function') return FUNCTION;
    if (value === null || typeof value !== 'object') return value;
    try {
      // A copy (or, of an ArrayBuffer, a view) no getter of the caller's can change. Other views
      // are copied as objects, and refused as a map.
      if (isUint8(value)) return guarded('a Uint8Array', () => new Uint8Array(value));
      if (depth > MAX_DEPTH) return invalid(`the options nest more than ${MAX_DEPTH} arrays and objects deep (a cycle?)`);
      if (guarded('an array', () => Array.isArray(value))) {
        const length = arrayLength(value, left);
        const out = new Array(length);
        for (let i = 0; i < length; i++) out[i] = read('an array element', () => value[i], depth + 1);
        return out;
      }
      const keys = guarded("an object's keys", () => Object.keys(value));
      spend(left, keys.length);
      const out = Object.create(null);
      for (const key of keys) out[key] = read(`\`${key}\``, () => value[key], depth + 1);
      return out;
    } catch (err) {
      // Only this file's `invalid_option` errors are thrown in there.
      return err;
    }
  };
  const read = (what, get, depth) => {
    let value;
    try {
      value = guarded(what, get);
    } catch (err) {
      return err;
    }
    return plain(value, depth);
  };
  return { copy: plain, own: () => undefined };
}

/**
 * The options argument for a binding: an object is read through `byKey`, with a fresh budget and
 * what `reader(budget)` gives (`copy` for each value, `own(object)` for data properties taken as
 * they are); an array or anything else (`undefined`, a string, …) is passed as it is, for the
 * binding to accept or refuse.
 */
function options(value, reader) {
  if (value === null || typeof value !== 'object') return value;
  let array;
  try {
    array = Array.isArray(value);
  } catch {
    // A revoked Proxy, which nothing can read.
    throw invalid('options must be an object');
  }
  if (array) return value;
  const left = budget();
  const { copy, own } = reader(left);
  return byKey(value, 1, left, copy, own(value));
}

/**
 * `binding`'s functions with their options argument (`at`: its position) passed through
 * `options`; the `…Async` ones (where the binding has them) reject instead of throwing, as they
 * do for every other error.
 */
function wrap(binding, reader) {
  const read = (value) => options(value, reader);
  const sync = (fn, at) => (...args) => {
    if (args.length > at) args[at] = read(args[at]);
    return fn(...args);
  };
  const promised = (fn, at) => (...args) => {
    try {
      if (args.length > at) args[at] = read(args[at]);
      return fn(...args);
    } catch (err) {
      return Promise.reject(err);
    }
  };
  const out = { ...binding };
  for (const [name, at] of [['inspect', 1], ['convert', 1], ['verify', 1], ['snippet', 0], ['advise', 0], ['probe', 0]]) {
    if (typeof binding[name] === 'function') out[name] = sync(binding[name], at);
    if (typeof binding[`${name}Async`] === 'function') out[`${name}Async`] = promised(binding[`${name}Async`], at);
  }
  // snippetHtml(options, viewOptions) and snippetMarkdown: both arguments guarded.
  for (const name of ['snippetHtml', 'snippetMarkdown']) {
    if (typeof binding[name] === 'function') out[name] = sync(sync(binding[name], 1), 0);
  }
  return out;
}

/** The native addon's functions, reading options through copies (`types`: Node's `util.types`). */
function guard(binding, types) {
  return wrap(binding, addonReader(types.isProxy));
}

/** The wasm module's functions (its wasm-bindgen glue), reading options as plain data. */
function guardWasm(binding) {
  return wrap(binding, wasmReader);
}

module.exports = { guard, guardWasm };
