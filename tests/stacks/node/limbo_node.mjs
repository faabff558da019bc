// x509-limbo through Node's tls, as mysql2 3.x configures it.
//
// Input: stdin, one JSON testcase per line (tests/stacks/limbo_stacks.py; the stub server's
// ServerHello + Certificate in "flight", base64). Output: id<TAB>SUCCESS|FAILURE<TAB>context.
//
// Each testcase is a real tls.connect() over an in-memory Duplex: the ClientHello is dropped, the
// stub's flight is pushed back, and once Node's OpenSSL has taken the Certificate (its verify
// callback accepts everything and keeps the result, src/crypto/crypto_tls.cc) the harness does
// what lib/_tls_wrap.js onConnectSecure does at the end of a handshake: the socket's
// verifyError(), then, with no error, options.checkServerIdentity(hostname, getPeerCertificate(true)).
// mysql2 (lib/base/connection.js startTLS) passes secureContext {ca}, rejectUnauthorized: true,
// servername = the host unless it is an IP address, and checkServerIdentity = tls.checkServerIdentity
// with verifyIdentity, else a function that accepts; the hostname onConnectSecure checks is
// servername, or the TCP socket's host (an IP address).
//
// --mode identity (VERIFY_IDENTITY, the testcase's peer name) or ca (VERIFY_CA: the chain only).
// Node cannot set the verification time: limbo_stacks.py runs this under libfaketime, one
// process per validation_time.
import net from 'node:net';
import readline from 'node:readline';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

const mode = process.argv.includes('ca') ? 'ca' : 'identity';

function run(tc) {
  return new Promise((resolve) => {
    let secureContext;
    try {
      secureContext = tls.createSecureContext({ ca: tc.trusted_certs });
    } catch (e) {
      resolve(['FAILURE', `ca refused: ${e.code} ${e.message}`]);
      return;
    }
    const flight = Buffer.from(tc.flight, 'base64');
    let pushed = false;
    const wire = new Duplex({
      read() {},
      write(_chunk, _enc, cb) {
        if (!pushed) {
          pushed = true;
          setImmediate(() => this.push(flight));
        }
        cb();
      },
    });
    const host = mode === 'identity' ? tc.expected_peer_name?.value : undefined;
    const servername = host && !net.isIP(host) ? host : undefined;
    const sock = tls.connect({ socket: wire, secureContext, rejectUnauthorized: true, servername });
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(r);
    };
    sock.on('error', (e) => finish(['FAILURE', `${e.code}: ${e.message}`]));
    let tries = 0;
    const poll = () => {
      if (done) return;
      const cert = sock.getPeerCertificate(true);
      if (cert && Object.keys(cert).length > 0) {
        let err = sock._handle.verifyError();
        if (!err && host) err = tls.checkServerIdentity(host, cert);
        finish(err ? ['FAILURE', `${err.code}: ${err.message}`] : ['SUCCESS', '']);
      } else if (++tries > 2000) {
        finish(['FAILURE', 'harness: no certificate taken']);
      } else {
        setImmediate(poll);
      }
    };
    setImmediate(poll);
  });
}

const out = [];
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const tc = JSON.parse(line);
  if (tc.validation_kind !== 'SERVER' || tc.expected_peer_name?.kind === 'RFC822') continue;
  const [r, why] = await run(tc);
  out.push(`${tc.id}\t${r}\t${why.replace(/[\t\n]/g, ' ')}`);
}
process.stdout.write(out.join('\n') + '\n');
