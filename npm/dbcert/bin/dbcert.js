#!/usr/bin/env node
'use strict';
// `npx dbcert …`: the commands of the Rust CLI (inspect, convert, verify, snippet) with the same
// flags, exit codes (0 ok, 1 a check failed, 2 bad input or usage, 3 verify: depends on the
// client) and `--json` models, over the
// same core through the Node addon (or its wasm fallback). Argument parsing and output only.

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const dbcert = require('..');
const clientTable = require('./client-table.js');

const OK = 0;
const CHECK_FAILED = 1;
const BAD_INPUT = 2;
const DEPENDS_ON_CLIENT = 3;
const STATUS = { passes: 'PASSES', fails: 'FAILS', depends_on_client: 'DEPENDS ON THE CLIENT' };

const USAGE = `dbcert: certificates and settings for encrypted MySQL connections

usage:
  dbcert inspect [FILE] [--password PW] [--json]
  dbcert convert FILE --to pem|der|p7b|p7b-pem|jks|pkcs12 [-o OUT] [--password PW] [--out-password PW]
                 [--alias NAME]... [--index N] [--skip-expired] [--dedupe] [--only-ca] [--at TIME]
                 [--entry-date TIME] [--seed HEX] [--iterations N] [--include-key [--no-encrypt-key]]
  dbcert verify [FILE] [--ca FILE] [--host NAME] [--at TIME] [--expires-soon-days N]
                [--leaf N] [--no-server-auth] [--max-chain-depth N] [--crl FILE]...
                [--client ID[@VERSION]]... [--password PW] [--ca-password PW] [--json]
  dbcert snippet --client ID --mode MODE [--host H] [--port N] [--user U] [--database DB] [--ca FILE]
                 [--truststore FILE] [--truststore-type jks|pkcs12] [--truststore-password PW]
                 [--client-version V] [--client-library mysql|mariadb] [--server-version V]
                 [--server-flavor mysql|mariadb] [--tls-versions LIST] [--cipher C]
                 [--crl FILE] [--crl-path DIR] [--cert FILE] [--key FILE] [--keystore FILE]
                 [--keystore-type jks|pkcs12] [--keystore-password PW]
                 [--password-placeholder P] [--json]
  dbcert snippet --list [--json]

FILE is any of PEM, DER, P7B, JKS, JCEKS or PKCS#12; "-" (the default) reads standard input.`;

const str = { type: 'string' };
const flag = { type: 'boolean' };
const COMMANDS = {
  inspect: { password: str, json: flag },
  convert: {
    to: str,
    output: { type: 'string', short: 'o' },
    password: str,
    'out-password': str,
    alias: { type: 'string', multiple: true },
    index: str,
    'skip-expired': flag,
    dedupe: flag,
    'only-ca': flag,
    at: str,
    'entry-date': str,
    seed: str,
    iterations: str,
    'include-key': flag,
    'no-encrypt-key': flag,
  },
  verify: {
    ca: str,
    host: str,
    at: str,
    'expires-soon-days': str,
    leaf: str,
    'no-server-auth': flag,
    'max-chain-depth': str,
    crl: { type: 'string', multiple: true },
    client: { type: 'string', multiple: true },
    password: str,
    'ca-password': str,
    json: flag,
  },
  snippet: {
    client: str,
    mode: str,
    host: str,
    port: str,
    user: str,
    database: str,
    ca: str,
    truststore: str,
    'truststore-type': str,
    'truststore-password': str,
    'client-version': str,
    'client-library': str,
    'server-version': str,
    'server-flavor': str,
    'tls-versions': str,
    cipher: str,
    crl: str,
    'crl-path': str,
    cert: str,
    key: str,
    keystore: str,
    'keystore-type': str,
    'keystore-password': str,
    'password-placeholder': str,
    json: flag,
    list: flag,
  },
};

class Usage extends Error {}

function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? OK : BAD_INPUT;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`dbcert ${require('../package.json').version}\n`);
    return OK;
  }
  const spec = COMMANDS[command];
  if (!spec) throw new Usage(`unknown command "${command}"; expected inspect, convert, verify or snippet`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    throw new Usage(e.message);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) throw new Usage(`one FILE only, got ${positionals.join(' ')}`);
  const file = positionals[0] ?? '-';
  return { inspect, convert, verify, snippet }[command](file, v);
}

/** Reads FILE (or standard input for "-"). */
function readInput(path) {
  const name = path === '-' ? 'standard input' : path;
  try {
    return { name, bytes: fs.readFileSync(path === '-' ? 0 : path) };
  } catch (e) {
    throw new Usage(`${name}: ${e.message}`);
  }
}

/** Runs a dbcert call; a dbcert error becomes the CLI's one-line message. */
function call(name, f) {
  try {
    return f();
  } catch (e) {
    if (e && typeof e.code === 'string' && !(e instanceof Usage)) throw new Usage(`${name}: [${e.code}] ${e.message}`);
    throw e;
  }
}

const json = (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const int = (name, value) => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Usage(`--${name} takes a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
};
const warn = (warnings) => {
  for (const w of warnings) {
    const at = typeof w.certificate === 'number' ? ` (certificate #${w.certificate + 1})` : '';
    process.stderr.write(`warning [${w.code}]${at}: ${w.message}\n`);
  }
};

function inspect(file, v) {
  const input = readInput(file);
  const r = call(input.name, () => dbcert.inspect(input.bytes, { password: v.password }));
  if (v.json) {
    json(r);
    return OK;
  }
  const n = r.certificates.length;
  const lines = [`${input.name}: ${r.format.toUpperCase()}, ${n} certificate${n === 1 ? '' : 's'}`];
  if (r.integrity === 'verified') lines.push('integrity: verified with the password');
  if (r.integrity === 'not_checked') lines.push('integrity: NOT checked (no password given)');
  for (const k of r.keyEntries) {
    lines.push(`key entry: ${k.alias ?? '(no alias)'} (${k.kind}, chain of ${k.chainLength}; never decrypted or shown)`);
  }
  const now = Date.now();
  for (const c of r.certificates) {
    const days = Math.floor((Date.parse(c.notAfter) - now) / 86400000);
    const state = days < 0 ? `EXPIRED ${-days} days ago` : Date.parse(c.notBefore) > now ? 'NOT YET VALID' : `${days} days left`;
    const sans = [...c.dnsNames.map((d) => `DNS:${d}`), ...c.ipAddresses.map((i) => `IP:${i}`), ...c.emails.map((e) => `email:${e}`)];
    lines.push('', `#${c.index + 1}${c.alias ? ` alias "${c.alias}"` : ''}`);
    lines.push(`  subject:  ${c.subject}`, `  issuer:   ${c.issuer}`);
    lines.push(`  valid:    ${c.notBefore.slice(0, 10)} .. ${c.notAfter.slice(0, 10)} (${state})`);
    lines.push(`  sha256:   ${c.fingerprintSha256}`);
    lines.push(`  key:      ${c.keyAlgorithm}${c.keyBits ? ` ${c.keyBits}` : ''}${c.curve ? ` ${c.curve}` : ''}, signed ${c.signatureAlgorithm}`);
    const ca = c.isCa ? (c.pathLen === null ? 'yes' : `yes (pathLen ${c.pathLen})`) : 'no';
    lines.push(`  CA:       ${ca}${c.selfSigned ? ', self-signed' : ''}`);
    if (sans.length) lines.push(`  SANs:     ${sans.join(', ')}`);
    if (c.trusted !== undefined) {
      lines.push(`  trusted:  ${c.trusted ? 'yes (Java trusted-certificate attribute)' : 'no Java trust attribute: Java ignores this entry'}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  warn(r.warnings);
  return OK;
}

function convert(file, v) {
  if (!v.to) throw new Usage('convert needs --to pem|der|p7b|p7b-pem|jks|pkcs12');
  const binary = !['pem', 'p7b-pem'].includes(v.to.toLowerCase());
  if (binary && !v.output && process.stdout.isTTY) {
    throw new Usage(`${v.to} output is binary; write it to a file with -o FILE`);
  }
  const input = readInput(file);
  const options = {
    to: v.to,
    password: v.password,
    outPassword: v['out-password'],
    alias: v.alias ?? [],
    index: int('index', v.index),
    skipExpired: v['skip-expired'] ?? false,
    dedupe: v.dedupe ?? false,
    onlyCa: v['only-ca'] ?? false,
    at: v.at,
    entryDate: v['entry-date'],
    seed: v.seed,
    iterations: int('iterations', v.iterations),
    includeKey: v['include-key'] ?? false,
    encryptKey: !(v['no-encrypt-key'] ?? false),
  };
  if (v['no-encrypt-key'] && !v['include-key']) throw new Usage('--no-encrypt-key goes with --include-key');
  const out = call(input.name, () => dbcert.convert(input.bytes, options));
  if (v.output) {
    fs.writeFileSync(v.output, out);
    process.stderr.write(`wrote ${v.output} (${v.to}, ${out.length} bytes)\n`);
  } else {
    process.stdout.write(out);
  }
  return OK;
}

function verify(file, v) {
  const input = readInput(file);
  const ca = v.ca === undefined ? undefined : readInput(v.ca).bytes;
  const leaf = int('leaf', v.leaf);
  if (leaf === 0) throw new Usage('--leaf numbers the certificates from 1, as the output does');
  const crls = (v.crl ?? []).map((f) => readInput(f).bytes);
  const options = {
    ca,
    host: v.host,
    at: v.at,
    expiresSoonDays: int('expires-soon-days', v['expires-soon-days']),
    leaf: leaf === undefined ? undefined : leaf - 1,
    serverAuth: !v['no-server-auth'],
    maxChainDepth: int('max-chain-depth', v['max-chain-depth']),
    crl: crls.length ? crls : undefined,
    clients: v.client,
    password: v.password,
    caPassword: v['ca-password'],
  };
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  const r = call(input.name, () => dbcert.verify(input.bytes, options));
  if (v.json) {
    json(r);
  } else {
    process.stdout.write(`${input.name}: ${STATUS[r.verdict.status]}\n${r.verdict.headline}.\n`);
    for (const how of r.verdict.serverCertificateHowTo) {
      process.stdout.write(`  - ${how.text}${how.command ? `\n      ${how.command.replace('<CA file>', input.name)}` : ''}\n`);
    }
    if (r.chain.length) {
      const anchor = r.anchor ? `, anchored at ${r.anchor.source} certificate #${r.anchor.index + 1}` : '';
      process.stdout.write(`chain: ${r.chain.map((i) => `#${i + 1}`).join(' -> ')}${anchor}\n`);
    }
    for (const [kind, list] of [['error', r.errors], ['warning', r.warnings]]) {
      for (const f of list) {
        const at = f.certificate === null ? '' : ` (${f.source} certificate #${f.certificate + 1})`;
        process.stdout.write(`${kind} [${f.code}]${at}: ${f.message}\n`);
      }
    }
    if (r.clients.length) process.stdout.write(`\n${clientTable.render(r.clients, v.host)}`);
    else if (v.client) {
      process.stdout.write(`\nWill my client connect?: answered for a server certificate only; ${input.name} holds none.\n`);
    }
  }
  return { passes: OK, fails: CHECK_FAILED, depends_on_client: DEPENDS_ON_CLIENT }[r.verdict.status];
}

function snippet(_file, v) {
  if (v.list) {
    const list = dbcert.clients();
    if (v.json) json(list);
    else {
      const width = Math.max(...list.map((c) => c.id.length));
      process.stdout.write(list.map((c) => `${c.id.padEnd(width)}  ${c.description}`).join('\n') + '\n');
    }
    return OK;
  }
  if (!v.client || !v.mode) throw new Usage('--client and --mode are required (or --list)');
  const detect = (path) => {
    try {
      return path && fs.statSync(path).isFile() ? dbcert.detectFormat(fs.readFileSync(path)) : undefined;
    } catch {
      return undefined;
    }
  };
  const caFormat = detect(v.ca);
  const storeFormat = detect(v.truststore);
  const keystoreFormat = detect(v.keystore);
  const options = {
    client: v.client,
    mode: v.mode,
    host: v.host,
    port: int('port', v.port),
    user: v.user,
    database: v.database,
    passwordPlaceholder: v['password-placeholder'],
    ca: v.ca,
    caFormat,
    truststore: v.truststore,
    truststoreType:
      (v['truststore-type'] === 'p12' ? 'pkcs12' : v['truststore-type']?.toLowerCase()) ??
      (storeFormat === 'jks' || storeFormat === 'pkcs12' ? storeFormat : undefined),
    truststorePassword: v['truststore-password'],
    clientVersion: v['client-version'],
    clientLibrary: v['client-library']?.toLowerCase(),
    serverVersion: v['server-version'],
    serverFlavor: v['server-flavor']?.toLowerCase(),
    tlsVersions: v['tls-versions']?.split(',').map((s) => s.trim()).filter(Boolean),
    cipher: v.cipher,
    crl: v.crl,
    crlPath: v['crl-path'],
    cert: v.cert,
    key: v.key,
    keystore: v.keystore,
    keystoreType:
      (v['keystore-type'] === 'p12' ? 'pkcs12' : v['keystore-type']?.toLowerCase()) ??
      (keystoreFormat === 'jks' || keystoreFormat === 'pkcs12' ? keystoreFormat : undefined),
    keystorePassword: v['keystore-password'],
  };
  // Leave out what was not given, so the options object is exactly what the user asked for.
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  const s = call('snippet', () => dbcert.snippet(options));
  if (v.json) {
    json(s);
    return OK;
  }
  process.stdout.write(s.code.endsWith('\n') ? s.code : `${s.code}\n`);
  if (!s.supported) {
    process.stderr.write(`note: ${s.client} cannot express ${s.mode}${s.alternative ? `; this is ${s.alternative}` : ''}\n`);
  }
  warn(s.warnings);
  for (const n of s.notes) process.stderr.write(`note: ${n}\n`);
  return OK;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof Usage)) throw e;
  process.stderr.write(`dbcert: ${e.message}\n`);
  process.exitCode = BAD_INPUT;
}
