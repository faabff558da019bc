// As a user would: pack the three packages (dbcert, its linux-x64-gnu binary, dbcert-wasm), install
// them into a clean temporary project with `npm install <tarballs> --offline` (nothing comes from a
// registry), and run examples/build-script.mjs there through the public entry `dbcert`. The JKS it
// writes is read back by `keytool -list`. Then the `dbcert` bin (`npx dbcert`), CommonJS
// `require`, and the wasm fallback with its one-line notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { demo, mozilla, path } from '../fixtures.mjs';

const bundle = existsSync(mozilla) ? mozilla : path('tests/data/demo/ca-chain.pem');
let project;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', ...options, env: { ...process.env, ...options.env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

before(() => {
  project = mkdtempSync(join(tmpdir(), 'dbcert-install-'));
  const packs = [];
  for (const dir of ['npm/dbcert-wasm', 'npm/dbcert', 'npm/dbcert/npm/linux-x64-gnu']) {
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', project, path(dir)], { encoding: 'utf8' });
    packs.push(join(project, out.trim().split('\n').pop()));
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'clean-project', version: '1.0.0', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...packs]);
  cpSync(path('examples/build-script.mjs'), join(project, 'build-script.mjs'));
});

after(() => {
  if (project && !process.env.KEEP_TEMP) rmSync(project, { recursive: true, force: true });
});

test('the packed packages hold what their entries load, and nothing generated is missing', () => {
  for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'index.d.mts', 'bin/dbcert.js', 'package.json']) {
    assert.ok(existsSync(join(project, 'node_modules/dbcert', f)), `dbcert/${f}`);
  }
  for (const f of ['index.cjs', 'index.mjs', 'web.mjs', 'bundler.mjs', 'index.d.ts', 'index.d.mts', 'web.d.mts', 'web/dbcert_wasm.js', 'web/dbcert_wasm_bg.wasm', 'node/dbcert_wasm.js', 'node/dbcert_wasm_bg.wasm']) {
    assert.ok(existsSync(join(project, 'node_modules/dbcert-wasm', f)), `dbcert-wasm/${f}`);
  }
  assert.ok(existsSync(join(project, 'node_modules/dbcert-linux-x64-gnu/dbcert.linux-x64-gnu.node')));
});

test('examples/build-script.mjs writes PEM, JKS, PKCS#12 and the snippet page; keytool reads the JKS', () => {
  const r = run('node', ['build-script.mjs', bundle, 'out'], { env: { DB_HOST: 'db.internal.test' } });
  assert.doesNotMatch(r.stderr, /WebAssembly build/, 'the native addon was used');
  const out = (f) => join(project, 'out', f);
  const page = readFileSync(out('connecting.md'), 'utf8');
  assert.equal(page.match(/^## /gm).length, 5, 'five clients');
  assert.match(page, /db\.internal\.test/);
  const pem = readFileSync(out('ca.pem'), 'utf8');
  const count = pem.match(/-----BEGIN CERTIFICATE-----/g).length;
  assert.ok(count >= 2);
  const list = run('keytool', ['-list', '-keystore', out('truststore.jks'), '-storepass', 'changeit']).stdout;
  assert.match(list, /Keystore type: JKS/i);
  assert.match(list, new RegExp(`contains ${count} entr`));
  const p12 = run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', out('truststore.p12'), '-storepass', 'changeit']).stdout;
  assert.match(p12, new RegExp(`contains ${count} entr`));
});

test('require(), the bin (npx dbcert), and the wasm fallback with its one-line notice', () => {
  const cjs = run('node', ['-e', "const d = require('dbcert'); console.log(d.inspect(require('fs').readFileSync(process.argv[1])).certificates.length)", path('tests/data/demo/chain.pem')]);
  assert.equal(cjs.stdout.trim(), '3');
  const bin = run('npx', ['--offline', 'dbcert', 'inspect', '--json', path('tests/data/demo/chain.pem')]);
  assert.equal(JSON.parse(bin.stdout).certificates.length, 3);
  const verify = spawnSync('npx', ['--offline', 'dbcert', 'verify', path('tests/data/demo/chain.pem'), '--ca', path('tests/data/demo/root.pem'), '--host', 'wrong.example'], { cwd: project, encoding: 'utf8' });
  assert.equal(verify.status, 1, 'a failed check exits 1');
  const bad = spawnSync('npx', ['--offline', 'dbcert', 'inspect', path('Cargo.toml')], { cwd: project, encoding: 'utf8' });
  assert.equal(bad.status, 2, 'bad input exits 2');
  assert.match(bad.stderr, /\[unknown_format\]/);
  // No binary for this platform (its optional package missing): the wasm package, one line said.
  const native = join(project, 'node_modules/dbcert-linux-x64-gnu');
  renameSync(native, `${native}.away`);
  try {
    const script = "import('dbcert').then((d) => console.log(d.verify(require('fs').readFileSync(process.argv[1])).valid))";
    const fallback = run('node', ['-e', script, path('tests/data/demo/chain.pem')]);
    assert.equal(fallback.stdout.trim(), 'true');
    const notice = fallback.stderr.trim().split('\n');
    assert.equal(notice.length, 1, `one line: ${fallback.stderr}`);
    assert.match(notice[0], /^dbcert: no native addon for linux-x64-gnu; using the WebAssembly build/);
    const forced = run('node', ['-e', script, path('tests/data/demo/chain.pem')], { env: { DBCERT_FORCE_WASM: '1' } });
    assert.equal(forced.stdout.trim(), 'true');
  } finally {
    renameSync(`${native}.away`, native);
  }
  const snippetOut = run('npx', ['--offline', 'dbcert', 'snippet', '--client', 'mysql-cli', '--mode', 'VERIFY_CA', '--ca', path('tests/data/demo/root.pem')]);
  assert.match(snippetOut.stdout, /--ssl-mode=VERIFY_CA/);
  const converted = join(project, 'chain.jks');
  run('npx', ['--offline', 'dbcert', 'convert', path('tests/data/demo/chain.pem'), '--to', 'jks', '--out-password', 'changeit', '-o', converted]);
  assert.match(run('keytool', ['-list', '-keystore', converted, '-storepass', 'changeit']).stdout, /contains 3 entries/);
  assert.ok(demo.chain.length > 0);
});
