// Random options objects, the same ones to both bindings: the wasm package (its own deserializer,
// crates/dbcert-wasm/src/options.rs) and the Node addon (napi's, behind npm/dbcert/options.js)
// must agree on every one: the same result, or `Error`s with the same code. (Their messages may
// differ where an object holds several bad values: the two deserializers do not meet them in the
// same order.) Values are drawn from what callers pass by mistake or on purpose:
// wrong types, unknown keys, getters that return or throw, Proxies with throwing traps, revoked
// Proxies, BigInts, symbols, functions, cycles, bytes. The generator is seeded, so a failure
// names a case that replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from '../binding.mjs';
import { demo } from '../fixtures.mjs';

const wasm = await load('wasm');
const node = await load('node');

/** mulberry32: a small seeded generator. */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { int, pick: (list) => list[int(list.length)] };
}

/** Set where the random object has no such key: a fixed time, and a fixed PKCS#12 seed. */
const FIXED = { at: '2027-06-01T00:00:00Z', seed: '5a'.repeat(32) };

/**
 * Each function's options keys (npm/types/dbcert.d.ts), the call that takes them, and the
 * FIXED keys it gets when the random object lacks them (so that both bindings have the same
 * clock and randomness).
 */
const FUNCTIONS = {
  inspect: { keys: ['password'], call: (d, o) => d.inspect(demo.chain, o), fixed: [] },
  convert: {
    keys: ['to', 'password', 'outPassword', 'alias', 'index', 'skipExpired', 'order', 'dedupe', 'onlyCa', 'at', 'entryDate', 'seed', 'iterations'],
    call: (d, o) => d.convert(demo.chain, o),
    fixed: ['at', 'seed'],
  },
  verify: {
    keys: ['ca', 'host', 'at', 'password', 'caPassword', 'leaf', 'serverAuth', 'maxChainDepth'],
    call: (d, o) => d.verify(demo.chain, o),
    fixed: ['at'],
  },
  snippet: {
    keys: ['client', 'mode', 'host', 'port', 'user', 'database', 'ca', 'clientVersion', 'serverVersion', 'tlsVersions', 'truststoreType'],
    call: (d, o) => d.snippet(o),
    fixed: [],
  },
};

/** A random value. */
function value(r, depth) {
  const boom = () => {
    throw new Error(`boom ${depth}`);
  };
  const kinds = [
    () => r.pick(['pem', 'der', 'jks', 'p7b', 'pkcs12', 'VERIFY_CA', 'VERIFY_IDENTITY', 'mysql-cli', 'jdbc', '2027-06-01T00:00:00Z', 'db.example.internal', '', 'x'.repeat(r.int(40))]),
    () => r.pick([0, 1, 2, 3306, -1, 4.5, NaN, Infinity, 2 ** 53 + 2, 70000, 65535]),
    () => r.pick([true, false, null, undefined]),
    () => BigInt(r.int(5000)),
    () => r.pick([Symbol('s'), () => 'f']),
    () => new Uint8Array(r.pick([demo.root, Buffer.from('not a certificate')])),
    () => (depth > 2 ? 'deep' : Array.from({ length: r.int(4) }, () => value(r, depth + 1))),
    () => (depth > 2 ? 'deep' : object(r, depth + 1, Object.keys(FUNCTIONS))),
    () => {
      const inner = value(r, depth + 1);
      return r.pick([new Proxy({ password: 'x' }, { get: boom }), new Proxy({}, { ownKeys: boom }), new Proxy([1, 2], { get: boom }), revoked(), inner]);
    },
  ];
  return r.pick(kinds)();
}

function revoked() {
  const p = Proxy.revocable({}, {});
  p.revoke();
  return p.proxy;
}

/** A random options object over `keys` (and now and then an unknown key, or a getter). */
function object(r, depth, keys) {
  const o = {};
  for (let i = r.int(4); i > 0; i--) {
    const key = r.int(8) === 0 ? `unknown${r.int(3)}` : r.pick(keys);
    const v = value(r, depth);
    switch (r.int(6)) {
      case 0:
        Object.defineProperty(o, key, { enumerable: true, configurable: true, get: () => v });
        break;
      case 1:
        Object.defineProperty(o, key, {
          enumerable: true,
          configurable: true,
          get: () => {
            throw r.int(2) ? new Error(`getter ${key}`) : 42;
          },
        });
        break;
      default:
        Object.defineProperty(o, key, { enumerable: true, configurable: true, writable: true, value: v });
    }
  }
  return o;
}

/** What a call gives, as plain data. */
function outcome(f) {
  try {
    const v = f();
    return { value: v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v };
  } catch (e) {
    return { code: e?.code, message: e?.message, isError: e instanceof Error };
  }
}

for (const [name, { keys, call, fixed }] of Object.entries(FUNCTIONS)) {
  test(`${name}: both bindings agree on 300 random options objects`, () => {
    for (let seed = 1; seed <= 300; seed++) {
      // The same options are built twice from the same seed: getters and Proxies are not shared.
      const make = () => {
        const options = object(generator(seed * 7919 + name.length), 1, keys);
        for (const key of fixed) if (!Object.hasOwn(options, key)) options[key] = FIXED[key];
        return options;
      };
      const a = make();
      const b = make();
      const w = outcome(() => call(wasm, a));
      const n = outcome(() => call(node, b));
      const label = `${name}, seed ${seed}`;
      if ('value' in w || 'value' in n) {
        assert.deepEqual(n, w, label);
        continue;
      }
      assert.ok(w.isError && n.isError, `${label}: not an Error: ${JSON.stringify([w, n])}`);
      assert.equal(n.code, w.code, `${label}: ${n.message} / ${w.message}`);
      assert.ok(n.code, `${label}: no code: ${n.message}`);
    }
  });
}
