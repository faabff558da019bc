// The client settings form: client, SSL mode, port, user, database, CA path, CRL file or
// directory, the client identity (certificate and key, or a keystore and its password), versions, with the host name and server version shared with the rest of the page;
// the snippet is regenerated on every keystroke (and only when the options changed: a redraw
// between the mouse-down and mouse-up of a click on Copy would eat the click). The CA file's
// format is passed as `caFormat`, so a client that cannot read it says so.
import { h, fill } from './dom.mjs';
import { renderSnippet } from './snippet-view.mjs';
import { pageTerms } from './terms.mjs';
import { optionError } from './errors.mjs';

const $ = (id) => document.getElementById(id);
const JAVA = ['java', 'properties'];
const LANGUAGES = {
  shell: 'Command line', ini: 'Option files', text: 'Tools and services', java: 'Java', properties: 'Java frameworks',
  python: 'Python', javascript: 'Node.js', go: 'Go', php: 'PHP', csharp: '.NET', rust: 'Rust', dotenv: 'ORMs',
};

/** Wires the form; `context()` gives `{format}` of the CA file (or null). Returns the redraw. */
export function setupSnippets(api, context) {
  const list = api.clients();
  const byId = Object.fromEntries(list.map((c) => [c.id, c]));
  const groups = Map.groupBy ? Map.groupBy(list, (c) => c.language) : group(list);
  fill($('sn-client'), [...groups].map(([lang, cs]) => h('optgroup', { label: LANGUAGES[lang] ?? lang }, cs.map((c) => h('option', { value: c.id }, c.name)))));
  $('sn-client').value = byId['mysql-cli'] ? 'mysql-cli' : list[0]?.id;

  const out = $('snippet-out');
  const text = (id) => $(id).value.trim() || undefined;
  let last = null;
  const update = () => {
    const client = byId[$('sn-client').value];
    for (const f of document.querySelectorAll('.java-only')) f.hidden = !JAVA.includes(client?.language);
    const tls = [...document.querySelectorAll('input[name=tls]:checked')].map((c) => c.value);
    const port = Number($('sn-port').value);
    const options = {
      client: client?.id,
      mode: $('sn-mode').value,
      host: text('host'),
      port: port >= 1 && port <= 65535 ? port : undefined,
      user: text('sn-user'),
      database: text('sn-database'),
      ca: text('sn-ca'),
      crl: text('sn-crl'),
      crlPath: text('sn-crl-path'),
      cert: text('sn-cert'),
      key: text('sn-key'),
      keystore: text('sn-keystore'),
      keystorePassword: text('sn-keystore-password'),
      caFormat: context()?.format,
      clientVersion: text('sn-client-version'),
      serverVersion: text('server-version'),
      tlsVersions: tls.length ? tls : undefined,
    };
    if (JAVA.includes(client?.language)) {
      options.truststore = text('sn-truststore');
      options.truststorePassword = text('sn-truststore-password');
      if (options.truststore) options.truststoreType = /\.jks$/i.test(options.truststore) ? 'jks' : 'pkcs12';
    }
    if (options.keystore) options.keystoreType = /\.jks$/i.test(options.keystore) ? 'jks' : 'pkcs12';
    if (/mariadb/i.test(options.serverVersion ?? '')) options.serverFlavor = 'mariadb';
    for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
    const key = JSON.stringify(options);
    if (key === last) return;
    last = key;
    try {
      renderSnippet(out, api.snippet(options), { clientName: client?.name, asked: options.mode, terms: pageTerms });
      out.dataset.client = options.client;
      out.dataset.mode = options.mode;
    } catch (e) {
      fill(out, h('div', { class: 'status bad', id: 'snippet-error' }, h('code', { class: 'code' }, e.code ?? 'error'), ' ', optionError(e, FIELDS)));
    }
  };
  for (const form of ['snippet-form', 'connection-form']) {
    $(form).addEventListener('input', update);
    $(form).addEventListener('change', update);
  }
  $('snippet-form').addEventListener('submit', (e) => e.preventDefault());
  update();
  return update;
}

/** Option names → the page's field labels, for error messages. */
const FIELDS = { host: 'Server host name', serverVersion: 'Server version', clientVersion: 'Client version', port: 'Port', ca: 'CA file path', crl: 'CRL file path', crlPath: 'CRL directory', cert: 'Client certificate path', key: 'Client key path', keystore: 'Client keystore path', truststore: 'Truststore path' };

function group(list) {
  const m = new Map();
  for (const c of list) m.set(c.language, [...(m.get(c.language) ?? []), c]);
  return m;
}
