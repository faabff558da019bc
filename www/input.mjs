// Where the bytes come from: drag and drop (anywhere on the page), the file picker, pasted PEM
// text (the box, or a paste outside any field), the demo button; and the keystore password
// field, shown only when a keystore needs or can use one.

const $ = (id) => document.getElementById(id);

/**
 * Wires the input panel. `onInput(bytes, name)` gets every new input, `onPassword(password)`
 * every password the user submits, `onDemo()` the demo button.
 */
export function setupInput({ onInput, onPassword, onDemo }) {
  const drop = $('drop');
  const file = $('file');
  const readFile = async (f) => onInput(new Uint8Array(await f.arrayBuffer()), f.name);

  $('choose').addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    if (file.files?.[0]) readFile(file.files[0]);
    file.value = '';
  });
  $('demo').addEventListener('click', onDemo);

  // Drop anywhere: the drop zone lights up while a file is dragged over the page.
  let depth = 0;
  const dragging = (on) => drop.classList.toggle('dragging', on);
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
    if (f) readFile(f);
  });

  const paste = $('paste');
  const inspectPasted = () => {
    if (paste.value.trim()) onInput(new TextEncoder().encode(paste.value), 'pasted.pem');
  };
  $('paste-go').addEventListener('click', inspectPasted);
  paste.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) inspectPasted();
  });
  // PEM pasted outside any field is taken as input too.
  document.addEventListener('paste', (e) => {
    if (e.target.closest?.('input, textarea, select, [contenteditable]')) return;
    const text = e.clipboardData?.getData('text') ?? '';
    if (text.includes('-----BEGIN')) {
      paste.value = text;
      onInput(new TextEncoder().encode(text), 'pasted.pem');
    }
  });

  $('password-form').addEventListener('submit', (e) => {
    e.preventDefault();
    onPassword($('password').value);
  });
}

const MESSAGES = {
  password_required: ['need', 'This keystore is encrypted: enter its password to read it.'],
  wrong_password: ['bad', 'Wrong password: the keystore cannot be opened or its integrity check failed. Try again.'],
  integrity_failed: ['bad', 'Integrity check failed with this password: the file is damaged, or the password is wrong.'],
  not_checked: ['warn', 'Read without a password: integrity NOT checked. Enter the password to check it.'],
  verified: ['ok', 'Integrity verified with this password.'],
};

/**
 * Shows the password field in one state (a key of MESSAGES), or hides it (`null`). The field
 * is cleared on a new file (`reset`), kept while the user retries.
 */
export function showPassword(state, { reset = false, focus = false } = {}) {
  const form = $('password-form');
  const input = $('password');
  if (reset) input.value = '';
  form.hidden = !state;
  if (!state) return;
  const [kind, text] = MESSAGES[state];
  const msg = $('password-msg');
  msg.textContent = text;
  msg.className = `password-msg ${kind}`;
  form.dataset.state = state;
  input.setAttribute('aria-invalid', String(kind === 'bad'));
  input.setAttribute('aria-describedby', 'password-msg');
  if (focus) input.focus();
}
