// Convert: the current input to PEM, DER (one certificate), P7B, JKS or PKCS#12, downloaded
// from a blob: URL (no network). JKS and PKCS#12 need an output password.
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
    $('der-index-field').hidden = target() !== 'der';
    $('out-password-field').hidden = !['jks', 'pkcs12'].includes(target());
  };
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
    if (to === 'jks' || to === 'pkcs12') options.outPassword = $('out-password').value;
    try {
      const bytes = api.convert(input.bytes, options);
      const file = `${input.name.replace(/\.[^.]*$/, '') || 'bundle'}.${EXT[to]}`;
      download(bytes, file);
      fill(status, h('span', { class: 'ok-text' }, `Saved ${file}`), ` — ${NAME[to]}, ${bytes.length.toLocaleString('en')} bytes${options.outPassword ? `, password “${options.outPassword}”` : ''}.`);
      status.className = 'status ok';
    } catch (err) {
      fill(status, h('code', { class: 'code' }, err.code ?? 'error'), ' ', errorLine(err));
      status.className = 'status bad';
    }
  });
}

/** Fills the DER certificate choice for a new report. */
export function updateConvert(report) {
  fill($('der-index'), report.certificates.map((c) => h('option', { value: String(c.index) }, `#${c.index + 1} ${certName(c)}`)));
  fill($('convert-status'));
}

function download(bytes, file) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = h('a', { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
