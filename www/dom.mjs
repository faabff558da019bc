// Small DOM helpers shared by the page modules: element building (text only, never HTML
// strings), copy buttons, and the date and error formatting every panel uses.

/** `h('p', {class: 'x', onclick: f}, 'text', child)`: an element; `null`/`false` children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Copies text to the clipboard (Clipboard API, with a fallback for non-secure contexts). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'visually-hidden', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** A button that copies `text()` (a function, so it copies the current value) and says so. */
export function copyButton(text, label) {
  const btn = h('button', { type: 'button', class: 'copy', 'aria-label': label, title: label }, 'Copy');
  btn.addEventListener('click', async () => {
    const ok = await copyText(typeof text === 'function' ? text() : text);
    btn.textContent = ok ? 'Copied' : 'Copy failed';
    btn.classList.toggle('done', ok);
    setTimeout(() => {
      btn.textContent = 'Copy';
      btn.classList.remove('done');
    }, 1500);
  });
  return btn;
}

const DAY = 86_400_000;

/** Whole days from now until `iso` (negative when past). */
export const daysUntil = (iso, now = Date.now()) => Math.floor((Date.parse(iso) - now) / DAY);

/** `2026-11-28` from an RFC 3339 time. */
export const day = (iso) => iso.slice(0, 10);

/** "in 3 days", "2 years ago", … */
export function relative(days) {
  const abs = Math.abs(days);
  const span = abs >= 730 ? `${Math.floor(abs / 365)} years` : abs >= 60 ? `${Math.floor(abs / 30)} months` : `${abs} day${abs === 1 ? '' : 's'}`;
  return days < 0 ? `${span} ago` : `in ${span}`;
}

/** Where the validity of a certificate stands: `expired`, `not-yet`, `soon` (≤ `soonDays`) or `ok`. */
export function validity(cert, soonDays = 30, now = Date.now()) {
  if (Date.parse(cert.notAfter) < now) return 'expired';
  if (Date.parse(cert.notBefore) > now) return 'not-yet';
  return daysUntil(cert.notAfter, now) <= soonDays ? 'soon' : 'ok';
}

/** A certificate's short name: CN, else the subject. Certificates are numbered from 1 on screen, as in the core's messages. */
export const certName = (c) => c.commonName ?? (c.subject || `certificate #${c.index + 1}`);

/**
 * An error thrown by dbcert, as one line. The core's message already names the certificate
 * (1-based, as people count) and the byte offset where known; `e.certificate` is 0-based.
 */
export const errorLine = (e) => String(e?.message ?? e);
