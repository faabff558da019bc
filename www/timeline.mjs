// The validity timeline: one bar per certificate from notBefore to notAfter on a shared time
// axis, today marked, expired bars red and bars that end within `soonDays` highlighted.
// Positions are set through the CSSOM (custom properties), which the CSP allows.
import { h, fill, certName, daysUntil, day, relative, validity } from './dom.mjs';
import { role } from './report.mjs';

const YEAR = 365.25 * 86_400_000;

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

/** Draws the timeline of `certs` (in the order given) into `el`. */
export function renderTimeline(el, certs, { now = Date.now(), soonDays = 30 } = {}) {
  if (!certs.length) return fill(el);
  const starts = certs.map((c) => Date.parse(c.notBefore));
  const ends = certs.map((c) => Date.parse(c.notAfter));
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

  const axis = h('div', { class: 'tl-axis', 'aria-hidden': 'true' },
    ticks(from, to, 7).map(([y, t]) => pct(h('span', { class: 'tl-tick' }, h('span', {}, String(y))), '--x', at(t))));

  const rows = certs.map((c) => {
    const v = validity(c, soonDays, now);
    const left = daysUntil(c.notAfter, now);
    const state = { ok: `expires ${relative(left)}`, soon: `expires ${relative(left)}`, expired: `expired ${relative(left)}`, 'not-yet': `valid from ${day(c.notBefore)}` }[v];
    const bar = h('div', { class: `tl-bar ${v}`, title: `${certName(c)}: ${day(c.notBefore)} → ${day(c.notAfter)} (${state})` });
    pct(bar, '--from', at(Date.parse(c.notBefore)));
    pct(bar, '--to', at(Date.parse(c.notAfter)));
    return h('div', { class: `tl-row ${v}`, 'data-index': c.index },
      h('span', { class: 'tl-label' },
        h('span', { class: 'tl-name' }, `#${c.index + 1} ${certName(c)}`),
        h('span', { class: 'tl-dates' }, `${role(c)} · `, h('span', { class: 'nowrap' }, `${day(c.notBefore)} → ${day(c.notAfter)}`), ' · ', h('span', { class: 'tl-state' }, state))),
      h('div', { class: 'tl-track' }, bar));
  });

  const edge = at(now) < 0.12 ? ' start' : at(now) > 0.88 ? ' end' : '';
  const today = pct(h('div', { class: `tl-today${edge}`, 'aria-hidden': 'true' }, h('span', {}, `today ${day(new Date(now).toISOString())}`)), '--x', at(now));
  fill(el, h('div', { class: 'tl' }, axis, rows, today),
    h('p', { class: 'legend' },
      h('span', {}, h('span', { class: 'key ok' }), 'valid'),
      h('span', {}, h('span', { class: 'key soon' }), `expires within ${soonDays} days`),
      h('span', {}, h('span', { class: 'key expired' }), 'expired or not yet valid')));
}
