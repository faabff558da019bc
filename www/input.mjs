// Where the bytes come from, for each of the two inputs (slots): the CA file (`ca`) and the
// server's certificate (`server`). Each has a drop zone (a file dropped elsewhere on the page
// goes to the CA file), a file picker, pasted PEM text, a Remove button and a keystore password
// field, shown only when a keystore needs or can use one.

const $ = (id) => document.getElementById(id);

/**
 * Wires the slot `slot`. `onInput(bytes, name)` gets every new input, `onPassword(password)`
 * every password submitted, `onClear()` the Remove button.
 */
export function setupSlot(slot, { onInput, onPassword, onClear }) {
  const file = $(`${slot}-file`);
  const readFile = async (f) => onInput(new Uint8Array(await f.arrayBuffer()), f.name);
  $(`${slot}-choose`).addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    if (file.files?.[0]) readFile(file.files[0]);
    file.value = '';
  });
  $(`${slot}-clear`).addEventListener('click', onClear);
  const paste = $(`${slot}-paste`);
  const readPasted = () => {
    if (paste.value.trim()) onInput(new TextEncoder().encode(paste.value), 'pasted.pem');
  };
  $(`${slot}-paste-go`).addEventListener('click', readPasted);
  paste.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) readPasted();
  });
  $(`${slot}-password-form`).addEventListener('submit', (e) => {
    e.preventDefault();
    onPassword($(`${slot}-password`).value);
  });
  return { readFile };
}

/**
 * Page-wide: a file dropped anywhere (on the server slot: for it, else for the CA file), PEM
 * pasted outside any field (for the CA file). `slots` maps a slot name to its `readFile`.
 */
export function setupDrop(slots, onPasteText) {
  let depth = 0;
  const zones = () => document.querySelectorAll('.drop');
  const dragging = (on) => zones().forEach((z) => z.classList.toggle('dragging', on));
  document.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    dragging(true);
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging(false);
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    dragging(false);
    const f = e.dataTransfer?.files?.[0];
    if (!f) return;
    const slot = e.target.closest?.('[data-slot]')?.dataset.slot ?? 'ca';
    slots[slot](f);
  });
  document.addEventListener('paste', (e) => {
    if (e.target.closest?.('input, textarea, select, [contenteditable]')) return;
    const text = e.clipboardData?.getData('text') ?? '';
    if (text.includes('-----BEGIN')) onPasteText(text);
  });
}

const MESSAGES = {
  password_required: ['need', 'This keystore is encrypted: enter its password to read it.'],
  wrong_password: ['bad', 'Wrong password: the keystore cannot be opened with it, or its integrity check failed. Try again.'],
  wrong_password_kept: ['bad', 'Wrong password: its integrity check failed. The report below is still the one read without a password (integrity NOT checked).'],
  integrity_failed: ['bad', 'Integrity check failed with this password: the file is damaged, or the password is wrong.'],
  not_checked: ['warn', 'Read without a password: integrity NOT checked. Enter the password to check it.'],
  verified: ['ok', 'Integrity verified with this password.'],
  key_locked: ['need', 'This file holds an encrypted private key: enter its password to see its type and which certificate it belongs to (it stays in this page and is never shown).'],
  key_opened: ['ok', 'Private key opened with this password (it is never shown).'],
  key_wrong_kept: ['bad', 'Wrong password: it does not decrypt the private key. The report below is the one read without it.'],
};

/**
 * Shows the password field of `slot` in one state (a key of MESSAGES), or hides it (`null`).
 * The field is cleared on a new file (`reset`), kept while the user retries.
 */
export function showPassword(slot, state, { reset = false, focus = false } = {}) {
  const form = $(`${slot}-password-form`);
  const input = $(`${slot}-password`);
  if (reset) input.value = '';
  form.hidden = !state;
  if (!state) {
    delete form.dataset.state;
    return;
  }
  const [kind, text] = MESSAGES[state];
  const msg = $(`${slot}-password-msg`);
  msg.textContent = text;
  msg.className = `password-msg ${kind}`;
  form.dataset.state = state;
  input.setAttribute('aria-invalid', String(kind === 'bad'));
  input.setAttribute('aria-describedby', `${slot}-password-msg`);
  if (focus) input.focus();
}
