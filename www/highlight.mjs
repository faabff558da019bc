// A tiny syntax highlighter for the snippet languages (`snippet().language`): comments,
// strings, keywords, numbers, keys and section headers, as <span class="tok-…"> nodes built
// with text (never HTML), so generated code cannot inject markup.

const HASH = ['shell', 'ini', 'python', 'properties', 'dotenv', 'text'];
const KEYWORDS = {
  shell: 'export mysql mariadb set unset if then fi',
  python: 'import from as def return None True False with class',
  javascript: 'import from const let var await async new require export default return true false null',
  java: 'import new String final var public class static void return true false null try',
  go: 'import package func var const return nil true false if err',
  php: 'new true false null array return',
  csharp: 'using var new string true false null return',
  rust: 'use let mut fn async await Ok Err Some None true false return',
};

/** One regular expression per language: the first group that matches names the token. */
function lexer(language) {
  const comment = HASH.includes(language) ? (language === 'ini' ? '[#;].*' : '#.*') : language === 'php' ? '(?://|#).*|/\\*[\\s\\S]*?\\*/' : '//.*|/\\*[\\s\\S]*?\\*/';
  const words = KEYWORDS[language]?.split(' ').join('|');
  const parts = [
    `(?<comment>${language === 'shell' ? '(?:^|(?<=\\s))#.*' : comment})`,
    '(?<string>"(?:[^"\\\\\\n]|\\\\.)*"|\'(?:[^\'\\\\\\n]|\\\\.)*\'' + (language === 'javascript' || language === 'go' ? '|`[^`]*`' : '') + ')',
    language === 'ini' ? '(?<section>^\\[[^\\]\\n]+\\])' : null,
    ['ini', 'properties', 'dotenv'].includes(language) ? '(?<key>^[\\w.\\-]+(?=\\s*[=:]))' : null,
    language === 'shell' ? '(?<flag>(?<=\\s)--?[\\w-]+)' : null,
    words ? `(?<keyword>\\b(?:${words})\\b)` : null,
    '(?<number>\\b\\d+(?:\\.\\d+)?\\b)',
  ].filter(Boolean);
  return new RegExp(parts.join('|'), 'gm');
}

/** Fills `el` with `code`, highlighted for `language`. */
export function highlight(el, code, language) {
  el.replaceChildren();
  const re = lexer(language);
  let last = 0;
  for (const m of code.matchAll(re)) {
    if (m[0] === '') continue;
    if (m.index > last) el.append(code.slice(last, m.index));
    const kind = Object.entries(m.groups).find(([, v]) => v !== undefined)?.[0] ?? 'plain';
    const span = document.createElement('span');
    span.className = `tok-${kind}`;
    span.textContent = m[0];
    el.append(span);
    last = m.index + m[0].length;
  }
  el.append(code.slice(last));
}
