// Bundlers (Vite, webpack 5, Rollup, esbuild) and browsers: ready functions, no `init()` to call.
// The module is fetched from `new URL('dbcert_wasm_bg.wasm', import.meta.url)`, which bundlers
// turn into an asset; it needs top-level await (every current bundler and browser has it).
import init from './web.mjs';

await init();

export * from './web.mjs';
