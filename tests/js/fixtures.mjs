// Inputs shared by the JS suites: the repo's fixtures (each made by a committed make.sh, see the
// README.md beside them), the machine's Mozilla bundle and Java cacerts, and a few inputs built
// here byte by byte for error codes no well-formed file can reach.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const path = (p) => `${repo}${p}`;
export const read = (p) => readFileSync(path(p));

export const demo = {
  chain: read('tests/data/demo/chain.pem'),
  root: read('tests/data/demo/root.pem'),
  intermediate: read('tests/data/demo/intermediate.pem'),
  server: read('tests/data/demo/server.pem'),
  caChain: read('tests/data/demo/ca-chain.pem'),
};

const core = 'crates/dbcert-core/tests/data/';
export const fx = {
  chainPem: read(`${core}bundles/chain.pem`),
  chainCrlf: read(`${core}bundles/chain-crlf.pem`),
  chainText: read(`${core}bundles/chain-text.pem`),
  withKey: read(`${core}bundles/with-key.pem`),
  rootDer: read(`${core}bundles/root.der`),
  p7b: read(`${core}bundles/chain.p7b`),
  p7bPem: read(`${core}bundles/chain-p7b.pem`),
  chainJks: read(`${core}bundles/chain.jks`), // password changeit
  truststoreJks: read(`${core}jks/truststore.jks`), // changeit
  keystoreJks: read(`${core}jks/keystore.jks`), // changeit
  mixedJceks: read(`${core}jks/mixed.jceks`), // changeit
  p12Truststore: read(`${core}pkcs12/keytool-truststore.p12`), // dbcert-test
  p12Aes: read(`${core}pkcs12/openssl-aes.p12`),
  // RSASSA-PSS with saltLength 2^64 - 1 (crafted by chains/make.sh): a crash before issue 22.
  pssHugeSalt: read(`${core}chains/pss-huge-salt-root.pem`),
};

/** Every fixture file, for the deep-equal test: [name, bytes, password]. */
export function allFixtures() {
  const list = [];
  for (const dir of ['bundles', 'jks', 'pkcs12']) {
    const readme = existsSync(path(`${core}${dir}/README.md`)) ? readFileSync(path(`${core}${dir}/README.md`), 'utf8') : '';
    for (const name of listFiles(`${core}${dir}`)) {
      if (/\.(sh|md|b64)$/.test(name)) continue;
      list.push([`${dir}/${name}`, read(`${core}${dir}/${name}`), readme]);
    }
  }
  for (const name of listFiles('tests/data/demo')) {
    if (name.endsWith('.pem')) list.push([`demo/${name}`, read(`tests/data/demo/${name}`), '']);
  }
  return list;
}

function listFiles(dir) {
  return readdirSync(path(dir), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
}

export const mozilla = '/etc/ssl/certs/ca-certificates.crt';
export const cacerts = '/etc/ssl/certs/java/cacerts';

/** The first certificate of a PEM text, as DER. */
export function firstDer(pem) {
  const m = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem.toString());
  return Buffer.from(m[1].replace(/\s/g, ''), 'base64');
}

/** A PEM CERTIFICATE block around arbitrary bytes. */
export function pemBlock(der) {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

// ---- a tiny DER writer, for PKCS#12 files that reach limit and algorithm errors

function len(n) {
  if (n < 0x80) return [n];
  const bytes = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}
const tlv = (tag, content) => Buffer.from([tag, ...len(content.length), ...content]);
const seq = (...items) => tlv(0x30, Buffer.concat(items));
const int = (n) => {
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
};
const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const groups = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    groups.forEach((g, i) => out.push(i < groups.length - 1 ? g | 0x80 : g));
  }
  return tlv(0x06, Buffer.from(out));
};
const octets = (b) => tlv(0x04, Buffer.from(b));
const NULL = Buffer.from([0x05, 0x00]);

/**
 * A PKCS#12 PFX with an empty AuthenticatedSafe and a MacData using `macOid` and `iterations`
 * (RFC 7292 §4: PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData MacData }).
 */
export function pfx({ macOid = '2.16.840.1.101.3.4.2.1', iterations = 2048 } = {}) {
  const authSafe = seq(oid('1.2.840.113549.1.7.1'), tlv(0xa0, octets(seq())));
  const mac = seq(seq(seq(oid(macOid), NULL), octets(Buffer.alloc(32, 1))), octets(Buffer.alloc(8, 2)), int(iterations));
  return seq(int(3), authSafe, mac);
}
