// The wasm package and the Node addon give deep-equal results (and identical errors) on the
// machine's Mozilla bundle, Java's cacerts and every fixture of the repo. Needs both built
// (`cargo xtask wasm`, `cargo xtask node`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';

import { load } from '../binding.mjs';
import { allFixtures, cacerts, demo, mozilla } from '../fixtures.mjs';

const wasm = await load('wasm');
const node = await load('node');

/** A call's result, or its error as plain data (so errors compare too). */
function outcome(f) {
  try {
    const value = f();
    return { value: value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value };
  } catch (e) {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    return { error: { code: e.code, message: e.message, certificate: e.certificate, offset: e.offset } };
  }
}

function same(label, call) {
  const a = outcome(() => call(wasm));
  const b = outcome(() => call(node));
  assert.deepEqual(a, b, label);
  return a;
}

const at = '2027-06-01T00:00:00Z';
const fixed = { entryDate: '2026-01-01T00:00:00Z', seed: '5a'.repeat(32), iterations: 2048 };

function everything(label, bytes, password) {
  const opts = password === undefined ? {} : { password };
  same(`${label}: detectFormat`, (d) => d.detectFormat(bytes));
  const r = same(`${label}: inspect`, (d) => d.inspect(bytes, opts));
  same(`${label}: verify`, (d) => d.verify(bytes, { ...opts, at }));
  same(`${label}: verify against the demo root`, (d) => d.verify(bytes, { ...opts, at, ca: demo.root, host: 'db.example.internal' }));
  if (r.value) {
    for (const to of ['pem', 'p7b', 'p7b-pem', 'jks', 'pkcs12']) {
      same(`${label}: convert to ${to}`, (d) => d.convert(bytes, { ...opts, to, outPassword: 'changeit', ...(to === 'jks' || to === 'pkcs12' ? fixed : {}) }));
    }
    same(`${label}: convert to der`, (d) => d.convert(bytes, { ...opts, to: 'der', index: 0 }));
  }
  return r;
}

test('the Mozilla bundle', { skip: !existsSync(mozilla) && `${mozilla} is missing: apt-get install ca-certificates` }, () => {
  const r = everything('mozilla', readFileSync(mozilla));
  assert.ok(r.value.certificates.length > 100);
});

test("Java's cacerts (password changeit)", { skip: !existsSync(cacerts) && `${cacerts} is missing: apt-get install ca-certificates-java` }, () => {
  const bytes = readFileSync(cacerts);
  const r = everything('cacerts', bytes, 'changeit');
  assert.ok(r.value.certificates.length > 100);
  everything('cacerts without password', bytes);
  everything('cacerts with a wrong password', bytes, 'wrong');
});

test('every fixture, with no, the right and a wrong password', () => {
  const fixtures = allFixtures();
  assert.ok(fixtures.length >= 30, `${fixtures.length} fixtures`);
  for (const [label, bytes] of fixtures) {
    for (const password of [undefined, 'changeit', 'dbcert-test', 'wrong']) {
      everything(`${label} (${password ?? 'no password'})`, bytes, password);
    }
  }
});

test('snippets for every client and mode, and clients()', () => {
  const list = same('clients', (d) => d.clients()).value;
  for (const { id } of list) {
    for (const mode of ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY']) {
      same(`${id} ${mode}`, (d) => d.snippet({ client: id, mode, host: 'db.example.com', ca: '/etc/ca.pem', truststore: '/etc/ca.jks', clientVersion: '1.0' }));
    }
  }
  same('bad client', (d) => d.snippet({ client: 'nope', mode: 'REQUIRED' }));
});

test('advise for every provider, with every client', () => {
  const ids = same('clients', (d) => d.clients()).value.map((c) => `${c.id}@8.0.18`);
  for (const [provider, serverVersion, extra] of [
    ['alibaba-rds', '5.7', { edition: 'high-availability', minorVersion: '20240101', sslCipher: '' }],
    ['alibaba-rds', '8.0', { minorVersion: '20241130' }],
    ['aws-rds', '8.0.36', {}],
    ['azure-flexible', '5.7', {}],
    ['gcp-cloudsql', '8.0', {}],
    ['mariadb', '10.11.6-MariaDB', {}],
  ]) {
    same(`${provider} ${serverVersion}`, (d) => d.advise({ provider, serverVersion, ...extra, clients: ids }));
  }
  same('bad provider', (d) => d.advise({ provider: 'nope', serverVersion: '8.0' }));
  same('no options', (d) => d.advise());
});

test('invalid options and inputs: the same codes (and messages, where not worded by serde)', () => {
  const pem = demo.chain;
  // serde's type errors are worded by each deserializer (JS numbers are floats to one, integers
  // to the other): only the code must match.
  const sameCode = (label, call) => {
    const a = outcome(() => call(wasm));
    const b = outcome(() => call(node));
    assert.equal(a.error?.code, 'invalid_option', `${label}: ${JSON.stringify(a)}`);
    assert.equal(b.error?.code, 'invalid_option', `${label}: ${JSON.stringify(b)}`);
  };
  same('typo', (d) => d.inspect(pem, { pasword: 'x' }));
  sameCode('wrong type', (d) => d.inspect(pem, { password: 42 }));
  sameCode('port out of range', (d) => d.snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', port: 70000 }));
  same('bad mode', (d) => d.snippet({ client: 'mysql-cli', mode: 'bogus' }));
  same('missing to', (d) => d.convert(pem, {}));
  same('no options', (d) => d.convert(pem));
  sameCode('ca not bytes', (d) => d.verify(pem, { ca: 42 }));
  same('input not bytes', (d) => d.detectFormat(42));
  same('options not an object', (d) => d.inspect(pem, 'changeit'));
});
