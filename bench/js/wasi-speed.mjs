// `dbcert speed` (crates/dbcert-core/examples/speed_pure.rs) compiled to wasm32-wasip1, run by Node's
// WASI: the core's pure-Rust signature code in V8's WebAssembly engine, as the wasm package runs
// it, signatures only. `node wasi-speed.mjs SPEED.wasm DIR SECONDS`, DIR holding chain.pem and
// root.pem; prints what the example prints (`+DBCERT:pure:<verifies/s>`).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [wasm, dir, seconds] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: ['speed', '/data/chain.pem', '/data/root.pem', seconds],
  preopens: { '/data': dir },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
