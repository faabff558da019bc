// `npx dbcert verify` (npm/dbcert/bin, over the Node addon) takes the Rust CLI's verify flags
// (--leaf, --no-server-auth, --max-chain-depth, --crl, --client) and answers as the CLI
// (DBCERT_CLI) does: the same exit code, the same `--json` report, and the same "Will my client
// connect?" table and notes in the text output, byte for byte, on every chain of
// tests/data/stack-chains and on a revoked leaf with its CRLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

import { path } from '../fixtures.mjs';

const cli = process.env.DBCERT_CLI;
const bin = path('npm/dbcert/bin/dbcert.js');
const at = '2030-01-01T00:00:00Z';
const dir = 'tests/data/stack-chains';
const chains = readFileSync(path(`${dir}/chains.txt`), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/));
const crl = (f) => path(`crates/dbcert-core/tests/data/crl/${f}`);

/** `verify ARGS` through the Rust CLI (`cli`) or the npm bin (`bin`). */
const run = (program, args) => {
  const r = program === cli
    ? spawnSync(cli, ['verify', ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [bin, 'verify', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The text output from "Will my client connect?" on (the rest is each front end's own layout). */
const table = (stdout) => {
  const i = stdout.indexOf('Will my client connect?');
  return i < 0 ? '' : stdout.slice(i);
};

/** Runs `verify ARGS` through both; checks exit code, JSON and table; returns the CLI's report. */
function same(args, what) {
  const cliJson = run(cli, [...args, '--json']);
  const binJson = run(bin, [...args, '--json']);
  assert.ok([0, 1, 3].includes(cliJson.status), `${what}: CLI exit ${cliJson.status}: ${cliJson.stderr}`);
  assert.equal(binJson.status, cliJson.status, `${what}: exit code (${binJson.stderr})`);
  const report = JSON.parse(cliJson.stdout);
  assert.deepEqual(JSON.parse(binJson.stdout), report, `${what}: --json`);
  const cliText = run(cli, args);
  const binText = run(bin, args);
  assert.equal(binText.status, cliText.status, `${what}: exit code of the text output`);
  assert.equal(table(binText.stdout), table(cliText.stdout), `${what}: the client table`);
  return { report, text: table(cliText.stdout) };
}

test('DBCERT_CLI names the built dbcert binary', () => {
  assert.ok(cli && existsSync(cli), 'DBCERT_CLI names the built dbcert binary (cargo xtask test sets it)');
});

test('the bin and the CLI give the same verdicts and client table on every stack chain, with and without --host', () => {
  assert.ok(chains.length >= 12, `${chains.length} chains`);
  let refusals = 0;
  for (const [name, host] of chains) {
    const base = [`${dir}/${name}.chain.pem`, '--ca', `${dir}/${name}.ca.pem`, '--at', at].map((a) => (a.startsWith(dir) ? path(a) : a));
    const { report, text } = same([...base, '--host', host], name);
    assert.match(text, /^Will my client connect\? .*; VERIFY_IDENTITY for /, name);
    refusals += report.clients.filter((c) => c.verdict === 'refuses').length;
    const noHost = same(base, `${name} without --host`);
    assert.match(noHost.text, /VERIFY_IDENTITY: not checked; give the host name/, name);
  }
  assert.ok(refusals > 0, 'the chains split the clients, so the tables carry reasons');
});

test('--client, --leaf, --no-server-auth and --max-chain-depth mean what they mean in the CLI', () => {
  const chain = path(`${dir}/cn-only.chain.pem`);
  const ca = path(`${dir}/cn-only.ca.pem`);
  const selection = same([chain, '--ca', ca, '--host', 'db.dbcert.test', '--at', at, '--client', 'go-sql-driver@1.26', '--client', 'mysql-cli'], 'selection');
  assert.deepEqual([...new Set(selection.report.clients.map((c) => c.client))], ['go-sql-driver', 'mysql-cli']);
  assert.match(selection.text, /go-sql-driver +1\.26 +go +connects +refuses \[1\]/);
  const leaf = same([chain, '--ca', ca, '--at', at, '--leaf', '1'], '--leaf 1');
  assert.equal(leaf.report.chain[0], 0);
  const eku = path(`${dir}/no-serverauth.chain.pem`);
  const strict = same([eku, '--ca', path(`${dir}/no-serverauth.ca.pem`), '--at', at], 'no-serverauth');
  const relaxed = same([eku, '--ca', path(`${dir}/no-serverauth.ca.pem`), '--at', at, '--no-server-auth'], '--no-server-auth');
  assert.notDeepEqual(relaxed.report.errors, strict.report.errors, '--no-server-auth drops the EKU error');
  const depth = same([chain, '--ca', ca, '--at', at, '--max-chain-depth', '0'], '--max-chain-depth 0');
  assert.equal(depth.report.verdict.status, 'fails');
  // A CA file holds no server certificate: the same one line instead of a table.
  const caOnly = same([ca, '--at', at, '--client', 'mysql-cli'], 'a CA file');
  assert.match(caOnly.text, /answered for a server certificate only/);
  // The same usage errors: a bad client and --leaf 0.
  for (const args of [[chain, '--client', 'go-sql-driver@0.1'], [chain, '--leaf', '0']]) {
    assert.equal(run(bin, args).status, 2, `${args}`);
    assert.equal(run(cli, args).status, 2, `${args}`);
  }
});

test('--crl: the same revocation verdict and caveats from the bin and the CLI', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dbcert-bin-crl-'));
  try {
    const chain = join(tmp, 'revoked-chain.pem');
    writeFileSync(chain, Buffer.concat([readFileSync(crl('rsa-revoked.pem')), readFileSync(crl('rsa-int.pem'))]));
    const args = [chain, '--ca', crl('rsa-root.pem'), '--crl', crl('rsa-chain.crls.pem'), '--host', '127.0.0.1', '--at', at];
    const { report, text } = same(args, 'revoked leaf');
    assert.ok(report.errors.some((e) => e.code === 'revoked'), JSON.stringify(report.errors));
    assert.match(text, /revocation_not_checked/);
  } finally {
    rmSync(tmp, { recursive: true });
  }
});
