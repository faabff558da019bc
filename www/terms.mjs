// The core's messages are written for every surface and name the CLI's options ("give
// --minor-version", "dbcert snippet --tls-versions TLSv1.2", "see --client mysql2"). On the page
// they are said in the page's terms, with a link to the field or panel that does it.
import { h } from './dom.mjs';

const link = (href, text) => h('a', { class: 'page-term', href }, text);
const CLIENT = (id) => [link('#sn-client', `the “${id}” client in Client settings`)];

/** [pattern, nodes of the match]; tried in order at each position. */
const RULES = [
  [/`?dbcert convert [^`;)]*?--to ([\w-]+)[^`;)]*`?/, (m) => [link('#convert-section', `Convert → ${m[1].toUpperCase()}`), ' on this page']],
  [/`?dbcert snippet --tls-versions ([\w.]+)`?/, (m) => [link('#sn-tls', `TLS versions: ${m[1].replace('TLSv', 'TLS ')}`), ' in Client settings']],
  [/`?dbcert snippet --client ([\w-]+)(?: --server-flavor (\w+))?`?/, (m) => [...CLIENT(m[1]), m[2] ? ` (for a ${m[2] === 'mariadb' ? 'MariaDB' : m[2]} server)` : '']],
  [/(?:see |use )?--client-version ([\w.]+)/, (m) => [link('#sn-client-version', `Client version ${m[1]}`), ' in Client settings']],
  [/(?:see |use )?--client ([\w-]+)/, (m) => CLIENT(m[1])],
  [/\(--server-flavor mariadb\)|--server-flavor mariadb/, () => [link('#server-version', 'a MariaDB server version above (e.g. 10.11.6-MariaDB)')]],
  [/give --minor-version/, () => ['enter the ', link('#sv-minor', 'Minor engine version')]],
  [/give --edition/, () => ['choose the ', link('#sv-edition', 'Edition')]],
  [/\(or pass the CA file with --ca\)/, () => ['(or give the ', link('#ca-slot', 'CA file'), ')']],
  [/ ?\(--ca\)/, () => [' (the ', link('#ca-slot', 'CA file'), ')']],
  [/ ?\(--host\)/, () => [' (the ', link('#host', 'Server host name'), ' above)']],
  [/--client-library (\w+)/, (m) => [`the ${m[1] === 'mariadb' ? 'MariaDB Connector/C' : m[1]} client library (dbcert CLI option --client-library ${m[1]})`]],
];

const ANY = new RegExp(RULES.map(([re]) => `(?:${re.source})`).join('|'), 'g');

/** `text` as nodes, the CLI's options said in the page's terms. */
export function pageTerms(text) {
  const out = [];
  let last = 0;
  for (const m of String(text).matchAll(ANY)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    for (const [re, make] of RULES) {
      const whole = new RegExp(`^(?:${re.source})$`).exec(m[0]);
      if (whole) {
        out.push(...make(whole));
        break;
      }
    }
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}
