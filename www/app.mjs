// The inspector page: loads the wasm package, then reads, verifies and redraws whenever one of
// the two inputs (the CA file, the server's certificate), a password, the host or the CRLs
// change. A file that holds CRLs and no certificate, dropped or chosen in either slot, is kept
// as a CRL and verification checks revocation with every CRL kept (verify's `crl` option). Each
// panel lives in its own module (input, report, certs, timeline, convert, snippets, server);
// this one holds the state. Each step is timed with performance.measure (`dbcert:read`,
// `dbcert:verify`, `dbcert:draw` and its parts), which the browser test reports.
import { load, has } from './dbcert.mjs';
import { h, fill, errorLine } from './dom.mjs';
import { setupSlot, setupDrop, showPassword } from './input.mjs';
import { renderSummary, renderChain, renderFindings } from './report.mjs';
import { renderClients } from './clients.mjs';
import { setupCerts, renderCerts } from './certs.mjs';
import { setupTimeline, renderTimeline } from './timeline.mjs';
import { setupConvert, updateConvert } from './convert.mjs';
import { setupSnippets } from './snippets.mjs';
import { setupServer } from './server.mjs';

const $ = (id) => document.getElementById(id);
const KEYSTORES = ['jks', 'jceks', 'pkcs12'];
const PASSWORD_ERRORS = ['password_required', 'wrong_password', 'integrity_failed'];
const SECTIONS = ['summary-section', 'chain-section', 'timeline-section', 'certs-section', 'convert-section'];
const DEMO = { ca: 'demo/ca-chain.pem', server: 'demo/server.pem' };

const empty = () => ({ bytes: null, name: '', password: '', format: null, report: null, good: null });
/** Each input and what dbcert said about it; `good` is the last report that opened. */
const slots = { ca: empty(), server: empty() };
/** The CRL files given: `{ name, bytes, crls }` (`crls`: inspect's CRL section). */
let crls = [];
const state = { verification: null, verifyError: null };
let api;
let canVerify = false;
let refreshSnippets = () => {};
let refreshServer = () => {};

async function boot() {
  try {
    api = await load();
  } catch (e) {
    fill($('ca-status'), h('div', { class: 'error' }, h('strong', {}, 'Could not load the WebAssembly module. '), String(e.message ?? e)));
    return;
  }
  canVerify = has('verify', new Uint8Array());
  const demo = await Promise.all(Object.values(DEMO).map((u) => fetch(u).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null)));
  lockdown();

  const readers = {};
  for (const slot of ['ca', 'server']) {
    readers[slot] = setupSlot(slot, {
      onInput: (bytes, name) => open(slot, bytes, name),
      onPassword: (password) => {
        read(slot, password);
        analyse();
      },
      onClear: () => {
        slots[slot] = empty();
        showPassword(slot, null, { reset: true });
        fill($(`${slot}-status`));
        analyse();
      },
    }).readFile;
  }
  setupDrop(readers, (text) => {
    $('ca-paste').value = text;
    open('ca', new TextEncoder().encode(text), 'pasted.pem');
  });
  $('demo').disabled = demo.some((d) => !d);
  $('demo').addEventListener('click', () => {
    open('ca', new Uint8Array(demo[0]), 'demo-ca-chain.pem', false);
    open('server', new Uint8Array(demo[1]), 'demo-server.pem', false);
    $('host').value = 'db.example.internal';
    analyse();
  });
  $('crl-clear').addEventListener('click', () => {
    crls = [];
    renderCrls();
    analyse();
  });
  setupConvert(api, () => (slots.ca.report ? slots.ca : null));
  refreshSnippets = setupSnippets(api, () => slots.ca);
  $('snippets-section').hidden = false;
  // The Server panel judges the listed clients on the server certificate the report verified:
  // the server slot's (with the CA file), or the CA slot's when that file is a server chain.
  refreshServer = setupServer(api, () => {
    const chainInCa = !slots.server.report && state.verification?.verdict?.input === 'server_chain';
    return {
      server: slots.server.report ? slots.server : chainInCa ? slots.ca : null,
      ca: slots.server.report ? slots.ca : null,
      host: $('host').value.trim() || undefined,
    };
  });
  $('server-section').hidden = false;
  setupCerts(() => view);
  setupTimeline(() => view);
  let timer;
  $('host').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(reverify, 250);
  });
  $('connection-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    reverify();
  });
  window.addEventListener('hashchange', openTarget);
  analyse();
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

/** A new file in `slot`: forget its old password and the host name, read it, redraw. A file of
 * CRLs only is kept as a CRL instead, whatever the slot. */
function open(slot, bytes, name, draw = true) {
  performance.mark('dbcert:open');
  const crl = crlsOf(bytes);
  if (crl) {
    crls = [...crls, { name, bytes, crls: crl }];
    renderCrls();
    if (draw) analyse();
    return;
  }
  slots[slot] = { ...empty(), bytes, name };
  $('host').value = '';
  showPassword(slot, null, { reset: true });
  read(slot, '');
  if (draw) analyse();
}

/**
 * Reads `slot` with `password`. A password that fails after the file had opened without one
 * keeps that report (and says so); a keystore that needs a password asks for it, without an
 * error box.
 */
function read(slot, password) {
  const s = slots[slot];
  const status = $(`${slot}-status`);
  performance.mark('dbcert:read');
  try {
    s.format = api.detectFormat(s.bytes);
    s.report = api.inspect(s.bytes, password ? { password } : {});
    s.password = password;
    s.good = { report: s.report, password };
  } catch (e) {
    const keystore = KEYSTORES.includes(s.format);
    if (!keystore && e.code === 'wrong_password' && s.good) {
      // An encrypted private key in PEM: the file opened without the password.
      fill(status);
      Object.assign(s, { report: s.good.report, password: s.good.password });
      showPassword(slot, 'key_wrong_kept', { focus: true });
      return;
    }
    if (keystore && PASSWORD_ERRORS.includes(e.code)) {
      fill(status);
      if (s.good) {
        Object.assign(s, { report: s.good.report, password: s.good.password });
        showPassword(slot, 'wrong_password_kept', { focus: true });
      } else {
        s.report = null;
        const shown = e.code === 'password_required' && password ? 'wrong_password' : e.code;
        showPassword(slot, shown, { focus: true });
      }
      return;
    }
    s.report = null;
    s.good = null;
    showPassword(slot, null);
    fill(status, h('div', { class: 'error', id: `${slot}-error` },
      h('strong', {}, `Could not read ${s.name}`),
      h('p', {}, h('code', { class: 'code', id: `${slot}-error-code` }, e.code ?? 'error'), ' ', errorLine(e))));
    return;
  }
  const lockedKeys = s.report.keyEntries.filter((k) => k.offset !== null && k.encryption);
  if (KEYSTORES.includes(s.format) && s.report.integrity !== 'not_applicable') {
    showPassword(slot, s.report.integrity === 'verified' ? 'verified' : 'not_checked');
  } else if (lockedKeys.length) {
    showPassword(slot, lockedKeys.every((k) => k.key) ? 'key_opened' : 'key_locked');
  } else {
    showPassword(slot, null);
  }
  performance.measure('dbcert:read', 'dbcert:read');
  const n = s.report.certificates.length;
  fill(status, h('p', { class: 'read', id: `${slot}-read` }, `Read ${s.name}: ${s.format.toUpperCase()}, ${n} certificate${n === 1 ? '' : 's'}.`));
}

/** The CRLs of `bytes` when it holds CRLs and no certificate, else null (a PEM file with a
 * certificate is not inspected twice). */
function crlsOf(bytes) {
  if (new TextDecoder().decode(bytes.subarray(0, 1 << 20)).includes('-----BEGIN CERTIFICATE-----')) return null;
  try {
    const r = api.inspect(bytes);
    return r.certificates.length === 0 && r.crls?.length ? r.crls : null;
  } catch {
    return null;
  }
}

/** The CRL files given, under the CA file's slot. */
function renderCrls() {
  $('crl-clear').hidden = !crls.length;
  fill($('crl-status'), crls.map(({ name, crls: list }) => {
    const issuers = [...new Set(list.map((c) => c.issuer))].join('; ');
    return h('p', { class: 'read crl-read' }, `Read ${name}: ${list.length} CRL${list.length === 1 ? '' : 's'} from ${issuers}. Revocation is checked as clients given --ssl-crl check it.`);
  }));
}

/** What the report panels draw: the verified input, the CA file, the verification. */
let view = null;

/** Redraws everything after an input changed. */
function analyse() {
  for (const slot of ['ca', 'server']) $(`${slot}-clear`).hidden = !slots[slot].bytes;
  if (slots.ca.report) updateConvert(slots.ca.report);
  $('convert-section').dataset.empty = String(!slots.ca.report);
  refreshSnippets();
  reverify();
}

/** Verifies again (with the host, where a server certificate is given) and redraws the report. */
function reverify() {
  const { ca, server } = slots;
  const input = server.report ? 'server' : ca.report ? 'ca' : null;
  $('host-hint').textContent = server.report ? '(checked as VERIFY_IDENTITY against the server certificate)' : '(checked once a server certificate is given; used in the client settings)';
  if (!input) {
    view = null;
    state.verification = null;
    for (const id of SECTIONS) $(id).hidden = true;
    refreshServer();
    return;
  }
  const host = $('host').value.trim() || undefined;
  state.verification = null;
  state.verifyError = null;
  if (canVerify) {
    const options = {};
    if (slots[input].password) options.password = slots[input].password;
    if (host) options.host = host;
    if (input === 'server' && ca.report) {
      options.ca = ca.bytes;
      if (ca.password) options.caPassword = ca.password;
    }
    if (crls.length) options.crl = crls.map((c) => c.bytes);
    performance.mark('dbcert:verify');
    try {
      state.verification = api.verify(slots[input].bytes, options);
    } catch (e) {
      state.verifyError = `[${e.code}] ${errorLine(e)}`;
    }
    performance.measure('dbcert:verify', 'dbcert:verify');
  }
  performance.mark('dbcert:draw');
  view = {
    input,
    files: { input: slots[input], ca: input === 'server' && ca.report ? ca : null },
    verification: state.verification,
    verifyError: state.verifyError,
    host,
  };
  const step = (name, f) => {
    performance.mark(`dbcert:${name}`);
    f();
    performance.measure(`dbcert:${name}`, `dbcert:${name}`);
  };
  step('summary', () => renderSummary($('summary'), view));
  step('chain', () => renderChain($('chain'), $('unused'), view));
  step('clients', () => renderClients($('clients'), view));
  step('findings', () => renderFindings($('findings'), view));
  step('certs', () => renderCerts(view));
  step('timeline', () => renderTimeline(view));
  for (const id of SECTIONS) $(id).hidden = false;
  $('convert-section').hidden = !ca.report;
  $('chain-section').classList.toggle('no-verify', !canVerify);
  openTarget();
  performance.measure('dbcert:draw', 'dbcert:draw');
  refreshServer();
}

/** Opens the certificate a #cert-… link points at. */
function openTarget() {
  const target = location.hash.startsWith('#cert-') ? document.getElementById(location.hash.slice(1)) : null;
  if (target instanceof HTMLDetailsElement && !target.open) {
    target.build?.();
    target.open = true;
  }
}

boot();
