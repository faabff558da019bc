// The snippet generator alone, as WebAssembly (crates/dbcert-snippet-wasm): what
// <dbcert-snippet> loads, and usable by itself.
//
//   import { load, snippet, clients, snippetHtml } from 'dbcert-snippet/module';
//   await load();                       // fetches wasm/dbcert_snippet_wasm_bg.wasm beside this file
//   snippet({ client: 'jdbc', mode: 'VERIFY_CA', host: 'db.example.com' });
//
// `snippet` and `clients` are those of the full packages (npm/types/dbcert.d.ts); `snippetHtml`
// gives the element with its markup pre-rendered (static HTML). Options are checked here and cross
// as text (see `wire`), and errors are thrown as `Error`s with `code`.
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

/** The option keys, in the order the module reads their values. */
const OPTIONS = ['client', 'mode', 'host', 'port', 'user', 'database', 'passwordPlaceholder', 'ca', 'caFormat', 'truststore', 'truststoreType', 'truststorePassword', 'clientVersion', 'clientLibrary', 'serverFlavor', 'serverVersion', 'tlsVersions', 'cipher'];
const VIEW = ['clients', 'modes', 'theme', 'stylesheet'];
/** The options with a few lower-case names, and those holding lists of strings. */
const NAMES = { truststoreType: ['jks', 'pkcs12'], clientLibrary: ['mysql', 'mariadb'], serverFlavor: ['mysql', 'mariadb'] };
const LISTS = ['tlsVersions', 'clients', 'modes'];

/** The integer a JSON number's text holds, if it is one within 64 bits (signed or not). */
function integer(v) {
  const t = JSON.stringify(v);
  if (!/^-?\d+$/.test(t)) return;
  const n = BigInt(t);
  if (n <= 18446744073709551615n && n >= -9223372036854775808n) return n;
}

/** What a JSON value is, in the messages' words. */
const kind = (v) =>
  v === undefined ? 'a value JSON cannot hold'
  : v === null ? 'null'
  : typeof v === 'boolean' ? 'a boolean'
  : typeof v === 'number' ? (integer(v) === undefined ? 'a number with a fraction' : 'an integer')
  : typeof v === 'string' ? 'a string'
  : Array.isArray(v) ? 'an array' : 'an object';

/** A value as the option errors name it (dbcert_core::option_words: `the text "x"`, `5`, …). */
const words = (v) =>
  typeof v === 'string' ? `the text ${JSON.stringify(v)}`
  : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v)
  : kind(v);

/** A list of values as serde writes it: `` `a` or `b` ``, or `` `a`, `b`, `c` ``. */
const variants = (list) => {
  const q = list.map((x) => `\`${x}\``);
  return q.length === 2 ? q.join(' or ') : q.join(', ');
};

/** What `port` takes, in the words of the full package. */
const U16 = 'a whole number from 0 to 65535';

/** A string for the module's reader: `\` escapes `\`, NUL and U+0001 (its separators). */
const esc = (s) => s.replace(/[\\\0\x01]/g, (c) => `\\${c === '\\' ? '\\' : c === '\0' ? 0 : 1}`);

/**
 * The options (`what` = 'options') or the view as the module reads them: the value of each key
 * of `keys` in order, separated by NUL, each empty when left out or `=` and the value (a list:
 * each item after U+0001). Checked here as JSON (`JSON.stringify` first: what JSON cannot hold,
 * a BigInt, a cycle, a throwing getter, is `invalid_option`), with the messages of the core's
 * serde models.
 */
function wire(value, what, keys) {
  const bad = (message) => fail('invalid_option', `invalid ${what}: ${message}`);
  // The words of the full package and the Node addon (dbcert_core::option_words).
  const type = (k, v, expected) => bad(`${words(v)} where ${expected} was expected`);
  let o;
  try {
    const text = JSON.stringify(value ?? {});
    o = text === undefined ? text : (JSON.parse(text) ?? {});
  } catch (e) {
    throw bad(e?.message ?? e);
  }
  if (typeof o !== 'object' || Array.isArray(o)) throw bad(`${words(o)} where ${what === 'view' ? 'a view' : 'an options'} object was expected`);
  const out = keys.map(() => '');
  for (const [k, v] of Object.entries(o)) {
    const i = keys.indexOf(k);
    if (i < 0) throw bad(`unknown option \`${k}\` (the options are ${keys.map((x) => `\`${x}\``).join(', ')})`);
    if (v === null) continue;
    if (k === 'port') {
      const n = typeof v === 'number' ? integer(v) : undefined;
      if (n === undefined || n < 0) throw type(k, v, U16);
      if (n > 65535) throw bad(`${n} is out of range (${U16} was expected)`);
      out[i] = `=${n}`;
    } else if (LISTS.includes(k)) {
      if (!Array.isArray(v)) throw type(k, v, 'an array of strings');
      for (const s of v) if (typeof s !== 'string') throw type(k, s, 'a string');
      out[i] = `=${v.map((s) => `\x01${esc(s)}`).join('')}`;
    } else {
      if (typeof v !== 'string') throw type(k, v, 'a string');
      if (NAMES[k] && !NAMES[k].includes(v)) throw bad(`\`${v}\` is not a value this option takes (expected ${variants(NAMES[k])})`);
      out[i] = `=${esc(v)}`;
    }
  }
  if (what === 'options') {
    for (const i of [0, 1]) if (!out[i]) throw bad(`\`${keys[i]}\` is required`);
  }
  return out.join('\0');
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
  return call(wasm.snippet, wire(options, 'options', OPTIONS));
}

/** Every client `snippet` knows, in a stable order. */
export const clients = () => call(wasm.clients);

/** `<dbcert-snippet …>` with its markup pre-rendered in a declarative shadow root: static HTML. */
export const snippetHtml = (options, view) => call(wasm.html, wire(options, 'options', OPTIONS), wire(view, 'view', VIEW), true);

/** The markup the element puts in its shadow root. */
export const widgetHtml = (options, view) => call(wasm.html, wire(options, 'options', OPTIONS), wire(view, 'view', VIEW), false);

/** The stylesheet of the view (what `dbcert-snippet.css` holds). */
export const stylesheet = () => call(wasm.stylesheet);
