// What the widget suites share: a static server on 127.0.0.1 that answers with the strict CSP a
// docs site may have, headless Chromium (Debian's, no download), and pages that record every CSP
// violation Chromium reports.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Debian's /usr/bin/chromium (or $CHROMIUM), headless, driven by playwright-core as tests/js pins
 * it: a playwright Browser (the suites need its contexts, permissions and CSP events, which
 * tests/browser/engines.mjs's page interface does not give).
 */
export function launch() {
  const { chromium } = createRequire(new URL('../js/package.json', import.meta.url))('playwright-core');
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args });
}

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const pkg = join(repo, 'npm/dbcert-snippet');

/** The policy of every response: the strict CSP (no inline script or style). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `pages` (path → HTML text) and `mounts` (URL prefix → folder) on a free port; every
 * response carries `CSP`. Returns `{origin, requests, close}`; `requests` lists every path asked.
 */
export async function serve({ pages = {}, mounts = {} }) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
    if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    if (path in pages) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(pages[path]);
      return;
    }
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    const rel = prefix === undefined ? null : normalize(path.slice(prefix.length));
    if (rel === null || rel.startsWith('..')) {
      res.writeHead(404, headers).end();
      return;
    }
    let file = join(mounts[prefix], rel);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A page in `context` that records CSP violations (`securitypolicyviolation` events, registered
 * before any of the page's own script runs), console errors and uncaught errors.
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.violations = async () => [...(await page.evaluate(() => window.__violations)), ...problems];
  return page;
}

/** Waits until every `<dbcert-snippet>` of the page shows its markup (or an error). */
export function rendered(page) {
  return page.waitForFunction(() => [...document.querySelectorAll('dbcert-snippet')].every((e) => e.shadowRoot?.querySelector('.dbs, .dbs-error')), null, { timeout: 30000 });
}

/** Per element: the text of the shadow root and of its visible code. */
export function texts(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('dbcert-snippet')].map((e) => ({
      id: e.id,
      text: e.shadowRoot.textContent,
      code: [...e.shadowRoot.querySelectorAll('.dbs-code')].filter((c) => c.checkVisibility()).map((c) => c.textContent),
      html: e.shadowRoot.querySelector('.dbs')?.outerHTML ?? null,
    })));
}
