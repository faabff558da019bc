// The binding under test, picked by DBCERT_BINDING (like lightningcss's TEST_WASM):
//   node (default)  npm/dbcert: the native addon, loaded by its index.js
//   wasm            npm/dbcert-wasm: the WebAssembly package, through its Node ESM entry
// Both are loaded through their public entry files, as a user's `import` would.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const name = process.env.DBCERT_BINDING ?? 'node';
if (name !== 'node' && name !== 'wasm') throw new Error(`DBCERT_BINDING must be node or wasm, not ${name}`);

/** The package entry of a binding. */
export const entry = (which) => new URL(which === 'wasm' ? '../../npm/dbcert-wasm/index.mjs' : '../../npm/dbcert/index.mjs', import.meta.url);

/** Loads a binding by name. */
export const load = async (which) => import(entry(which).href);

export const dbcert = await load(name);
// The loader falls back to the wasm package when it cannot load the addon (with a notice on
// stderr): DBCERT_BINDING=node must not then pass on the wasm package. The addon's own functions
// are native code (the loader hands detectFormat out as it is; see npm/dbcert/options.js).
if (name === 'node' && !/\[native code\]/.test(Function.prototype.toString.call(dbcert.detectFormat))) {
  throw new Error('DBCERT_BINDING=node, but npm/dbcert loaded the WebAssembly fallback: see its notice above (cargo xtask node builds the addon)');
}
// The hidden panic trigger is not part of the contract (see crates/*/src/lib.rs).
export const testPanicOf = (which) =>
  require(which === 'wasm' ? '../../npm/dbcert-wasm/index.cjs' : '../../npm/dbcert/index.js').__testPanic;
export const testPanic = testPanicOf(name);
