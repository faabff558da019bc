// Runs a Rust program compiled for wasm32-wasip1 (a `cargo test` binary) under Node's WASI, as
// cargo's target runner: `cargo xtask test` sets
// CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings tests/wasi/run.mjs" and runs
// `cargo test --target wasm32-wasip1` (crates/xtask/src/test.rs). The program sees the host's
// file system at the same paths (preopen `/`, so `env!("CARGO_MANIFEST_DIR")` paths resolve), its
// arguments and the environment; the exit code is the program's (a panic aborts: exit 134).
// `node run.mjs PROGRAM.wasm [ARGS…]`.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [program, ...args] = process.argv.slice(2);
if (!program) {
  console.error('usage: node run.mjs PROGRAM.wasm [ARGS…]');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [program, ...args],
  env: process.env,
  preopens: { '/': '/' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
let code;
try {
  code = wasi.start(instance);
} catch (e) {
  // A trap (`unreachable` after a panic with panic=abort) ends up here.
  console.error(`wasm trap: ${e.message}`);
  code = 134;
}
process.exitCode = code;
