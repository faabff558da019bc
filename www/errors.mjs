// Option errors in the page's terms: the core says which option ("`serverVersion` is
// required", in option_words' words); the page names its field instead.
import { errorLine } from './dom.mjs';

/** `e`'s message with the `option` names of `fields` (option → field label) replaced. */
export function optionError(e, fields = {}) {
  let text = errorLine(e).replace(/^invalid options: /, '');
  for (const [option, label] of Object.entries(fields)) text = text.replaceAll(`\`${option}\``, `“${label}”`);
  return text;
}
