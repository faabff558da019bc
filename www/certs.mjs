// Every certificate of the verified file (and of the CA file it was verified against), usable
// on a 144-certificate bundle: search by name, serial or fingerprint, "problems only", sort by
// expiry, expand or collapse all. A row's details are built the first time it is opened, so a
// large bundle draws only its summary rows.
import { h, fill, copyButton, certName, validity } from './dom.mjs';
import { role, certId, findingsOf, validityBadge, badge, cloudOf, cloudBadge, keyText } from './report.mjs';

const $ = (id) => document.getElementById(id);

/** Wires the toolbar; `current()` gives app.mjs's view. */
export function setupCerts(current) {
  // Typing redraws after a 120 ms pause; any other control redraws at once and cancels that
  // pending redraw, so it cannot later replace rows the user has just expanded.
  let timer = null;
  const redraw = () => {
    clearTimeout(timer);
    timer = null;
    if (current()) renderCerts(current());
  };
  $('cert-search').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(redraw, 120);
  });
  $('cert-problems').addEventListener('change', redraw);
  $('cert-sort').addEventListener('change', redraw);
  const all = (open) => () => {
    if (timer !== null) redraw();
    rest();
    for (const d of document.querySelectorAll('#certs details.cert:not([hidden])')) {
      if (open) d.build?.();
      d.open = open;
    }
  };
  $('cert-expand').addEventListener('click', all(true));
  $('cert-collapse').addEventListener('click', all(false));
}

/** The certificates of the view's files: `{slot, c, report}` in file order. */
export function entries(view) {
  const out = [];
  const add = (slot, file) => file?.report.certificates.forEach((c) => out.push({ slot, c, report: file.report }));
  add(view.input, view.files.input);
  add('ca', view.files.ca);
  return out;
}

/** Whether an entry has something to look at: a finding, or a date problem. */
export function hasProblem(view, { slot, c }) {
  const { errors, warnings } = findingsOf(view, slot, c.index);
  return errors.length + warnings.length > 0 || validity(c) !== 'ok';
}

const squash = (s) => s.toLowerCase().replace(/[\s:]/g, '');

/** Draws the list for the toolbar's current search, filter and order. */
export function renderCerts(view) {
  const query = squash($('cert-search').value);
  const problemsOnly = $('cert-problems').checked;
  let list = entries(view);
  const total = list.length;
  if (query) {
    list = list.filter(({ c }) => [c.commonName ?? '', c.subject, c.serial, c.fingerprintSha256, c.fingerprintSha1].some((t) => squash(t).includes(query)));
  }
  if (problemsOnly) list = list.filter((e) => hasProblem(view, e));
  if ($('cert-sort').value === 'expiry') list = [...list].sort((a, b) => Date.parse(a.c.notAfter) - Date.parse(b.c.notAfter));
  $('cert-shown').textContent = list.length === total ? `${total} certificate${total === 1 ? '' : 's'}` : `${list.length} of ${total} certificates shown`;
  // A short chain opens its first certificate; a bundle draws its summary rows only, the first
  // FIRST at once and the rest in the next tasks (the page shows its verdict a frame sooner;
  // WebKit took ~300 ms to lay out 144 rows at once).
  const small = total <= 5;
  const el = $('certs');
  const generation = ++drawn;
  el.dataset.complete = 'false';
  fill(el, list.length ? list.slice(0, FIRST).map((e, n) => row(view, e, small && n === 0)) : h('p', { class: 'none-found' }, 'No certificate matches.'));
  let next = FIRST;
  const more = () => {
    if (generation !== drawn) return;
    el.append(...list.slice(next, next + CHUNK).map((e) => row(view, e, false)));
    next += CHUNK;
    if (next < list.length) pending = setTimeout(more, 0);
    else finish();
  };
  const finish = () => {
    pending = null;
    el.dataset.complete = 'true';
  };
  clearTimeout(pending);
  if (next < list.length) pending = setTimeout(more, 0);
  else finish();
  rest = () => {
    if (generation !== drawn || !pending) return;
    clearTimeout(pending);
    el.append(...list.slice(next).map((e) => row(view, e, false)));
    next = list.length;
    finish();
  };
}

const FIRST = 30;
const CHUNK = 40;
let drawn = 0;
let pending = null;
/** Draws the rows still to come at once (before "expand all"). */
let rest = () => {};

function row(view, { slot, c, report }, open) {
  const { errors, warnings } = findingsOf(view, slot, c.index);
  const revoked = errors.find((f) => f.code === 'revoked');
  const details = h('details', { class: revoked ? 'cert revoked' : 'cert', id: certId(slot, c.index), 'data-slot': slot, 'data-index': c.index },
    h('summary', {},
      h('span', { class: 'idx' }, `${slot === 'ca' && view.input !== 'ca' ? 'CA file ' : ''}#${c.index + 1}`),
      h('span', { class: 'cn' }, certName(c)),
      h('span', { class: 'role-tag' }, role(c)),
      h('span', { class: 'badges' }, cloudBadge(cloudOf(report, c.index)),
        revoked ? badge('bad revoked-badge', 'Revoked', revoked.message) : null, validityBadge(c),
        errors.length ? badge('bad', `${errors.length} error${errors.length > 1 ? 's' : ''}`) : null,
        warnings.length ? badge('warn', `${warnings.length} warning${warnings.length > 1 ? 's' : ''}`) : null)));
  const build = () => {
    if (!details.dataset.built) {
      details.dataset.built = 'true';
      details.append(...body(c, report));
    }
  };
  details.addEventListener('toggle', build);
  details.build = build;
  if (open) {
    build();
    details.open = true;
  }
  return details;
}

/** Names, validity, key, SANs, usages, fingerprints, extensions. */
function body(c, report) {
  const row = (k, ...v) => (v.flat().filter((x) => x !== null && x !== '').length ? [h('dt', {}, k), h('dd', {}, v)] : null);
  const list = (items) => (items.length ? h('ul', { class: 'tags' }, items.map((x) => h('li', {}, x))) : null);
  const mono = (text) => h('code', { class: 'mono' }, text);
  const fp = (label, value) => [h('dt', {}, label), h('dd', { class: 'fp' }, mono(value), copyButton(value, `Copy the ${label} fingerprint of certificate #${c.index + 1}`))];
  const cloud = cloudOf(report, c.index);
  return [
    h('dl', { class: 'kv' },
      row('Subject', mono(c.subject)),
      row('Issuer', mono(c.issuer)),
      c.alias !== null ? row('Alias', mono(c.alias)) : null,
      cloud ? row('Cloud CA', `${cloud.providerName}, ${cloud.generation} · `, h('a', { href: cloud.source, target: '_blank', rel: 'noopener noreferrer' }, 'source')) : null,
      row('Validity', `${c.notBefore.replace('T', ' ').replace('Z', ' UTC')} → ${c.notAfter.replace('T', ' ').replace('Z', ' UTC')}`),
      row('Key', keyText(c)),
      row('Signature', c.signatureAlgorithm),
      row('Serial', mono(c.serial)),
      row('Version', `v${c.version}`, c.isCa ? ` · CA${c.pathLen !== null ? `, path length ≤ ${c.pathLen}` : ''}` : ' · not a CA', c.selfSigned ? ' · self-signed' : ''),
      row('DNS names', list(c.dnsNames)),
      row('IP addresses', list(c.ipAddresses)),
      row('Emails', list(c.emails)),
      row('Key usage', list(c.keyUsage)),
      row('Extended key usage', list(c.extendedKeyUsage)),
      row('Subject key ID', c.subjectKeyId ? mono(c.subjectKeyId) : null),
      row('Authority key ID', c.authorityKeyId ? mono(c.authorityKeyId) : null),
      c.trusted !== undefined ? row('Java trusted', c.trusted ? 'yes (trustedKeyUsage attribute)' : 'no: Java ignores this entry as a trust anchor') : null,
      fp('SHA-256', c.fingerprintSha256),
      fp('SHA-1', c.fingerprintSha1)),
    c.extensions.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'ext' },
        h('caption', {}, 'Extensions'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'OID'), h('th', { scope: 'col' }, 'Critical'))),
        h('tbody', {}, c.extensions.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, mono(x.oid)), h('td', {}, x.critical ? h('strong', {}, 'yes') : 'no'))))))
      : null,
  ];
}
