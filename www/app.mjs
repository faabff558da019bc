// The inspector page: loads the wasm package, opens the demo chain, then re-reads, verifies and
// redraws whenever the input, the password or the host changes. Each panel lives in its own
// module (input, report, timeline, convert, snippets); this one holds the state.
import { load, has } from './dbcert.mjs';
import { h, fill, errorLine } from './dom.mjs';
import { setupInput, showPassword } from './input.mjs';
import { renderSummary, renderChain, renderFindings, renderCerts } from './report.mjs';
import { renderTimeline } from './timeline.mjs';
import { setupConvert, updateConvert } from './convert.mjs';
import { setupSnippets } from './snippets.mjs';
import { setupServer } from './server.mjs';

const $ = (id) => document.getElementById(id);
const KEYSTORES = ['jks', 'jceks', 'pkcs12'];
const PASSWORD_ERRORS = ['password_required', 'wrong_password', 'integrity_failed'];
const SECTIONS = ['summary-section', 'chain-section', 'timeline-section', 'certs-section', 'convert-section'];
const DEMO = 'demo/chain.pem';

/** The current input and what dbcert said about it. */
const state = { bytes: null, name: '', password: '', format: null, report: null, verification: null, verifyError: null };
let api;
let canVerify = false;
let refreshSnippets = () => {};

async function boot() {
  try {
    api = await load();
  } catch (e) {
    fill($('status'), h('div', { class: 'error' }, h('strong', {}, 'Could not load the WebAssembly module. '), String(e.message ?? e)));
    return;
  }
  canVerify = has('verify', new Uint8Array());
  const demo = await fetch(DEMO).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
  lockdown();

  setupInput({
    onInput: open,
    onPassword: (password) => {
      state.password = password;
      analyse();
    },
    onDemo: () => demo && open(new Uint8Array(demo), 'chain.pem'),
  });
  $('demo').disabled = !demo;
  setupConvert(api, () => (state.report ? state : null));
  refreshSnippets = setupSnippets(api, () => state);
  $('snippets-section').hidden = false;
  setupServer(api);
  $('server-section').hidden = false;
  let timer;
  $('host').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(reverify, 300);
  });
  $('host-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    reverify();
  });
  window.addEventListener('hashchange', openTarget);
  if (demo) open(new Uint8Array(demo), 'chain.pem');
  document.documentElement.dataset.ready = 'true';
}

/**
 * From here on the page cannot fetch anything, from anywhere: a second policy (policies only
 * add up) with connect-src 'none'. Everything it needs is loaded.
 */
function lockdown() {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'none'";
  document.head.append(meta);
  $('lockdown').textContent = 'network access is now blocked (Content-Security-Policy connect-src ‘none’)';
}

/** A new input: forget the old password and read it. */
function open(bytes, name) {
  Object.assign(state, { bytes, name, password: '', format: null, report: null, verification: null, verifyError: null });
  showPassword(null, { reset: true });
  analyse();
}

/** Reads, verifies and draws the current input. */
function analyse() {
  const { bytes, name, password } = state;
  try {
    state.format = api.detectFormat(bytes);
    state.report = api.inspect(bytes, password ? { password } : {});
  } catch (e) {
    state.report = null;
    if (PASSWORD_ERRORS.includes(e.code) && KEYSTORES.includes(state.format)) {
      showPassword(e.code === 'integrity_failed' ? 'integrity_failed' : password && e.code === 'password_required' ? 'wrong_password' : e.code, { focus: true });
    } else {
      showPassword(null);
    }
    return failed(e, name);
  }
  if (KEYSTORES.includes(state.format) && state.report.integrity !== 'not_applicable') {
    showPassword(state.report.integrity === 'verified' ? 'verified' : 'not_checked');
  } else if (!KEYSTORES.includes(state.format)) {
    showPassword(null);
  }
  const n = state.report.certificates.length;
  fill($('status'), h('p', { class: 'read' }, `Read ${name}: ${state.format.toUpperCase()}, ${n} certificate${n === 1 ? '' : 's'}.`));
  updateConvert(state.report);
  reverify();
  refreshSnippets();
}

/** Verifies again (as VERIFY_IDENTITY when a host is given) and redraws the report. */
function reverify() {
  if (!state.report) return;
  const host = $('host').value.trim() || undefined;
  state.verification = null;
  state.verifyError = null;
  if (canVerify) {
    try {
      state.verification = api.verify(state.bytes, { ...(state.password ? { password: state.password } : {}), ...(host ? { host } : {}) });
    } catch (e) {
      state.verifyError = `[${e.code}] ${errorLine(e)}`;
    }
  }
  const view = { ...state, host };
  renderSummary($('summary'), view);
  renderChain($('chain'), $('unused'), view);
  renderFindings($('findings'), view);
  renderCerts($('certs'), view);
  const chain = state.verification?.chain ?? [];
  const order = [...chain, ...state.report.certificates.map((c) => c.index).filter((i) => !chain.includes(i))];
  renderTimeline($('timeline'), order.map((i) => state.report.certificates[i]));
  for (const id of SECTIONS) $(id).hidden = false;
  $('chain-section').classList.toggle('no-verify', !canVerify);
  openTarget();
}

/** Shows why the input cannot be read, with its code, and hides the old report. */
function failed(e, name) {
  for (const id of SECTIONS) $(id).hidden = true;
  fill($('status'), h('div', { class: 'error', id: 'error' },
    h('strong', {}, `Could not read ${name}`),
    h('p', {}, h('code', { class: 'code', id: 'error-code' }, e.code ?? 'error'), ' ', errorLine(e))));
  refreshSnippets();
}

/** Opens the certificate a #cert-N link points at. */
function openTarget() {
  const target = location.hash.startsWith('#cert-') ? document.getElementById(location.hash.slice(1)) : null;
  if (target instanceof HTMLDetailsElement) target.open = true;
}

boot();
