// As a user would: pack the packages (dbcert, the platform package of this machine, dbcert-wasm),
// install them into a clean temporary project with `npm install <tarballs> --offline` (nothing
// comes from a registry: npm skips the other platforms' optional packages), and run
// examples/build-script.mjs there through the public entry `dbcert`. The JKS it writes is read
// back by `keytool -list`. Then the `dbcert` bin (`npx dbcert`) and CommonJS `require`. A second
// clean project installs dbcert and dbcert-wasm with no platform package that fits (as on a
// platform none is built for): the loader runs the wasm package, says so in one line, and gives
// the same results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { demo, mozilla, path } from '../fixtures.mjs';

const bundle = existsSync(mozilla) ? mozilla : path('tests/data/demo/ca-chain.pem');
// The napi-rs name of this machine, as npm/dbcert/index.js works it out.
const platform = (() => {
  const { platform: os, arch } = process;
  if (os === 'linux') return `linux-${arch}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  return os === 'win32' ? `win32-${arch}-gnu` : `${os}-${arch}`;
})();
let project; // dbcert, its platform package and dbcert-wasm
let bare; // dbcert and dbcert-wasm only
const packs = {};

function runIn(cwd, cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', ...options, env: { ...process.env, ...options.env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
const run = (cmd, args, options) => runIn(project, cmd, args, options);

/** A clean project with `tarballs` installed from disk. */
function install(prefix, tarballs) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'clean-project', version: '1.0.0', private: true, type: 'module' }));
  runIn(dir, 'npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs]);
  return dir;
}

/** `npm pack --dry-run` of a package folder: the files its tarball would hold. */
const packedFiles = (dir) =>
  JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent', path(dir)], { encoding: 'utf8' }))[0].files.map((f) => f.path);

before(() => {
  const out = mkdtempSync(join(tmpdir(), 'dbcert-packs-'));
  for (const [name, dir] of [['wasm', 'npm/dbcert-wasm'], ['main', 'npm/dbcert'], ['native', `npm/dbcert/npm/${platform}`]]) {
    const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', out, path(dir)], { encoding: 'utf8' });
    packs[name] = join(out, file.trim().split('\n').pop());
  }
  project = install('dbcert-install-', [packs.wasm, packs.main, packs.native]);
  bare = install('dbcert-install-bare-', [packs.wasm, packs.main]);
  cpSync(path('examples/build-script.mjs'), join(project, 'build-script.mjs'));
});

after(() => {
  if (process.env.KEEP_TEMP) return;
  for (const dir of [project, bare, packs.main && join(packs.main, '..')]) {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

test('the packed packages hold what their entries load, their README and licenses, and nothing generated is missing', () => {
  const common = ['package.json', 'README.md', 'LICENSE-MIT', 'LICENSE-APACHE'];
  for (const f of [...common, 'index.js', 'index.mjs', 'options.js', 'index.d.ts', 'index.d.mts', 'bin/dbcert.js', 'bin/client-table.js']) {
    assert.ok(existsSync(join(project, 'node_modules/dbcert', f)), `dbcert/${f}`);
  }
  for (const f of [...common, 'index.cjs', 'index.mjs', 'web.mjs', 'bundler.mjs', 'index.d.ts', 'index.d.mts', 'web.d.mts', 'web/dbcert_wasm.js', 'web/dbcert_wasm_bg.wasm', 'node/dbcert_wasm.js', 'node/dbcert_wasm_bg.wasm']) {
    assert.ok(existsSync(join(project, 'node_modules/dbcert-wasm', f)), `dbcert-wasm/${f}`);
  }
  for (const f of [...common, `dbcert.${platform}.node`]) {
    assert.ok(existsSync(join(project, `node_modules/dbcert-${platform}`, f)), `dbcert-${platform}/${f}`);
  }
  // Only this machine's platform package: npm skipped the others (not on disk, not for this OS).
  const installed = readdirSync(join(project, 'node_modules')).filter((n) => n.startsWith('dbcert-') && n !== 'dbcert-wasm');
  assert.deepEqual(installed, [`dbcert-${platform}`]);
  assert.deepEqual(readdirSync(join(bare, 'node_modules')).filter((n) => n.startsWith('dbcert')).sort(), ['dbcert', 'dbcert-wasm']);
});

test('every platform package: npm fields for its platform, named in the main package, and a tarball with its binary', () => {
  const main = JSON.parse(readFileSync(path('npm/dbcert/package.json'), 'utf8'));
  const dirs = readdirSync(path('npm/dbcert/npm')).sort();
  assert.deepEqual(Object.keys(main.optionalDependencies).sort(), dirs.map((d) => `dbcert-${d}`));
  for (const name of dirs) {
    const pkg = JSON.parse(readFileSync(path(`npm/dbcert/npm/${name}/package.json`), 'utf8'));
    const [os, cpu, libc] = name.split('-');
    assert.equal(pkg.name, `dbcert-${name}`);
    assert.equal(pkg.version, main.version);
    assert.equal(main.optionalDependencies[pkg.name], main.version);
    assert.equal(pkg.main, `dbcert.${name}.node`);
    assert.deepEqual([pkg.os, pkg.cpu], [[os], [cpu]]);
    // npm refuses a package with a `libc` field on any OS but Linux.
    assert.deepEqual(pkg.libc, os === 'linux' ? [libc === 'musl' ? 'musl' : 'glibc'] : undefined);
    assert.equal(pkg.license, main.license);
    const files = packedFiles(`npm/dbcert/npm/${name}`).sort();
    // This machine's binary is always built; the others by `cargo xtask node --all-platforms`.
    const built = existsSync(path(`npm/dbcert/npm/${name}/dbcert.${name}.node`));
    if (name === platform) assert.ok(built, `npm/dbcert/npm/${name}/dbcert.${name}.node is built`);
    const expected = ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', ...(built ? [`dbcert.${name}.node`] : []), 'package.json'];
    assert.deepEqual(files, expected.sort(), name);
  }
});

test('no platform package fits: the wasm package, one line on stderr, the same results', () => {
  const script = "const d = require('dbcert'); console.log(JSON.stringify([d.inspect(require('fs').readFileSync(process.argv[1])), d.verify(require('fs').readFileSync(process.argv[1])).valid]))";
  const native = run('node', ['-e', script, path('tests/data/demo/chain.pem')]);
  assert.equal(native.stderr, '', 'the native addon loads without a word');
  const fallback = runIn(bare, 'node', ['-e', script, path('tests/data/demo/chain.pem')]);
  assert.deepEqual(JSON.parse(fallback.stdout), JSON.parse(native.stdout));
  const notice = fallback.stderr.trim().split('\n');
  assert.equal(notice.length, 1, `one line: ${fallback.stderr}`);
  assert.match(notice[0], new RegExp(`^dbcert: no native addon for ${platform}; using the WebAssembly build`));
  // ESM too, and DBCERT_FORCE_WASM=1 where the native addon is installed.
  const esm = "import('dbcert').then((d) => console.log(d.verify(require('fs').readFileSync(process.argv[1])).valid))";
  assert.equal(runIn(bare, 'node', ['-e', esm, path('tests/data/demo/chain.pem')]).stdout.trim(), 'true');
  const forced = run('node', ['-e', esm, path('tests/data/demo/chain.pem')], { env: { DBCERT_FORCE_WASM: '1' } });
  assert.equal(forced.stdout.trim(), 'true');
  assert.match(forced.stderr, /^dbcert: DBCERT_FORCE_WASM=1; using the WebAssembly build/);
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

test('require() and the bin (npx dbcert)', () => {
  const cjs = run('node', ['-e', "const d = require('dbcert'); console.log(d.inspect(require('fs').readFileSync(process.argv[1])).certificates.length)", path('tests/data/demo/chain.pem')]);
  assert.equal(cjs.stdout.trim(), '3');
  const bin = run('npx', ['--offline', 'dbcert', 'inspect', '--json', path('tests/data/demo/chain.pem')]);
  assert.equal(JSON.parse(bin.stdout).certificates.length, 3);
  const verify = spawnSync('npx', ['--offline', 'dbcert', 'verify', path('tests/data/demo/chain.pem'), '--ca', path('tests/data/demo/root.pem'), '--host', 'wrong.example'], { cwd: project, encoding: 'utf8' });
  assert.equal(verify.status, 1, 'a failed check exits 1');
  const bad = spawnSync('npx', ['--offline', 'dbcert', 'inspect', path('Cargo.toml')], { cwd: project, encoding: 'utf8' });
  assert.equal(bad.status, 2, 'bad input exits 2');
  assert.match(bad.stderr, /\[unknown_format\]/);
  const snippetOut = run('npx', ['--offline', 'dbcert', 'snippet', '--client', 'mysql-cli', '--mode', 'VERIFY_CA', '--ca', path('tests/data/demo/root.pem')]);
  assert.match(snippetOut.stdout, /--ssl-mode=VERIFY_CA/);
  const converted = join(project, 'chain.jks');
  run('npx', ['--offline', 'dbcert', 'convert', path('tests/data/demo/chain.pem'), '--to', 'jks', '--out-password', 'changeit', '-o', converted]);
  assert.match(run('keytool', ['-list', '-keystore', converted, '-storepass', 'changeit']).stdout, /contains 3 entries/);
  assert.ok(demo.chain.length > 0);
});
