// The "Try it" form of example.html: each field sets one attribute of <dbcert-snippet id="try-out">.
import { clients, load } from '../snippet/module.mjs';

await load();
const out = document.getElementById('try-out');
const select = document.getElementById('try-client');
for (const c of clients()) select.append(new Option(c.name, c.id, false, c.id === out.getAttribute('client')));
const fields = { 'try-client': 'client', 'try-mode': 'mode', 'try-host': 'host', 'try-client-version': 'client-version' };
const markup = () => {
  const attrs = [...out.attributes].filter((a) => a.name !== 'id').map((a) => `${a.name}="${a.value}"`).join(' ');
  document.getElementById('try-markup').textContent = `<dbcert-snippet ${attrs}></dbcert-snippet>`;
};
document.getElementById('try').addEventListener('input', (e) => {
  const attr = fields[e.target.id];
  if (!attr) return;
  if (e.target.value.trim()) out.setAttribute(attr, e.target.value.trim());
  else out.removeAttribute(attr);
  markup();
});
document.getElementById('try').addEventListener('submit', (e) => e.preventDefault());
markup();
