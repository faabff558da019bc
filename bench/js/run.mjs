// One in-process measurement: `node bench/js/run.mjs --tool T --workload W --data DIR --out FILE
// --warmup N --min-iters N --min-ms MS --max-ms MS --floor N`. Prints one RESULT line (bench/js/measure.mjs)
// and writes a conversion's output to --out for the harness to read back with openssl/keytool.
import { writeFileSync } from 'node:fs';

import { measure, parseArgs, report } from './measure.mjs';
import { TOOLS } from './tools.mjs';

const a = parseArgs(process.argv.slice(2));
const base = { workload: a.workload, tool: a.tool };
const make = TOOLS[a.tool];
if (!make) throw new Error(`unknown tool ${a.tool}`);
const prepare = make()[a.workload];
if (!prepare) {
  report({ ...base, status: 'unsupported' });
} else {
  let w;
  try {
    w = prepare(a.data);
    // One untimed call first: a tool that cannot do the work fails here, with its message.
    await w.run();
  } catch (e) {
    report({ ...base, status: 'error', note: e.message });
    process.exit(0);
  }
  const { samples, last } = await measure(w.run, { warmup: Number(a.warmup), minIters: Number(a['min-iters']), minMs: Number(a['min-ms']), maxMs: Number(a['max-ms']), floor: Number(a.floor) });
  const c = await w.check(last);
  if (c.bytes) writeFileSync(a.out, c.bytes);
  const status = c.failed ? 'incomplete' : 'ok';
  const note = c.failed ? `${c.failed} certificates failed: ${c.error}` : '';
  report({ ...base, status, samples, count: c.count ?? 0, digest: c.digest ?? '-', note });
}
