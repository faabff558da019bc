// When OpenSSL-based clients build another path than the one dbcert reports, every surface says
// so the same way: x509-limbo's `bettertls::pathbuilding::tc2` (read from ../shared, never
// copied into the repo), where dbcert's path passes and OpenSSL's first-issuer path does not.
// `dbcert verify --json` (DBCERT_CLI), the wasm package and the Node addon give the same verdict,
// "depends on the client" with `otherPath` naming the OpenSSL-based clients, and the same table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

import { load } from '../binding.mjs';
import { path } from '../fixtures.mjs';

const wasm = await load('wasm');
const node = await load('node');
const cli = process.env.DBCERT_CLI;

const suite = JSON.parse(gunzipSync(readFileSync(path('../shared/corpus/x509-limbo/limbo.json.gz'))));
const tc = suite.testcases.find((t) => t.id === 'bettertls::pathbuilding::tc2');
const chain = tc.peer_certificate + tc.untrusted_intermediates.join('');
const ca = tc.trusted_certs.join('');
const host = tc.expected_peer_name.value;
const at = tc.validation_time;

function fromCli() {
  const dir = mkdtempSync(join(tmpdir(), 'dbcert-other-path-'));
  try {
    writeFileSync(join(dir, 'chain.pem'), chain);
    writeFileSync(join(dir, 'ca.pem'), ca);
    const r = spawnSync(cli, ['verify', join(dir, 'chain.pem'), '--ca', join(dir, 'ca.pem'), '--host', host, '--at', at, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 3, `exit ${r.status} (3: depends on the client): ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fromJs = (d) => d.verify(Buffer.from(chain), { ca: Buffer.from(ca), host, at });

test('the verdict names the clients whose stack builds another path, on every surface', () => {
  const want = fromCli();
  assert.equal(want.valid, true);
  const v = want.verdict;
  assert.equal(v.status, 'depends_on_client');
  assert.match(v.headline, /^Depends on the client: passes VERIFY_IDENTITY for .* but OpenSSL-based clients \(mysql-cli, .*\) build another path, #1 → #2 .* and refuse it: /);
  assert.equal(v.otherPath.stack, 'openssl');
  assert.equal(v.otherPath.valid, false);
  assert.deepEqual(v.otherPath.chain, [0, 1]);
  assert.ok(v.otherPath.clients.includes('mysql-cli') && !v.otherPath.clients.includes('go-sql-driver'), v.otherPath.clients.join());
  const row = (r, client) => r.clients.find((c) => c.client === client && c.mode === 'VERIFY_IDENTITY').verdict;
  assert.equal(row(want, 'mysql-cli'), 'refuses');
  assert.equal(row(want, 'go-sql-driver'), 'connects');
  for (const [name, d] of [['wasm', wasm], ['node', node]]) {
    const got = fromJs(d);
    assert.deepEqual(got.verdict, v, `${name}: verdict`);
    assert.deepEqual(got.clients, want.clients, `${name}: clients`);
  }
});
