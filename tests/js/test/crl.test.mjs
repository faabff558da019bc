// The `crl` option of verify and the `crls` section of inspect (npm/types/dbcert.d.ts), against
// the binding DBCERT_BINDING picks, on the CRL fixtures of crates/dbcert-core/tests/data/crl
// (verified at 2030-01-01, inside the CRLs' validity).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { dbcert, name } from '../binding.mjs';
import { read } from '../fixtures.mjs';

const { verify, inspect } = dbcert;
const crl = (f) => read(`crates/dbcert-core/tests/data/crl/${f}`);
const at = '2030-01-01T00:00:00Z';
const ca = crl('rsa-root.pem');
const chain = (leaf) => Buffer.concat([crl(leaf), crl('rsa-int.pem')]);

describe(`crl [${name}]`, () => {
  test('one file, an array of files (Buffer, Uint8Array, string): a revoked leaf fails with the date and reason', () => {
    for (const files of [
      crl('rsa-chain.crls.pem'),
      crl('rsa-chain.crls.pem').toString('utf8'),
      [crl('rsa-root.crl.pem'), new Uint8Array(crl('rsa-int.crl'))],
    ]) {
      const r = verify(chain('rsa-revoked.pem'), { ca, at, crl: files });
      assert.equal(r.valid, false);
      assert.deepEqual(r.errors.map((f) => [f.code, f.certificate]), [['revoked', 0]]);
      assert.match(r.errors[0].message, /keyCompromise/);
      assert.match(r.errors[0].message, /2029-03-01T00:00:00Z/);
    }
    const good = verify(chain('rsa-good.pem'), { ca, at, crl: crl('rsa-chain.crls.pem') });
    assert.equal(good.valid, true);
    // Without crl, nothing is checked.
    assert.equal(verify(chain('rsa-revoked.pem'), { ca, at }).valid, true);
  });

  test('each CRL finding code', () => {
    const cases = [
      [['rsa-int.crl.pem'], 'crl_missing', 1],
      [['rsa-root.crl.pem', 'rsa-int-expired.crl.pem'], 'crl_expired', 0],
      [['rsa-root.crl.pem', 'rsa-int-notyet.crl.pem'], 'crl_not_yet_valid', 0],
      [['rsa-root.crl.pem', 'rsa-int-badsig.crl.pem'], 'crl_bad_signature', 0],
    ];
    for (const [files, code, certificate] of cases) {
      const r = verify(chain('rsa-good.pem'), { ca, at, crl: files.map(crl) });
      assert.deepEqual(r.errors.map((f) => [f.code, f.certificate]), [[code, certificate]], files.join());
    }
  });

  test('clients: a client that cannot check a CRL connects to a revoked leaf with a revocation_not_checked caveat', () => {
    const r = verify(chain('rsa-revoked.pem'), { ca, at, crl: crl('rsa-chain.crls.pem'), clients: ['mysql2', 'mysql-cli'] });
    const [mysql2, cli] = ['mysql2', 'mysql-cli'].map((id) => r.clients.find((c) => c.client === id && c.mode === 'VERIFY_CA'));
    assert.equal(mysql2.verdict, 'connects');
    assert.deepEqual(mysql2.codes, []);
    assert.equal(mysql2.caveats.length, 1);
    const [c] = mysql2.caveats;
    assert.deepEqual([c.code, c.unseen], ['revocation_not_checked', ['revoked']]);
    assert.ok(c.message.endsWith(r.errors[0].message), c.message);
    assert.deepEqual([cli.verdict, cli.codes, cli.caveats], ['refuses', ['revoked'], []]);
    // Nothing to see, nothing to say: a good leaf has no caveat.
    const good = verify(chain('rsa-good.pem'), { ca, at, crl: crl('rsa-chain.crls.pem'), clients: ['mysql2'] });
    assert.deepEqual(good.clients.map((v) => v.caveats), [[], []]);
  });

  test('a delta CRL is ignored with a delta_crl_ignored warning', () => {
    const files = ['rsa-root.crl.pem', 'rsa-int.crl.pem', 'rsa-int-delta.crl.pem'].map(crl);
    // Revoked only in the delta CRL: valid, as the clients' OpenSSL 3.0.22+ decides.
    const r = verify(chain('rsa-delta-revoked.pem'), { ca, at, crl: files });
    assert.equal(r.valid, true);
    const delta = r.warnings.filter((w) => w.code === 'delta_crl_ignored');
    assert.equal(delta.length, 1);
    assert.equal(delta[0].certificate, null);
    assert.match(delta[0].message, /^CRL #3 is a delta CRL \(on base CRL number 01\)/);
    const complete = verify(chain('rsa-good.pem'), { ca, at, crl: files.slice(0, 2) });
    assert.equal(complete.warnings.filter((w) => w.code === 'delta_crl_ignored').length, 0);
  });

  test('a crl file without a CRL throws malformed_crl', () => {
    assert.throws(() => verify(chain('rsa-good.pem'), { ca, at, crl: ca }), (e) => e.code === 'malformed_crl');
  });

  test('inspect lists the CRLs of a file', () => {
    const r = inspect(crl('rsa-int-crl.p7b'));
    assert.equal(r.certificates.length, 2);
    assert.equal(r.crls.length, 1);
    const c = r.crls[0];
    assert.equal(c.crlNumber, '01');
    assert.equal(c.nextUpdate, '2030-06-01T00:00:00Z');
    assert.equal(c.revoked.length, 3);
    assert.ok(c.revoked.some((e) => e.reason === 'keyCompromise' && e.invalidityDate === '2029-02-15T00:00:00Z'));
    assert.equal(inspect(crl('rsa-good.pem')).crls, undefined);
  });
});
