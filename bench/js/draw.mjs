// W11 of `cargo xtask bench`: the inspector page's draw time for the machine's CA bundle, in the
// engine DBCERT_BROWSER names (tests/browser/engines.mjs: Debian's Chromium, Firefox ESR or
// WebKitGTK), on the page DBCERT_WWW_URL serves (`cargo xtask bench` serves www/ in-process).
//   node bench/js/draw.mjs N   one page; the bundle set once to warm up, then N times, each under a
//                              new file name (tests/browser/draw.mjs times it: from the file set
//                              on the input to the frame after the report was drawn)
// Prints `DRAW\t<engine>\t<certificates>\t<n>\t<median>\t<min>\t<max>` (ms).
import { readFileSync } from 'node:fs';
import { launch, ENGINE } from '../../tests/browser/engines.mjs';
import { timeDraw } from '../../tests/browser/draw.mjs';

const BUNDLE = process.env.DBCERT_BUNDLE ?? '/etc/ssl/certs/ca-certificates.crt';
const count = Number(process.argv[2] ?? 5);
const url = process.env.DBCERT_WWW_URL;
if (!url) throw new Error('DBCERT_WWW_URL names the served page (cargo xtask bench sets it)');

const bytes = readFileSync(BUNDLE);
const dbcert = await import(new URL('../../npm/dbcert-wasm/index.mjs', import.meta.url).href);
const certificates = dbcert.inspect(bytes).certificates.length;
const browser = await launch(ENGINE);
try {
  const page = await browser.newPage();
  await page.open(url);
  await page.front();
  await timeDraw(page, 'warm-up.crt', bytes);
  const v = [];
  for (let i = 0; i < count; i++) v.push(await timeDraw(page, `bundle-${i}.crt`, bytes));
  const errors = await page.allErrors();
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  v.sort((a, b) => a - b);
  const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  console.log(['DRAW', ENGINE, certificates, v.length, median.toFixed(1), v[0].toFixed(1), v[v.length - 1].toFixed(1)].join('\t'));
} finally {
  await browser.close();
}
