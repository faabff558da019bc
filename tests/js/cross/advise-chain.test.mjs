// The advisor with the server's certificate chain gives the same per-client verdicts on every
// surface: `dbcert advise … --chain --ca --host --json` (DBCERT_CLI), the wasm package and the
// Node addon deep-equal, on a CN-only leaf (tests/data/stack-chains) that go-sql-driver refuses
// and the mysql CLI accepts; and each certificate verdict is the one `verify` reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

import { load } from '../binding.mjs';
import { path } from '../fixtures.mjs';

const wasm = await load('wasm');
const node = await load('node');
const cli = process.env.DBCERT_CLI;

const file = (f) => path(`tests/data/stack-chains/${f}`);
const at = '2030-01-01T00:00:00Z';
const host = 'db.dbcert.test';
const clients = ['go-sql-driver', 'mysql-cli@8.0.36', 'jdbc@8.0.18', 'sqlx', 'dms'];

function fromCli(args) {
  const r = spawnSync(cli, ['advise', '--provider', 'mysql', '--server-version', '8.0.36', '--clients', clients.join(','), '--chain', file('cn-only.chain.pem'), '--ca', file('cn-only.ca.pem'), '--at', at, ...args, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const fromJs = (d, extra) =>
  d.advise({ provider: 'mysql', serverVersion: '8.0.36', clients, chain: readFileSync(file('cn-only.chain.pem')), ca: readFileSync(file('cn-only.ca.pem')), at, ...extra });

test('advise with a chain: CLI --json = wasm = node, VERIFY_IDENTITY and VERIFY_CA', { skip: !cli && 'DBCERT_CLI not set' }, () => {
  for (const [args, extra, mode] of [[['--host', host], { host }, 'VERIFY_IDENTITY'], [[], {}, 'VERIFY_CA']]) {
    const want = fromCli(args);
    const go = want.clients.find((c) => c.client === 'go-sql-driver');
    assert.equal(go.certificate.mode, mode);
    assert.equal(go.certificate.verdict, mode === 'VERIFY_IDENTITY' ? 'refuses' : 'connects');
    assert.equal(want.clients.find((c) => c.client === 'mysql-cli').certificate.verdict, 'connects');
    for (const [name, d] of [['wasm', wasm], ['node', node]]) {
      assert.deepEqual(fromJs(d, extra), want, `${name} ${mode}`);
    }
    // Each certificate verdict is the one verify reports for the client in that mode.
    const report = node.verify(readFileSync(file('cn-only.chain.pem')), { ca: readFileSync(file('cn-only.ca.pem')), at, ...extra, clients: ['go-sql-driver', 'mysql-cli', 'jdbc@8', 'sqlx', 'dms'] });
    assert.deepEqual(want.clients.map((c) => c.certificate), report.clients.filter((c) => c.mode === mode), mode);
  }
});
