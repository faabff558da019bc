// The report: the verdict and facts, the chain leaf → root with status badges, the findings
// (verify's errors and warnings, and what reading the file reported) with their fixes, and
// every certificate in detail. Input: `inspect()` and `verify()` results (npm/types/dbcert.d.ts).
import { h, fill, copyButton, certName, daysUntil, day, relative, validity } from './dom.mjs';

/** What to do about each verify finding, in one line (the message says what is wrong). */
const FIXES = {
  expired: 'Download the current CA bundle from your provider and replace this certificate.',
  not_yet_valid: 'Check the clock of the machine, or wait until the certificate becomes valid.',
  bad_signature: 'This issuer did not sign the certificate: get the matching CA chain from the issuer.',
  unknown_issuer: 'Add the missing issuer (intermediate and root) to the bundle: use the provider’s full CA chain file.',
  not_a_ca: 'An issuer here is not a CA (basicConstraints CA:FALSE): use the real CA certificate.',
  path_len_exceeded: 'The chain is longer than a CA allows: use the chain the CA publishes.',
  key_usage: 'A key usage forbids this use: the CA must reissue the certificate.',
  hostname_mismatch: 'Connect with a name the certificate lists (see its SANs), or use VERIFY_CA instead of VERIFY_IDENTITY.',
  name_constraints: 'A CA here may not issue this name: use a certificate from a CA that may.',
  unsupported_critical_extension: 'Clients reject unknown critical extensions: reissue the certificate without it.',
  unsupported_algorithm: 'Clients cannot check this algorithm: use RSA, ECDSA or Ed25519 with SHA-2.',
  malformed_certificate: 'The certificate is damaged: download the file again.',
  bad_extension: 'An extension is malformed: the certificate must be reissued.',
  path_building_limit: 'Too many candidate issuers: remove unrelated certificates from the bundle.',
  expires_soon: 'Plan the rotation: deploy the replacement CA bundle before this date.',
  weak_signature_algorithm: 'Modern clients reject SHA-1 and MD5 signatures: get a SHA-256 chain.',
  weak_key: 'Modern clients reject small keys (RSA < 2048, EC < 224 bits).',
  duplicate_certificate: 'Remove the repeat (Convert with “Drop repeated certificates” does it).',
  not_ordered: 'Order the file server first, then each issuer (Convert → PEM does it).',
  unused_certificate: 'Not part of the chain: harmless, but it can be removed.',
  v1_certificate: 'Connector/J and Go reject X.509 v1 CA certificates: use a v3 certificate.',
  cn_only: 'Go, Connector/J and other modern clients need the host name in a SAN, not only in the CN.',
  certificate_policy: 'Java clients (Connector/J) refuse this chain; mysql, MariaDB and Python clients accept it. For Java, use a chain whose CA policies cover the server certificate.',
};

/** The role a certificate plays, from its own fields. */
export function role(c) {
  if (c.selfSigned) return 'Root CA';
  if (c.isCa) return 'Intermediate CA';
  return 'Server certificate';
}

/** The findings of `verification` about input certificate `index`. */
function findingsOf(verification, index) {
  const about = (f) => f.source === 'input' && f.certificate === index;
  return { errors: verification?.errors.filter(about) ?? [], warnings: verification?.warnings.filter(about) ?? [] };
}

const VALIDITY_TEXT = {
  expired: (c) => `Expired ${relative(daysUntil(c.notAfter))}`,
  'not-yet': (c) => `Not valid before ${day(c.notBefore)}`,
  soon: (c) => `Expires ${relative(daysUntil(c.notAfter))}`,
  ok: (c) => `Valid until ${day(c.notAfter)}`,
};

function validityBadge(c) {
  const v = validity(c);
  const kind = { expired: 'bad', 'not-yet': 'bad', soon: 'warn', ok: 'ok' }[v];
  return h('span', { class: `badge ${kind}` }, VALIDITY_TEXT[v](c));
}

const badge = (kind, text, title) => h('span', { class: `badge ${kind}`, title }, text);

/** The cloud CA this certificate is (provider, CA generation), if inspect recognised it. */
const cloudOf = (report, index) => report.providers?.find((p) => p.index === index);
const cloudBadge = (p) => (p ? h('span', { class: 'badge info cloud', title: `${p.providerName} CA, ${p.generation}; named at ${p.source}` }, `${p.providerName} CA`) : null);

/** The verdict and the facts about the file. */
export function renderSummary(el, { name, report, verification, verifyError, host }) {
  const mode = host ? 'VERIFY_IDENTITY' : 'VERIFY_CA';
  let verdict;
  if (verification?.valid) {
    verdict = h('div', { class: 'verdict ok', id: 'verdict' },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, '✓'),
      h('div', {}, h('strong', {}, `Passes ${mode}`), host ? h('span', {}, ` for ${host}.`) : h('span', {}, ' — ', h('a', { href: '#host' }, 'enter the server’s host name'), ' to check VERIFY_IDENTITY too.')));
  } else if (verification) {
    const codes = [...new Set(verification.errors.map((f) => f.code))];
    verdict = h('div', { class: 'verdict bad', id: 'verdict' },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, '✕'),
      h('div', {}, h('strong', {}, `Fails ${mode}${host ? ` for ${host}` : ''}`), h('span', {}, ': '), codes.map((c, i) => [i ? ', ' : '', h('code', {}, c)])));
  } else {
    verdict = h('div', { class: 'verdict neutral', id: 'verdict' },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, 'i'),
      h('div', {}, h('strong', {}, 'Read, not verified'), h('span', {}, verifyError ? `: ${verifyError}` : ': this build of the package has no verify().')));
  }
  const certs = report.certificates;
  const soonest = [...certs].sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter))[0];
  const integrity = { verified: 'verified with the password', not_checked: 'not checked (no password)', not_applicable: 'not applicable' }[report.integrity];
  const fact = (k, v, id, cls) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', { id, class: cls }, v));
  fill(el, verdict, h('dl', { class: 'facts' },
    fact('File', name, 'fact-file'),
    fact('Format', report.format.toUpperCase(), 'fact-format'),
    fact('Certificates', String(certs.length), 'cert-count'),
    report.format === 'pem' || report.format === 'der' || report.format === 'p7b' ? null : fact('Integrity', integrity, 'fact-integrity', { verified: 'ok-text', not_checked: 'warn-text' }[report.integrity]),
    report.keyEntries.length ? fact('Key entries', `${report.keyEntries.length} (listed, never read)`) : null,
    soonest ? fact('First expiry', `${day(soonest.notAfter)} · ${certName(soonest)}`) : null,
  ));
}

/** The chain leaf → root as cards, with status badges; certificates of no chain below it. */
export function renderChain(list, unusedEl, { report, verification }) {
  const certs = report.certificates;
  const order = verification ? verification.chain : certs.map((c) => c.index);
  const anchor = verification?.anchor;
  // A card follows the last one when the anchor comes from a CA file or is missing.
  const tail = Boolean(verification && order.length && anchor?.source !== 'input');
  const cards = order.map((i, pos) => {
    const c = certs[i];
    const { errors, warnings } = findingsOf(verification, i);
    const isAnchor = anchor?.source === 'input' && anchor.index === i;
    const status = !verification ? null : errors.length ? 'bad' : warnings.length ? 'warn' : 'ok';
    return h('li', { class: `link ${status ?? ''}`, 'data-index': i },
      h('a', { class: 'card', href: `#cert-${i}` },
        h('span', { class: 'role' }, pos === 0 && verification && c.isCa ? 'Bottom CA' : role(c), h('span', { class: 'idx' }, ` #${i + 1}`)),
        h('span', { class: 'cn' }, certName(c)),
        h('span', { class: 'keyline' }, keyText(c), ' · ', c.signatureAlgorithm),
        h('span', { class: 'badges' },
          status === 'ok' ? badge('ok', 'OK') : null,
          isAnchor ? badge('info', 'Trust anchor') : null,
          cloudBadge(cloudOf(report, i)),
          validityBadge(c),
          errors.map((f) => badge('bad', f.code, f.message)),
          warnings.map((f) => badge('warn', f.code, f.message)))),
      pos < order.length - 1 || tail ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, 'issued by') : null);
  });
  if (verification && anchor?.source === 'ca') cards.push(h('li', { class: 'link ok' }, h('div', { class: 'card' }, h('span', { class: 'role' }, 'Trust anchor (from the CA file)'))));
  if (verification && !anchor && order.length) {
    cards.push(h('li', { class: 'link bad missing' }, h('div', { class: 'card' }, h('span', { class: 'role' }, 'Missing issuer'), h('span', { class: 'cn' }, 'No trust anchor: the chain ends here'), h('span', { class: 'badges' }, badge('bad', 'unknown_issuer')))));
  }
  fill(list, cards);
  const unused = verification?.unused ?? [];
  fill(unusedEl, unused.length ? h('p', { class: 'unused' }, 'Not part of the chain: ', unused.map((i, n) => [n ? ', ' : '', h('a', { href: `#cert-${i}` }, `#${i + 1} ${certName(certs[i])}`)])) : null);
}

/** Verify's errors, then its warnings, then what reading the file reported. */
export function renderFindings(el, { report, verification, host }) {
  const certs = report.certificates;
  const item = (kind, f) => h('li', { class: `finding is-${kind}`, 'data-code': f.code },
    h('div', { class: 'finding-head' },
      h('span', { class: `badge ${kind === 'error' ? 'bad' : 'warn'}` }, kind),
      h('code', { class: 'code' }, f.code),
      f.certificate !== null && f.certificate !== undefined && f.source !== 'ca' && certs[f.certificate]
        ? h('a', { class: 'about', href: `#cert-${f.certificate}` }, `#${f.certificate + 1} ${certName(certs[f.certificate])}`)
        : f.source === 'ca' ? h('span', { class: 'about' }, `CA file #${f.certificate + 1}`) : null),
    h('p', { class: 'message' }, f.message),
    FIXES[f.code] ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), FIXES[f.code]) : null);
  const items = [
    ...(verification?.errors ?? []).map((f) => item('error', f)),
    ...(verification?.warnings ?? []).map((f) => item('warning', f)),
    ...report.warnings.map((w) => item('warning', { ...w, source: 'input', certificate: w.certificate ?? null })),
  ];
  fill(el, items.length
    ? h('ul', { class: 'findings' }, items)
    : h('p', { class: 'none' }, verification ? `No problems found: the chain passes ${host ? `VERIFY_IDENTITY for ${host}` : 'VERIFY_CA'}.` : 'Nothing to report from reading the file.'));
}

function keyText(c) {
  if (c.curve) return `${c.keyAlgorithm} ${c.curve}`;
  return c.keyBits ? `${c.keyAlgorithm} ${c.keyBits}` : c.keyAlgorithm;
}

/** Every certificate in detail: names, validity, key, SANs, usages, fingerprints, extensions. */
export function renderCerts(el, { report, verification }) {
  fill(el, report.certificates.map((c, n) => {
    const row = (k, ...v) => (v.flat().filter((x) => x !== null && x !== '').length ? [h('dt', {}, k), h('dd', {}, v)] : null);
    const list = (items) => (items.length ? h('ul', { class: 'tags' }, items.map((x) => h('li', {}, x))) : null);
    const mono = (text) => h('code', { class: 'mono' }, text);
    const fp = (label, value) => [h('dt', {}, label), h('dd', { class: 'fp' }, mono(value), copyButton(value, `Copy ${label} fingerprint of certificate #${c.index + 1}`))];
    const { errors, warnings } = findingsOf(verification, c.index);
    return h('details', { class: 'cert', id: `cert-${c.index}`, open: n === 0 },
      h('summary', {},
        h('span', { class: 'idx' }, `#${c.index + 1}`),
        h('span', { class: 'cn' }, certName(c)),
        h('span', { class: 'role-tag' }, role(c)),
        h('span', { class: 'badges' }, cloudBadge(cloudOf(report, c.index)), validityBadge(c), errors.length ? badge('bad', `${errors.length} error${errors.length > 1 ? 's' : ''}`) : null, warnings.length ? badge('warn', `${warnings.length} warning${warnings.length > 1 ? 's' : ''}`) : null)),
      h('dl', { class: 'kv' },
        row('Subject', mono(c.subject)),
        row('Issuer', mono(c.issuer)),
        c.alias !== null ? row('Alias', mono(c.alias)) : null,
        cloudOf(report, c.index) ? row('Cloud CA', ((p) => [`${p.providerName}, ${p.generation} · `, h('a', { href: p.source, target: '_blank', rel: 'noopener noreferrer' }, 'source')])(cloudOf(report, c.index))) : null,
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
        : null);
  }));
}
