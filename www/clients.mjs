// "Will my client connect?": the verify report's `clients` (each snippet client judged by the
// core with the TLS stack it validates with) as a table beside the chain, one row per client,
// a cell per SSL mode, and under it each refusal's (or unknown's) reason and fix, and each
// caveat of a connecting client (what it does not check), once each.
// Input: the view app.mjs builds; only a server chain has client verdicts.
import { h, fill } from './dom.mjs';
import { pageTerms } from './terms.mjs';

const STACK = { openssl: 'OpenSSL', java: 'JDK (PKIX)', go: 'Go crypto/x509', rustls: 'rustls', dotnet: '.NET SslStream' };
const KIND = { connects: 'ok', refuses: 'bad', unknown: 'warn' };
const MODES = ['VERIFY_CA', 'VERIFY_IDENTITY'];

/** The verdicts grouped per client and version, in the report's order. */
function rows(clients) {
  const out = new Map();
  for (const v of clients) {
    const key = `${v.client}@${v.version}`;
    if (!out.has(key)) out.set(key, { client: v.client, version: v.version, stacks: [], modes: {} });
    const row = out.get(key);
    if (v.stack && !row.stacks.includes(v.stack)) row.stacks.push(v.stack);
    row.modes[v.mode] = v;
  }
  return [...out.values()];
}

/** Draws the table into `el` (empty when the input has no server certificate). */
export function renderClients(el, view) {
  const clients = view.verification?.clients ?? [];
  if (!clients.length) {
    fill(el);
    return;
  }
  const modes = view.host ? MODES : MODES.slice(0, 1);
  // Each distinct reason of a cell that is not "connects", and each caveat of one that is (what
  // the client does not check), numbered as it first appears.
  const reasons = [];
  const noteOf = (codes, reason) => {
    const key = `${codes.join(',')}\n${reason}`;
    let n = reasons.findIndex((r) => r.key === key) + 1;
    if (!n) n = reasons.push({ key, codes, reason });
    return n;
  };
  const cell = (v, mode) => {
    if (!v) return h('td', { 'data-mode': mode }, '–');
    const caveats = v.verdict === 'connects' ? v.caveats ?? [] : [];
    const notes = v.verdict === 'connects' ? caveats.map((c) => noteOf([c.code, ...c.unseen], c.message)) : [noteOf(v.codes, v.reason)];
    return h('td', { class: `cv ${KIND[v.verdict]}`, 'data-mode': mode, 'data-verdict': v.verdict, 'data-caveats': caveats.map((c) => c.code).join(' ') || null,
      title: [v.reason, ...caveats.map((c) => c.message)].join('\n') },
    h('span', { class: `badge ${KIND[v.verdict]}` }, v.verdict),
    notes.map((n) => h('a', { class: 'cv-note', href: `#client-reason-${n}`, 'aria-label': `${caveats.length ? 'caveat' : 'reason'} ${n}` }, ` [${n}]`)));
  };
  const body = rows(clients).map((r) => h('tr', { 'data-client': r.client, 'data-version': r.version },
    h('th', { scope: 'row' }, h('code', {}, r.client)),
    h('td', {}, r.version),
    h('td', { title: [...new Set(Object.values(r.modes).map((v) => v.profile).filter(Boolean))].join(', ') },
      r.stacks.length ? r.stacks.map((s) => STACK[s] ?? s).join(' / ') : '–'),
    modes.map((m) => cell(r.modes[m], m))));
  fill(el,
    h('h3', { class: 'sub', id: 'clients-h' }, 'Will my client connect?'),
    h('p', { class: 'hint' }, 'Each client judged by the TLS stack it validates the server’s certificate with, as its generated settings configure it.',
      view.host ? ` VERIFY_IDENTITY for ${view.host}.` : null),
    h('div', { class: 'clients-wrap' },
      h('table', { class: 'clients', id: 'clients-table', 'aria-labelledby': 'clients-h' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Client'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'TLS stack'),
          modes.map((m) => h('th', { scope: 'col' }, m)))),
        h('tbody', {}, body))),
    view.host ? null : h('p', { class: 'hint', id: 'clients-identity' }, 'VERIFY_IDENTITY: not checked; enter the ', h('a', { href: '#host' }, 'host name'), ' clients connect to.'),
    reasons.length
      ? h('ol', { class: 'client-reasons', id: 'client-reasons' }, reasons.map((r, i) => h('li', { id: `client-reason-${i + 1}`, 'data-codes': r.codes.join(' ') },
        r.codes.map((c) => [h('code', { class: 'code' }, c), ' ']), pageTerms(r.reason))))
      : null);
}
