// advise(): the server-side TLS advisor through the JS API, and the cloud CAs inspect() names.
// The knowledge itself is proved fact by fact in crates/dbcert-core/tests/advise.rs; this file
// proves the JS surface carries it whole (same model, sources, codes) on both bindings.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import { dbcert, name } from '../binding.mjs';
import { mozilla } from '../fixtures.mjs';

const { advise, inspect, clients } = dbcert;

function throwsCode(f, code, pattern) {
  let err;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `expected an Error with code ${code}, got ${err}`);
  assert.equal(err.code, code, err.message);
  if (pattern) assert.match(err.message, pattern);
}

/** Every item of an advice that cites a source, with where it sits. */
function sourced(a) {
  return [
    ['supported.ssl', a.supported.ssl],
    ['supported.forcedSsl', a.supported.forcedSsl],
    ...a.supported.tlsVersions.map((t) => [`tls ${t.version}`, t]),
    ...a.recommendations.map((r) => [`recommendation ${r.id}`, r]),
    ...a.operations.map((o) => [`operation ${o.id}`, o]),
    ...a.checks.map((c) => [`check ${c.id}`, c]),
    ...a.notes.map((n) => [`note ${n.id}`, n]),
    ...a.clients.flatMap((c) => c.problems.map((p) => [`${c.spec} ${p.code}`, p])),
  ];
}

const tls = (a, v) => a.supported.tlsVersions.find((t) => t.version === v)?.status;
const op = (a, id) => a.operations.find((o) => o.id === id);

describe(`advise [${name}]`, () => {
  test('ApsaraDB RDS: support by version and edition', () => {
    const cases = [
      ['8.0', 'basic', 'yes'],
      ['8.0', 'cluster', 'yes'],
      ['5.7', 'high-availability', 'yes'],
      ['5.6', 'high-availability', 'yes'],
      ['5.6', 'basic', 'no'],
    ];
    for (const [serverVersion, edition, want] of cases) {
      const a = advise({ provider: 'alibaba-rds', serverVersion, edition });
      assert.equal(a.supported.ssl.status, want, `${serverVersion} ${edition}: ${a.supported.ssl.text}`);
      assert.equal(a.provider, 'alibaba-rds');
      assert.equal(a.server.edition, edition);
    }
  });

  test('ApsaraDB RDS: forced SSL, TLS versions, certificate update by version', () => {
    const old = advise({ provider: 'alibaba-rds', serverVersion: '8.0', minorVersion: '20240101' });
    const recent = advise({ provider: 'alibaba-rds', serverVersion: '8.0', minorVersion: '20241130' });
    assert.equal(old.supported.forcedSsl.status, 'no');
    assert.equal(recent.supported.forcedSsl.status, 'yes');
    assert.equal(tls(recent, 'TLSv1.3'), 'yes');
    assert.equal(tls(advise({ provider: 'alibaba-rds', serverVersion: '8.0', minorVersion: '20221130' }), 'TLSv1.3'), 'no');
    assert.equal(tls(advise({ provider: 'alibaba-rds', serverVersion: '5.7', minorVersion: '20241130' }), 'TLSv1.3'), 'no');
    assert.equal(op(recent, 'update_certificate').restart, 'no');
    assert.equal(op(advise({ provider: 'alibaba-rds', serverVersion: '5.7' }), 'update_certificate').restart, 'yes');
    assert.equal(op(recent, 'enable_ssl').switchover, 'yes');
  });

  test('a client that would break is named with its fix', () => {
    const a = advise({ provider: 'alibaba-rds', serverVersion: '5.7', minorVersion: '20240101', sslCipher: '', clients: ['jdbc@8.0.18', 'pymysql'] });
    const [jdbc, pymysql] = a.clients;
    assert.deepEqual([jdbc.spec, jdbc.client, jdbc.version], ['jdbc@8.0.18', 'jdbc', '8.0.18']);
    assert.deepEqual([jdbc.status, jdbc.afterRecommendations], ['breaks', 'breaks']);
    assert.equal(jdbc.problems[0].code, 'connectorj_tls_downgrade');
    assert.match(jdbc.problems[0].fix, /enabledTLSProtocols=TLSv1\.2/);
    assert.deepEqual([pymysql.status, pymysql.problems], ['ok', []]);
    const cipher = a.recommendations.find((r) => r.id === 'ssl_cipher');
    assert.ok(cipher === undefined || cipher.setting === null || typeof cipher.setting.value === 'string');
  });

  test('every provider: every item cites an https source, checks name SQL to run', () => {
    const ids = clients().map((c) => c.id);
    for (const [provider, serverVersion] of [
      ['alibaba-rds', '8.0'],
      ['aws-rds', '8.0.36'],
      ['azure-flexible', '8.0'],
      ['gcp-cloudsql', '8.0'],
      ['self-managed', '8.0.36'],
      ['mariadb', '10.11.6-MariaDB'],
    ]) {
      const a = advise({ provider, serverVersion, clients: ids.slice(0, 6) });
      assert.equal(typeof a.providerName, 'string');
      const items = sourced(a);
      assert.ok(items.length > 5, `${provider}: ${items.length} items`);
      for (const [where, item] of items) {
        assert.match(item.source, /^https:\/\//, `${provider} ${where}`);
        assert.ok(item.text === undefined || item.text.length > 0, `${provider} ${where}`);
      }
      assert.ok(a.checks.some((c) => c.kind === 'sql' && /Ssl_version/.test(c.command)), provider);
      assert.equal(a.clients.length, 6);
    }
  });

  test('errors are coded', () => {
    throwsCode(() => advise(), 'invalid_option', /advise needs options/);
    throwsCode(() => advise({ provider: 'nope', serverVersion: '8.0' }), 'invalid_option', /nope/);
    throwsCode(() => advise({ provider: 'aws-rds', serverVersion: 'eight' }), 'invalid_option');
    throwsCode(() => advise({ provider: 'aws-rds', serverVersion: '8.0', edition: 'basic' }), 'invalid_option', /edition/);
    throwsCode(() => advise({ provider: 'alibaba-rds', serverVersion: '8.0', minorVersion: '2024' }), 'invalid_option');
    throwsCode(() => advise({ provider: 'aws-rds', serverVersion: '8.0', clients: ['nope@1'] }), 'invalid_option', /nope/);
    throwsCode(() => advise({ provider: 'aws-rds', serverVersion: '8.0', serverversion: '8.0' }), 'invalid_option');
  });
});

describe(`inspect names cloud CAs [${name}]`, () => {
  test('the system bundle: recognised certificates agree with their own fields', { skip: !existsSync(mozilla) && `${mozilla} is missing: apt-get install ca-certificates` }, () => {
    const r = inspect(readFileSync(mozilla));
    assert.ok(Array.isArray(r.providers), 'the Mozilla bundle holds the Azure roots');
    assert.ok(r.providers.some((p) => p.provider === 'azure-flexible'));
    for (const p of r.providers) {
      const c = r.certificates[p.index];
      assert.equal(p.commonName, c.commonName, `#${p.index}`);
      assert.equal(p.notAfter, c.notAfter, `#${p.index}`);
      assert.match(p.source, /^https:\/\//);
    }
  });

  test('a bundle with no cloud CA has no providers key', () => {
    const r = inspect(readFileSync(new URL('../../../crates/dbcert-core/tests/data/bundles/chain.pem', import.meta.url)));
    assert.equal('providers' in r, false);
  });
});

describe(`advise with the server certificate chain [${name}]`, () => {
  // A CN-only leaf (tests/data/stack-chains): Go's crypto/x509 ignores the CN, OpenSSL does not.
  const file = (f) => readFileSync(new URL(`../../data/stack-chains/${f}`, import.meta.url));
  const base = {
    provider: 'mysql',
    serverVersion: '8.0.36',
    clients: ['go-sql-driver', 'mysql-cli@8.0.36'],
    at: '2030-01-01T00:00:00Z',
  };
  const clientOf = (a, spec) => a.clients.find((c) => c.spec === spec);

  test('go-sql-driver refuses the certificate in VERIFY_IDENTITY, the mysql CLI connects', () => {
    const a = advise({ ...base, chain: file('cn-only.chain.pem'), ca: file('cn-only.ca.pem'), host: 'db.dbcert.test' });
    const go = clientOf(a, 'go-sql-driver');
    assert.equal(go.status, 'breaks');
    assert.equal(go.afterRecommendations, 'breaks');
    assert.equal(go.certificate.mode, 'VERIFY_IDENTITY');
    assert.equal(go.certificate.verdict, 'refuses');
    assert.deepEqual(go.certificate.codes, ['cn_only']);
    const p = go.problems.find((x) => x.code === 'cn_only');
    assert.match(p.text, /^In VERIFY_IDENTITY, go-sql-driver@1\.27 refuses the server certificate: .*Common Name only/);
    assert.equal(p.fix, 'Reissue it with subjectAltName=DNS:db.dbcert.test.');
    const cli = clientOf(a, 'mysql-cli@8.0.36');
    assert.equal(cli.certificate.verdict, 'connects');
    assert.equal(cli.status, 'ok');
    for (const [where, item] of sourced(a)) assert.match(item.source, /^https:\/\//, where);
  });

  test('the chain as PEM text is read as its bytes; without host, VERIFY_CA (Go connects)', () => {
    const text = file('cn-only.chain.pem').toString('utf8');
    const a = advise({ ...base, chain: text, ca: file('cn-only.ca.pem').toString('utf8') });
    const go = clientOf(a, 'go-sql-driver');
    assert.equal(go.certificate.mode, 'VERIFY_CA');
    assert.equal(go.certificate.verdict, 'connects');
    assert.equal(go.status, 'ok');
    // Without `at`, the JS clock (the chain is valid from 2020 to 2049).
    const { at: _, ...now } = base;
    const b = advise({ ...now, chain: text, ca: file('cn-only.ca.pem'), host: 'db.dbcert.test' });
    assert.equal(clientOf(b, 'go-sql-driver').certificate.verdict, 'refuses');
  });

  test('without chain: no certificate verdict; ca, host and at need the chain', () => {
    const { at: _, ...noAt } = base;
    const a = advise(noAt);
    assert.equal('certificate' in a.clients[0], false);
    throwsCode(() => advise(base), 'invalid_option', /^invalid options: at applies|at applies/);
    throwsCode(() => advise({ ...noAt, host: 'db.dbcert.test' }), 'invalid_option', /host applies to the server's certificate chain/);
    throwsCode(() => advise({ provider: 'mysql', serverVersion: '8.0.36', ca: file('cn-only.ca.pem') }), 'invalid_option', /ca applies/);
    throwsCode(() => advise({ ...base, chain: 'not a chain' }), 'unknown_format');
  });
});
