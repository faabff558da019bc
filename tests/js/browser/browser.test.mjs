// The wasm package in a real browser, in the engine DBCERT_BROWSER names (chromium, firefox or
// webkit, all from Debian packages; tests/browser/engines.mjs drives them): the page served on
// 127.0.0.1 loads npm/dbcert-wasm, runs inspect, verify, convert, snippet (and the rest), and
// the results must be deep-equal to the same package's in Node. Also the bundler entry
// (top-level await) and errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';

import { launch, ENGINE } from '../../browser/engines.mjs';
import { load, testPanicOf } from '../binding.mjs';
import { path } from '../fixtures.mjs';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.pem': 'text/plain', '.json': 'application/json' };
const ROOTS = { '/pkg/': path('npm/dbcert-wasm/'), '/data/': path('tests/data/demo/') };
const PAGE = `<!doctype html><meta charset="utf-8"><title>dbcert wasm test</title>
<script>
  window.consoleErrors = [];
  addEventListener('error', (e) => consoleErrors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => consoleErrors.push(String(e.reason?.message ?? e.reason)));
</script>
<script type="module">
  import init, * as dbcert from '/pkg/web.mjs';
  const started = performance.now();
  await init();
  window.instantiateMs = performance.now() - started;
  window.dbcert = dbcert;
  window.ready = true;
</script>`;

let server;
let browser;
let page;
let origin;

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const prefix = Object.keys(ROOTS).find((p) => url.pathname.startsWith(p));
    const rel = prefix && normalize(url.pathname.slice(prefix.length));
    if (!prefix || rel.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(ROOTS[prefix] + rel);
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
  page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.waitFor(() => window.ready === true, null, 30000);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/**
 * Runs the same calls in the page and in Node, on the demo files; returns both. An absent
 * error field is `null` on both sides (WebDriver turns `undefined` into `null`).
 */
async function both(calls) {
  const inPage = await page.evaluate(async (calls) => {
    const d = window.dbcert;
    const files = {};
    for (const f of ['chain.pem', 'root.pem', 'server.pem']) {
      files[f] = new Uint8Array(await (await fetch(`/data/${f}`)).arrayBuffer());
    }
    const out = {};
    for (const [name, fn, args] of calls) {
      const real = args.map((a) => (typeof a === 'string' && a.startsWith('file:') ? files[a.slice(5)] : a && typeof a.ca === 'string' && a.ca.startsWith('file:') ? { ...a, ca: files[a.ca.slice(5)] } : a));
      try {
        const v = d[fn](...real);
        out[name] = v instanceof Uint8Array ? { bytes: Array.from(v) } : { value: v };
      } catch (e) {
        out[name] = { error: { isError: e instanceof Error, code: e.code ?? null, message: e.message, certificate: e.certificate ?? null, offset: e.offset ?? null } };
      }
    }
    return out;
  }, calls);
  const d = { ...(await load('wasm')), __testPanic: testPanicOf('wasm') };
  const { readFileSync } = await import('node:fs');
  const inNode = {};
  for (const [name, fn, args] of calls) {
    const file = (f) => new Uint8Array(readFileSync(path(`tests/data/demo/${f}`)));
    const real = args.map((a) => (typeof a === 'string' && a.startsWith('file:') ? file(a.slice(5)) : a && typeof a.ca === 'string' && a.ca.startsWith('file:') ? { ...a, ca: file(a.ca.slice(5)) } : a));
    try {
      const v = d[fn](...real);
      inNode[name] = v instanceof Uint8Array ? { bytes: Array.from(v) } : { value: v };
    } catch (e) {
      inNode[name] = { error: { isError: e instanceof Error, code: e.code ?? null, message: e.message, certificate: e.certificate ?? null, offset: e.offset ?? null } };
    }
  }
  return { inPage, inNode };
}

test(`inspect, verify, convert, snippet in ${ENGINE} = in Node`, async (t) => {
  const at = '2027-06-01T00:00:00Z';
  const { inPage, inNode } = await both([
    ['detect', 'detectFormat', ['file:chain.pem']],
    ['inspect', 'inspect', ['file:chain.pem']],
    ['inspectText', 'inspect', ['-----BEGIN CERTIFICATE-----\nMIIB\n']],
    ['verify', 'verify', ['file:chain.pem', { ca: 'file:root.pem', host: 'db.example.internal', at }]],
    ['verifyBadHost', 'verify', ['file:chain.pem', { ca: 'file:root.pem', host: 'wrong.example', at }]],
    ['convertPem', 'convert', ['file:chain.pem', { to: 'pem' }]],
    ['convertJks', 'convert', ['file:chain.pem', { to: 'jks', outPassword: 'changeit', entryDate: '2026-01-01T00:00:00Z' }]],
    ['convertP12', 'convert', ['file:chain.pem', { to: 'pkcs12', outPassword: 'changeit', seed: '11'.repeat(32), iterations: 2048 }]],
    ['convertBad', 'convert', ['file:chain.pem', { to: 'zip' }]],
    ['snippet', 'snippet', [{ client: 'mysql2', mode: 'VERIFY_IDENTITY', host: 'db.example.internal', ca: '/etc/ca.pem' }]],
    ['clients', 'clients', []],
    ['empty', 'inspect', ['']],
    ['panic', '__testPanic', ['boom in the browser']],
    ['afterPanic', 'detectFormat', ['file:root.pem']],
  ]);
  assert.deepEqual(inPage, inNode);
  assert.equal(inPage.inspect.value.certificates.length, 3);
  assert.equal(inPage.verify.value.valid, true);
  assert.equal(inPage.verifyBadHost.value.errors[0].code, 'hostname_mismatch');
  assert.deepEqual(inPage.empty.error, { isError: true, code: 'empty_input', message: 'the input is empty', certificate: null, offset: null });
  assert.equal(inPage.inspectText.error.code, 'malformed_pem');
  assert.equal(inPage.panic.error.code, 'panic');
  assert.equal(inPage.afterPanic.value, 'pem');
  const instantiateMs = await page.evaluate(() => window.instantiateMs);
  t.diagnostic(`${ENGINE}: fetch + compile + instantiate of the wasm package took ${instantiateMs.toFixed(1)} ms`);
});

test(`async variants, fresh randomness, and the bundler entry (no init call) in ${ENGINE}`, async () => {
  const r = await page.evaluate(async () => {
    const d = window.dbcert;
    const chain = new Uint8Array(await (await fetch('/data/chain.pem')).arrayBuffer());
    const report = await d.inspectAsync(chain);
    let rejected;
    await d.verifyAsync('junk').catch((e) => (rejected = e.code));
    const a = d.convert(chain, { to: 'pkcs12', outPassword: 'changeit', iterations: 2048 });
    const b = await d.convertAsync(chain, { to: 'pkcs12', outPassword: 'changeit', iterations: 2048 });
    const bundler = await import('/pkg/bundler.mjs');
    return {
      count: report.certificates.length,
      rejected,
      differ: a.length !== b.length || a.some((x, i) => x !== b[i]),
      p12Reads: d.inspect(b, { password: 'changeit' }).certificates.length,
      bundler: bundler.inspect(chain).certificates.length,
      sameInstance: bundler.clients().length === d.clients().length,
    };
  });
  assert.deepEqual(r, { count: 3, rejected: 'unknown_format', differ: true, p12Reads: 3, bundler: 3, sameInstance: true });
  assert.deepEqual([...page.errors, ...(await page.evaluate(() => window.consoleErrors))], []);
});

/**
 * Hostile options against the package `d` (self-contained: it also runs in the page). Each case
 * gives the result's size or the error's code and message; `ran` says whether an unknown key's
 * getter ran.
 */
async function hostile(d, chain) {
  const boom = () => {
    throw new Error('boom');
  };
  const at = '2027-06-01T00:00:00Z';
  const cyclic = {};
  cyclic.self = cyclic;
  const loop = [];
  loop.push(loop);
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  let ran = false;
  const cases = {
    getter: () => d.inspect(chain, { get password() { return boom(); } }),
    getTrap: () => d.inspect(chain, new Proxy({ password: 'x' }, { get: boom })),
    ownKeysTrap: () => d.inspect(chain, new Proxy({}, { ownKeys: boom })),
    revoked: () => d.inspect(chain, revoked.proxy),
    arrayTrap: () => d.verify(chain, { ca: new Proxy([1, 2], { get: boom }) }),
    bigint: () => d.convert(chain, { to: 'der', index: 1n }),
    bytes: () => d.inspect(chain, { password: new TextEncoder().encode('changeit') }),
    caBuffer: () => d.verify(chain, { ca: chain.slice().buffer, at }).valid,
    cyclic: () => d.convert(chain, { to: 'pem', alias: cyclic }),
    loop: () => d.convert(chain, { to: 'pem', alias: loop }),
    sparse: () => d.convert(chain, { to: 'pem', alias: sparse }),
    unknownFirst: () => d.inspect(chain, { get nope() { ran = true; return boom(); } }),
    fraction: () => d.snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', port: 4.5 }),
    negative: () => d.convert(chain, { to: 'pem', index: -1 }),
    symbol: () => d.inspect(chain, { password: Symbol('x') }),
    fn: () => d.inspect(chain, { password: () => 'x' }),
    seq: () => d.snippet({ client: 'mysql-cli', mode: 'VERIFY_CA', tlsVersions: 'TLSv1.2' }),
  };
  const out = {};
  for (const [name, call] of Object.entries(cases)) {
    try {
      const v = call();
      out[name] = { value: typeof v === 'boolean' ? v : v.length };
    } catch (e) {
      out[name] = { isError: e instanceof Error, code: e.code, message: e.message };
    }
  }
  out.ran = ran;
  out.stillWorks = d.inspect(chain).certificates.length;
  return out;
}

test(`hostile options in ${ENGINE}: the shared guard (no node:util there) gives the errors it gives in Node`, async () => {
  // A function whose source holds `hostile` (every driver sends a function as its source text;
  // WebKit's takes no expression string).
  const run = new Function(`return async () => (${hostile})(window.dbcert, new Uint8Array(await (await fetch('/data/chain.pem')).arrayBuffer()));`)();
  const inPage = await page.evaluate(run);
  const { readFileSync } = await import('node:fs');
  const inNode = await hostile(await load('wasm'), new Uint8Array(readFileSync(path('tests/data/demo/chain.pem'))));
  assert.deepEqual(inPage, inNode);
  for (const [name, r] of Object.entries(inPage)) {
    if (name === 'caBuffer') assert.deepEqual(r, { value: true });
    else if (typeof r === 'object') assert.deepEqual([r.isError, r.code], [true, 'invalid_option'], `${name}: ${r.message}`);
  }
  assert.equal(inPage.ran, false, 'an unknown key is refused before its getter runs');
  assert.equal(inPage.stillWorks, 3);
  assert.match(inPage.getter.message, /^invalid options: `password` could not be read: boom$/);
  assert.match(inPage.unknownFirst.message, /unknown option `nope` \(the options are `password`\)/);
  assert.match(inPage.loop.message, /an array where a string was expected/);
  assert.match(inPage.fraction.message, /number `4\.5` where a whole number from 0 to 65535 was expected/);
  assert.match(inPage.negative.message, /-1 is out of range \(a whole number, 0 or more was expected\)/);
  assert.match(inPage.symbol.message, /a symbol where a string was expected/);
  assert.match(inPage.fn.message, /a function where a string was expected/);
  assert.match(inPage.seq.message, /the text "TLSv1\.2" where an array was expected/);
  assert.deepEqual([...page.errors, ...(await page.evaluate(() => window.consoleErrors))], []);
});
