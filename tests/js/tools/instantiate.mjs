// How long the wasm package takes to become usable, as a page would see it: compile and
// instantiate the web build (`initSync` on the bytes) in a fresh process, then the first call.
// Prints the median of several fresh processes. Run by `cargo xtask wasm`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.RUNS ?? 7);

if (process.argv[2] === '--once') {
  const { readFileSync } = await import('node:fs');
  const glue = new URL('../../../npm/dbcert-wasm/web/dbcert_wasm.js', import.meta.url);
  const bytes = readFileSync(new URL('../../../npm/dbcert-wasm/web/dbcert_wasm_bg.wasm', import.meta.url));
  const chain = readFileSync(new URL('../../data/demo/chain.pem', import.meta.url));
  const t0 = performance.now();
  const wasm = await import(glue.href);
  const t1 = performance.now();
  wasm.initSync({ module: bytes });
  const t2 = performance.now();
  wasm.inspect(chain);
  const t3 = performance.now();
  console.log(JSON.stringify({ glue: t1 - t0, instantiate: t2 - t1, firstInspect: t3 - t2 }));
} else {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--once'], { encoding: 'utf8' })));
  }
  const median = (k) => {
    const v = samples.map((s) => s[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)].toFixed(1);
  };
  console.error(
    `wasm instantiate (median of ${runs} fresh Node ${process.version} processes): load glue ${median('glue')} ms, compile + instantiate ${median('instantiate')} ms, first inspect ${median('firstInspect')} ms`,
  );
}
