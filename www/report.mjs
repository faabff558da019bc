// The report: the verdict (what the input is, and the answer for it, from `verify().verdict`),
// the chain leaf → root with status badges (for a trust store: its roots that have a problem),
// and the findings with the core's own words. Input: the view app.mjs builds (the verified
// file, the CA file when a server certificate is verified against it, the `verify()` result).
import { h, fill, copyButton, certName, day, validity, relative, daysUntil } from './dom.mjs';
import { pageTerms } from './terms.mjs';

/** The role a certificate plays, from its own fields. */
export function role(c) {
  if (c.selfSigned) return 'Root CA';
  if (c.isCa) return 'Intermediate CA';
  return 'Server certificate';
}

/** The slot a finding's `source` points into: the verified file, or the CA file. */
export const slotOf = (view, source) => (source === 'ca' ? 'ca' : view.input);

/** The certificate `index` of `source` (`input` or `ca`), or undefined. */
export function certOf(view, source, index) {
  const file = source === 'ca' ? view.files.ca : view.files.input;
  return file?.report?.certificates[index];
}

/** The element id of a certificate's details. */
export const certId = (slot, index) => `cert-${slot}-${index}`;

/** The findings of the verification about certificate `index` of `slot`. */
export function findingsOf(view, slot, index) {
  const v = view.verification;
  const about = (f) => f.certificate === index && slotOf(view, f.source) === slot;
  return { errors: v?.errors.filter(about) ?? [], warnings: v?.warnings.filter(about) ?? [] };
}

const VALIDITY_TEXT = {
  expired: (c) => `Expired ${relative(daysUntil(c.notAfter))}`,
  'not-yet': (c) => `Not valid before ${day(c.notBefore)}`,
  soon: (c) => `Expires ${relative(daysUntil(c.notAfter))}`,
  ok: (c) => `Valid until ${day(c.notAfter)}`,
};

export function validityBadge(c) {
  const v = validity(c);
  const kind = { expired: 'bad', 'not-yet': 'bad', soon: 'warn', ok: 'ok' }[v];
  return h('span', { class: `badge ${kind}` }, VALIDITY_TEXT[v](c));
}

export const badge = (kind, text, title) => h('span', { class: `badge ${kind}`, title }, text);

/** The cloud CA this certificate is (provider, CA generation), if inspect recognised it. */
export const cloudOf = (report, index) => report.providers?.find((p) => p.index === index);
export const cloudBadge = (p) => (p ? h('span', { class: 'badge info cloud', title: `${p.providerName} CA, ${p.generation}; named at ${p.source}` }, `${p.providerName} CA`) : null);

const KIND = { server_chain: 'Server certificate', ca_file: 'CA file', trust_store: 'Trust store' };
const STATUS = { passes: ['ok', '✓'], depends_on_client: ['warn', '!'], fails: ['bad', '✕'] };

/** A link to certificate `index` of `source`, named. */
function certLink(view, source, index) {
  const c = certOf(view, source, index);
  const slot = slotOf(view, source);
  return h('a', { href: `#${certId(slot, index)}` }, `${slot === 'ca' && view.input !== 'ca' ? 'CA file ' : ''}#${index + 1} ${c ? certName(c) : ''}`);
}

/** The verdict and the facts about the files. */
export function renderSummary(el, view) {
  const { verification, verifyError } = view;
  const v = verification?.verdict;
  let verdict;
  if (v) {
    const [kind, icon] = STATUS[v.status];
    verdict = h('div', { class: `verdict ${kind}`, id: 'verdict', 'data-status': v.status, 'data-input': v.input, 'data-identity': v.identity },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, icon),
      h('div', {},
        h('p', { class: 'verdict-kind' }, KIND[v.input]),
        h('strong', { id: 'headline' }, v.headline, '.'),
        v.refusedBy.length
          ? h('ul', { class: 'refusals', id: 'refusals' }, v.refusedBy.map((r) => h('li', { 'data-code': r.code },
            h('code', { class: 'code' }, r.code), ' on ', r.certificate !== null ? certLink(view, r.source, r.certificate) : 'the chain', ': refused by ', r.clients, '.')))
          : null));
  } else {
    verdict = h('div', { class: 'verdict neutral', id: 'verdict' },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, 'i'),
      h('div', {}, h('strong', {}, 'Read, not verified'), h('span', {}, verifyError ? `: ${verifyError}` : ': this build of the package has no verify().')));
  }
  const identity = v?.identity === 'needs_server_certificate' ? identityBox(v) : null;
  const input = view.files.input.report;
  const ca = view.files.ca?.report;
  const integrity = (r) => ({ verified: 'verified with the password', not_checked: 'not checked (no password)', not_applicable: 'not applicable' }[r.integrity]);
  const fact = (k, value, id, cls) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', { id, class: cls }, value));
  const fileFacts = (label, file, prefix) => [
    fact(label, `${file.name} · ${file.report.format.toUpperCase()} · ${file.report.certificates.length} certificate${file.report.certificates.length === 1 ? '' : 's'}`, `${prefix}-fact`),
    ['jks', 'jceks', 'pkcs12'].includes(file.report.format) ? fact('Integrity', integrity(file.report), `${prefix}-integrity`, { verified: 'ok-text', not_checked: 'warn-text' }[file.report.integrity]) : null,
    ...file.report.keyEntries.map((k, i) => fact(k.offset === null ? 'Key entry' : 'Private key', keyLine(k, file.report), `${prefix}-key-${i}`,
      k.key && k.matches === null && file.report.certificates.length ? 'warn-text' : undefined)),
  ];
  const a = v?.authorities;
  const expiry = v?.expires;
  fill(el, verdict, identity, h('dl', { class: 'facts' },
    view.input === 'server' ? fileFacts('Server certificate', view.files.input, 'server') : null,
    ca ? fileFacts('CA file', view.files.ca, 'ca') : view.input === 'ca' ? fileFacts('CA file', view.files.input, 'ca') : null,
    a ? fact(v.input === 'trust_store' ? 'Usable anchors' : 'Usable CAs', v.input === 'trust_store' ? `${a.usableRoots} of ${a.roots} roots` : `${a.usable} of ${a.cas}${a.complete ? ', chain complete' : ', chain incomplete'}`, 'fact-usable') : null,
    expiry ? fact(v.input === 'trust_store' ? 'Next anchor expiry' : 'First expiry', [`${day(expiry.at)} · `, certLink(view, 'input', expiry.certificate)], 'fact-expiry') : null,
    !v && input ? fact('Certificates', String(input.certificates.length), 'cert-count') : null,
  ));
}

/** A key in words: what it is, whose it is, how it is encrypted; never the key. */
function keyLine(k, report) {
  const parts = [];
  if (k.offset === null) parts.push(`${k.alias ?? '(no alias)'}, ${k.kind === 'privateKey' ? 'private key' : 'secret key'}, chain of ${k.chainLength}`);
  if (k.key) {
    parts.push(k.key.algorithm === 'rsa' ? `RSA ${k.key.bits} bits` : k.key.algorithm === 'ec' ? `EC ${k.key.curve}` : 'Ed25519');
    const c = k.matches === null ? null : report.certificates[k.matches];
    parts.push(c ? `belongs to #${k.matches + 1} ${c.commonName ?? c.subject}` : report.certificates.length ? 'belongs to none of the certificates here' : 'no certificate here to match');
  } else if (k.offset !== null) {
    parts.push(k.encryption ? 'encrypted: enter its password above to read it' : 'not read (see the warnings)');
  }
  if (k.encryption) parts.push(`encrypted with ${k.encryption}`);
  parts.push('never shown');
  return parts.join(' · ');
}

/** VERIFY_IDENTITY cannot be answered from CA certificates: how to get the server's. */
function identityBox(v) {
  return h('div', { class: 'identity', id: 'identity' },
    h('p', {}, h('strong', {}, v.host ? `VERIFY_IDENTITY for ${v.host} needs the server’s certificate. ` : 'VERIFY_IDENTITY needs the server’s certificate. '),
      'A CA file only says whom your client trusts; the host name is checked against the certificate the server presents. ',
      h('a', { href: '#server-slot' }, 'Add it as “Server certificate”'), ' — to get it:'),
    h('ul', {}, v.serverCertificateHowTo.map((how) => h('li', {}, how.text, how.command
      ? h('div', { class: 'cmd' }, h('code', { class: 'mono' }, how.command), copyButton(how.command, `Copy: ${how.command}`))
      : null))));
}

function keyText(c) {
  if (c.curve) return `${c.keyAlgorithm} ${c.curve}`;
  return c.keyBits ? `${c.keyAlgorithm} ${c.keyBits}` : c.keyAlgorithm;
}
export { keyText };

/** One certificate as a chain card. */
function card(view, source, index, { label, anchor = false, arrow = false } = {}) {
  const c = certOf(view, source, index);
  const slot = slotOf(view, source);
  const { errors, warnings } = findingsOf(view, slot, index);
  const status = !view.verification ? null : errors.length ? 'bad' : warnings.length ? 'warn' : 'ok';
  const report = source === 'ca' ? view.files.ca?.report : view.files.input.report;
  return h('li', { class: `link ${status ?? ''}`, 'data-index': index, 'data-slot': slot },
    h('a', { class: 'card', href: `#${certId(slot, index)}` },
      h('span', { class: 'role' }, label ?? role(c), h('span', { class: 'idx' }, ` ${slot === 'ca' && view.input !== 'ca' ? 'CA file ' : ''}#${index + 1}`)),
      h('span', { class: 'cn' }, certName(c)),
      h('span', { class: 'keyline' }, keyText(c), ' · ', c.signatureAlgorithm),
      h('span', { class: 'badges' },
        status === 'ok' ? badge('ok', 'OK') : null,
        anchor ? badge('info', 'Trust anchor') : null,
        cloudBadge(cloudOf(report, index)),
        validityBadge(c),
        errors.map((f) => badge('bad', f.code, f.message)),
        warnings.map((f) => badge('warn', f.code, f.message)))),
    arrow ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, 'issued by') : null);
}

/** The chain leaf → root as cards; for a trust store, its roots with a problem. */
export function renderChain(list, unusedEl, view) {
  const { verification } = view;
  const v = verification?.verdict;
  const certs = view.files.input.report.certificates;
  list.classList.toggle('store', v?.input === 'trust_store');
  if (v?.input === 'trust_store') {
    const problem = new Set([...verification.errors, ...verification.warnings].filter((f) => f.source === 'input' && f.certificate !== null).map((f) => f.certificate));
    const cards = [...problem].sort((x, y) => x - y).map((i) => card(view, 'input', i));
    const usable = v.authorities.usableRoots;
    fill(list, cards.length ? cards : null);
    fill(unusedEl, h('p', { class: 'unused', id: 'store-note' },
      cards.length ? `${cards.length} certificate${cards.length === 1 ? ' has' : 's have'} a problem (above, each about that root only); ` : 'No certificate has a problem; ',
      `${usable} usable anchor${usable === 1 ? '' : 's'}: a server whose chain ends at any of them is trusted. Every certificate is listed under `, h('a', { href: '#certs-section' }, 'Certificates'), '.'));
    return;
  }
  const order = verification ? verification.chain : certs.map((c) => c.index);
  const anchor = verification?.anchor;
  const fromCa = verification && anchor?.source === 'ca';
  const missing = verification && !anchor && order.length;
  const cards = order.map((i, pos) => card(view, 'input', i, {
    label: pos === 0 && verification && certs[i].isCa ? 'Bottom CA' : undefined,
    anchor: anchor?.source === 'input' && anchor.index === i,
    arrow: pos < order.length - 1 || fromCa || missing,
  }));
  if (fromCa && view.files.ca) cards.push(card(view, 'ca', anchor.index, { label: 'Trust anchor (CA file)', anchor: true }));
  else if (fromCa) cards.push(h('li', { class: 'link ok' }, h('div', { class: 'card' }, h('span', { class: 'role' }, 'Trust anchor (from the CA file)'))));
  if (missing) {
    cards.push(h('li', { class: 'link bad missing' }, h('div', { class: 'card' }, h('span', { class: 'role' }, 'Missing issuer'), h('span', { class: 'cn' }, 'No trust anchor: the chain ends here'), h('span', { class: 'badges' }, badge('bad', 'unknown_issuer')))));
  }
  fill(list, cards);
  const unused = verification?.unused ?? [];
  fill(unusedEl, unused.length ? h('p', { class: 'unused' }, 'Not part of the chain: ', unused.map((i, n) => [n ? ', ' : '', certLink(view, 'input', i)])) : null);
}

/** What the page itself offers for a finding (the core's message says what to do). */
const ON_THIS_PAGE = {
  duplicate_certificate: ['Convert', '#convert-section', ' with “Drop repeated certificates” writes the file without the repeat.'],
  not_ordered: ['Convert', '#convert-section', ' to PEM writes the certificates in the order given.'],
  unused_certificate: ['Convert', '#convert-section', ' with “Only CA certificates” leaves out what is not a CA.'],
};

/** Verify's errors, then its warnings, then what reading the files reported. */
export function renderFindings(el, view) {
  const { verification } = view;
  const item = (kind, f) => {
    const page = ON_THIS_PAGE[f.code];
    return h('li', { class: `finding is-${kind}`, 'data-code': f.code },
      h('div', { class: 'finding-head' },
        h('span', { class: `badge ${kind === 'error' ? 'bad' : 'warn'}` }, kind),
        h('code', { class: 'code' }, f.code),
        f.certificate !== null && f.certificate !== undefined && certOf(view, f.source, f.certificate) ? h('span', { class: 'about' }, certLink(view, f.source, f.certificate)) : null),
      h('p', { class: 'message' }, pageTerms(f.message)),
      page && slotOf(view, f.source) === 'ca' ? h('p', { class: 'fix' }, h('a', { href: page[1] }, page[0]), page[2]) : null);
  };
  const readWarnings = (file) => (file?.report.warnings ?? []).map((w) => item('warning', { ...w, source: file === view.files.ca ? 'ca' : 'input', certificate: w.certificate ?? null }));
  const items = [
    ...(verification?.errors ?? []).map((f) => item('error', f)),
    ...(verification?.warnings ?? []).map((f) => item('warning', f)),
    ...readWarnings(view.files.input),
    ...readWarnings(view.files.ca),
  ];
  fill(el, items.length
    ? h('ul', { class: 'findings' }, items)
    : h('p', { class: 'none' }, verification ? 'No problems found.' : 'Nothing to report from reading the file.'));
}
