// The async variants: same results and errors as the sync functions, as promises; on the Node
// addon they run on the libuv thread pool, so the event loop keeps turning meanwhile.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';

import { dbcert, name } from '../binding.mjs';
import { demo, fx, mozilla } from '../fixtures.mjs';

const { inspect, inspectAsync, convert, convertAsync, verify, verifyAsync } = dbcert;

async function rejectsCode(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe(`async variants [${name}]`, () => {
  test('inspectAsync = inspect', async () => {
    const p = inspectAsync(fx.chainJks, { password: 'changeit' });
    assert.ok(p instanceof Promise);
    assert.deepEqual(await p, inspect(fx.chainJks, { password: 'changeit' }));
    assert.deepEqual(await inspectAsync(demo.chain.toString()), inspect(demo.chain));
    await rejectsCode(inspectAsync(''), 'empty_input');
    await rejectsCode(inspectAsync(fx.chainJks, { password: 'nope' }), 'wrong_password');
    await rejectsCode(inspectAsync(demo.chain, { nope: 1 }), 'invalid_option');
  });

  test('convertAsync = convert', async () => {
    const opts = { to: 'jks', outPassword: 'changeit', entryDate: '2026-01-01T00:00:00Z' };
    const out = await convertAsync(demo.chain, opts);
    assert.ok(out instanceof Uint8Array);
    assert.deepEqual(out, convert(demo.chain, opts));
    await rejectsCode(convertAsync(demo.chain, { to: 'zip' }), 'invalid_option');
    await rejectsCode(convertAsync(demo.chain), 'invalid_option');
  });

  test('verifyAsync = verify', async () => {
    const opts = { ca: demo.root, host: 'db.example.internal', at: '2027-06-01T00:00:00Z' };
    assert.deepEqual(await verifyAsync(demo.chain, opts), verify(demo.chain, opts));
    await rejectsCode(verifyAsync('junk'), 'unknown_format');
    await rejectsCode(verifyAsync(demo.chain, { ca: 'junk' }), 'unknown_format');
  });

  test('the input is read when the call is made, not later', async () => {
    const bytes = new Uint8Array(demo.chain);
    const p = inspectAsync(bytes);
    bytes.fill(0);
    assert.equal((await p).certificates.length, 3);
  });

  test(
    'a large bundle (Mozilla x10) does not block the event loop',
    {
      skip:
        name === 'wasm'
          ? 'WebAssembly runs on the calling thread: the wasm async variants keep the API, not the threads (by design)'
          : !existsSync(mozilla) && `${mozilla} is missing: apt-get install ca-certificates`,
    },
    async (t) => {
      const big = Buffer.concat(new Array(10).fill(readFileSync(mozilla)));
      // How long the same work takes on this machine when it blocks the event loop.
      let started = performance.now();
      const sync = inspect(big);
      convert(big, { to: 'p7b', dedupe: true });
      convert(big, { to: 'pem' });
      const blockingMs = performance.now() - started;
      assert.ok(sync.certificates.length > 1000);

      let ticks = 0;
      let longestGap = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        ticks += 1;
      }, 5);
      started = performance.now();
      const [report, p7b, pem] = await Promise.all([
        inspectAsync(big),
        convertAsync(big, { to: 'p7b', dedupe: true }),
        convertAsync(big, { to: 'pem' }),
      ]);
      const asyncMs = performance.now() - started;
      clearInterval(timer);
      assert.deepEqual(report, sync);
      assert.ok(p7b.length > 0 && pem.length > 0);
      // The timer kept firing: several ticks, and no gap anywhere near the blocking time.
      const expected = Math.floor(asyncMs / 5);
      assert.ok(ticks >= Math.min(10, expected / 4), `only ${ticks} ticks in ${asyncMs.toFixed(0)} ms`);
      assert.ok(longestGap < Math.max(50, blockingMs / 2), `the event loop stalled for ${longestGap.toFixed(0)} ms (the same work blocking takes ${blockingMs.toFixed(0)} ms)`);
      t.diagnostic(`sync inspect + 2 converts ${blockingMs.toFixed(0)} ms; async: ${ticks} ticks, longest gap ${longestGap.toFixed(1)} ms`);
    },
  );
});
