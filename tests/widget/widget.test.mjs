// <dbcert-snippet> and its slim module (npm/dbcert-snippet, built by `cargo xtask wasm`) in
// headless Chromium, every page served with the strict CSP
//   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'
// and every page's `securitypolicyviolation` events, console errors and uncaught errors required
// to be none. Proves: the slim module gives what the full package gives (and the CLI's
// `--format html` the same markup); for every client × mode the static HTML on a page with no
// script shows the same markup, text and code as the live element; pre-rendered markup is kept
// as it is when the script arrives (no module loaded, the same nodes); tabs, the mode switcher,
// tab groups, copy, placeholders, dark theme, attribute changes and errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launch, pkg, repo, serve, watchedPage, rendered, texts } from './tools.mjs';

const slim = await import(join(pkg, 'module.mjs'));
await slim.load(readFileSync(join(pkg, 'wasm/dbcert_snippet_wasm_bg.wasm')));
const CLIENTS = slim.clients().map((c) => c.id);
const MODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];
const SCRIPT = '<script type="module" src="/snippet/dbcert-snippet.mjs"></script>';

/** The options of the pair `i`: some values given, some left out, some placeholders of the page's own. */
function options(client, mode, i) {
  const o = { client, mode };
  if (i % 3 === 0) Object.assign(o, { host: 'db.example.com', user: 'app', ca: '/etc/mysql/ca.pem' });
  if (i % 3 === 1) Object.assign(o, { host: '<endpoint>', user: '<username>', truststore: '/etc/mysql/truststore.jks' });
  return o;
}
const PAIRS = CLIENTS.flatMap((c, ci) => MODES.map((m, mi) => options(c, m, ci * MODES.length + mi)));
const ATTRS = { caFormat: 'ca-format', truststoreType: 'truststore-type', clientVersion: 'client-version' };
const esc = (s) => String(s).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
const element = (o, id) =>
  `<dbcert-snippet id="${id}" ${Object.entries(o).map(([k, v]) => `${ATTRS[k] ?? k}="${esc(v)}"`).join(' ')}></dbcert-snippet>`;
const page = (body, script = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docs</title>${script}</head><body>${body}</body></html>`;
const statics = PAIRS.map((o, i) => slim.snippetHtml(o, { stylesheet: '/snippet/dbcert-snippet.css' }).replace('<dbcert-snippet ', `<dbcert-snippet id="p${i}" `)).join('\n');

let server;
let browser;
let context;
const violations = [];

before(async () => {
  assert.ok(existsSync(join(pkg, 'dbcert-snippet.css')), 'npm/dbcert-snippet is built: run cargo xtask wasm');
  server = await serve({
    mounts: { '/snippet/': pkg },
    pages: {
      '/static.html': page(statics),
      '/live.html': page(PAIRS.map((o, i) => element(o, `p${i}`)).join('\n'), SCRIPT),
      '/upgrade.html': page(statics),
      '/inline.html': page('<p style="color: red">inline style</p><script>document.title = "inline script"</script>'),
      '/tabs.html': page(
        `<dbcert-snippet id="tabs" clients="jdbc,pymysql,mysql-cli" modes="all" mode="verify_ca" host="&lt;endpoint>" user="&lt;username>" group="g"></dbcert-snippet>
         <dbcert-snippet id="follow" clients="pymysql,jdbc" mode="required" group="g"></dbcert-snippet>
         <dbcert-snippet id="one" client="mysql2" mode="verify_identity"></dbcert-snippet>
         <dbcert-snippet id="light" client="sqlx" mode="required" theme="light"></dbcert-snippet>
         <dbcert-snippet id="bad" client="nope" mode="required"></dbcert-snippet>`,
        SCRIPT,
      ),
    },
  });
  browser = await launch();
  context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
  // Checked last, over every page of the suite.
  assert.deepEqual(violations, [], 'no CSP violation, console error or uncaught error on any page');
});

async function open(path) {
  const p = await watchedPage(context);
  await p.goto(`${server.origin}${path}`);
  return p;
}

async function close(p) {
  violations.push(...(await p.violations()));
  await p.close();
}

test('the CSP watcher sees what the policy blocks (an inline style and script)', async () => {
  const p = await watchedPage(context);
  await p.goto(`${server.origin}/inline.html`);
  const seen = await p.violations();
  await p.close();
  assert.ok(seen.some((v) => v.startsWith('style-src')), seen.join('\n'));
  assert.ok(seen.some((v) => v.startsWith('script-src')), seen.join('\n'));
});

test('the slim module gives what the full package gives, and the CLI the same HTML', async () => {
  const full = await import(join(repo, 'npm/dbcert-wasm/index.mjs'));
  assert.deepEqual(slim.clients(), full.clients());
  for (const o of PAIRS) {
    assert.deepEqual(slim.snippet(o), full.snippet(o), `${o.client} ${o.mode}`);
    assert.equal(slim.snippetHtml(o), full.snippetHtml(o), `${o.client} ${o.mode}`);
  }
  const view = { clients: ['jdbc', 'pymysql', 'mysql-cli'], modes: ['all'], theme: 'dark', stylesheet: '/a.css' };
  const o = { client: 'pymysql', mode: 'VERIFY_CA', host: '<endpoint>', user: '<username>' };
  assert.equal(slim.snippetHtml(o, view), full.snippetHtml(o, view));
  const cli = process.env.DBCERT_CLI;
  assert.ok(cli && existsSync(cli), 'DBCERT_CLI names the built dbcert binary (cargo xtask test sets it)');
  const out = execFileSync(cli, ['snippet', '--client', 'pymysql', '--mode', 'verify_ca', '--host', '<endpoint>', '--user', '<username>', '--clients', 'jdbc,pymysql,mysql-cli', '--modes', 'all', '--theme', 'dark', '--stylesheet', '/a.css', '--format', 'html'], { encoding: 'utf8' });
  assert.equal(out, `${slim.snippetHtml(o, view)}\n`);
  assert.equal(execFileSync(cli, ['snippet', '--css'], { encoding: 'utf8' }), slim.stylesheet());
  assert.equal(readFileSync(join(pkg, 'dbcert-snippet.css'), 'utf8'), slim.stylesheet());
  // Errors keep their codes; what JSON cannot hold is invalid_option too.
  for (const bad of [undefined, { client: 'nope', mode: 'REQUIRED' }, { client: 'jdbc', mode: 'REQUIRED', colour: 1 }, { client: 'jdbc', mode: 'REQUIRED', port: 1n }]) {
    assert.throws(() => slim.snippet(bad), (e) => e.code === 'invalid_option', JSON.stringify(bad, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
  assert.throws(() => slim.snippetHtml({ client: 'jdbc', mode: 'REQUIRED' }, { modes: ['sometimes'] }), (e) => e.code === 'invalid_option');
  // Option errors in people's words, the same as the full package's (issue 27: no "expected u16",
  // no "missing field").
  const message = (f) => {
    try {
      f();
    } catch (e) {
      return `${e.code} ${e.message}`;
    }
    return 'no error';
  };
  for (const bad of [
    { client: 'jdbc', mode: 'REQUIRED', port: 99999 },
    { client: 'jdbc', mode: 'REQUIRED', port: 'x' },
    { client: 'jdbc', mode: 'REQUIRED', port: true },
    { mode: 'REQUIRED' },
    { client: 'jdbc' },
    { client: 'jdbc', mode: 'VERIFY_CA', truststoreType: 'zip' },
    { client: 'jdbc', mode: 'REQUIRED', host: 5 },
  ]) {
    const want = message(() => full.snippet(bad));
    assert.equal(message(() => slim.snippet(bad)), want, JSON.stringify(bad));
    assert.doesNotMatch(want, /expected u\d|missing field|invalid value: integer/);
  }
});

test(`static HTML with no script shows what the element shows, for all ${PAIRS.length} client × mode pairs`, async () => {
  const s = await open('/static.html');
  const l = await open('/live.html');
  await rendered(l);
  const [still, live] = [await texts(s), await texts(l)];
  assert.equal(still.length, PAIRS.length);
  for (let i = 0; i < PAIRS.length; i++) {
    const what = `${PAIRS[i].client} ${PAIRS[i].mode}`;
    assert.equal(still[i].html, live[i].html, `${what}: the same markup`);
    assert.equal(still[i].text, live[i].text, `${what}: the same text`);
    assert.deepEqual(still[i].code, live[i].code, `${what}: the same code shown`);
    assert.deepEqual(live[i].code, [slim.snippet(PAIRS[i]).code], `${what}: the code is snippet()'s`);
  }
  // No script: no module fetched, and no dead copy buttons.
  assert.equal(await s.locator('.dbs-copy:visible').count(), 0);
  assert.equal(await l.locator('.dbs-copy:visible').count(), PAIRS.length);
  // The stylesheet styles the static page as the element's styles do.
  const bg = (p) => p.evaluate(() => getComputedStyle(document.querySelector('#p3').shadowRoot.querySelector('.dbs-code')).backgroundColor);
  assert.equal(await bg(s), await bg(l));
  await close(s);
  await close(l);
});

test('pre-rendered markup is upgraded in place: the same nodes, no module loaded', async () => {
  const p = await open('/upgrade.html');
  const before = server.requests.length;
  await p.evaluate(() => document.querySelectorAll('dbcert-snippet').forEach((e, i) => (e.shadowRoot.querySelector('.dbs').dataset.mark = String(i))));
  await p.evaluate(async () => {
    const s = document.createElement('script');
    s.type = 'module';
    s.src = '/snippet/dbcert-snippet.mjs';
    document.head.append(s);
    await customElements.whenDefined('dbcert-snippet');
    await new Promise((r) => setTimeout(r, 300));
  });
  const marks = await p.evaluate(() => [...document.querySelectorAll('dbcert-snippet')].map((e) => e.shadowRoot.querySelector('.dbs')?.dataset.mark));
  assert.deepEqual(marks, PAIRS.map((_, i) => String(i)));
  const fetched = server.requests.slice(before);
  assert.ok(!fetched.some((r) => r.endsWith('.wasm')), `no module fetched: ${fetched}`);
  assert.equal(await p.locator('.dbs-copy:visible').count(), PAIRS.length, 'copy buttons once the element is defined');
  // A changed attribute renders anew (now the module is loaded).
  await p.evaluate(() => document.querySelector('#p0').setAttribute('client', 'prisma'));
  await p.waitForFunction(() => document.querySelector('#p0').shadowRoot.querySelector('.dbs-client')?.dataset.client === 'prisma');
  assert.ok(server.requests.slice(before).some((r) => r.endsWith('.wasm')));
  await close(p);
});

test('tabs, mode switcher, groups, placeholders, copy, themes, attribute changes and errors', async () => {
  const p = await open('/tabs.html');
  await rendered(p);
  const shown = (id) => p.locator(`#${id} .dbs-code:visible`).textContent();
  const base = { mode: 'VERIFY_CA', host: '<endpoint>', user: '<username>' };
  assert.equal(await shown('tabs'), slim.snippet({ ...base, client: 'jdbc' }).code);
  assert.equal(await shown('follow'), slim.snippet({ client: 'pymysql', mode: 'REQUIRED' }).code);
  // A tab; the element of the same group follows.
  const events = p.evaluate(() => new Promise((r) => document.addEventListener('dbcert-select', (e) => r(e.detail), { once: true })));
  await p.locator('#tabs .dbs-tab', { hasText: 'PyMySQL' }).click();
  assert.deepEqual(await events, { client: 'pymysql', mode: 'VERIFY_CA' });
  assert.equal(await shown('tabs'), slim.snippet({ ...base, client: 'pymysql' }).code);
  await p.locator('#tabs .dbs-tab', { hasText: 'Connector/J' }).click();
  assert.equal(await shown('follow'), slim.snippet({ client: 'jdbc', mode: 'REQUIRED' }).code);
  // The mode switcher, by keyboard: arrows move within the radio group.
  await p.locator('#tabs .dbs-modes input:checked').focus();
  await p.keyboard.press('ArrowRight');
  assert.equal(await shown('tabs'), slim.snippet({ ...base, client: 'jdbc', mode: 'VERIFY_IDENTITY' }).code);
  // The page's own placeholders are marked as the defaults are.
  const marked = await p.locator('#tabs .dbs-panel:visible .tok-placeholder').allInnerTexts();
  assert.ok(marked.includes('<endpoint>') && marked.includes('<username>') && marked.includes('<password>'), marked.join(' '));
  // Copy.
  const copied = p.evaluate(() => new Promise((r) => document.addEventListener('dbcert-copy', (e) => r(e.detail.text), { once: true })));
  await p.locator('#one .dbs-copy').click();
  const code = slim.snippet({ client: 'mysql2', mode: 'VERIFY_IDENTITY' }).code;
  assert.equal(await copied, code);
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), code);
  assert.equal(await p.locator('#one .dbs-copy').innerText(), 'Copied');
  // Themes: the reader's prefers-color-scheme, unless the page says.
  const bg = (id) => p.evaluate((id) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector('.dbs')).backgroundColor, id);
  await p.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await bg('one'), 'rgb(17, 24, 39)');
  assert.equal(await bg('light'), 'rgb(255, 255, 255)');
  await p.evaluate(() => document.getElementById('one').style.setProperty('--dbcert-bg', 'rgb(1, 2, 3)'));
  assert.equal(await bg('one'), 'rgb(1, 2, 3)', 'custom properties theme it');
  await p.emulateMedia({ colorScheme: 'light' });
  assert.equal(await bg('tabs'), 'rgb(255, 255, 255)');
  // Attribute changes render anew, once per burst, with the event.
  const renderedOnce = p.evaluate(() => new Promise((r) => {
    const el = document.getElementById('one');
    let n = 0;
    el.addEventListener('dbcert-snippet', () => n++);
    el.setAttribute('client', 'go-sql-driver');
    el.setAttribute('mode', 'verify_ca');
    setTimeout(() => r({ n, client: el.snippet.client, mode: el.snippet.mode }), 300);
  }));
  assert.deepEqual(await renderedOnce, { n: 1, client: 'go-sql-driver', mode: 'VERIFY_CA' });
  assert.match(await shown('one'), /RegisterTLSConfig/);
  // Errors show their code.
  assert.match(await p.locator('#bad .dbs-error').innerText(), /^invalid_option unknown client "nope"/);
  await close(p);
});

test('nothing was requested beyond the page origin, and only what a page needs', () => {
  const files = new Set(server.requests.filter((r) => r.startsWith('/snippet/')));
  assert.deepEqual([...files].sort(), ['/snippet/dbcert-snippet.css', '/snippet/dbcert-snippet.mjs', '/snippet/module.mjs', '/snippet/wasm/dbcert_snippet_wasm.js', '/snippet/wasm/dbcert_snippet_wasm_bg.wasm']);
});
