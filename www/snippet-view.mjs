// How a generated snippet is shown, on the page and in the <dbcert-snippet> widget: the code
// (highlighted for its language) with a copy button, a clear notice when the client cannot
// express the SSL mode asked for, then the warnings and notes.
import { h, fill, copyButton } from './dom.mjs';
import { highlight } from './highlight.mjs';

/**
 * Draws `snippet` (a `snippet()` result) into `el`; `asked` is the mode that was asked for;
 * `terms(text)` turns a warning or note into nodes (the inspector links its own fields).
 */
export function renderSnippet(el, snippet, { clientName = snippet.client, asked = snippet.mode, terms = (t) => t } = {}) {
  const code = h('code', { class: `language-${snippet.language}` });
  highlight(code, snippet.code, snippet.language);
  const askedMode = String(asked).toUpperCase().replace(/-/g, '_');
  fill(el,
    h('div', { class: 'sn-head' },
      h('span', { class: 'sn-title' }, clientName, h('span', { class: 'sn-mode' }, ` · ${snippet.mode}`)),
      h('span', { class: 'sn-lang' }, snippet.language),
      copyButton(snippet.code, `Copy the ${clientName} settings`)),
    snippet.supported
      ? null
      : h('div', { class: 'sn-notice', role: 'note' },
        h('strong', {}, `Cannot express ${askedMode}`),
        ` with ${clientName}. `,
        snippet.alternative
          ? `The code below does ${snippet.alternative} instead.`
          : 'The code below needs a later version of the client (see the unsupported_mode warning).'),
    h('pre', { class: 'sn-code', tabindex: '0', 'aria-label': `${clientName} code` }, code),
    snippet.warnings.length
      ? h('ul', { class: 'sn-warnings', 'aria-label': 'Warnings' }, snippet.warnings.map((w) => h('li', { 'data-code': w.code }, h('code', { class: 'code' }, w.code), ' ', terms(w.message))))
      : null,
    snippet.notes.length ? h('ul', { class: 'sn-notes', 'aria-label': 'Notes' }, snippet.notes.map((n) => h('li', {}, terms(n)))) : null);
}
