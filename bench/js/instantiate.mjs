// W10 of `cargo xtask bench`: how long the wasm package takes to become usable.
//   node bench/js/instantiate.mjs node N      N fresh Node processes, each timing (a) `require` of
//                                            the Node entry (npm/dbcert-wasm/index.cjs: read,
//                                            compile and instantiate the module synchronously)
//                                            and, in another fresh process, (b) `initSync` of the web
//                                            build on its bytes (compile + instantiate only)
//   node bench/js/instantiate.mjs chromium N  headless Chromium (Debian's, driven by playwright-core
//                                            from tests/js): N fresh browser contexts each load a
//                                            page from 127.0.0.1 and time the import of the web
//                                            entry (JS glue) and `await init()` (fetch of the
//                                            .wasm, compile, instantiate)
// Prints one `START\t<what>\t<n>\t<median>\t<min>\t<max>` line per measurement (ms).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const pkg = new URL('../../npm/dbcert-wasm/', import.meta.url);
const [mode, count] = [process.argv[2], Number(process.argv[3] ?? 5)];

const stats = (what, v) => {
  v.sort((a, b) => a - b);
  const med = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  console.log(['START', what, v.length, med.toFixed(3), v[0].toFixed(3), v[v.length - 1].toFixed(3)].join('\t'));
};

if (mode === 'once-require') {
  const require = createRequire(import.meta.url);
  const t0 = performance.now();
  const api = require(fileURLToPath(new URL('index.cjs', pkg)));
  const t1 = performance.now();
  if (typeof api.inspect !== 'function') throw new Error('no inspect');
  console.log(t1 - t0);
} else if (mode === 'once-init') {
  const bytes = readFileSync(new URL('web/dbcert_wasm_bg.wasm', pkg));
  const glue = await import(new URL('web/dbcert_wasm.js', pkg).href);
  const t0 = performance.now();
  glue.initSync({ module: bytes });
  console.log(performance.now() - t0);
} else if (mode === 'node') {
  const self = fileURLToPath(import.meta.url);
  for (const [what, once] of [['node: require(dbcert-wasm)', 'once-require'], ['node: initSync(web build bytes)', 'once-init']]) {
    const v = [];
    for (let i = 0; i < count; i++) v.push(Number(execFileSync(process.execPath, [self, once], { encoding: 'utf8' }).trim()));
    stats(what, v);
  }
} else if (mode === 'chromium') {
  const testsRequire = createRequire(new URL('../../tests/js/package.json', import.meta.url));
  const { chromium } = testsRequire('playwright-core');
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
    const t0 = performance.now();
    const m = await import('/pkg/web.mjs');
    const t1 = performance.now();
    await m.default();
    window.importMs = t1 - t0;
    window.initMs = performance.now() - t1;
  </script>`;
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (!path.startsWith('/pkg/') || path.includes('..')) return res.writeHead(404).end();
    try {
      const body = readFileSync(new URL(path.slice(5), pkg));
      const ext = path.slice(path.lastIndexOf('.'));
      res.writeHead(200, { 'content-type': types[ext] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const [imports, inits] = [[], []];
  try {
    for (let i = 0; i < count; i++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(`${origin}/`);
      await p.waitForFunction(() => typeof window.initMs === 'number', null, { timeout: 30000 });
      const [a, b] = await p.evaluate(() => [window.importMs, window.initMs]);
      imports.push(a);
      inits.push(b);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  stats('chromium: import web.mjs (the JS glue, from 127.0.0.1)', imports);
  stats('chromium: await init() (fetch the .wasm from 127.0.0.1, compile, instantiate)', inits);
} else {
  throw new Error('usage: instantiate.mjs node|chromium N');
}
