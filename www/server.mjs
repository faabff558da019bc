// The "Server" panel: the server-side TLS advisor (`advise`). Provider, server version (the
// page's shared field), the ApsaraDB settings and the clients that connect → what the instance
// supports, what to set, what each operation does to it, which clients break and how to check
// the result. Every line links its source. Needs no file: it works before anything is loaded,
// once the provider is chosen and the version given (nothing is assumed for them).
import { h, fill, copyButton } from './dom.mjs';
import { pageTerms } from './terms.mjs';
import { optionError } from './errors.mjs';

const $ = (id) => document.getElementById(id);
const ALIBABA_ONLY = ['sv-edition-field', 'sv-minor-field', 'sv-cipher-field'];
/** A capability the server should have: yes is good. */
const STATUS = { yes: ['ok', 'yes'], no: ['bad', 'no'], unknown: ['warn', 'unknown'] };
/** Something to avoid (a restart, a switchover, an old TLS version accepted): yes is the caution. */
const COST = { yes: ['warn', 'yes'], no: ['ok', 'no'], unknown: ['warn', 'unknown'] };
/** Whether the server verifies client certificates: a fact about the service, not a fault. */
const MUTUAL = { yes: ['ok', 'yes'], no: ['warn', 'no'], unknown: ['warn', 'unknown'] };
const OLD_TLS = ['TLSv1', 'TLSv1.0', 'TLSv1.1'];
const CLIENT = { ok: ['ok', 'connects'], warning: ['warn', 'warning'], breaks: ['bad', 'breaks'] };

/** A client's verdict on the server certificate loaded on the page. */
const CERT_VERDICT = { connects: 'accepted', refuses: 'refused', unknown: 'not known to dbcert' };

const badge = ([kind, text]) => h('span', { class: `badge ${kind}` }, text);

/**
 * Wires the form; the advice is redrawn on every change. `inputs()` gives the page's loaded
 * files and host (`{server, ca, host}`, each slot `{bytes, name, password, report}`): with a
 * server certificate read, each listed client's verdict also says whether it accepts it (the
 * advisor's `chain`, `ca` and `host`, judged by the same stack profiles as the report's table).
 * Returns the redraw, for the page to call when its inputs change.
 */
export function setupServer(api, inputs = () => ({})) {
  const ids = api.clients().map((c) => c.id);
  fill($('sv-client-ids'), ids.map((id) => h('option', { value: id })));
  const out = $('server-out');
  const text = (id) => $(id).value.trim() || undefined;
  let last = null;
  const numbers = new WeakMap();
  let count = 0;
  const loaded = (bytes) => {
    if (!numbers.has(bytes)) numbers.set(bytes, ++count);
    return numbers.get(bytes);
  };
  const update = () => {
    const provider = $('sv-provider').value;
    const alibaba = provider === 'alibaba-rds';
    for (const id of ALIBABA_ONLY) $(id).hidden = !alibaba;
    $('sv-cipher').disabled = !$('sv-cipher-set').checked;
    const version = text('server-version');
    if (!provider || !version) {
      last = null;
      delete out.dataset.provider;
      fill(out, h('p', { class: 'sv-ask', id: 'server-ask' }, !provider
        ? 'Choose where the server runs (the provider) to see what it supports.'
        : ['Give the ', h('a', { href: '#server-version' }, 'server version'), ' (what SELECT VERSION() prints) to see what it supports.']));
      return;
    }
    const options = { provider, serverVersion: version };
    if (alibaba) {
      if ($('sv-edition').value) options.edition = $('sv-edition').value;
      if (text('sv-minor')) options.minorVersion = text('sv-minor');
      if ($('sv-cipher-set').checked) options.sslCipher = $('sv-cipher').value;
    }
    const clients = $('sv-clients').value.split(/[\s,]+/).filter(Boolean);
    if (clients.length) options.clients = clients;
    // The certificates loaded on the page (keystores opened with a password are left out: the
    // advisor reads PEM, DER and P7B), each file numbered in the redraw key as it was loaded.
    const { server, ca, host } = inputs();
    const usable = (slot) => slot?.report && !slot.password;
    let files = null;
    if (clients.length && usable(server)) {
      options.chain = server.bytes;
      files = [loaded(server.bytes)];
      if (usable(ca)) {
        options.ca = ca.bytes;
        files.push(loaded(ca.bytes));
      }
      if (host) options.host = host;
    }
    // Redraw only for new options: a redraw between the mouse-down and mouse-up of a click on
    // a Copy button (the field's change event fires in between) would eat the click.
    const key = JSON.stringify({ ...options, chain: undefined, ca: undefined, files });
    if (key === last) return;
    last = key;
    try {
      renderAdvice(out, api.advise(options));
      out.dataset.provider = provider;
    } catch (e) {
      fill(out, h('div', { class: 'status bad', id: 'server-error' }, h('code', { class: 'code' }, e.code ?? 'error'), ' ', optionError(e, { serverVersion: 'Server version', minorVersion: 'Minor engine version', clients: 'Clients that connect' })));
    }
  };
  for (const form of ['server-form', 'connection-form']) {
    $(form).addEventListener('input', update);
    $(form).addEventListener('change', update);
  }
  $('server-form').addEventListener('submit', (e) => e.preventDefault());
  update();
  return update;
}

/** Numbers each distinct source once, in order of first use, as links. */
function sources() {
  const urls = [];
  const cite = (url) => {
    let n = urls.indexOf(url) + 1;
    if (!n) n = urls.push(url);
    return h('a', { class: 'cite', href: url, target: '_blank', rel: 'noopener noreferrer', title: url }, `[${n}]`);
  };
  const list = () => h('ol', { class: 'sources' }, urls.map((u) => h('li', {}, h('a', { href: u, target: '_blank', rel: 'noopener noreferrer' }, u))));
  return { cite, list };
}

/** The advice, section by section. */
export function renderAdvice(el, a) {
  const { cite, list } = sources();
  const section = (title, id, shown, content) => (shown ? h('section', { class: 'advice', id }, h('h3', { class: 'sub' }, title), content) : null);
  const line = (item, ...before) => h('li', {}, before, pageTerms(item.text), ' ', cite(item.source));
  const s = a.supported;
  // Client certificates (mutual TLS): whether the instance verifies them, and the steps.
  const cc = a.clientCertificates;
  fill(el,
    h('p', { class: 'advice-head' }, h('strong', {}, a.providerName), ` · ${a.server.product === 'mariadb' ? 'MariaDB' : 'MySQL'} ${a.server.version}`,
      a.server.edition ? ` · ${a.server.edition}` : '', a.server.minorVersion ? ` · minor ${a.server.minorVersion}` : ''),
    section('Supported', 'sv-supported', true, h('ul', { class: 'verdicts' },
      h('li', { 'data-id': 'ssl' }, badge(STATUS[s.ssl.status]), ' ', h('strong', {}, 'SSL/TLS: '), pageTerms(s.ssl.text), ' ', cite(s.ssl.source)),
      h('li', { 'data-id': 'forced-ssl' }, badge(STATUS[s.forcedSsl.status]), ' ', h('strong', {}, 'Forced SSL: '), pageTerms(s.forcedSsl.text), ' ', cite(s.forcedSsl.source)),
      s.tlsVersions.map((t) => h('li', { 'data-tls': t.version, 'data-status': t.status }, badge((OLD_TLS.includes(t.version) ? COST : STATUS)[t.status]), ' ', h('strong', {}, `${t.version}: `), pageTerms(t.text), ' ', cite(t.source))))),
    section('Clients', 'sv-clients-out', a.clients.length, a.clients.map((c) => h('div', { class: 'client-verdict', 'data-spec': c.spec, 'data-status': c.status, 'data-after': c.afterRecommendations },
      h('p', {}, h('code', { class: 'code' }, c.spec), ' now ', badge(CLIENT[c.status]), ', after the recommendations ', badge(CLIENT[c.afterRecommendations]),
        c.tlsVersions.length ? h('span', { class: 'hint' }, ` · speaks ${c.tlsVersions.join(', ')}`) : null),
      c.certificate ? h('p', { class: 'hint sv-cert', 'data-verdict': c.certificate.verdict },
        `The server certificate in ${c.certificate.mode}: ${CERT_VERDICT[c.certificate.verdict]} (${c.certificate.client} ${c.certificate.version}${c.certificate.profile ? `, ${c.certificate.profile}` : ''}).`) : null,
      c.problems.length ? h('ul', {}, c.problems.map((p) => h('li', { 'data-code': p.code }, h('code', { class: 'code' }, p.code), ' ', pageTerms(p.text), ' ', cite(p.source),
        h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), pageTerms(p.fix))))) : null))),
    section('Recommended', 'sv-recommendations', a.recommendations.length, h('ul', {}, a.recommendations.map((r) => h('li', { 'data-id': r.id },
      r.setting ? [h('code', { class: 'setting' }, `${r.setting.name} = ${r.setting.value === '' ? "''" : r.setting.value}`), ' '] : null, pageTerms(r.text), ' ', cite(r.source))))),
    section('What each operation does', 'sv-operations', a.operations.length, h('div', { class: 'table-wrap' }, h('table', { class: 'ext ops' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Operation'), h('th', { scope: 'col' }, 'Restart'), h('th', { scope: 'col' }, 'Switchover'), h('th', { scope: 'col' }, 'Impact'))),
      h('tbody', {}, a.operations.map((o) => h('tr', { 'data-id': o.id },
        h('td', {}, o.name), h('td', { 'data-col': 'restart' }, badge(COST[o.restart])), h('td', { 'data-col': 'switchover' }, badge(COST[o.switchover])), h('td', {}, pageTerms(o.text), ' ', cite(o.source)))))))),
    section('Check the result', 'sv-checks', a.checks.length, a.checks.map((c) => h('div', { class: 'check', 'data-id': c.id },
      h('div', { class: 'sn-head' }, h('span', { class: 'sn-title' }, c.kind === 'shell' ? 'Shell' : c.kind === 'mysql' ? 'mysql client' : 'SQL'), copyButton(c.command, `Copy: ${c.command}`)),
      h('pre', { class: 'sn-code' }, c.command),
      h('p', {}, c.expect, ' ', cite(c.source))))),
    section('Client certificates', 'sv-client-certs', Boolean(cc), cc ? [
      h('ul', { class: 'verdicts' }, h('li', { 'data-id': 'client-certificates', 'data-status': cc.verified.status }, badge(MUTUAL[cc.verified.status]), ' ',
        h('strong', {}, 'Verified by the server: '), pageTerms(cc.verified.text), ' ', cite(cc.verified.source))),
      cc.steps.map((st) => h('div', { class: 'check', 'data-id': st.id },
        h('div', { class: 'sn-head' }, h('span', { class: 'sn-title' }, st.kind === 'shell' ? 'Shell' : st.kind === 'option' ? 'Server option file' : 'SQL'), copyButton(st.command, `Copy: ${st.command}`)),
        h('pre', { class: 'sn-code' }, st.command),
        h('p', {}, pageTerms(st.text), ' ', cite(st.source)))),
    ] : null),
    section('Good to know', 'sv-notes', a.notes.length, h('ul', {}, a.notes.map((n) => line(n)))),
    section('Assumed', 'sv-assumptions', a.assumptions.length, h('ul', {}, a.assumptions.map((t) => h('li', {}, pageTerms(t))))),
    h('h3', { class: 'sub' }, 'Sources'),
    list());
}
