//! A grep-level guard against panics and overflows on hostile input in the decoders (`der.rs`,
//! `ber.rs`, `cert/`, `crl/`, `formats/`, `verify/`): every line that slices with a range
//! (`x[a..b]`, `x[a..]`, `x[..b]`) or adds or multiplies (`+`, `*`, `+=`, `*=`) with a length,
//! offset or count fails the test unless it carries a justification:
//!
//! ```text
//! // guard: <why this cannot panic or overflow>
//! ```
//!
//! on the same line or on the line just above (for a statement spread over lines, above its
//! first line). Prefer code that needs none: `get(a..b)`, `split_at_checked`, `checked_add`,
//! `saturating_add`, iterators. Test modules (`#[cfg(test)]` to the end of a file) and comments
//! are not checked. ARCHITECTURE.md ("No crash, anywhere") describes the rules.

use std::path::{Path, PathBuf};

/// Words that make an operand a length, offset or count taken from input.
const LENGTH_WORDS: &[&str] = &[
    "len", "length", "offset", "pos", "size", "header", "total", "count", "base", "at", "start",
    "end", "skip", "idx", "index", "n",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The decoder sources, relative to `src/`.
fn decoder_sources() -> Vec<(String, PathBuf)> {
    let root = src();
    let mut files = vec![root.join("der.rs"), root.join("ber.rs")];
    for d in ["cert", "crl", "formats", "verify"] {
        rust_files(&root.join(d), &mut files);
    }
    files
        .into_iter()
        // Unit-test files (`mod tests;` under `#[cfg(test)]`) build hostile input on purpose.
        .filter(|p| !p.ends_with("tests.rs"))
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, p)
        })
        .collect()
}

/// The code of a line without its comment and string literals (so `"a..b"` is not a slice).
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            if c == '\\' {
                chars.next();
            } else if c == '"' {
                in_str = false;
                out.push('"');
            }
            continue;
        }
        if c == '"' {
            in_str = true;
            out.push('"');
            continue;
        }
        if c == '/' && chars.peek() == Some(&'/') {
            break;
        }
        // A char literal such as '[' or '+'.
        if c == '\'' {
            let rest: String = chars.clone().take(3).collect();
            if rest.chars().nth(1) == Some('\'') || rest.starts_with('\\') {
                for _ in 0..rest.find('\'').map_or(0, |i| i + 1) {
                    chars.next();
                }
                out.push_str("' '");
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// `x[a..b]`, `x[a..]`, `x[..b]` (an index right after an expression); `x[..]` is not flagged.
fn range_slice(code: &str) -> Option<String> {
    let b = code.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'[' || i == 0 {
            continue;
        }
        let prev = b[i - 1];
        if !(prev.is_ascii_alphanumeric() || prev == b'_' || prev == b')' || prev == b']') {
            continue;
        }
        // The matching `]`.
        let mut depth = 0;
        let mut end = None;
        for (j, &d) in b.iter().enumerate().skip(i) {
            match d {
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = &code[i + 1..end.unwrap_or(code.len())];
        if inner.contains("..") && inner.trim() != ".." {
            return Some(format!("[{inner}]"));
        }
    }
    None
}

/// An operand of `+`/`*` (`+=`, `*=`) that names a length, offset or count.
fn length_arithmetic(code: &str) -> Option<String> {
    let b = code.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'+' && c != b'*' {
            continue;
        }
        // `*` as a dereference or a glob, `+` in a trait bound: need an operand on the left.
        let left = code[..i].trim_end();
        let right = code[i + 1..].trim_start_matches('=').trim_start();
        let prev = left.chars().last();
        if !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_' || p == ')' || p == ']') {
            continue;
        }
        if left.ends_with("impl") || left.ends_with("dyn") || right.starts_with('\'') {
            continue;
        }
        let word = |s: &str, from_end: bool| -> String {
            let s = s.trim();
            let it: Box<dyn Iterator<Item = char>> = if from_end {
                Box::new(s.chars().rev())
            } else {
                Box::new(s.chars())
            };
            let w: String = it
                .take_while(|ch| {
                    ch.is_ascii_alphanumeric()
                        || *ch == '_'
                        || *ch == '.'
                        || *ch == '('
                        || *ch == ')'
                })
                .collect();
            if from_end {
                w.chars().rev().collect()
            } else {
                w
            }
        };
        let (l, r) = (word(left, true), word(right, false));
        let names_length = |operand: &str| {
            operand
                .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .flat_map(|w| w.split('_'))
                .any(|w| LENGTH_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        };
        if names_length(&l) || names_length(&r) {
            return Some(format!("{l} {} {r}", c as char));
        }
    }
    None
}

/// One finding of the guard: where and why.
struct Hit {
    file: String,
    line: usize,
    rule: &'static str,
    what: String,
    text: String,
}

fn check_file(rel: &str, path: &Path) -> Vec<Hit> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    let mut hits = Vec::new();
    let marked = |i: usize| {
        lines[i].contains("// guard:")
            || (i > 0 && lines[i - 1].trim_start().starts_with("// guard:"))
    };
    // A statement spread over lines: a mark above its first line covers it.
    let mut statement_marked = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        if marked(i) {
            statement_marked = true;
        }
        let code = code_of(line);
        if !statement_marked {
            if let Some(what) = range_slice(&code) {
                hits.push(Hit {
                    file: rel.to_owned(),
                    line: i + 1,
                    rule: "range slice",
                    what,
                    text: trimmed.to_owned(),
                });
            } else if let Some(what) = length_arithmetic(&code) {
                hits.push(Hit {
                    file: rel.to_owned(),
                    line: i + 1,
                    rule: "length arithmetic",
                    what,
                    text: trimmed.to_owned(),
                });
            }
        }
        let end = code.trim_end();
        if end.ends_with(';') || end.ends_with('{') || end.ends_with('}') || end.ends_with(',') {
            statement_marked = false;
        }
    }
    hits
}

#[test]
fn decoders_have_no_unchecked_slicing_or_length_arithmetic() {
    let mut hits = Vec::new();
    let mut checked = 0;
    for (rel, path) in decoder_sources() {
        checked += 1;
        hits.extend(check_file(&rel, &path));
    }
    assert!(checked >= 15, "only {checked} decoder files found");
    let report: Vec<String> = hits
        .iter()
        .map(|h| {
            format!(
                "crates/dbcert-core/src/{}:{}: {} `{}` may panic or overflow on hostile input:\n    {}",
                h.file, h.line, h.rule, h.what, h.text
            )
        })
        .collect();
    assert!(
        hits.is_empty(),
        "{} unchecked line(s) in the decoders. Use get()/checked_add()/saturating_add() (or \
         iterators), or justify the line with a `// guard: <why it cannot panic>` comment on it \
         or on the line above:\n{}",
        hits.len(),
        report.join("\n")
    );
}

/// The rules themselves: what they catch and what they let through.
#[test]
fn the_guard_rules_catch_what_they_should() {
    assert!(range_slice("let v = &data[start..end];").is_some());
    assert!(range_slice("let v = &data[header..];").is_some());
    assert!(range_slice("let v = f(x)[..n];").is_some());
    assert!(range_slice("let all = &data[..];").is_none());
    assert!(range_slice("if let [a, b, ..] = v {").is_none());
    assert!(range_slice(&code_of("let s = \"a[1..2]\";")).is_none());
    assert!(length_arithmetic("let total = header + len;").is_some());
    assert!(length_arithmetic("let e = self.offset + 2;").is_some());
    assert!(length_arithmetic("pos += n;").is_some());
    assert!(length_arithmetic("let x = a.checked_add(len);").is_none());
    assert!(length_arithmetic("fn f(x: impl Iterator + Send) {}").is_none());
    assert!(length_arithmetic("let y = *len;").is_none());
    assert!(length_arithmetic("let z = a + b;").is_none());
    assert!(code_of("x + y // len + 1").ends_with("x + y "));
}
