// "Will my client connect?" is one model on every surface: `dbcert verify --json` (the CLI,
// DBCERT_CLI: cargo xtask builds it and names it), the wasm package and the Node addon give the
// same `clients` for the same input, on every chain of tests/data/stack-chains (made to split
// the TLS stacks) with its host, the same for a `--client` / `clients` selection, and the same
// (caveats included) with CRLs on a revoked leaf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

import { load } from '../binding.mjs';
import { path } from '../fixtures.mjs';

const wasm = await load('wasm');
const node = await load('node');
const cli = process.env.DBCERT_CLI;
const at = '2030-01-01T00:00:00Z';
const dir = 'tests/data/stack-chains';
const chains = readFileSync(path(`${dir}/chains.txt`), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/));

/** The CLI's `clients` for one chain, or its exit code and stderr when it fails. */
function fromCli(name, host, selection) {
  const args = ['verify', path(`${dir}/${name}.chain.pem`), '--ca', path(`${dir}/${name}.ca.pem`), '--host', host, '--at', at, '--json'];
  for (const c of selection ?? []) args.push('--client', c);
  const r = spawnSync(cli, args, { encoding: 'utf8' });
  // 0 passes, 1 fails, 3 depends on the client: each with the report on stdout.
  assert.ok([0, 1, 3].includes(r.status), `${name}: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout).clients;
}

const fromJs = (d, name, host, selection) => d.verify(readFileSync(path(`${dir}/${name}.chain.pem`)), {
  ca: readFileSync(path(`${dir}/${name}.ca.pem`)), host, at, ...(selection ? { clients: selection } : {}),
}).clients;

test('DBCERT_CLI names the built dbcert binary', () => {
  assert.ok(cli && existsSync(cli), 'DBCERT_CLI names the built dbcert binary (cargo xtask test sets it)');
});

test('the same clients from the CLI, the wasm package and the Node addon on every stack chain', () => {
  assert.ok(chains.length >= 12, `${chains.length} chains`);
  let refusals = 0;
  for (const [name, host] of chains) {
    const want = fromCli(name, host);
    assert.ok(want.length >= 2 * wasm.clients().length, `${name}: ${want.length} verdicts`);
    assert.deepEqual(fromJs(wasm, name, host), want, `${name}: wasm`);
    assert.deepEqual(fromJs(node, name, host), want, `${name}: node`);
    refusals += want.filter((c) => c.verdict === 'refuses').length;
  }
  assert.ok(refusals > 0, 'the chains split the clients');
});

test('the same selection through --client and the clients option', () => {
  const selection = ['go-sql-driver@1.26', 'mysql-cli', 'sqlx@0.8-native-tls'];
  const want = fromCli('cn-only', 'db.dbcert.test', selection);
  assert.deepEqual([...new Set(want.map((c) => c.client))], ['go-sql-driver', 'mysql-cli', 'sqlx']);
  assert.deepEqual(fromJs(wasm, 'cn-only', 'db.dbcert.test', selection), want);
  assert.deepEqual(fromJs(node, 'cn-only', 'db.dbcert.test', selection), want);
  // The same refusal, in the same words: an unknown version.
  const r = spawnSync(cli, ['verify', path(`${dir}/cn-only.chain.pem`), '--client', 'go-sql-driver@0.1'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  for (const d of [wasm, node]) {
    assert.throws(() => fromJs(d, 'cn-only', 'db.dbcert.test', ['go-sql-driver@0.1']), (e) => e.code === 'invalid_option' && r.stderr.includes(`[invalid_option] ${e.message}`));
  }
});

test('the same clients, caveats included, with CRLs: --crl and the crl option on a revoked leaf', () => {
  const crl = (f) => path(`crates/dbcert-core/tests/data/crl/${f}`);
  const dir = mkdtempSync(join(tmpdir(), 'dbcert-cross-crl-'));
  const chainFile = join(dir, 'revoked-chain.pem');
  const chain = Buffer.concat([readFileSync(crl('rsa-revoked.pem')), readFileSync(crl('rsa-int.pem'))]);
  writeFileSync(chainFile, chain);
  const r = spawnSync(cli, ['verify', chainFile, '--ca', crl('rsa-root.pem'), '--crl', crl('rsa-chain.crls.pem'), '--host', '127.0.0.1', '--at', at, '--json'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true });
  assert.equal(r.status, 1, r.stderr);
  const want = JSON.parse(r.stdout).clients;
  const opts = { ca: readFileSync(crl('rsa-root.pem')), crl: readFileSync(crl('rsa-chain.crls.pem')), host: '127.0.0.1', at };
  assert.deepEqual(wasm.verify(chain, opts).clients, want, 'wasm');
  assert.deepEqual(node.verify(chain, opts).clients, want, 'node');
  // The clients that cannot check a CRL connect, with the caveat; the others refuse.
  const mysql2 = want.find((c) => c.client === 'mysql2' && c.mode === 'VERIFY_CA');
  assert.equal(mysql2.verdict, 'connects');
  assert.deepEqual(mysql2.caveats.map((c) => [c.code, c.unseen]), [['revocation_not_checked', ['revoked']]]);
  const cli8 = want.find((c) => c.client === 'mysql-cli' && c.mode === 'VERIFY_CA');
  assert.deepEqual([cli8.verdict, cli8.codes, cli8.caveats], ['refuses', ['revoked'], []]);
});
