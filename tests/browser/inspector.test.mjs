// The inspector page (www/) in headless Chromium, served by the xtask server: the demo report,
// a JKS and its password, a broken file, a chain Java refuses for its certificate policies,
// VERIFY_IDENTITY with a wrong host, a P7B and a JKS
// download read back by the core (the wasm package in Node), the snippet form, the Server
// (advisor) panel, cloud CAs named in a bundle, the widget, the
// privacy promise (no request beyond the page's own origin; fetch blocked once loaded), offline
// use, labels and keyboard, a narrow screen. Screenshots: target/screenshots/ (git-ignored);
// DBCERT_DOCS_SCREENSHOT=1 also writes docs/inspector.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './chromium.mjs';
import { serve, repo } from './server.mjs';

const shots = join(repo, 'target/screenshots');
const bundles = join(repo, 'crates/dbcert-core/tests/data/bundles');
const dbcert = await import(join(repo, 'npm/dbcert-wasm/index.mjs'));

let server;
let browser;
let context;
let page;
let firstResponse;
const requests = [];
const pageErrors = [];

async function openPage(viewport = { width: 1280, height: 900 }) {
  const p = await context.newPage();
  await p.setViewportSize(viewport);
  p.on('pageerror', (e) => pageErrors.push(e.message));
  const response = await p.goto(server.url);
  await p.waitForSelector('html[data-ready="true"]');
  return { p, response };
}

const shot = (p, name, fullPage = true) => p.screenshot({ path: join(shots, name), fullPage });
const text = (p, sel) => p.locator(sel).innerText();

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await serve();
  browser = await launch();
  context = await browser.newContext({ acceptDownloads: true });
  context.on('request', (r) => requests.push(r.url()));
  ({ p: page, response: firstResponse } = await openPage());
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('opens with the demo chain: verdict, chain, timeline, certificates', async () => {
  assert.match(firstResponse.headers()['content-security-policy'], /connect-src 'self'/);
  assert.equal(await text(page, '#fact-format'), 'PEM');
  assert.equal(await text(page, '#cert-count'), '3');
  assert.match(await page.locator('#verdict').getAttribute('class'), /\bok\b/);
  assert.match(await text(page, '#verdict'), /Passes VERIFY_CA/);
  // Leaf → intermediate → root, each with an OK badge; the root is the trust anchor.
  const cards = page.locator('#chain .link');
  assert.equal(await cards.count(), 3);
  assert.deepEqual(await cards.evaluateAll((ls) => ls.map((l) => l.dataset.index)), ['0', '1', '2']);
  assert.match(await cards.nth(0).textContent(), /Server certificate[\s\S]*db\.example\.internal/);
  assert.match(await cards.nth(2).textContent(), /Root CA[\s\S]*Trust anchor/);
  assert.equal(await page.locator('#chain .link.ok').count(), 3);
  assert.equal(await page.locator('#timeline .tl-row').count(), 3);
  assert.equal(await page.locator('#timeline .tl-today').count(), 1);
  assert.equal(await page.locator('#certs .cert').count(), 3);
  const leaf = await text(page, '#cert-0');
  for (const want of ['db.example.internal', '127.0.0.1', 'SHA-256', 'Extensions', 'serverAuth']) assert.ok(leaf.includes(want), want);
  await shot(page, 'inspector-desktop.png');
  if (process.env.DBCERT_DOCS_SCREENSHOT) {
    // The README's picture: a wrong host, so the chain, a finding and the timeline all show.
    const { p } = await openPage({ width: 1100, height: 1000 });
    await p.fill('#host', 'db.example.com');
    await p.press('#host', 'Enter');
    await p.waitForFunction(() => document.querySelector('#verdict')?.classList.contains('bad'));
    mkdirSync(join(repo, 'docs'), { recursive: true });
    await p.screenshot({ path: join(repo, 'docs/inspector.png') });
    await p.close();
  }
});

test('a JKS: read without its password (integrity not checked), then with it (verified)', async () => {
  await page.setInputFiles('#file', join(bundles, 'chain.jks'));
  await page.waitForFunction(() => document.querySelector('#fact-format')?.textContent === 'JKS');
  assert.equal(await text(page, '#cert-count'), '3');
  assert.equal(await page.locator('#password-form').getAttribute('data-state'), 'not_checked');
  assert.match(await text(page, '#password-msg'), /NOT checked/);
  assert.match(await text(page, '#fact-integrity'), /not checked/);

  await page.fill('#password', 'not-the-password');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#password-form[data-state="wrong_password"]');
  assert.match(await text(page, '#error-code'), /wrong_password/);

  await page.fill('#password', 'changeit');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#password-form[data-state="verified"]');
  assert.match(await text(page, '#fact-integrity'), /verified/);
  assert.equal(await text(page, '#cert-count'), '3');
  assert.equal(await page.locator('#certs .cert').count(), 3);
  await shot(page, 'inspector-jks.png');
});

test('a PKCS#12 that needs its password: asked for, then read and verified', async () => {
  await page.setInputFiles('#file', join(repo, 'crates/dbcert-core/tests/data/pkcs12/keytool-truststore.p12'));
  await page.waitForSelector('#password-form[data-state="password_required"]');
  assert.equal(await text(page, '#error-code'), 'password_required');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'the password field has the focus');
  await page.fill('#password', 'dbcert-test');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#password-form[data-state="verified"]');
  assert.equal(await text(page, '#fact-format'), 'PKCS12');
  assert.equal(await text(page, '#cert-count'), '2');
});

test('a broken file: a clear error with its code, and no stale report', async () => {
  const jks = readFileSync(join(bundles, 'chain.jks'));
  await page.setInputFiles('#file', { name: 'truncated.jks', mimeType: 'application/octet-stream', buffer: jks.subarray(0, 400) });
  await page.waitForSelector('#error');
  assert.equal(await text(page, '#error-code'), 'malformed_keystore');
  assert.match(await text(page, '#error'), /Could not read truncated\.jks[\s\S]*certificate #1, byte \d+/);
  assert.equal(await page.locator('#summary-section').isVisible(), false);
  await shot(page, 'inspector-error.png', false);

  await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not a certificate\n') });
  await page.waitForFunction(() => document.querySelector('#error-code')?.textContent === 'unknown_format');
});

test('a dropped file and pasted PEM are read too', async () => {
  const pem = readFileSync(join(repo, 'tests/data/demo/server.pem'), 'utf8');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.pem'));
    document.querySelector('#drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, pem);
  await page.waitForFunction(() => document.querySelector('#fact-file')?.textContent === 'dropped.pem');
  assert.equal(await text(page, '#cert-count'), '1');

  await page.locator('#paste-box summary').click();
  await page.fill('#paste', readFileSync(join(repo, 'tests/data/demo/ca-chain.pem'), 'utf8'));
  await page.click('#paste-go');
  await page.waitForFunction(() => document.querySelector('#fact-file')?.textContent === 'pasted.pem');
  assert.equal(await text(page, '#cert-count'), '2');
});

test('a chain Java refuses for its certificate policies: a certificate_policy warning and its fix', async () => {
  const chains = join(repo, 'crates/dbcert-core/tests/data/chains');
  const pem = ['policy-leaf', 'policy-int', 'policy-root'].map((n) => readFileSync(join(chains, `${n}.pem`), 'utf8')).join('');
  await page.setInputFiles('#file', { name: 'policy.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
  await page.waitForFunction(() => document.querySelector('#fact-file')?.textContent === 'policy.pem');
  const finding = page.locator('#findings .finding[data-code="certificate_policy"]');
  assert.equal(await finding.count(), 1);
  assert.match(await finding.innerText(), /Java clients[\s\S]*requireExplicitPolicy[\s\S]*Fix: Java clients \(Connector\/J\) refuse this chain/);
  assert.equal(await page.locator('#verdict').evaluate((e) => e.classList.contains('bad')), false);
});

test('a wrong host fails VERIFY_IDENTITY with hostname_mismatch; the right one passes', async () => {
  await page.click('#demo');
  await page.waitForFunction(() => document.querySelector('#fact-file')?.textContent === 'chain.pem');
  await page.fill('#host', 'wrong.example.com');
  await page.press('#host', 'Enter');
  await page.waitForFunction(() => document.querySelector('#verdict')?.classList.contains('bad'));
  assert.match(await text(page, '#verdict'), /Fails VERIFY_IDENTITY for wrong\.example\.com[\s\S]*hostname_mismatch/);
  assert.equal(await page.locator('#findings .finding[data-code="hostname_mismatch"]').count(), 1);
  assert.match(await page.locator('#chain .link').first().getAttribute('class'), /\bbad\b/);
  await shot(page, 'inspector-hostname-mismatch.png');

  await page.fill('#host', 'db.example.internal');
  await page.press('#host', 'Enter');
  await page.waitForFunction(() => document.querySelector('#verdict')?.classList.contains('ok'));
  assert.match(await text(page, '#verdict'), /Passes VERIFY_IDENTITY for db\.example\.internal/);
  await page.fill('#host', '');
  await page.press('#host', 'Enter');
});

/** Clicks Download with `to` chosen and returns the file's name and bytes. */
async function download(to, outPassword) {
  await page.check(`#convert-to input[value="${to}"]`);
  if (outPassword !== undefined) await page.fill('#out-password', outPassword);
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#convert-go')]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

test('downloads a P7B and a JKS the core reads back with the same certificates', async () => {
  const demo = dbcert.inspect(readFileSync(join(repo, 'tests/data/demo/chain.pem')));
  const fingerprints = demo.certificates.map((c) => c.fingerprintSha256).sort();

  const p7b = await download('p7b');
  assert.equal(p7b.name, 'chain.p7b');
  assert.equal(p7b.bytes[0], 0x30, 'DER SEQUENCE');
  assert.equal(dbcert.detectFormat(p7b.bytes), 'p7b');
  const back = dbcert.inspect(p7b.bytes);
  assert.equal(back.format, 'p7b');
  assert.deepEqual(back.certificates.map((c) => c.fingerprintSha256).sort(), fingerprints);
  assert.match(await text(page, '#convert-status'), /Saved chain\.p7b/);

  const jks = await download('jks', 's3cret-pass');
  assert.equal(jks.name, 'chain.jks');
  const store = dbcert.inspect(jks.bytes, { password: 's3cret-pass' });
  assert.equal(store.format, 'jks');
  assert.equal(store.integrity, 'verified');
  assert.deepEqual(store.certificates.map((c) => c.fingerprintSha256).sort(), fingerprints);
  await page.check('#convert-to input[value="pem"]');
});

test('the snippet form: switching client and mode changes the code', async () => {
  const code = () => text(page, '#snippet-out .sn-code');
  await page.selectOption('#sn-client', 'mysql-cli');
  await page.selectOption('#sn-mode', 'VERIFY_IDENTITY');
  assert.match(await code(), /--ssl-mode=VERIFY_IDENTITY/);
  await page.fill('#sn-host', 'db.example.internal');
  assert.match(await code(), /--host=db\.example\.internal/);

  await page.selectOption('#sn-client', 'jdbc');
  await page.selectOption('#sn-mode', 'VERIFY_CA');
  const jdbc = await code();
  assert.match(jdbc, /jdbc:mysql:\/\/db\.example\.internal/);
  assert.match(jdbc, /sslMode=VERIFY_CA/);
  assert.equal(await page.locator('#sn-truststore').isVisible(), true);
  assert.ok((await page.locator('#snippet-out .sn-code span.tok-string').count()) > 0, 'highlighted');

  // A mode the client cannot express is said so plainly.
  await page.selectOption('#sn-client', 'php-pdo');
  await page.selectOption('#sn-mode', 'VERIFY_CA');
  assert.match(await text(page, '#snippet-out .sn-notice'), /Cannot express VERIFY_CA[\s\S]*VERIFY_IDENTITY instead/);
  await page.locator('#snippets-section').screenshot({ path: join(shots, 'inspector-snippets.png') });
  await page.selectOption('#sn-client', 'mysql-cli');
});

test('the Server panel: the advisor answers for the instance and the clients, every line sourced', async () => {
  const out = (sel) => page.locator(`#server-out ${sel}`);
  // The panel needs no file, and opens on ApsaraDB RDS.
  assert.equal(await page.locator('#server-section').isVisible(), true);
  assert.equal(await page.locator('#sv-edition').isVisible(), true);
  await page.fill('#sv-version', '5.7');
  await page.selectOption('#sv-edition', 'high-availability');
  await page.fill('#sv-minor', '20240101');
  await page.check('#sv-cipher-set');
  await page.fill('#sv-cipher', '');
  await page.fill('#sv-clients', 'jdbc@8.0.18, pymysql');
  const options = { provider: 'alibaba-rds', serverVersion: '5.7', edition: 'high-availability', minorVersion: '20240101', sslCipher: '', clients: ['jdbc@8.0.18', 'pymysql'] };
  const want = dbcert.advise(options);
  const jdbc = out('.client-verdict[data-spec="jdbc@8.0.18"]');
  assert.equal(await jdbc.getAttribute('data-status'), want.clients[0].status);
  assert.equal(want.clients[0].status, 'breaks');
  assert.match(await jdbc.innerText(), /connectorj_tls_downgrade[\s\S]*Fix:.*enabledTLSProtocols=TLSv1\.2/);
  assert.equal(await out('.client-verdict[data-spec="pymysql"]').getAttribute('data-status'), 'ok');
  // The page shows what the core says: every TLS version, operation, check and recommendation.
  for (const t of want.supported.tlsVersions) assert.equal(await out(`[data-tls="${t.version}"]`).getAttribute('data-status'), t.status);
  assert.equal(await out('#sv-operations tbody tr').count(), want.operations.length);
  assert.match(await out('#sv-operations tr[data-id="update_certificate"]').innerText(), /yes/, '5.7 restarts for a new certificate');
  assert.equal(await out('#sv-checks .check').count(), want.checks.length);
  assert.equal(await out('#sv-recommendations li').count(), want.recommendations.length);
  const sources = await out('a.cite').evaluateAll((as) => as.map((a) => a.href));
  assert.ok(sources.length >= 10 && sources.every((u) => u.startsWith('https://')), `${sources.length} citations`);
  await page.locator('#server-section').screenshot({ path: join(shots, 'inspector-server.png') });

  // Another provider: the ApsaraDB-only fields go away; a bad version is a coded error.
  await page.selectOption('#sv-provider', 'aws-rds');
  assert.equal(await page.locator('#sv-edition').isVisible(), false);
  await page.fill('#sv-version', 'eight');
  assert.match(await text(page, '#server-error'), /invalid_option/);
  await page.fill('#sv-version', '8.0.36');
  assert.equal(await page.locator('#server-error').count(), 0);
  assert.match(await text(page, '#server-out .advice-head'), /Amazon RDS/);
});

test('cloud CAs in a bundle are named: the Azure roots of the system bundle', async () => {
  const mozilla = '/etc/ssl/certs/ca-certificates.crt';
  const want = dbcert.inspect(readFileSync(mozilla)).providers ?? [];
  assert.ok(want.length > 0, 'the Mozilla bundle holds the roots Azure names');
  await page.setInputFiles('#file', mozilla);
  await page.waitForFunction((n) => document.querySelector('#cert-count')?.textContent === String(n), dbcert.inspect(readFileSync(mozilla)).certificates.length);
  assert.equal(await page.locator('#certs .cert summary .badge.cloud').count(), want.length);
  const first = page.locator(`#cert-${want[0].index}`);
  assert.match(await first.locator('summary').innerText(), new RegExp(want[0].providerName));
  await page.click('#demo');
  await page.waitForFunction(() => document.querySelector('#fact-file')?.textContent === 'chain.pem');
  assert.equal(await page.locator('.badge.cloud').count(), 0);
});

test('the widget renders from attributes and follows their changes', async () => {
  const w = await context.newPage();
  w.on('pageerror', (e) => pageErrors.push(e.message));
  await w.goto(new URL('widget/example.html', server.url).href);
  const jdbc = w.locator('#ex-jdbc .dbs-code');
  await jdbc.waitFor();
  assert.match(await jdbc.innerText(), /sslMode=VERIFY_CA/);
  assert.match(await w.locator('#ex-php .dbs-notice').innerText(), /Cannot express VERIFY_CA/);
  const before = await w.locator('#try-out .dbs-code').innerText();
  await w.selectOption('#try-client', 'go-sql-driver');
  await w.waitForFunction(() => document.querySelector('#try-out').snippet?.client === 'go-sql-driver');
  const after = await w.locator('#try-out .dbs-code').innerText();
  assert.notEqual(after, before);
  assert.match(after, /RegisterTLSConfig/);
  await shot(w, 'widget-example.png');
  await w.close();
});

test('privacy: nothing but its own origin was requested, and fetch is blocked once loaded', async () => {
  const origin = new URL(server.url).origin;
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  const blocked = await page.evaluate(() => fetch('./index.html').then(() => false, () => true));
  assert.equal(blocked, true, 'fetch after load must be refused by connect-src none');
  assert.match(await text(page, '#privacy'), /Files never leave your browser/);
});

test('offline once loaded: reading and converting need no network', async () => {
  await context.setOffline(true);
  try {
    await page.setInputFiles('#file', join(bundles, 'chain.p7b'));
    await page.waitForFunction(() => document.querySelector('#fact-format')?.textContent === 'P7B');
    const pem = await download('pem');
    assert.equal(dbcert.detectFormat(pem.bytes), 'pem');
  } finally {
    await context.setOffline(false);
  }
});

test('accessible: every control is labelled, the file picker is reachable by keyboard', async () => {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]):not([hidden]), select, textarea, button')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  await page.locator('.brand').focus();
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'choose');
  }
  assert.ok(reached, 'Tab reaches "Choose a file"');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
});

test('ten days before the server certificate expires: highlighted, expires_soon', async () => {
  const leaf = dbcert.inspect(readFileSync(join(repo, 'tests/data/demo/server.pem'))).certificates[0];
  const p = await context.newPage();
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.clock.install({ time: Date.parse(leaf.notAfter) - 10.5 * 86_400_000 });
  await p.goto(server.url);
  await p.waitForSelector('html[data-ready="true"]');
  assert.equal(await p.locator('#timeline .tl-row.soon').count(), 1);
  assert.match(await p.locator('#timeline .tl-row.soon').innerText(), /expires in 10 days/);
  assert.equal(await p.locator('#findings .finding[data-code="expires_soon"]').count(), 1);
  assert.match(await p.locator('#verdict').getAttribute('class'), /\bok\b/, 'a warning, not an error');
  await p.locator('#timeline-section').screenshot({ path: join(shots, 'inspector-expiring.png') });
  await p.close();
});

test('narrow screen: one column, no sideways scrolling', async () => {
  const { p } = await openPage({ width: 390, height: 844 });
  await p.fill('#host', 'wrong.example.com');
  await p.press('#host', 'Enter');
  await p.waitForFunction(() => document.querySelector('#verdict')?.classList.contains('bad'));
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await shot(p, 'inspector-narrow.png');
  await p.close();
});

test('no script errors on any page', () => {
  assert.deepEqual(pageErrors, []);
});
