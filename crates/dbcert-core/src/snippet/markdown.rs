//! The snippet view as Markdown (`dbcert snippet --format markdown`, `snippetMarkdown()`): for
//! each client and mode a bold heading, the code in a fenced block tagged with its language,
//! then the notice, warnings and notes as text. For docs generators that take Markdown only.

use super::view::View;
use super::{Snippet, SnippetOptions};
use crate::error::Result;
use std::fmt::Write;

/// `options` shown as `view`, in Markdown (CommonMark with fenced code blocks).
pub fn render(options: &SnippetOptions, view: &View) -> Result<String> {
    let p = view.panels(options)?;
    let mut out = String::new();
    for ((_, name), row) in p.clients.iter().zip(&p.snippets) {
        for s in row {
            if !out.is_empty() {
                out.push('\n');
            }
            panel(&mut out, s, name);
        }
    }
    Ok(out)
}

fn panel(out: &mut String, s: &Snippet, name: &str) {
    let _ = write!(out, "**{}** · {}\n\n", inline(name), s.mode.as_str());
    if !s.supported {
        let instead = match s.alternative {
            Some(m) => format!("The code below does {} instead.", m.as_str()),
            None => "There is no weaker mode it can do instead.".to_owned(),
        };
        let _ = write!(
            out,
            "> **Cannot express {}** with {}. {instead}\n\n",
            s.mode.as_str(),
            inline(name)
        );
    }
    // A fence longer than any run of backquotes in the code.
    let mut longest = 0;
    let mut run = 0;
    for c in s.code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let _ = write!(out, "{fence}{}\n{}", s.language, s.code);
    if !s.code.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    for w in &s.warnings {
        let _ = write!(
            out,
            "\n> **Warning** `{}`: {}\n",
            w.code,
            inline(&w.message)
        );
    }
    if !s.notes.is_empty() {
        out.push('\n');
        for n in &s.notes {
            let _ = writeln!(out, "- {}", inline(n));
        }
    }
}

/// Text for a Markdown paragraph: characters Markdown would read as markup are escaped, and a
/// line break becomes a space.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::snippet::SslMode;

    #[test]
    fn fenced_code_with_notes_and_warnings_as_text() {
        let o = SnippetOptions::new("php-pdo", SslMode::VerifyCa);
        let md = render(&o, &View::default()).unwrap();
        let s = crate::snippet::generate(&o).unwrap();
        assert!(
            md.starts_with(
                "**PHP PDO_MYSQL (mysqlnd)** · VERIFY_CA\n\n> **Cannot express VERIFY_CA**"
            ),
            "{md}"
        );
        assert!(md.contains(&format!("```php\n{}", s.code)), "{md}");
        for w in &s.warnings {
            assert!(md.contains(&format!("> **Warning** `{}`", w.code)), "{md}");
        }
    }

    #[test]
    fn a_fence_outlasts_backquotes_in_the_code() {
        let mut o = SnippetOptions::new("mysql2", SslMode::Required);
        o.host = Some("a```b".into());
        let md = render(&o, &View::default()).unwrap();
        assert!(md.contains("\n````javascript\n"), "{md}");
    }
}
