// `tsc --noEmit -p types` (run by `cargo xtask test`): the two built packages, resolved through
// their package.json `exports` like a user's project would (xtask links them into
// types/node_modules), expose exactly the API of the hand-written contract npm/types/dbcert.d.ts,
// for `import` and for `require`, and a typical use of every function type-checks.
import * as node from 'dbcert';
import * as wasm from 'dbcert-wasm';
import * as bundler from 'dbcert-wasm/bundler';
import init, { initSync } from 'dbcert-wasm/web';
import * as web from 'dbcert-wasm/web';
import nodeCjs = require('dbcert');
import wasmCjs = require('dbcert-wasm');
import type * as C from '../../../npm/types/dbcert.js';

type Api = typeof import('../../../npm/types/dbcert.js');
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact = <T extends true>(_: T) => _;

// Each package is the contract: nothing missing, nothing extra, the same signatures.
exact<Same<typeof node, Api>>(true);
exact<Same<typeof wasm, Api>>(true);
exact<Same<typeof bundler, Api>>(true);
exact<Same<typeof nodeCjs, Api>>(true);
exact<Same<typeof wasmCjs, Api>>(true);
exact<Same<Omit<typeof web, 'default' | 'initSync' | 'InitInput'>, Api>>(true);

async function use(d: Api, bytes: Uint8Array): Promise<void> {
  const f: C.Format = d.detectFormat(bytes);
  const r: C.InspectReport = d.inspect('-----BEGIN CERTIFICATE-----', { password: 'changeit' });
  const c: C.CertificateInfo | undefined = r.certificates[0];
  const n: number | null = c ? c.keyBits : null;
  const out: Uint8Array = d.convert(bytes, { to: 'jks', outPassword: 'changeit', alias: ['a', 'b'], entryDate: '2026-01-01T00:00:00Z' });
  const p12: Uint8Array = await d.convertAsync(out, { to: 'pkcs12', outPassword: 'x', seed: '00'.repeat(32), iterations: 2048 });
  const v: C.VerifyReport = await d.verifyAsync(bytes, { ca: p12, host: 'db', at: '2027-01-01T00:00:00Z', caPassword: 'x' });
  const first: C.FindingCode | undefined = v.errors[0]?.code;
  const go: C.ClientConnects | undefined = d.verify(bytes, { clients: ['go-sql-driver@1.26', 'mysql-cli'] }).clients[0];
  const refused: 'connects' | 'refuses' | 'unknown' | undefined = go?.verdict;
  const caveat: C.ClientCaveat | undefined = d.verify(bytes, { crl: [bytes] }).clients[0]?.caveats[0];
  const unseen: C.FindingCode[] | undefined = caveat?.code === 'revocation_not_checked' ? caveat.unseen : undefined;
  void [refused, unseen];
  const s: C.Snippet = d.snippet({ client: 'mysql-cli', mode: 'VERIFY_IDENTITY', host: 'db', tlsVersions: ['TLSv1.3'] });
  const ids: string[] = d.clients().map((x) => x.id);
  const again: C.InspectReport = await d.inspectAsync(bytes);
  const advice: C.Advice = d.advise({ provider: 'alibaba-rds', serverVersion: '8.0', minorVersion: '20241130', clients: ['jdbc@8.0.18'] });
  const breaks: C.ClientStatus | undefined = advice.clients[0]?.afterRecommendations;
  const tls13: C.Status | undefined = advice.supported.tlsVersions.find((t) => t.version === 'TLSv1.3')?.status;
  const cloud: C.RecognisedCa[] | undefined = again.providers;
  const withChain: C.Advice = d.advise({ provider: 'mysql', serverVersion: '8.0.36', clients: ['go-sql-driver'], chain: bytes, ca: 'PEM', host: 'db.example.com', at: '2030-01-01T00:00:00Z' });
  const certificate: C.ClientConnects | undefined = withChain.clients[0]?.certificate;
  void [breaks, tls13, cloud, certificate];
  // @ts-expect-error `serverVersion` is required
  d.advise({ provider: 'aws-rds' });
  try {
    d.inspect('');
  } catch (e) {
    const code: C.ErrorCode = (e as C.DbcertError).code;
    void code;
  }
  // @ts-expect-error `to` is required
  d.convert(bytes, {});
  // @ts-expect-error unknown option
  d.inspect(bytes, { pasword: 'typo' });
  // @ts-expect-error not an input
  d.detectFormat(42);
  void [f, n, s, ids, again, first];
}

// The Node addon takes Buffers (a Uint8Array) too; the web entry needs init first.
await use(node, Buffer.from('x'));
await use(wasm, new Uint8Array(1));
await init();
await init({ module_or_path: new URL('https://example.invalid/dbcert_wasm_bg.wasm') });
initSync({ module: new Uint8Array(8) });
