// The three browser engines the browser suites run in, all from Debian packages, behind one
// small page interface (goto, evaluate, click, type, press, screenshot, viewport, close):
// - chromium: /usr/bin/chromium driven by playwright-core;
// - firefox: /usr/bin/firefox-esr driven by puppeteer-core over WebDriver BiDi;
// - webkit: WebKitGTK's MiniBrowser (--automation) through WebKitWebDriver (Debian
//   webkit2gtk-driver), driven by selenium-webdriver; it needs a display (xvfb-run).
// DBCERT_BROWSER picks one (default chromium); the npm packages come from tests/js. Only
// WebKitWebDriver cannot run a script before the page's own (`initScript` is then undefined).
// WebKit paints without compositing (WEBKIT_DISABLE_COMPOSITING_MODE), as Chromium runs without a GPU.
// Everything else (files, selects, waiting) is done in the page, the same in every engine.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const require = createRequire(new URL('../js/package.json', import.meta.url));

export const ENGINE = process.env.DBCERT_BROWSER ?? 'chromium';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The executable each engine needs, and the Debian package that has it. */
export const NEEDS = {
  chromium: [[CHROMIUM, 'chromium']],
  firefox: [[FIREFOX, 'firefox-esr']],
  webkit: [['/usr/bin/WebKitWebDriver', 'webkit2gtk-driver'], [MINIBROWSER, 'libwebkit2gtk-4.1-0']],
};

/** Launches the engine; resolves to `{name, newPage(viewport), close()}`. */
export async function launch(name = ENGINE) {
  for (const [file, pkg] of NEEDS[name] ?? [[`an engine named ${name}`, 'chromium, firefox-esr or webkit2gtk-driver']]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: apt-get install ${pkg} (cargo xtask test installs it)`);
  }
  if (name === 'chromium') return chromium();
  if (name === 'firefox') return firefox();
  if (name === 'webkit') return webkit();
  throw new Error(`unknown engine ${name}`);
}

async function chromium() {
  const { chromium: pw } = require('playwright-core');
  const browser = await pw.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext();
  return {
    name: 'chromium',
    async newPage(viewport = { width: 1280, height: 900 }) {
      const p = await context.newPage();
      await p.setViewportSize(viewport);
      const errors = [];
      p.on('pageerror', (e) => errors.push(e.message));
      return wrap({
        errors,
        goto: (url) => p.goto(url),
        initScript: (fn, arg) => p.addInitScript(fn, arg),
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        click: (sel) => p.click(sel),
        type: async (sel, text) => {
          await p.fill(sel, '');
          await p.type(sel, text);
        },
        press: (sel, key) => p.press(sel, key),
        tab: () => p.keyboard.press('Tab'),
        screenshot: (path, full) => p.screenshot({ path, fullPage: full }),
        setViewport: (v) => p.setViewportSize(v),
        front: () => p.bringToFront(),
        close: () => p.close(),
      });
    },
    close: () => browser.close(),
  };
}

async function firefox() {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
  return {
    name: 'firefox',
    async newPage(viewport = { width: 1280, height: 900 }) {
      const p = await browser.newPage();
      await p.setViewport(viewport);
      const errors = [];
      p.on('pageerror', (e) => errors.push(e.message));
      return wrap({
        errors,
        goto: (url) => p.goto(url),
        initScript: (fn, arg) => p.evaluateOnNewDocument(fn, arg),
        evaluate: (fn, arg) => p.evaluate(fn, arg),
        click: (sel) => p.click(sel),
        type: async (sel, text) => {
          await p.$eval(sel, (el) => {
            el.value = '';
          });
          await p.type(sel, text);
        },
        press: async (sel, key) => {
          await p.focus(sel);
          await p.keyboard.press(key);
        },
        tab: () => p.keyboard.press('Tab'),
        screenshot: (path, full) => p.screenshot({ path, fullPage: full }),
        setViewport: (v) => p.setViewport(v),
        front: () => p.bringToFront(),
        close: () => p.close(),
      });
    },
    close: () => browser.close(),
  };
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function webkit() {
  if (!process.env.DISPLAY) throw new Error('WebKit (MiniBrowser) needs a display: run the suite under xvfb-run -a (cargo xtask test does)');
  const { Builder, By, Key } = require('selenium-webdriver');
  const port = await freePort();
  // No GPU here (Chromium runs with --disable-gpu): WebKitGTK's compositing mode would run on GL
  // emulated by the CPU (Mesa llvmpipe), 450-600 ms of CPU per report drawn, on the 2 cores the
  // page shares, and a report's first frame waited for the last report's (the 144-certificate
  // bundle set again: 300-650 ms to its frame; 100-300 ms without compositing, same machine).
  const env = { ...process.env, WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const driverProcess = spawn('/usr/bin/WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', env });
  const server = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${server}/status`)).ok) break;
    } catch {
      if (i > 100) throw new Error('WebKitWebDriver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // WebKitWebDriver holds one session at a time: each page is a window of that session, and
  // every command first switches to its window.
  const keys = { Enter: Key.ENTER, Tab: Key.TAB };
  let session = null;
  let current = null;
  return {
    name: 'webkit',
    async newPage(viewport = { width: 1280, height: 900 }) {
      let handle;
      if (!session) {
        session = await new Builder().usingServer(server).withCapabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        }).build();
        handle = await session.getWindowHandle();
      } else {
        await session.switchTo().newWindow('window');
        handle = await session.getWindowHandle();
      }
      current = handle;
      const d = session;
      const on = async () => {
        if (current !== handle) {
          await d.switchTo().window(handle);
          current = handle;
        }
        return d;
      };
      await d.manage().window().setRect(viewport);
      const run = async (fn, arg) => (await on()).executeScript(`return (${fn}).apply(null, arguments)`, arg);
      return wrap({
        errors: [],
        goto: async (url) => (await on()).get(url),
        evaluate: run,
        click: async (sel) => (await (await on()).findElement(By.css(sel))).click(),
        type: async (sel, text) => {
          await run((s) => {
            const el = document.querySelector(s);
            el.value = '';
            el.dispatchEvent(new Event('input', { bubbles: true }));
          }, sel);
          if (text) await (await (await on()).findElement(By.css(sel))).sendKeys(text);
        },
        press: async (sel, key) => (await (await on()).findElement(By.css(sel))).sendKeys(keys[key] ?? key),
        tab: async () => (await on()).actions().sendKeys(Key.TAB).perform(),
        screenshot: async (path) => {
          const { writeFileSync } = await import('node:fs');
          writeFileSync(path, Buffer.from(await (await on()).takeScreenshot(), 'base64'));
        },
        setViewport: async (v) => (await on()).manage().window().setRect(v),
        front: async () => {
          await on();
          await d.switchTo().window(handle);
        },
        close: async () => {
          await (await on()).close();
          current = null;
        },
      });
    },
    async close() {
      await session?.quit().catch(() => {});
      driverProcess.kill();
    },
  };
}

/**
 * What every engine's page shares, on top of its driver: in-page helpers for text, counts,
 * attributes, waiting, selects and checkboxes, files set on an `<input type=file>`, and the
 * errors the page throws after load (collected in the page itself, in every engine).
 */
function wrap(base) {
  const page = {
    ...base,
    async open(url) {
      await base.goto(url);
      await page.waitFor(() => document.documentElement.dataset.ready === 'true', null, 30000);
      await base.evaluate(() => {
        window.__errors = [];
        window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
        window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason?.message ?? e.reason)));
      });
    },
    /** Errors thrown in the page since it opened (engine events and the page's own record). */
    async allErrors() {
      const own = await base.evaluate(() => window.__errors ?? []).catch(() => []);
      return [...base.errors, ...own];
    },
    text: (sel) => base.evaluate((s) => document.querySelector(s)?.innerText ?? null, sel),
    attr: (sel, name) => base.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [sel, name]),
    count: (sel) => base.evaluate((s) => document.querySelectorAll(s).length, sel),
    visible: (sel) => base.evaluate((s) => {
      const el = document.querySelector(s);
      return Boolean(el && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
    }, sel),
    /** Polls `fn(arg)` in the page until it is truthy; returns its value (JSON: never a DOM node). */
    async waitFor(fn, arg = null, timeout = 15000) {
      const start = Date.now();
      for (;;) {
        const v = await base.evaluate(fn, arg).catch(() => undefined);
        if (v) return v;
        if (Date.now() - start > timeout) {
          const where = await base.evaluate(() => ({ focused: document.activeElement?.id, hash: location.hash })).catch(() => null);
          throw new Error(`timed out waiting for ${String(fn).slice(0, 200)} (${JSON.stringify(arg)?.slice(0, 100)}); page: ${JSON.stringify(where)}`);
        }
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    /** Sets a select, checkbox or text field and fires the events a person's change would. */
    set: (sel, value) => base.evaluate(([s, v]) => {
      const el = document.querySelector(s);
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = v;
      else el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, [sel, value]),
    /** Gives `<input type=file>` `sel` a file, as the file picker would; returns when it is set. */
    setFile: (sel, name, bytes) => base.evaluate(([s, n, b64]) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      const input = document.querySelector(s);
      const dt = new DataTransfer();
      dt.items.add(new File([data], n));
      input.files = dt.files;
      window.__fileSetAt = performance.now();
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, [sel, name, Buffer.from(bytes).toString('base64')]),
    /** Captures what the page downloads next (the Blob it makes a URL for), as bytes. */
    async download(trigger) {
      await base.evaluate(() => {
        window.__download = null;
        const make = URL.createObjectURL;
        URL.createObjectURL = (blob) => {
          URL.createObjectURL = make;
          const url = make.call(URL, blob);
          blob.arrayBuffer().then((b) => {
            const bytes = new Uint8Array(b);
            let bin = '';
            for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            window.__download = { b64: btoa(bin) };
          });
          return url;
        };
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          HTMLAnchorElement.prototype.click = click;
          window.__downloadName = this.download;
        };
      });
      await trigger();
      const got = await page.waitFor(() => window.__download && { ...window.__download, name: window.__downloadName });
      return { name: got.name, bytes: Buffer.from(got.b64, 'base64') };
    },
  };
  return page;
}
