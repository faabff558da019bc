// The wasm package (npm/dbcert-wasm, served at ./pkg/ by `cargo xtask serve`), loaded once, and
// what this build of it offers: functions land in the package as their core modules do, so
// the page asks before it draws a panel that needs one.
import init, * as api from './pkg/web.mjs';

/** Fetches and instantiates the module; resolves to the API. */
export async function load() {
  await init();
  return api;
}

/**
 * True when the package has a working `name`: calling it with no input must throw one of
 * dbcert's coded errors (`empty_input`, `invalid_option`, …), not a TypeError.
 */
export function has(name, ...probeArgs) {
  if (typeof api[name] !== 'function') return false;
  try {
    api[name](...probeArgs);
    return true;
  } catch (e) {
    return typeof e?.code === 'string';
  }
}

export { api };
