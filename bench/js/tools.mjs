// What each JavaScript tool does in each workload (BENCHMARKS.md says the same in words). Each
// tool maps a workload id to `prepare(data)`, which reads its input (untimed) and returns
// `{ run, check }`: `run()` is the timed work, from the input bytes to the result; `check(last)`
// (untimed) turns the last result into what the harness verifies: `{ count, digest }` for
// inspect workloads (SHA-256 over the certificates' SHA-256 fingerprints, lowercase hex, one a
// line, in input order), `{ count, bytes }` for conversions (the output file, read back by
// openssl or keytool), `{ count, digest: 'valid' }` for verify.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const PASSWORD = 'changeit';
/** Every certificate block of a PEM text (also used by node-speed.mjs). */
export const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

const sha256hex = (bytes) => createHash('sha256').update(bytes).digest('hex');
const fingerprintDigest = (fps) => ({ count: fps.length, digest: sha256hex(fps.map((f) => f.toLowerCase().replace(/:/g, '')).join('\n')) });
const INSPECT_INPUT = { w1: 'bundle.pem', w7: 'bundle-x10.pem' };
const read = (data, name) => readFileSync(join(data, name));

/** dbcert through one of its JS packages (`api` has the contract of npm/types/dbcert.d.ts). */
function dbcert(api) {
  const inspectW = (file) => (data) => {
    const input = read(data, file);
    return {
      run: () => api.inspect(input),
      check: (r) => fingerprintDigest(r.certificates.map((c) => c.fingerprintSha256)),
    };
  };
  const convertW = (file, options) => (data) => {
    const input = read(data, file);
    return { run: () => api.convert(input, options), check: (out) => ({ bytes: out }) };
  };
  const verifyW = (kind) => (data) => {
    const chain = read(data, `${kind}/chain.pem`);
    const ca = read(data, `${kind}/root.pem`);
    return {
      run: () => api.verify(chain, { ca }),
      check: (r) => ({ count: r.chain.length + (r.anchor ? 1 : 0), digest: r.valid ? 'valid' : `invalid ${JSON.stringify(r.errors)}` }),
    };
  };
  return {
    w1: inspectW(INSPECT_INPUT.w1),
    w7: inspectW(INSPECT_INPUT.w7),
    w2: convertW('bundle.pem', { to: 'p7b' }),
    w3: convertW('bundle.p7b', { to: 'pem' }),
    w4: convertW('bundle.jks', { to: 'pem', password: PASSWORD }),
    w5: convertW('bundle.pem', { to: 'jks', outPassword: PASSWORD }),
    'w6-rsa': verifyW('rsa'),
    'w6-ec': verifyW('ec'),
  };
}

/** Loads the Node addon through npm/dbcert's loader, and proves it is the native binding. */
function dbcertNode() {
  const api = require('../../npm/dbcert/index.js');
  const native = require(`../../npm/dbcert/dbcert.${process.platform}-${process.arch}-gnu.node`);
  // `detectFormat` takes no options, so the loader hands out the addon's own function
  // (the others go through its options guard, npm/dbcert/options.js).
  if (api.detectFormat !== native.detectFormat) throw new Error('npm/dbcert loaded the wasm fallback, not the native addon');
  return dbcert(api);
}

/** Node's crypto.X509Certificate (OpenSSL inside Node): one object per PEM block. */
function nodeCrypto() {
  const inspectW = (file) => (data) => {
    const text = read(data, file).toString('latin1');
    return {
      run: () =>
        text.match(PEM_BLOCK).map((pem) => {
          const c = new X509Certificate(pem);
          const key = c.publicKey;
          const d = key.asymmetricKeyDetails;
          return { subject: c.subject, issuer: c.issuer, serial: c.serialNumber, notBefore: c.validFrom, notAfter: c.validTo, fp: c.fingerprint256, keyType: key.asymmetricKeyType, keySize: d.modulusLength ?? d.namedCurve };
        }),
      check: (r) => fingerprintDigest(r.map((c) => c.fp)),
    };
  };
  const verifyW = (kind) => (data) => {
    const [chain, root] = [read(data, `${kind}/chain.pem`), read(data, `${kind}/root.pem`)].map((b) => b.toString('latin1'));
    return {
      run: () => {
        const [leaf, inter] = chain.match(PEM_BLOCK).map((p) => new X509Certificate(p));
        const anchor = new X509Certificate(root);
        return [leaf.checkIssued(inter) && leaf.verify(inter.publicKey), inter.checkIssued(anchor) && inter.verify(anchor.publicKey)];
      },
      check: (r) => ({ count: 3, digest: r.every(Boolean) ? 'valid' : 'invalid' }),
    };
  };
  return { w1: inspectW(INSPECT_INPUT.w1), w7: inspectW(INSPECT_INPUT.w7), 'w6-rsa': verifyW('rsa'), 'w6-ec': verifyW('ec') };
}

/** node-forge (pure JavaScript). It reads RSA keys only: other certificates throw, and are counted. */
function nodeForge() {
  const forge = require('node-forge');
  const parse = (pem) => {
    const der = forge.pem.decode(pem)[0].body;
    return { der, cert: forge.pki.certificateFromAsn1(forge.asn1.fromDer(der)) };
  };
  const inspectW = (file) => (data) => {
    const text = read(data, file).toString('latin1');
    return {
      run: () => {
        const out = { ok: [], failed: 0, error: '' };
        for (const pem of text.match(PEM_BLOCK)) {
          try {
            const { der, cert: c } = parse(pem);
            const attrs = (n) => n.attributes.map((a) => `${a.shortName ?? a.type}=${a.value}`).join(', ');
            const fp = forge.md.sha256.create().update(der).digest().toHex();
            out.ok.push({ subject: attrs(c.subject), issuer: attrs(c.issuer), serial: c.serialNumber, notBefore: c.validity.notBefore, notAfter: c.validity.notAfter, fp, keyBits: c.publicKey.n.bitLength() });
          } catch (e) {
            out.failed++;
            out.error = e.message;
          }
        }
        return out;
      },
      check: (r) => ({ ...fingerprintDigest(r.ok.map((c) => c.fp)), failed: r.failed, error: r.error }),
    };
  };
  return {
    w1: inspectW(INSPECT_INPUT.w1),
    w7: inspectW(INSPECT_INPUT.w7),
    w2: (data) => {
      const text = read(data, 'bundle.pem').toString('latin1');
      return {
        run: () => {
          const p7 = forge.pkcs7.createSignedData();
          let failed = 0;
          let error = '';
          for (const pem of text.match(PEM_BLOCK)) {
            try {
              p7.addCertificate(parse(pem).cert);
            } catch (e) {
              failed++;
              error = e.message;
            }
          }
          return { bytes: Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'), failed, error };
        },
        check: (r) => r,
      };
    },
    w3: (data) => {
      const bin = read(data, 'bundle.p7b').toString('binary');
      return {
        run: () => {
          const msg = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(bin));
          return Buffer.from(msg.certificates.map((c) => forge.pki.certificateToPem(c)).join(''), 'latin1');
        },
        check: (out) => ({ bytes: out }),
      };
    },
    'w6-rsa': (data) => {
      const [chain, root] = [read(data, 'rsa/chain.pem'), read(data, 'rsa/root.pem')].map((b) => b.toString('latin1'));
      return {
        run: () => {
          const certs = chain.match(PEM_BLOCK).map((p) => forge.pki.certificateFromPem(p));
          const store = forge.pki.createCaStore([forge.pki.certificateFromPem(root)]);
          return forge.pki.verifyCertificateChain(store, certs);
        },
        check: (ok) => ({ count: 3, digest: ok ? 'valid' : 'invalid' }),
      };
    },
    'w6-ec': (data) => {
      const chain = read(data, 'ec/chain.pem').toString('latin1');
      return { run: () => chain.match(PEM_BLOCK).map((p) => forge.pki.certificateFromPem(p)), check: () => ({ count: 3, digest: 'valid' }) };
    },
  };
}

/** @peculiar/x509 (asn1js + WebCrypto; needs the reflect-metadata polyfill). Async: fingerprints and signatures go through WebCrypto. */
function peculiar() {
  require('reflect-metadata');
  const x509 = require('@peculiar/x509');
  x509.cryptoProvider.set(globalThis.crypto);
  const inspectW = (file) => (data) => {
    const text = read(data, file).toString('latin1');
    return {
      run: async () => {
        const out = [];
        for (const pem of text.match(PEM_BLOCK)) {
          const c = new x509.X509Certificate(pem);
          const alg = c.publicKey.algorithm;
          const fp = Buffer.from(await c.getThumbprint('SHA-256')).toString('hex');
          out.push({ subject: c.subject, issuer: c.issuer, serial: c.serialNumber, notBefore: c.notBefore, notAfter: c.notAfter, fp, key: alg.name, size: alg.modulusLength ?? alg.namedCurve });
        }
        return out;
      },
      check: (r) => fingerprintDigest(r.map((c) => c.fp)),
    };
  };
  const verifyW = (kind) => (data) => {
    const [chain, root] = [read(data, `${kind}/chain.pem`), read(data, `${kind}/root.pem`)].map((b) => b.toString('latin1'));
    return {
      run: async () => {
        const [leaf, inter] = chain.match(PEM_BLOCK).map((p) => new x509.X509Certificate(p));
        const anchor = new x509.X509Certificate(root);
        return [await leaf.verify({ publicKey: inter.publicKey, signatureOnly: true }), await inter.verify({ publicKey: anchor.publicKey, signatureOnly: true })];
      },
      check: (r) => ({ count: 3, digest: r.every(Boolean) ? 'valid' : 'invalid' }),
    };
  };
  return {
    w1: inspectW(INSPECT_INPUT.w1),
    w7: inspectW(INSPECT_INPUT.w7),
    w2: (data) => {
      const text = read(data, 'bundle.pem').toString('latin1');
      return {
        run: () => Buffer.from(new x509.X509Certificates(text.match(PEM_BLOCK).map((p) => new x509.X509Certificate(p))).export('raw')),
        check: (out) => ({ bytes: out }),
      };
    },
    w3: (data) => {
      const p7b = read(data, 'bundle.p7b');
      return { run: () => Buffer.from(new x509.X509Certificates(p7b).export('pem'), 'latin1'), check: (out) => ({ bytes: out }) };
    },
    'w6-rsa': verifyW('rsa'),
    'w6-ec': verifyW('ec'),
  };
}

/** jsrsasign (pure JavaScript: its own ASN.1, BigInteger RSA and ECDSA), the most used JavaScript
 * X.509 library that verifies RSA and ECDSA signatures. W6: both links, `X509.verifySignature` with
 * the issuer's `getPublicKey()`, certificates parsed in the timed call. */
function jsrsasign() {
  const rs = require('jsrsasign');
  const cert = (pem) => {
    const x = new rs.X509();
    x.readCertPEM(pem);
    return x;
  };
  const verifyW = (kind) => (data) => {
    const [chain, root] = [read(data, `${kind}/chain.pem`), read(data, `${kind}/root.pem`)].map((b) => b.toString('latin1'));
    return {
      run: () => {
        const [leaf, inter] = chain.match(PEM_BLOCK).map(cert);
        const anchor = cert(root.match(PEM_BLOCK)[0]);
        return [leaf.verifySignature(inter.getPublicKey()), inter.verifySignature(anchor.getPublicKey())];
      },
      check: (r) => ({ count: 3, digest: r.every(Boolean) ? 'valid' : 'invalid' }),
    };
  };
  return { 'w6-rsa': verifyW('rsa'), 'w6-ec': verifyW('ec') };
}

/** jks-js: reads JKS (and PKCS#12) into PEM; it writes nothing. */
function jksJs() {
  const jks = require('jks-js');
  return {
    w4: (data) => {
      const input = read(data, 'bundle.jks');
      return {
        run: () => Buffer.from(Object.values(jks.toPem(input, PASSWORD)).map((e) => e.ca).join('\n'), 'latin1'),
        check: (out) => ({ bytes: out }),
      };
    },
  };
}

/** Every JavaScript tool, by the id the harness uses. */
export const TOOLS = {
  'dbcert-node': dbcertNode,
  'dbcert-wasm': () => dbcert(require('../../npm/dbcert-wasm/index.cjs')),
  'node:crypto': nodeCrypto,
  'node-forge': nodeForge,
  '@peculiar/x509': peculiar,
  jsrsasign,
  'jks-js': jksJs,
};
