// The page under test, served by `cargo xtask serve`'s own server: DBCERT_WWW_URL when
// `cargo xtask test` runs the suite (it serves in-process on a free port), else a
// `cargo xtask serve --no-build --port 0` started here (the wasm package must be built).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

/** `{url, close}` of a running server. */
export async function serve() {
  if (process.env.DBCERT_WWW_URL) return { url: process.env.DBCERT_WWW_URL, close() {} };
  const child = spawn('cargo', ['run', '-q', '-p', 'xtask', '--', 'serve', '--no-build', '--port', '0'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`cargo xtask serve exited (${code}) before serving`)));
  });
  return { url, close: () => child.kill() };
}
