//! The snippet view as HTML: the one renderer behind `<dbcert-snippet>` (its shadow root holds
//! [`widget`]'s markup), `dbcert snippet --format html` and `snippetHtml()` ([`element`]: the
//! element with that markup pre-rendered in a declarative shadow root, so a page shows it with
//! no script), and the stylesheet both use ([`stylesheet`]).
//!
//! The markup is one line (line breaks in code are written `&#10;`), so a Markdown processor
//! that passes raw HTML through (Hugo, MkDocs, Sphinx's `raw` directive) keeps it whole. Tabs and
//! the mode switcher are radio buttons switched by CSS alone: they work without script too.
//! Every text and attribute value is escaped: generated code cannot inject markup.

use std::fmt::Write;

use super::highlight::highlight_into;
use super::view::{Panels, View, MAX_TABS};
use super::{join, ClientLibrary, ServerFlavor, Snippet, SnippetOptions, SslMode};
use crate::error::Result;

/// Appends `text` HTML-escaped (`&`, `<`, `>`, `"`, and line breaks as character references).
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value);
    out.push('"');
}

/// The inner markup of `<dbcert-snippet>` for `options` shown as `view`: what the element puts
/// in its shadow root.
pub fn widget(options: &SnippetOptions, view: &View) -> Result<String> {
    let panels = view.panels(options)?;
    let mut out = String::with_capacity(4096);
    draw(&mut out, &panels);
    Ok(out)
}

/// `<dbcert-snippet …>` with its attributes and [`widget`]'s markup in a declarative shadow
/// root (`<template shadowrootmode="open">`), linking `view.stylesheet` when given: static HTML
/// for pages built ahead of time. With the element's script present it upgrades in place.
pub fn element(options: &SnippetOptions, view: &View) -> Result<String> {
    let panels = view.panels(options)?;
    let mut out = String::with_capacity(4096);
    out.push_str("<dbcert-snippet");
    for (name, value) in attributes(options, view) {
        attr(&mut out, name, &value);
    }
    out.push_str("><template shadowrootmode=\"open\">");
    if let Some(href) = view.stylesheet.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push_str("<link rel=\"stylesheet\"");
        attr(&mut out, "href", href.trim());
        out.push('>');
    }
    draw(&mut out, &panels);
    out.push_str("</template></dbcert-snippet>");
    Ok(out)
}

/// The element's attributes for `options` and `view`, in the element's own names.
pub fn attributes(options: &SnippetOptions, view: &View) -> Vec<(&'static str, String)> {
    let o = options;
    let mut a: Vec<(&'static str, String)> = vec![
        ("client", o.client.clone()),
        ("mode", o.mode.as_str().to_owned()),
    ];
    let mut opt = |name: &'static str, v: Option<String>| {
        if let Some(v) = v {
            a.push((name, v));
        }
    };
    opt("host", o.host.clone());
    opt("port", o.port.map(|p| p.to_string()));
    opt("user", o.user.clone());
    opt("database", o.database.clone());
    opt("password-placeholder", o.password_placeholder.clone());
    opt("ca", o.ca.clone());
    opt("ca-format", o.ca_format.clone());
    opt("truststore", o.truststore.clone());
    opt(
        "truststore-type",
        o.truststore_type
            .map(|t| t.java_name().to_ascii_lowercase()),
    );
    opt("truststore-password", o.truststore_password.clone());
    opt("client-version", o.client_version.clone());
    // Both enums' attribute values are their lower-case names.
    let name = |mysql: bool| (if mysql { "mysql" } else { "mariadb" }).to_owned();
    opt(
        "client-library",
        o.client_library.map(|l| name(l == ClientLibrary::Mysql)),
    );
    opt(
        "server-flavor",
        o.server_flavor.map(|f| name(f == ServerFlavor::Mysql)),
    );
    opt("server-version", o.server_version.clone());
    opt(
        "tls-versions",
        o.tls_versions.as_ref().map(|v| join(v, ",")),
    );
    opt("cipher", o.cipher.clone());
    let list = |v: &[String]| (!v.is_empty()).then(|| join(v, ","));
    opt("clients", list(&view.clients));
    opt("modes", list(&view.modes));
    opt("theme", view.theme.clone());
    a
}

fn draw(out: &mut String, p: &Panels) {
    out.push_str("<div class=\"dbs\"");
    attr(out, "data-theme", p.theme);
    out.push('>');
    if p.clients.len() > 1 || p.switcher {
        out.push_str("<div class=\"dbs-bar\">");
        if p.clients.len() > 1 {
            let names: Vec<&str> = p.clients.iter().map(|(_, n)| n.as_str()).collect();
            radios(out, "client", "Client", 'c', &names, p.selected.0);
        }
        if p.switcher {
            let names: Vec<&str> = p.modes.iter().map(|m| m.as_str()).collect();
            radios(out, "mode", "SSL mode", 'm', &names, p.selected.1);
        }
        out.push_str("</div>");
    }
    for (i, ((id, name), row)) in p.clients.iter().zip(&p.snippets).enumerate() {
        let _ = write!(out, "<div class=\"dbs-client c{i}\"");
        attr(out, "data-client", id);
        out.push('>');
        for (j, (mode, s)) in p.modes.iter().zip(row).enumerate() {
            let _ = write!(out, "<div class=\"dbs-panel m{j}\"");
            attr(out, "data-mode", mode.as_str());
            out.push('>');
            panel(out, s, name, *mode);
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

/// A radio group (tabs or the mode switcher); each input has the class `{prefix}{index}`.
fn radios(
    out: &mut String,
    name: &str,
    label: &str,
    prefix: char,
    items: &[&str],
    selected: usize,
) {
    let _ = write!(out, "<div class=\"dbs-{name}s\" role=\"radiogroup\"");
    attr(out, "aria-label", label);
    out.push('>');
    for (i, item) in items.iter().enumerate() {
        let _ = write!(
            out,
            "<label class=\"dbs-tab\"><input type=\"radio\" name=\"{name}\" class=\"{prefix}{i}\"{}>",
            if i == selected { " checked" } else { "" }
        );
        escape_into(out, item);
        out.push_str("</label>");
    }
    out.push_str("</div>");
}

/// One snippet: head (name, mode, language, copy button), the notice when the client cannot
/// express the mode, the code, then warnings and notes.
fn panel(out: &mut String, s: &Snippet, name: &str, asked: SslMode) {
    out.push_str("<div class=\"dbs-head\"><span class=\"dbs-title\">");
    escape_into(out, name);
    out.push_str("<span class=\"dbs-mode\"> · ");
    out.push_str(s.mode.as_str());
    out.push_str("</span></span><span class=\"dbs-lang\">");
    escape_into(out, &s.language);
    out.push_str("</span><button type=\"button\" class=\"dbs-copy\"");
    attr(out, "aria-label", &format!("Copy the {name} settings"));
    out.push_str(">Copy</button></div>");
    if !s.supported {
        out.push_str("<div class=\"dbs-notice\" role=\"note\"><strong>Cannot express ");
        out.push_str(asked.as_str());
        out.push_str("</strong> with ");
        escape_into(out, name);
        out.push_str(". ");
        match s.alternative {
            Some(m) => {
                let _ = write!(out, "The code below does {} instead.", m.as_str());
            }
            None => out.push_str("There is no weaker mode it can do instead."),
        }
        out.push_str("</div>");
    }
    out.push_str("<pre class=\"dbs-code\" tabindex=\"0\"");
    attr(out, "aria-label", &format!("{name} code"));
    out.push_str("><code");
    attr(out, "class", &format!("language-{}", s.language));
    out.push('>');
    highlight_into(out, &s.code, &s.language, &s.placeholders);
    out.push_str("</code></pre>");
    if !s.warnings.is_empty() {
        out.push_str("<ul class=\"dbs-warnings\" aria-label=\"Warnings\">");
        for w in &s.warnings {
            out.push_str("<li");
            attr(out, "data-code", &w.code);
            out.push_str("><code class=\"dbs-wcode\">");
            escape_into(out, &w.code);
            out.push_str("</code> ");
            escape_into(out, &w.message);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    if !s.notes.is_empty() {
        out.push_str("<ul class=\"dbs-notes\" aria-label=\"Notes\">");
        for n in &s.notes {
            out.push_str("<li>");
            escape_into(out, n);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
}

/// The stylesheet of the view (`dbcert-snippet.css`): the element adopts it, and static pages
/// link it (`View::stylesheet`). Its custom properties are the theming interface (README of
/// npm/dbcert-snippet).
pub fn stylesheet() -> String {
    // widget.css minified by build.rs (its comments and layout are for the reader of the source).
    const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));
    let mut css = String::from(CSS);
    // theme="auto" follows the reader's colour scheme with the dark rule's values.
    let dark = ".dbs[data-theme='dark']{";
    if let Some(body) = super::find(CSS.as_bytes(), 0, dark.as_bytes())
        .and_then(|at| CSS.get(at + dark.len()..))
        .and_then(|rest| rest.get(..rest.bytes().position(|b| b == b'}')?))
    {
        let _ = write!(
            css,
            "@media (prefers-color-scheme:dark){{.dbs[data-theme='auto']{{{body}}}}}"
        );
    }
    // Tabs and the mode switcher: the panel of the checked radio shows (CSS only, no script).
    for i in 0..MAX_TABS {
        let _ = write!(
            css,
            ".dbs:has(.dbs-clients .c{i}:checked) .dbs-client.c{i}{{display:block}}"
        );
    }
    for j in 0..SslMode::ALL.len() {
        let _ = write!(
            css,
            ".dbs:has(.dbs-modes .m{j}:checked) .dbs-panel.m{j}{{display:block}}"
        );
    }
    css
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn options(client: &str, mode: SslMode) -> SnippetOptions {
        SnippetOptions::new(client, mode)
    }

    #[test]
    fn one_line_escaped_and_upgradable() {
        let mut o = options("mysql-cli", SslMode::VerifyCa);
        o.host = Some("db\"><script>x</script>".into());
        let view = View {
            stylesheet: Some("/css/dbcert-snippet.css".into()),
            ..View::default()
        };
        let html = element(&o, &view).unwrap();
        assert!(!html.contains('\n'), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.starts_with("<dbcert-snippet client=\"mysql-cli\" mode=\"VERIFY_CA\" host=\"db&quot;&gt;&lt;script&gt;"));
        assert!(html.contains("<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"/css/dbcert-snippet.css\"><div class=\"dbs\""));
        assert!(html.ends_with("</template></dbcert-snippet>"));
        // The element's own markup is the same, without the wrapper.
        let inner = widget(&o, &View::default()).unwrap();
        assert!(html.contains(&inner));
    }

    #[test]
    fn tabs_and_modes_hold_every_pair() {
        let mut o = options("pymysql", SslMode::Required);
        o.host = Some("<endpoint>".into());
        let view = View {
            clients: vec!["jdbc".into(), "pymysql".into(), "jdbc".into()],
            modes: vec!["required".into(), "VERIFY_IDENTITY".into()],
            ..View::default()
        };
        let html = widget(&o, &view).unwrap();
        assert_eq!(html.matches("class=\"dbs-client ").count(), 2);
        assert_eq!(html.matches("class=\"dbs-panel ").count(), 4);
        // pymysql and REQUIRED are selected.
        assert!(html.contains("class=\"c1\" checked>PyMySQL"), "{html}");
        assert!(html.contains("class=\"m0\" checked>REQUIRED"), "{html}");
        assert!(html.contains("<span class=\"tok-placeholder\">&lt;endpoint&gt;</span>"));
        let bad = View {
            modes: vec!["sometimes".into()],
            ..View::default()
        };
        assert_eq!(
            widget(&o, &bad).unwrap_err().code(),
            crate::error::ErrorCode::InvalidOption
        );
    }

    #[test]
    fn stylesheet_switches_every_tab() {
        let css = stylesheet();
        assert!(css.contains(".dbs-client.c18{display:block}"));
        assert!(css.contains(".dbs-panel.m4{display:block}"));
        // The dark rule's declarations, again for theme="auto" under a dark colour scheme.
        let dark = |rule: &str| {
            let at = css.find(rule).unwrap() + rule.len();
            css[at..at + css[at..].find('}').unwrap()].to_owned()
        };
        let body = dark(".dbs[data-theme='dark']{");
        assert!(body.contains("--bg:var(--dbcert-bg,#111827)"), "{body}");
        assert_eq!(
            dark("@media (prefers-color-scheme:dark){.dbs[data-theme='auto']{"),
            body
        );
    }

    #[test]
    fn stylesheet_is_minified_from_the_source() {
        let css = stylesheet();
        let source = include_str!("widget.css");
        assert!(!css.contains("/*") && !css.contains('\n') && !css.contains("{ "));
        // The source's rules (before the generated ones) in at most 85% of its bytes (80% when
        // this test was written).
        let generated = css.find("@media (prefers-color-scheme:dark){").unwrap();
        assert!(
            generated * 100 < source.len() * 85,
            "{generated} of {}",
            source.len()
        );
        // Every declaration of the source is kept, spaces after ':' and ',' aside.
        for line in source.lines().filter(|l| l.trim_start().starts_with("--")) {
            let decl = line
                .trim()
                .trim_end_matches(';')
                .replace(": ", ":")
                .replace(", ", ",");
            assert!(css.contains(&decl), "{decl}");
        }
    }
}
