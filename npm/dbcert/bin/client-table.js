'use strict';
// `dbcert verify`'s "Will my client connect?" table, as the Rust CLI prints it
// (crates/dbcert-cli/src/client_table.rs; tests/js/cross/bin.test.mjs holds the two equal): one
// row per client and version, a column per SSL mode, and each refusal's (or unknown's) reason
// and each caveat of a connecting client (what it does not check) once, numbered.

/** The report's `clients` grouped into rows: a client at one version, its verdict per mode. */
function rows(verdicts) {
  const out = [];
  for (const v of verdicts) {
    let row = out.find((r) => r.client === v.client && r.version === v.version);
    if (!row) {
      row = { client: v.client, version: v.version, stacks: [], ca: null, identity: null };
      out.push(row);
    }
    if (v.stack && !row.stacks.includes(v.stack)) row.stacks.push(v.stack);
    if (v.mode === 'VERIFY_IDENTITY') row.identity = v;
    else row.ca = v;
  }
  return out;
}

/** The table and its notes for `verdicts` (empty: ''); `host`: the host checked, if any. */
function render(verdicts, host) {
  if (!verdicts.length) return '';
  // Each distinct reason of a refusal or an unknown, and each caveat of a connecting client,
  // numbered in order of appearance.
  const notes = [];
  const note = (head, text) => {
    const i = notes.findIndex(([h, r]) => h === head && r === text);
    if (i >= 0) return i + 1;
    notes.push([head, text]);
    return notes.length;
  };
  const cell = (v) => {
    if (!v) return '-';
    const numbers = v.verdict === 'connects'
      ? v.caveats.map((c) => note(`${c.code} (${c.unseen.join(', ')})`, c.message))
      : [note(v.codes.join(', '), v.reason)];
    return numbers.length ? `${v.verdict} [${numbers.join(',')}]` : v.verdict;
  };
  const table = rows(verdicts).map((r) => [
    r.client,
    r.version,
    r.stacks.join('/') || '-',
    cell(r.ca),
    host ? cell(r.identity) : '',
  ]);
  const header = ['client', 'version', 'stack', 'VERIFY_CA', host ? 'VERIFY_IDENTITY' : ''];
  const width = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells) => `  ${cells.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd()}\n`;
  let s = `Will my client connect? Each client judged by the TLS stack it validates with${host ? `; VERIFY_IDENTITY for ${host}` : ''}:\n`;
  s += line(header);
  for (const r of table) s += line(r);
  if (!host) s += 'VERIFY_IDENTITY: not checked; give the host name clients connect to with --host.\n';
  notes.forEach(([head, reason], n) => {
    s += head ? `  [${n + 1}] ${head}: ${reason}\n` : `  [${n + 1}] ${reason}\n`;
  });
  return s;
}

module.exports = { render };
