#!/usr/bin/env node
// A build step for a Java service and its docs: turn a CA bundle into the files every client
// wants (PEM, JKS, PKCS#12) and a Markdown page of connection snippets for five clients.
//
//   npm install dbcert
//   node build-script.mjs [CA_BUNDLE] [OUT_DIR]
//
// CA_BUNDLE defaults to the system's Mozilla bundle; OUT_DIR to ./dist/certs. DB_HOST and
// TRUSTSTORE_PASSWORD (default changeit) come from the environment. Heavy work runs through the
// async variants, off the event loop.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { clients, convertAsync, inspectAsync, snippet, verifyAsync } from 'dbcert';

const [bundlePath = '/etc/ssl/certs/ca-certificates.crt', outDir = 'dist/certs'] = process.argv.slice(2);
const host = process.env.DB_HOST ?? 'db.example.com';
const storePassword = process.env.TRUSTSTORE_PASSWORD ?? 'changeit';

const bundle = await readFile(bundlePath);
const report = await inspectAsync(bundle);
const check = await verifyAsync(bundle);
const expired = report.certificates.filter((c) => Date.parse(c.notAfter) < Date.now()).length;
console.log(
  `${bundlePath}: ${report.format}, ${report.certificates.length} certificates (${expired} expired), chains ${check.valid ? 'valid' : `with ${check.errors.length} problems`}`,
);

// CA certificates only, each once, none expired: what a truststore should hold.
const keep = { dedupe: true, onlyCa: true, skipExpired: true };
const [pem, jks, p12] = await Promise.all([
  convertAsync(bundle, { to: 'pem', ...keep }),
  convertAsync(bundle, { to: 'jks', outPassword: storePassword, ...keep }),
  convertAsync(bundle, { to: 'pkcs12', outPassword: storePassword, ...keep }),
]);
await mkdir(outDir, { recursive: true });
const files = { pem: join(outDir, 'ca.pem'), jks: join(outDir, 'truststore.jks'), p12: join(outDir, 'truststore.p12') };
await Promise.all([writeFile(files.pem, pem), writeFile(files.jks, jks), writeFile(files.p12, p12)]);

// Five clients, VERIFY_IDENTITY, pointing at the files just written.
const wanted = ['mysql-cli', 'jdbc', 'pymysql', 'mysql2', 'go-sql-driver'];
const known = new Map(clients().map((c) => [c.id, c]));
const sections = wanted.map((id) => {
  const info = known.get(id);
  if (!info) throw new Error(`dbcert has no snippet for ${id}`);
  const s = snippet({
    client: id,
    mode: 'VERIFY_IDENTITY',
    host,
    user: 'app',
    ca: resolve(files.pem),
    caFormat: 'pem',
    truststore: resolve(files.jks),
    truststoreType: 'jks',
    truststorePassword: '${TRUSTSTORE_PASSWORD}',
  });
  const lines = [`## ${info.name}`, '', info.description, '', '```' + s.language, s.code.trimEnd(), '```'];
  if (!s.supported) lines.push('', `> ${info.name} cannot express ${s.mode}; this is ${s.alternative ?? 'the nearest safe mode'}.`);
  for (const w of s.warnings) lines.push('', `> **${w.code}**: ${w.message}`);
  for (const n of s.notes) lines.push('', `- ${n}`);
  return lines.join('\n');
});
const page = [
  `# Connecting to ${host} with TLS`,
  '',
  `The CA bundle (${report.certificates.length} certificates in ${bundlePath}) as PEM, JKS and PKCS#12, and the settings for five clients.`,
  '',
  ...sections.flatMap((s) => [s, '']),
].join('\n');
await writeFile(join(outDir, 'connecting.md'), page);

for (const [what, bytes] of [['pem', pem], ['jks', jks], ['p12', p12]]) {
  console.log(`wrote ${files[what]} (${bytes.length} bytes)`);
}
console.log(`wrote ${join(outDir, 'connecting.md')} (${wanted.length} clients)`);
