// The in-process timing protocol of `cargo xtask bench`, shared by every JavaScript tool (the
// Python runner, bench/py/run.py, does the same): up to `warmup` untimed calls (none started
// after 2 s), then timed calls until at least `minIters` calls and `minMs` milliseconds have
// passed, or `maxMs` has with at least `floor` calls. Times are taken with performance.now()
// around each call, so one sample is one call.

/** Parses `--key value` pairs into an object. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`expected --key value, got ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

/** Runs `fn` (sync or async) by the protocol; returns the sorted samples in ms and the last result. */
export async function measure(fn, { warmup, minIters, minMs, maxMs, floor }) {
  let last;
  const warm = performance.now();
  for (let i = 0; i < warmup && performance.now() - warm < 2000; i++) last = await fn();
  const samples = [];
  const start = performance.now();
  for (;;) {
    const t0 = performance.now();
    last = await fn();
    samples.push(performance.now() - t0);
    const spent = performance.now() - start;
    if (samples.length >= minIters && spent >= minMs) break;
    if (spent >= maxMs && samples.length >= floor) break;
  }
  samples.sort((a, b) => a - b);
  return { samples, last };
}

/** The median of sorted samples. */
export const median = (s) => (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);

/** The one line the harness reads: tab-separated, see crates/xtask/src/bench.rs (`Row`). */
export function report({ workload, tool, status, samples = [], count = 0, digest = '-', note = '' }) {
  const f = (x) => (x === undefined ? 'nan' : x.toFixed(4));
  const fields = ['RESULT', workload, tool, status, samples.length, f(samples.length ? median(samples) : undefined), f(samples[0]), f(samples[samples.length - 1]), count, digest, note.replace(/[\t\n]/g, ' ')];
  process.stdout.write(`${fields.join('\t')}\n`);
}
