// <dbcert-snippet>: the dbcert snippet generator as a custom element for docs pages.
//
//   <script type="module" src="/dbcert/widget/dbcert-snippet.mjs"></script>
//   <dbcert-snippet client="jdbc" mode="verify_ca" host="db.example.com" ca="/etc/mysql/ca.pem"></dbcert-snippet>
//
// One script tag: this module loads the wasm package from ../pkg/ next to it (as served by
// `cargo xtask serve`; deploy www/ with npm/dbcert-wasm at pkg/), nothing from elsewhere.
// Attributes (all optional but `client`; kebab-case forms of the `snippet()` options):
// client, mode, host, port, user, database, ca, ca-format, truststore, truststore-type,
// truststore-password, client-version, client-library, server-flavor, server-version,
// tls-versions (comma-separated), cipher, password-placeholder. The element re-renders when
// one changes, exposes the result as `.snippet`, and fires `dbcert-snippet` with it as detail.
// Styles live in its shadow root; theme it with --dbcert-code-bg, --dbcert-code-ink,
// --dbcert-accent, --dbcert-font.
import init, { snippet, clients } from '../pkg/web.mjs';
import { renderSnippet } from '../snippet-view.mjs';

let ready;
/** Instantiates the module once, for every element (and for pages that call the package too). */
export const load = () => (ready ??= init());

/** attribute → `snippet()` option. */
const OPTIONS = {
  client: 'client', mode: 'mode', host: 'host', port: 'port', user: 'user', database: 'database',
  ca: 'ca', 'ca-format': 'caFormat', truststore: 'truststore', 'truststore-type': 'truststoreType',
  'truststore-password': 'truststorePassword', 'client-version': 'clientVersion',
  'client-library': 'clientLibrary', 'server-flavor': 'serverFlavor', 'server-version': 'serverVersion',
  'tls-versions': 'tlsVersions', cipher: 'cipher', 'password-placeholder': 'passwordPlaceholder',
};

const CSS = `
:host { display: block; margin: 1em 0; font: 14px/1.5 var(--dbcert-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif); color: #172033; }
.box { border: 1px solid #dde2ea; border-radius: 10px; padding: 12px 14px; background: #fff; }
.sn-head { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
.sn-title { font-weight: 700; flex: 1; min-width: 0; }
.sn-mode { color: #566074; font-weight: 600; }
.sn-lang, .code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: #eef1f6; border-radius: 5px; padding: 2px 6px; }
.code { font-weight: 600; }
button { font: inherit; font-size: 12px; font-weight: 600; min-height: 30px; padding: 3px 10px; border-radius: 7px; border: 1px solid #7d8799; background: #fff; color: #172033; cursor: pointer; }
button:hover { background: #eef2f7; }
button.done { color: #176b34; border-color: #176b34; }
:focus-visible { outline: 3px solid var(--dbcert-accent, #1d5bbf); outline-offset: 2px; }
.sn-notice { border: 1px solid #f1b4ae; background: #fdeceb; border-radius: 8px; padding: 8px 12px; margin-bottom: 8px; }
.sn-notice strong { color: #b3261e; }
.sn-code { tab-size: 4; background: var(--dbcert-code-bg, #0f1b2d); color: var(--dbcert-code-ink, #e6ebf3); border-radius: 8px; padding: 12px 14px; overflow-x: auto; font: 13px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin: 0; white-space: pre; }
.sn-warnings, .sn-notes { margin: 8px 0 0; padding: 0; list-style: none; display: grid; gap: 6px; }
.sn-warnings li { border-left: 4px solid #e08e00; background: #fff3dc; padding: 6px 10px; border-radius: 0 6px 6px 0; }
.sn-notes li { color: #566074; }
.error { color: #b3261e; }
.tok-comment { color: #9fb0c8; font-style: italic; } .tok-string { color: #b8e68f; } .tok-keyword { color: #82c4ff; }
.tok-number { color: #f7c67f; } .tok-key { color: #ffd48a; } .tok-section { color: #d2b6ff; } .tok-flag { color: #7fe3d6; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

let sheet;
function style(root) {
  // A constructed stylesheet: no <style> element, so a page CSP without 'unsafe-inline' allows it.
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    const el = document.createElement('style');
    el.textContent = CSS;
    root.append(el);
  }
}

export class DbcertSnippet extends HTMLElement {
  static observedAttributes = Object.keys(OPTIONS);

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    style(root);
    this.box = document.createElement('div');
    this.box.className = 'box';
    this.box.setAttribute('aria-live', 'polite');
    this.box.textContent = 'Loading…';
    root.append(this.box);
    /** The last `snippet()` result, or null. */
    this.snippet = null;
    this.pending = false;
  }

  connectedCallback() {
    this.schedule();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.schedule();
  }

  /** Renders once after a burst of attribute changes. */
  schedule() {
    if (this.pending) return;
    this.pending = true;
    load().then(() => {
      this.pending = false;
      this.render();
    }, (e) => {
      this.pending = false;
      this.box.textContent = `dbcert could not load its WebAssembly module: ${e.message ?? e}`;
    });
  }

  /** The `snippet()` options the attributes say. */
  options() {
    const options = { mode: 'VERIFY_IDENTITY' };
    for (const [attr, key] of Object.entries(OPTIONS)) {
      const v = this.getAttribute(attr);
      if (v === null || v === '') continue;
      options[key] = key === 'port' ? Number(v) : key === 'tlsVersions' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
    }
    return options;
  }

  render() {
    const options = this.options();
    try {
      this.snippet = snippet(options);
      const name = clients().find((c) => c.id === this.snippet.client)?.name ?? this.snippet.client;
      renderSnippet(this.box, this.snippet, { clientName: name, asked: options.mode });
      this.dispatchEvent(new CustomEvent('dbcert-snippet', { detail: this.snippet, bubbles: true }));
    } catch (e) {
      this.snippet = null;
      this.box.replaceChildren();
      const p = document.createElement('p');
      p.className = 'error';
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = e.code ?? 'error';
      p.append(code, ` ${e.message}`);
      this.box.append(p);
    }
  }
}

if (!customElements.get('dbcert-snippet')) customElements.define('dbcert-snippet', DbcertSnippet);
