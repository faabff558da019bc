//! A small syntax highlighter for the snippet languages ([`super::Snippet::language`]):
//! comments, strings, keywords, numbers, keys, section headers, command-line flags and the
//! placeholders a reader must replace, as `<span class="tok-…">` around HTML-escaped text.
//!
//! A lexer of its own (see ARCHITECTURE.md, "Written here, and why"): it knows the twelve
//! languages only as far as the generated snippets use them. At each position the first rule
//! that matches wins (comment, string, section, key, flag, keyword, number), else one character
//! is plain text; placeholders are marked inside any token.

use super::find;
use super::html::escape_into;

/// Token kinds, named as their CSS classes (`tok-comment`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Comment,
    String,
    Section,
    Key,
    Flag,
    Keyword,
    Number,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Self::Comment => "tok-comment",
            Self::String => "tok-string",
            Self::Section => "tok-section",
            Self::Key => "tok-key",
            Self::Flag => "tok-flag",
            Self::Keyword => "tok-keyword",
            Self::Number => "tok-number",
        }
    }
}

/// Keywords per language.
fn keywords(language: &str) -> &'static [&'static str] {
    match language {
        "shell" => &[
            "export", "mysql", "mariadb", "set", "unset", "if", "then", "fi",
        ],
        "python" => &[
            "import", "from", "as", "def", "return", "None", "True", "False", "with", "class",
        ],
        "javascript" => &[
            "import", "from", "const", "let", "var", "await", "async", "new", "require", "export",
            "default", "return", "true", "false", "null",
        ],
        "java" => &[
            "import", "new", "String", "final", "var", "public", "class", "static", "void",
            "return", "true", "false", "null", "try",
        ],
        "go" => &[
            "import", "package", "func", "var", "const", "return", "nil", "true", "false", "if",
            "err",
        ],
        "php" => &["new", "true", "false", "null", "array", "return"],
        "csharp" => &[
            "using", "var", "new", "string", "true", "false", "null", "return",
        ],
        "rust" => &[
            "use", "let", "mut", "fn", "async", "await", "Ok", "Err", "Some", "None", "true",
            "false", "return",
        ],
        _ => &[],
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The rules of one language.
struct Lexer<'a> {
    language: &'a str,
    code: &'a [u8],
}

impl Lexer<'_> {
    fn hash_comments(&self) -> bool {
        matches!(
            self.language,
            "shell" | "ini" | "python" | "properties" | "dotenv" | "text" | "php"
        )
    }

    fn slash_comments(&self) -> bool {
        !matches!(
            self.language,
            "shell" | "ini" | "python" | "properties" | "dotenv" | "text"
        )
    }

    fn at_line_start(&self, i: usize) -> bool {
        i == 0 || self.code[i - 1] == b'\n'
    }

    fn line_end(&self, i: usize) -> usize {
        self.code[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.code.len(), |n| i + n)
    }

    /// The token starting at `i`, as `(kind, end)`.
    fn token(&self, i: usize) -> Option<(Kind, usize)> {
        let c = self.code;
        let b = c[i];
        let prev_space = i > 0 && c[i - 1].is_ascii_whitespace();
        // Comments.
        let hash =
            b == b'#' && self.hash_comments() && (self.language != "shell" || i == 0 || prev_space);
        let semicolon = b == b';' && self.language == "ini";
        let slashes = b == b'/' && self.slash_comments() && c.get(i + 1) == Some(&b'/');
        if hash || semicolon || slashes {
            return Some((Kind::Comment, self.line_end(i)));
        }
        if b == b'/' && self.slash_comments() && c.get(i + 1) == Some(&b'*') {
            let end = find(c, i + 2, b"*/").map_or(c.len(), |e| e + 2);
            return Some((Kind::Comment, end));
        }
        // Strings: no line break inside, except JS and Go backquotes.
        if b == b'"' || b == b'\'' {
            let mut j = i + 1;
            while j < c.len() && c[j] != b'\n' {
                if c[j] == b'\\' && j + 1 < c.len() && c[j + 1] != b'\n' {
                    j += 2;
                    continue;
                }
                if c[j] == b {
                    return Some((Kind::String, j + 1));
                }
                j += 1;
            }
        }
        if b == b'`' && matches!(self.language, "javascript" | "go") {
            if let Some(e) = c[i + 1..].iter().position(|&x| x == b'`') {
                return Some((Kind::String, i + 1 + e + 1));
            }
        }
        // An ini section header.
        if b == b'[' && self.language == "ini" && self.at_line_start(i) {
            let end = self.line_end(i);
            if let Some(close) = c[i + 1..end].iter().position(|&x| x == b']') {
                if close > 0 {
                    return Some((Kind::Section, i + 1 + close + 1));
                }
            }
        }
        // A key at the start of a line, followed by `=` or `:`.
        if matches!(self.language, "ini" | "properties" | "dotenv") && self.at_line_start(i) {
            let mut j = i;
            while j < c.len() && (is_word(c[j]) || c[j] == b'.' || c[j] == b'-') {
                j += 1;
            }
            let mut k = j;
            while k < c.len() && (c[k] == b' ' || c[k] == b'\t') {
                k += 1;
            }
            if j > i && matches!(c.get(k), Some(b'=' | b':')) {
                return Some((Kind::Key, j));
            }
        }
        // A command-line flag after white space.
        if b == b'-' && self.language == "shell" && prev_space {
            let mut j = i + 1;
            if c.get(j) == Some(&b'-') {
                j += 1;
            }
            let start = j;
            while j < c.len() && (is_word(c[j]) || c[j] == b'-') {
                j += 1;
            }
            if j > start {
                return Some((Kind::Flag, j));
            }
        }
        let boundary_before = i == 0 || !is_word(c[i - 1]);
        if boundary_before && is_word(b) {
            let mut j = i;
            while j < c.len() && is_word(c[j]) {
                j += 1;
            }
            let word = &c[i..j];
            if keywords(self.language).iter().any(|k| k.as_bytes() == word) {
                return Some((Kind::Keyword, j));
            }
            // A number: digits, optionally `.digits`, then a word boundary.
            let mut n = i;
            while n < c.len() && c[n].is_ascii_digit() {
                n += 1;
            }
            if n > i {
                if c.get(n) == Some(&b'.') && c.get(n + 1).is_some_and(u8::is_ascii_digit) {
                    n += 1;
                    while n < c.len() && c[n].is_ascii_digit() {
                        n += 1;
                    }
                }
                if n == c.len() || !is_word(c[n]) {
                    return Some((Kind::Number, n));
                }
            }
        }
        None
    }
}

/// Appends `code`, highlighted for `language`, as HTML; every occurrence of a string in
/// `placeholders` is marked `tok-placeholder` (also inside strings and comments).
pub(crate) fn highlight_into(
    out: &mut String,
    code: &str,
    language: &str,
    placeholders: &[String],
) {
    let lexer = Lexer {
        language,
        code: code.as_bytes(),
    };
    let (mut i, mut plain) = (0, 0);
    while i < code.len() {
        // Tokens start on ASCII characters only, so every slice below is on a char boundary.
        match lexer.token(i) {
            Some((kind, end)) => {
                text_into(out, &code[plain..i], placeholders);
                out.push_str("<span class=\"");
                out.push_str(kind.class());
                out.push_str("\">");
                text_into(out, &code[i..end], placeholders);
                out.push_str("</span>");
                i = end;
                plain = end;
            }
            None => i += code[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    text_into(out, &code[plain..], placeholders);
}

/// Escaped text with the placeholders in it marked.
fn text_into(out: &mut String, text: &str, placeholders: &[String]) {
    let mut rest = text;
    while !rest.is_empty() {
        let next = placeholders
            .iter()
            .filter(|p| !p.is_empty())
            .filter_map(|p| find(rest.as_bytes(), 0, p.as_bytes()).map(|at| (at, p.len())))
            .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)));
        let Some((at, len)) = next else {
            escape_into(out, rest);
            return;
        };
        escape_into(out, &rest[..at]);
        out.push_str("<span class=\"tok-placeholder\">");
        escape_into(out, &rest[at..at + len]);
        out.push_str("</span>");
        rest = &rest[at + len..];
    }
}

#[cfg(test)]
mod tests {
    fn hl(code: &str, language: &str) -> String {
        let mut out = String::new();
        super::highlight_into(&mut out, code, language, &["<host>".to_owned()]);
        out
    }

    #[test]
    fn shell_flags_strings_and_comments() {
        assert_eq!(
            hl("mysql --host=<host> -P 3306 'a b' # x", "shell"),
            "<span class=\"tok-keyword\">mysql</span> <span class=\"tok-flag\">--host</span>=\
             <span class=\"tok-placeholder\">&lt;host&gt;</span> <span class=\"tok-flag\">-P</span> \
             <span class=\"tok-number\">3306</span> <span class=\"tok-string\">'a b'</span> \
             <span class=\"tok-comment\"># x</span>"
        );
        // `#` inside a word is no comment in a shell.
        assert_eq!(hl("a#b", "shell"), "a#b");
    }

    #[test]
    fn ini_sections_keys_and_placeholders_inside_strings() {
        assert_eq!(
            hl("[client]\nssl-ca = x ; c", "ini"),
            "<span class=\"tok-section\">[client]</span>&#10;<span class=\"tok-key\">ssl-ca</span> = x \
             <span class=\"tok-comment\">; c</span>"
        );
        assert_eq!(
            hl("\"jdbc://<host>:1\"", "java"),
            "<span class=\"tok-string\">&quot;jdbc://<span class=\"tok-placeholder\">&lt;host&gt;</span>:1&quot;</span>"
        );
    }

    #[test]
    fn text_round_trips_and_non_ascii_is_kept() {
        // Whatever the language, the text content is the code, escaped.
        let code = "x = \"Főtanúsítvány <b>&\" // é\n/* unterminated";
        for lang in ["java", "python", "shell", "go", "text", "php"] {
            let html = hl(code, lang);
            let mut text = String::new();
            let mut in_tag = false;
            for ch in html.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = text
                .replace("&#10;", "\n")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            assert_eq!(text, code, "{lang}");
        }
    }
}
