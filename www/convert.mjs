// Convert: the current input to PEM, DER (one certificate), P7B, JKS or PKCS#12, downloaded
// from a blob: URL (no network). JKS and PKCS#12 need an output password. An input holding a
// private key that belongs to one of its certificates (opened with its password) becomes a client
// keystore in JKS and PKCS#12 (the core writes one PrivateKeyEntry: the key and its chain), and
// PEM takes the key only when "Include the private key" is ticked, encrypted unless told not to;
// "Only CA certificates" writes a truststore of the CA certificates instead.
import { h, fill, certName, errorLine } from './dom.mjs';

const $ = (id) => document.getElementById(id);
const EXT = { pem: 'pem', der: 'der', p7b: 'p7b', jks: 'jks', pkcs12: 'p12' };
const NAME = { pem: 'PEM', der: 'DER', p7b: 'P7B', jks: 'JKS', pkcs12: 'PKCS#12' };

/**
 * Wires the convert form. `current()` returns the input (`{bytes, name, password, report}`)
 * or null.
 */
export function setupConvert(api, current) {
  const form = $('convert-form');
  const target = () => form.elements.to.value;
  const sync = () => {
    const to = target();
    const identity = Boolean(current() && ownKey(current().report)) && !$('only-ca').checked;
    const withKey = to === 'pem' && identity && $('include-key').checked;
    $('der-index-field').hidden = to !== 'der';
    $('include-key-field').hidden = to !== 'pem' || !identity;
    $('encrypt-key-field').hidden = !withKey;
    $('out-password-field').hidden = !(['jks', 'pkcs12'].includes(to) || (withKey && $('encrypt-key').checked));
  };
  form.sync = sync;
  form.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = current();
    const status = $('convert-status');
    if (!input) return;
    const to = target();
    const options = {
      to,
      dedupe: $('dedupe').checked,
      onlyCa: $('only-ca').checked,
      skipExpired: $('skip-expired').checked,
    };
    if (input.password) options.password = input.password;
    if (to === 'der') options.index = Number($('der-index').value);
    // "Only CA certificates" makes JKS and PKCS#12 a truststore, whatever key is beside them.
    const key = options.onlyCa ? null : ownKey(input.report);
    const withKey = to === 'pem' && key && $('include-key').checked;
    if (withKey) {
      options.includeKey = true;
      options.encryptKey = $('encrypt-key').checked;
    }
    if (to === 'jks' || to === 'pkcs12' || (withKey && options.encryptKey)) options.outPassword = $('out-password').value;
    const identity = key && (to === 'jks' || to === 'pkcs12' || withKey);
    try {
      const bytes = api.convert(input.bytes, options);
      const file = `${input.name.replace(/\.[^.]*$/, '') || 'bundle'}.${EXT[to]}`;
      download(bytes, file);
      const what = identity ? `${NAME[to]} client ${to === 'pem' ? 'certificate and key' : 'keystore (the private key and its chain)'}` : NAME[to];
      fill(status, h('span', { class: 'ok-text' }, `Saved ${file}`), ` — ${what}, ${bytes.length.toLocaleString('en')} bytes${options.outPassword ? `, password “${options.outPassword}”` : ''}.`);
      status.className = 'status ok';
    } catch (err) {
      fill(status, h('code', { class: 'code' }, err.code ?? 'error'), ' ', errorLine(err));
      status.className = 'status bad';
    }
  });
}

/** Fills the DER certificate choice and the client-keystore note for a new report. */
export function updateConvert(report) {
  fill($('der-index'), report.certificates.map((c) => h('option', { value: String(c.index) }, `#${c.index + 1} ${certName(c)}`)));
  fill($('convert-status'));
  const key = ownKey(report);
  const note = $('identity-note');
  note.hidden = !key;
  if (key) {
    const leaf = report.certificates.find((c) => c.index === key.matches);
    fill(note, `This input holds the private key of #${key.matches + 1} ${leaf ? certName(leaf) : ''}: JKS and PKCS#12 downloads are a client keystore (one private-key entry: the key and its chain), for Connector/J's clientCertificateKeyStoreUrl or MariaDB Connector/J's keyStore. PEM holds the key only if you include it. For a truststore of the CA certificates instead, tick “Only CA certificates”.`);
  }
  $('convert-form').sync?.();
}

/** The input's private key that belongs to one of its certificates (read, or opened with its password). */
function ownKey(report) {
  return report?.keyEntries?.find((k) => k.kind === 'privateKey' && k.key && k.matches !== null) ?? null;
}

function download(bytes, file) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = h('a', { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
