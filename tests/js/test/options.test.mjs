// Options objects no caller should pass, against the binding DBCERT_BINDING picks (see
// ../binding.mjs): each must be an `invalid_option` error (never a crash, a trap or a bare
// exception without a code), and the binding must work normally afterwards. (The Node addon
// meets this through the guarded copy of npm/dbcert/options.js.)
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { dbcert, name } from '../binding.mjs';
import { demo } from '../fixtures.mjs';

const { inspect, convert, verify, snippet } = dbcert;

/** Asserts that `f` throws an Error with code `invalid_option` whose message matches `pattern`. */
function invalidOption(f, pattern) {
  let err;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err, 'expected an invalid_option error, got a result');
  assert.ok(err instanceof Error, `not an Error: ${err}`);
  assert.equal(err.code, 'invalid_option', `${err.code}: ${err.message}`);
  assert.match(err.message, /^invalid options: /);
  if (pattern) assert.match(err.message, pattern);
  // The binding still works (a trap would have broken a WebAssembly instance).
  assert.equal(inspect(demo.chain).certificates.length, 3);
  return err;
}

describe(`hostile option values [${name}]`, () => {
  test('a getter or a Proxy trap that throws', () => {
    const boom = () => {
      throw new Error('boom');
    };
    invalidOption(() => inspect(demo.chain, { get password() { return boom(); } }), /password/);
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: [{ get x() { return boom(); } }] }));
    invalidOption(() => inspect(demo.chain, new Proxy({}, { ownKeys: boom })));
    invalidOption(() => inspect(demo.chain, new Proxy({ password: 'x' }, { get: boom })));
    invalidOption(() => verify(demo.chain, { ca: new Proxy([1, 2], { get: boom }) }));
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    invalidOption(() => inspect(demo.chain, revoked.proxy));
    invalidOption(() => verify(demo.chain, { ca: revoked.proxy }));
    // A thrown value that is not an Error.
    invalidOption(() => inspect(demo.chain, { get password() { throw 42; } }));
    // An array whose length a Proxy trap makes up.
    const lying = (length) => new Proxy([1], { get: (t, k) => (k === 'length' ? length : t[k]) });
    for (const length of ['5', -1, 1.5, 2 ** 53]) invalidOption(() => verify(demo.chain, { ca: lying(length) }), /length|more than/);
  });

  test('the async calls reject with the same error, and never throw', async () => {
    const throwing = { get password() { throw new Error('boom'); } };
    const calls = [
      [() => dbcert.inspectAsync(demo.chain, throwing), /`password` could not be read: boom/],
      [() => dbcert.verifyAsync(demo.chain, throwing), /`password` could not be read: boom/],
      [() => dbcert.convertAsync(demo.chain, { to: 'pem', index: 1n }), /BigInt/],
      [() => dbcert.verifyAsync(demo.chain, { ca: new Proxy([1], { get() { throw new Error('boom'); } }) }), /boom/],
    ];
    for (const [call, pattern] of calls) {
      let promise;
      assert.doesNotThrow(() => {
        promise = call();
      });
      await assert.rejects(promise, (err) => {
        assert.ok(err instanceof Error);
        assert.equal(err.code, 'invalid_option', `${err.code}: ${err.message}`);
        assert.match(err.message, /^invalid options: /);
        assert.match(err.message, pattern);
        return true;
      });
    }
  });

  test('an unknown key is refused before its getter runs', () => {
    let ran = false;
    const options = { get nope() { ran = true; throw new Error('boom'); } };
    invalidOption(() => inspect(demo.chain, options), /unknown option `nope`/);
    assert.equal(ran, false);
  });

  test('a BigInt', () => {
    invalidOption(() => convert(demo.chain, { to: 'der', index: 1n }), /BigInt/);
    invalidOption(() => snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', port: 3306n }), /BigInt/);
  });

  test('bytes anywhere but `ca` and `crl`', () => {
    invalidOption(() => inspect(demo.chain, { password: Buffer.from('changeit') }), /byte array/);
    invalidOption(() => convert(demo.chain, { to: 'jks', outPassword: new Uint8Array([0x61]) }), /byte array/);
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: [Buffer.from('a')] }), /byte array/);
    invalidOption(() => verify(demo.chain, { host: new TextEncoder().encode('db.example.internal') }), /byte array/);
    // `ca` takes file contents as bytes or text.
    const at = '2027-06-01T00:00:00Z';
    for (const ca of [demo.root, new Uint8Array(demo.root), demo.root.toString()]) {
      const r = verify(demo.chain, { ca, at });
      assert.equal(r.valid, true);
      assert.equal(r.anchor.source, 'ca');
    }
  });

  test('a symbol, a function', () => {
    invalidOption(() => inspect(demo.chain, { password: Symbol('x') }));
    invalidOption(() => inspect(demo.chain, { password: () => 'x' }));
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: [Symbol('x')] }));
  });

  test('a cyclic or very deep value', () => {
    const cyclic = {};
    cyclic.self = cyclic;
    const loop = [];
    loop.push(loop);
    let deep = 'x';
    for (let i = 0; i < 100000; i++) deep = [deep];
    // `alias` is a string or a list of strings: the first value that is neither is refused,
    // before anything inside it is read.
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: cyclic }), /an object where an alias or a list of aliases was expected/);
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: loop }), /an array where a string was expected/);
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: deep }), /an array where a string was expected/);
  });

  test('a cyclic value where a flat one is expected', () => {
    const cyclic = {};
    cyclic.self = cyclic;
    invalidOption(() => verify(demo.chain, { ca: cyclic }), /an object where/);
    invalidOption(() => inspect(demo.chain, { password: cyclic }), /an object where/);
    const sparse = [];
    sparse.length = 2 ** 32 - 1;
    invalidOption(() => verify(demo.chain, { ca: sparse }));
  });

  test('a huge sparse array', () => {
    const sparse = [];
    sparse.length = 2 ** 32 - 1;
    invalidOption(() => convert(demo.chain, { to: 'pem', alias: sparse }));
  });

  test('numbers that are not integers, or not safe ones', () => {
    for (const n of [4.5, NaN, Infinity, -Infinity, 2 ** 53 + 2]) {
      invalidOption(() => snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', port: n }));
    }
    invalidOption(() => convert(demo.chain, { to: 'pem', index: -1 }), /-1/);
    invalidOption(() => convert(demo.chain, { to: 'pem', index: 1.5 }), /1\.5/);
    invalidOption(() => snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', port: 70000 }), /^invalid options: 70000 is out of range \(a whole number from 0 to 65535 was expected\)$/);
  });

  test('serde\'s messages in words (option_words::explain): no Rust type names', () => {
    invalidOption(() => inspect(demo.chain, { pasword: 'x' }), /unknown option `pasword` \(the options are `password`\)/);
    invalidOption(() => inspect(demo.chain, { password: 'x', pasword: 'x' }), /unknown option `pasword`/);
    invalidOption(() => convert(demo.chain, {}), /^invalid options: `to` is required$/);
    invalidOption(() => inspect(demo.chain, { password: true }), /true where a string was expected/);
    invalidOption(() => inspect(demo.chain, { password: { a: 1 } }), /an object where a string was expected/);
    invalidOption(() => inspect(demo.chain, { password: ['x'] }), /an array where a string was expected/);
    invalidOption(() => convert(demo.chain, { to: 'pem', skipExpired: 'yes' }), /the text "yes" where true or false was expected/);
    invalidOption(() => snippet({ client: 'jdbc', mode: 'VERIFY_CA', truststoreType: 'zip' }), /`zip` is not a value this option takes \(expected `jks` or `pkcs12`\)/);
    invalidOption(() => snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', tlsVersions: 'TLSv1.2' }), /where an array was expected/);
    invalidOption(() => verify(demo.chain, { ca: [300] }), /300 is out of range \(a whole number from 0 to 255 was expected\)/);
  });

  test('file contents as Uint8Array, Buffer, ArrayBuffer, string or numbers', () => {
    const at = '2027-06-01T00:00:00Z';
    const bytes = new Uint8Array(demo.root);
    const reports = [
      verify(demo.chain, { ca: demo.root, at }),
      verify(demo.chain, { ca: bytes, at }),
      verify(demo.chain, { ca: bytes.buffer, at }),
      verify(demo.chain, { ca: Buffer.concat([Buffer.from('xx'), demo.root]).subarray(2), at }),
      verify(demo.chain, { ca: demo.root.toString('utf8'), at }),
      verify(demo.chain, { ca: [...demo.root], at }),
    ];
    for (const r of reports) assert.deepEqual(r, reports[0]);
    assert.equal(reports[0].valid, true);
  });
});
