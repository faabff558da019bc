// W6's reference points for JavaScript: how fast the native crypto a JavaScript host offers checks
// the two links of a W6 chain (leaf by intermediate, intermediate by root), in turn, with the
// certificates and the issuers' keys made once:
// - `x509`: Node's `X509Certificate.verify(issuerKey)` (OpenSSL's X509_verify inside Node), the
//   fastest a JavaScript program in Node can check a certificate signature;
// - `subtle`: WebCrypto's `crypto.subtle.verify` over the TBS bytes (SHA-256 with
//   RSASSA-PKCS1-v1_5 or ECDSA P-256), awaited one at a time: the only native crypto a browser
//   page has, and it is asynchronous.
// - `jsrsasign`: jsrsasign's `X509.verifySignature(issuerKey)` (pure JavaScript RSA and ECDSA), the
//   peer the wasm package's W6 target is set against (at least 2× its rate).
// It runs in the same rounds as `openssl speed` and `dbcert speed` (crates/xtask/src/bench/size.rs),
// in the loop shape of crates/dbcert-core/examples/support/speed.rs: an untimed fifth of a second,
// then SECONDS. `node node-speed.mjs DIR SECONDS`, DIR holding chain.pem (leaf, intermediate) and
// root.pem; prints `+NODE:x509:<verifies/s>`, `+NODE:subtle:<verifies/s>` and
// `+NODE:jsrsasign:<verifies/s>`; fails if a link does not verify.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate, webcrypto } from 'node:crypto';

import { createRequire } from 'node:module';

import { PEM_BLOCK } from './tools.mjs';

const rs = createRequire(import.meta.url)('jsrsasign');

const [dir, seconds] = process.argv.slice(2);
const blocks = (file) => readFileSync(join(dir, file), 'latin1').match(PEM_BLOCK) ?? [];
const certs = [...blocks('chain.pem'), ...blocks('root.pem')].map((pem) => new X509Certificate(pem));
if (certs.length !== 3) throw new Error('chain.pem must hold two certificates and root.pem one');

/** One DER TLV at `at`: its tag, where its value starts, and where it ends. */
function tlv(der, at) {
  let len = der[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  return { tag: der[at], start, end: start + len };
}

/** The TBS bytes and the signature's value of a certificate's DER. */
function tbsAndSignature(der) {
  const outer = tlv(der, 0);
  const tbs = tlv(der, outer.start);
  const alg = tlv(der, tbs.end);
  const sig = tlv(der, alg.end);
  return { tbs: der.subarray(outer.start, tbs.end), signature: der.subarray(sig.start + 1, sig.end) };
}

/** An ECDSA-Sig-Value (DER) as WebCrypto's r ‖ s, each `size` bytes. */
function p1363(sig, size) {
  const seq = tlv(sig, 0);
  const part = (t) => {
    const v = sig.subarray(t.start, t.end);
    const trimmed = v.subarray(Math.max(0, v.length - size));
    const out = new Uint8Array(size);
    out.set(trimmed, size - trimmed.length);
    return out;
  };
  const r = tlv(sig, seq.start);
  const s = tlv(sig, r.end);
  return Buffer.concat([part(r), part(s)]);
}

const links = await Promise.all(
  [
    [certs[0], certs[1].publicKey],
    [certs[1], certs[2].publicKey],
  ].map(async ([cert, key]) => {
    const ec = key.asymmetricKeyType === 'ec';
    const alg = ec ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const { tbs, signature } = tbsAndSignature(cert.raw);
    const spki = key.export({ type: 'spki', format: 'der' });
    const imported = await webcrypto.subtle.importKey('spki', spki, alg, false, ['verify']);
    const js = new rs.X509();
    js.readCertPEM(cert.toString());
    return { cert, issuerKey: key, alg, key: imported, tbs, signature: ec ? p1363(signature, 32) : signature, js };
  }),
);

async function rate(secs, one) {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < secs * 1000) {
    for (const link of links) {
      const ok = one(link);
      if (!(ok === true || (ok !== false && (await ok)))) throw new Error(`${link.cert.subject}: signature does not verify`);
      n += 1;
    }
  }
  return n / ((performance.now() - start) / 1000);
}

// jsrsasign's certificate and issuer key objects, made once like the others.
const jsIssuers = [links[1].js, (() => {
  const x = new rs.X509();
  x.readCertPEM(certs[2].toString());
  return x;
})()].map((x) => x.getPublicKey());
links.forEach((link, i) => {
  link.jsKey = jsIssuers[i];
});
const x509 = (link) => link.cert.verify(link.issuerKey);
const jsrsasign = (link) => link.js.verifySignature(link.jsKey);
const subtle = (link) => webcrypto.subtle.verify(link.alg, link.key, link.signature, link.tbs);
for (const [name, one] of [['x509', x509], ['subtle', subtle], ['jsrsasign', jsrsasign]]) {
  await rate(0.2, one);
  console.log(`+NODE:${name}:${(await rate(Number(seconds), one)).toFixed(1)}`);
}
