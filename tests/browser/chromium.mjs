// Headless Chromium for the browser suites: Debian's /usr/bin/chromium (installed by
// `cargo xtask test` when root; never a downloaded browser) driven by playwright-core, which
// tests/js/package.json pins (this folder has no node_modules of its own).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../js/package.json', import.meta.url));
export const { chromium } = require('playwright-core');

export const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches the browser. */
export function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: FLAGS });
}
