// <dbcert-snippet>: correct MySQL client settings in a docs page, generated in the reader's
// browser by dbcert's snippet generator (module.mjs, WebAssembly).
//
//   <script type="module" src="/assets/dbcert-snippet/dbcert-snippet.mjs"></script>
//   <dbcert-snippet clients="jdbc,pymysql,mysql-cli" mode="verify_ca" host="<endpoint>"></dbcert-snippet>
//
// The markup, highlighting and styles are the core's (the same renderer as `dbcert snippet
// --format html` and `snippetHtml()`); this script only reads attributes, puts the markup in the
// shadow root, and handles copying and tab groups. Pre-rendered markup (a declarative shadow
// root from the static HTML) is kept as it is: the module is not even loaded unless an attribute
// changes or the markup came without its stylesheet. Nothing is fetched from anywhere else; no
// inline script or style is made (a strict CSP with 'wasm-unsafe-eval' is enough).
//
// The readable source: `cargo xtask wasm` minifies it (terser) into ../dbcert-snippet.mjs, the file the
// package exports, so its imports are relative to the package folder.
import { load, snippet, widgetHtml, stylesheet } from './module.mjs';

export { load };

/** The attributes of `snippet()` options: each names its option in kebab case (`ca-format`: `caFormat`). */
const OPTIONS = 'client mode host port user database ca ca-format truststore truststore-type truststore-password client-version client-library server-flavor server-version tls-versions cipher password-placeholder'.split(' ');
/** The view's attributes (`clients` and `modes`: comma-separated lists). */
const VIEW = ['clients', 'modes', 'theme'];
const camel = (attr) => attr.replace(/-(.)/g, (_, c) => c.toUpperCase());
const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);

let sheet;
/** The core's stylesheet, constructed once for every element (no <style>: CSP-clean). */
async function styles() {
  await load();
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(stylesheet());
  }
  return sheet;
}

export class DbcertSnippet extends HTMLElement {
  static observedAttributes = [...OPTIONS, ...VIEW];

  constructor() {
    super();
    // A declarative shadow root (static HTML) is already there: keep it and what it shows.
    this.root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.shown = this.root.querySelector('.dbs') ? this.key() : null;
    /** The last `snippet()` result for the selected client and mode, once the element rendered. */
    this.snippet = null;
    this.root.addEventListener('click', (e) => this.copy(e));
    this.root.addEventListener('change', (e) => this.selected(e));
  }

  connectedCallback() {
    this.schedule();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.schedule();
  }

  /** The attributes as one string: what the shadow root shows is for this. */
  key() {
    return JSON.stringify(DbcertSnippet.observedAttributes.map((a) => this.getAttribute(a)));
  }

  /** Renders once after a burst of attribute changes, unless the markup is for them already. */
  schedule() {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(async () => {
      this.pending = false;
      const current = this.shown === this.key();
      if (current && this.root.querySelector('link[rel=stylesheet]')) return;
      try {
        this.root.adoptedStyleSheets = [await styles()];
        if (!current) this.render();
      } catch (e) {
        this.error(e);
      }
    });
  }

  /** `[options, view]` as the attributes say. */
  options() {
    const options = { mode: 'VERIFY_IDENTITY' };
    const view = {};
    for (const attr of OPTIONS) {
      const key = camel(attr);
      const v = this.getAttribute(attr);
      if (v === null || v.trim() === '') continue;
      options[key] = key === 'port' && /^\d+$/.test(v.trim()) ? Number(v) : key === 'tlsVersions' ? list(v) : v;
    }
    for (const key of VIEW) {
      const v = this.getAttribute(key);
      if (v !== null && v.trim() !== '') view[key] = key === 'theme' ? v.trim() : list(v);
    }
    options.client ??= view.clients?.[0];
    return [options, view];
  }

  render() {
    const key = this.key();
    const [options, view] = this.options();
    this.root.innerHTML = widgetHtml(options, view);
    this.shown = key;
    this.snippet = snippet(this.selection(options));
    this.dispatchEvent(new CustomEvent('dbcert-snippet', { detail: this.snippet, bubbles: true }));
  }

  /** The options with the selected tab's client and mode. */
  selection(options) {
    const client = this.root.querySelector('.dbs-clients input:checked')?.closest('.dbs-tab');
    const i = [...this.root.querySelectorAll('.dbs-clients .dbs-tab')].indexOf(client);
    const mode = this.root.querySelector('.dbs-modes input:checked')?.parentElement.textContent;
    const ids = [...this.root.querySelectorAll('.dbs-client')].map((c) => c.dataset.client);
    return { ...options, client: ids[Math.max(i, 0)], mode: mode ?? options.mode };
  }

  error(e) {
    this.snippet = null;
    this.shown = null;
    const p = document.createElement('p');
    p.className = 'dbs-error';
    const code = document.createElement('code');
    code.textContent = e.code ?? 'error';
    p.append(code, ` ${e.message}`);
    this.root.replaceChildren(p);
  }

  /** Selects the tab of client `id` (and mode `mode`), if the element has them. */
  select({ client, mode } = {}) {
    const pick = (group, match) => {
      const label = [...this.root.querySelectorAll(`.dbs-${group} .dbs-tab`)].find(match);
      const input = label?.querySelector('input');
      if (input && !input.checked) input.checked = true;
    };
    const ids = [...this.root.querySelectorAll('.dbs-client')].map((c) => c.dataset.client);
    if (client) pick('clients', (_, i) => ids[i] === client);
    if (mode) pick('modes', (l) => l.textContent === mode);
  }

  /** A tab or mode was picked: tell the page, and the other elements of the same `group`. */
  selected(e) {
    if (e.target.type !== 'radio') return;
    const ids = [...this.root.querySelectorAll('.dbs-client')].map((c) => c.dataset.client);
    const i = [...this.root.querySelectorAll('.dbs-clients input')].findIndex((r) => r.checked);
    const detail = {
      client: ids[Math.max(i, 0)],
      mode: this.root.querySelector('.dbs-modes input:checked')?.parentElement.textContent ?? null,
    };
    const group = this.getAttribute('group');
    if (group) {
      for (const el of document.querySelectorAll('dbcert-snippet')) {
        if (el !== this && el.getAttribute('group') === group) el.select?.(detail);
      }
    }
    this.dispatchEvent(new CustomEvent('dbcert-select', { detail, bubbles: true }));
  }

  /** Copies the code of the panel whose copy button was clicked. */
  async copy(e) {
    const button = e.target.closest?.('.dbs-copy');
    if (!button) return;
    const text = button.closest('.dbs-panel').querySelector('.dbs-code').textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard API (an insecure context): select the code for the reader to copy.
      getSelection().selectAllChildren(button.closest('.dbs-panel').querySelector('.dbs-code'));
      return;
    }
    button.textContent = 'Copied';
    button.classList.add('done');
    setTimeout(() => {
      button.textContent = 'Copy';
      button.classList.remove('done');
    }, 1500);
    this.dispatchEvent(new CustomEvent('dbcert-copy', { detail: { text }, bubbles: true }));
  }
}

if (!customElements.get('dbcert-snippet')) customElements.define('dbcert-snippet', DbcertSnippet);
