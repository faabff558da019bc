// The validity timeline: one bar per certificate from notBefore to notAfter on a shared time
// axis, today marked, expired bars red, bars that end within `soonDays` highlighted, and the
// certificates verification found on a CRL (`revoked`) struck through and labelled. A
// bundle of more than MANY certificates shows the chain and its problem certificates first,
// with a button for the rest; the axis stays visible while the rows scroll past.
// Positions are set through the CSSOM (custom properties), which the CSP allows.
import { h, fill, certName, daysUntil, day, relative, validity } from './dom.mjs';
import { role, certOf, findingsOf } from './report.mjs';
import { entries, hasProblem } from './certs.mjs';

const YEAR = 365.25 * 86_400_000;
const MANY = 12;
const $ = (id) => document.getElementById(id);
let showAll = false;

/** Wires the "show all" button; `current()` gives app.mjs's view. */
export function setupTimeline(current) {
  $('timeline-all').addEventListener('click', () => {
    showAll = !showAll;
    if (current()) renderTimeline(current());
  });
}

/** Year ticks between `from` and `to` (ms), at most about `max` of them. */
function ticks(from, to, max) {
  const years = (to - from) / YEAR;
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => years / s <= max) ?? 100;
  const out = [];
  for (let y = Math.ceil(new Date(from).getUTCFullYear() / step) * step; ; y += step) {
    const t = Date.UTC(y, 0, 1);
    if (t > to) break;
    if (t >= from) out.push([y, t]);
  }
  return out;
}

/** The certificates to draw: the chain first, then the rest; a large bundle its problems only. */
function pick(view) {
  const all = entries(view);
  const chain = (view.verification?.chain ?? []).map((i) => ({ slot: view.input, c: certOf(view, 'input', i) })).filter((e) => e.c);
  const inChain = (e) => e.slot === view.input && (view.verification?.chain ?? []).includes(e.c.index);
  const rest = all.filter((e) => !inChain(e));
  const ordered = [...chain, ...rest];
  const button = $('timeline-all');
  if (ordered.length <= MANY) {
    button.hidden = true;
    return ordered;
  }
  const problems = [...chain, ...rest.filter((e) => hasProblem(view, e))];
  button.hidden = false;
  button.textContent = showAll ? `Show the chain and problems only (${problems.length})` : `Show all ${ordered.length}`;
  return showAll ? ordered : problems;
}

/** Draws the timeline of the view's certificates into #timeline. */
export function renderTimeline(view, { now = Date.now(), soonDays = 30 } = {}) {
  const el = $('timeline');
  const certs = pick(view);
  if (!certs.length) return fill(el, h('p', { class: 'none' }, 'No certificate expires soon or has expired.'));
  const starts = certs.map(({ c }) => Date.parse(c.notBefore));
  const ends = certs.map(({ c }) => Date.parse(c.notAfter));
  let from = Math.min(now, ...starts);
  let to = Math.max(now, ...ends);
  const pad = (to - from) * 0.02 || YEAR;
  from -= pad;
  to += pad;
  const at = (t) => (t - from) / (to - from);
  // Fractions of the axis, as unitless custom properties the stylesheet multiplies out.
  const pct = (node, name, value) => {
    node.style.setProperty(name, value.toFixed(5));
    return node;
  };
  const marks = ticks(from, to, 7);
  const lines = h('div', { class: 'tl-lines', 'aria-hidden': 'true' }, marks.map(([, t]) => pct(h('span', { class: 'tl-tick' }), '--x', at(t))));
  const axis = h('div', { class: 'tl-axis', 'aria-hidden': 'true' }, h('span', { class: 'tl-axis-label' }),
    h('div', { class: 'tl-axis-track' }, marks.map(([y, t]) => pct(h('span', { class: 'tl-year' }, String(y)), '--x', at(t)))));

  let anyRevoked = false;
  const rows = certs.map(({ slot, c }) => {
    const v = validity(c, soonDays, now);
    const left = daysUntil(c.notAfter, now);
    const revoked = findingsOf(view, slot, c.index).errors.some((f) => f.code === 'revoked');
    anyRevoked ||= revoked;
    const state = (revoked ? 'revoked · ' : '') + { ok: `expires ${relative(left)}`, soon: `expires ${relative(left)}`, expired: `expired ${relative(left)}`, 'not-yet': `valid from ${day(c.notBefore)}` }[v];
    const mark = revoked ? ' revoked' : '';
    const bar = h('div', { class: `tl-bar ${v}${mark}`, title: `${certName(c)}: ${day(c.notBefore)} → ${day(c.notAfter)} (${state})` });
    pct(bar, '--from', at(Date.parse(c.notBefore)));
    pct(bar, '--to', at(Date.parse(c.notAfter)));
    return h('div', { class: `tl-row ${v}${mark}`, 'data-index': c.index, 'data-slot': slot },
      h('span', { class: 'tl-label' },
        h('span', { class: 'tl-name' }, `${slot === 'ca' && view.input !== 'ca' ? 'CA file ' : ''}#${c.index + 1} ${certName(c)}`),
        h('span', { class: 'tl-dates' }, `${role(c)} · `, h('span', { class: 'nowrap' }, `${day(c.notBefore)} → ${day(c.notAfter)}`), ' · ', h('span', { class: 'tl-state' }, state))),
      h('div', { class: 'tl-track' }, bar));
  });

  const edge = at(now) < 0.12 ? ' start' : at(now) > 0.88 ? ' end' : '';
  const today = pct(h('div', { class: `tl-today${edge}`, 'aria-hidden': 'true' }, h('span', {}, `today ${day(new Date(now).toISOString())}`)), '--x', at(now));
  fill(el, h('div', { class: 'tl' }, axis, h('div', { class: 'tl-body' }, lines, rows, today)),
    h('p', { class: 'legend' },
      h('span', {}, h('span', { class: 'key ok' }), 'valid'),
      h('span', {}, h('span', { class: 'key soon' }), `expires within ${soonDays} days`),
      h('span', {}, h('span', { class: 'key expired' }), 'expired or not yet valid'),
      anyRevoked ? h('span', {}, h('span', { class: 'key revoked' }), 'revoked (on its issuer’s CRL)') : null));
}
