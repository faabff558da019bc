// As a docs site would: `npm pack` npm/dbcert-snippet, install the tarball into a clean temporary
// project (`--offline`: it has no dependencies), then use it three ways, each page served with
// the strict CSP and checked in headless Chromium for the rendered code and for no CSP violation:
// bundled by Vite (tests/widget's pinned copy; VitePress builds with it), as a plain
// `<script type="module">` from node_modules, and as a static copy of the package folder next to
// static HTML made by `snippetHtml`. Also: the tarball's files, and its types under `tsc`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch, pkg, repo, serve, watchedPage, rendered } from './tools.mjs';

const slim = await import(join(pkg, 'module.mjs'));
await slim.load(readFileSync(join(pkg, 'wasm/dbcert_snippet_wasm_bg.wasm')));

let project;
let browser;
const installed = () => join(project, 'node_modules/dbcert-snippet');

function run(cmd, args, cwd = project) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'dbcert-snippet-install-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', project, pkg], { encoding: 'utf8' });
  const tarball = join(project, out.trim().split('\n').pop());
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'docs-site', version: '1.0.0', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (project && !process.env.KEEP_TEMP) rmSync(project, { recursive: true, force: true });
});

/** Opens `path` of `server`, waits for the widgets, returns the shown code of `#w` and the problems. */
async function check(server, path) {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  await page.goto(`${server.origin}${path}`);
  await rendered(page);
  const code = await page.locator('#w .dbs-code:visible').textContent();
  const problems = await page.violations();
  await context.close();
  return { code, problems };
}

const WANT = { client: 'pymysql', mode: 'VERIFY_CA', host: '<endpoint>', user: '<username>' };
const ELEMENT = '<dbcert-snippet id="w" clients="jdbc,pymysql" client="pymysql" mode="verify_ca" host="&lt;endpoint>" user="&lt;username>"></dbcert-snippet>';

test('the tarball holds the element, the module (minified, and their readable sources), its styles, types, README and both licenses', () => {
  for (const f of ['package.json', 'dbcert-snippet.mjs', 'module.mjs', 'src/dbcert-snippet.mjs', 'src/module.mjs', 'index.d.ts', 'module.d.ts', 'dbcert-snippet.css', 'wasm/dbcert_snippet_wasm.js', 'wasm/dbcert_snippet_wasm_bg.wasm', 'README.md', 'LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.ok(existsSync(join(installed(), f)), f);
  }
  assert.match(readFileSync(join(installed(), 'LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.match(readFileSync(join(installed(), 'LICENSE-MIT'), 'utf8'), /Permission is hereby granted, free of charge/);
  const readme = readFileSync(join(installed(), 'README.md'), 'utf8');
  for (const want of ['Docusaurus', 'VitePress', 'Content-Security-Policy', '--dbcert-accent', 'snippetHtml']) assert.ok(readme.includes(want), want);
});

test('its types: the element, its attributes and events, and the module (tsc --strict)', () => {
  writeFileSync(join(project, 'check.ts'), `
import { DbcertSnippet, type DbcertSnippetAttributes } from 'dbcert-snippet';
import { load, snippet, clients, snippetHtml, type Snippet } from 'dbcert-snippet/module';
const el: DbcertSnippet | null = document.querySelector('dbcert-snippet');
el?.addEventListener('dbcert-copy', (e) => console.log(e.detail.text.length));
el?.addEventListener('dbcert-snippet', (e) => console.log(e.detail.code, e.detail.placeholders));
el?.select({ client: 'jdbc', mode: 'VERIFY_CA' });
const attrs: DbcertSnippetAttributes = { clients: 'jdbc,pymysql', modes: 'all', theme: 'dark', host: '<endpoint>' };
await load();
const s: Snippet = snippet({ client: 'jdbc', mode: 'VERIFY_CA' });
const html: string = snippetHtml({ client: 'jdbc', mode: 'REQUIRED' }, { clients: ['jdbc'], modes: ['all'] });
console.log(attrs, s.code, clients()[0].id, html, DbcertSnippet.observedAttributes);
// @ts-expect-error: the theme is one of three
const bad: DbcertSnippetAttributes = { theme: 'blue' };
console.log(bad);
`);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false }, files: ['check.ts'] }));
  run(join(repo, 'tests/js/node_modules/.bin/tsc'), ['-p', 'tsconfig.json']);
});

test('bundled by Vite: the module is emitted as an asset and the element renders under the CSP', async () => {
  const site = join(project, 'vite-site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docs</title><script type="module" src="./main.js"></script></head><body>${ELEMENT}</body></html>`);
  writeFileSync(join(site, 'main.js'), "import 'dbcert-snippet';\n");
  run(join(repo, 'tests/widget/node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], site);
  const assets = readdirSync(join(site, 'dist/assets'));
  assert.ok(assets.some((a) => a.endsWith('.wasm')), `a .wasm asset: ${assets}`);
  const server = await serve({ mounts: { '/': join(site, 'dist') } });
  try {
    const { code, problems } = await check(server, '/');
    assert.equal(code, slim.snippet(WANT).code);
    assert.deepEqual(problems, []);
    assert.ok(server.requests.some((r) => r.endsWith('.wasm')));
  } finally {
    await server.close();
  }
});

test('a plain module script from node_modules, and a static copy beside static HTML', async () => {
  mkdirSync(join(project, 'site/assets'), { recursive: true });
  writeFileSync(join(project, 'site/plain.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docs</title><script type="module" src="/node_modules/dbcert-snippet/dbcert-snippet.mjs"></script></head><body>${ELEMENT}</body></html>`);
  cpSync(installed(), join(project, 'site/assets/dbcert-snippet'), { recursive: true });
  const staticHtml = slim.snippetHtml(WANT, { clients: ['jdbc', 'pymysql'], stylesheet: '/assets/dbcert-snippet/dbcert-snippet.css' }).replace('<dbcert-snippet ', '<dbcert-snippet id="w" ');
  writeFileSync(join(project, 'site/copy.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docs</title><script type="module" src="/assets/dbcert-snippet/dbcert-snippet.mjs"></script></head><body>${staticHtml}</body></html>`);
  const server = await serve({ mounts: { '/node_modules/': join(project, 'node_modules'), '/': join(project, 'site') } });
  try {
    for (const path of ['/plain.html', '/copy.html']) {
      const { code, problems } = await check(server, path);
      assert.equal(code, slim.snippet(WANT).code, path);
      assert.deepEqual(problems, [], path);
    }
  } finally {
    await server.close();
  }
});
