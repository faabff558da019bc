//! `dbcert verify`'s "Will my client connect?" table: the report's per-client verdicts
//! (`VerifyReport::clients`, judged by the core's stack profiles), one row per client and
//! version, a column per SSL mode, and each refusal's (or unknown's) reason and each caveat of
//! a connecting client (what it does not check) once, numbered.

use std::fmt::Write as _;

use dbcert_core::snippet::SslMode;
use dbcert_core::verify::clients::{Answer, ClientRef, ClientVerdict};

/// Parses the `--client` values (`ID` or `ID@VERSION`), each checked against the core's table;
/// the error names the valid ids or versions.
pub fn parse(specs: &[String]) -> Result<Vec<ClientRef<'_>>, String> {
    specs
        .iter()
        .map(|s| {
            ClientRef::checked(s).map_err(|e| crate::input::describe(&format!("--client {s}"), &e))
        })
        .collect()
}

/// One row: a client at one version, its verdict per mode.
struct Row<'a> {
    client: &'a str,
    version: &'a str,
    stack: String,
    ca: Option<&'a ClientVerdict>,
    identity: Option<&'a ClientVerdict>,
}

fn rows(verdicts: &[ClientVerdict]) -> Vec<Row<'_>> {
    let mut out: Vec<Row<'_>> = Vec::new();
    for v in verdicts {
        let i = match out
            .iter()
            .position(|r| r.client == v.client && r.version == v.version)
        {
            Some(i) => i,
            None => {
                out.push(Row {
                    client: &v.client,
                    version: &v.version,
                    stack: String::new(),
                    ca: None,
                    identity: None,
                });
                out.len() - 1
            }
        };
        let Some(row) = out.get_mut(i) else { continue };
        if let Some(s) = v.stack.map(|s| s.as_str()) {
            if !row.stack.split('/').any(|x| x == s) {
                if !row.stack.is_empty() {
                    row.stack.push('/');
                }
                row.stack.push_str(s);
            }
        }
        match v.mode {
            SslMode::VerifyIdentity => row.identity = Some(v),
            _ => row.ca = Some(v),
        }
    }
    for r in &mut out {
        if r.stack.is_empty() {
            r.stack.push('-');
        }
    }
    out
}

/// The table, and the notes under it, for the report's `clients` (empty: nothing). `host`: the
/// host checked; without one the VERIFY_IDENTITY column is left out and a line says so.
pub fn render<'a>(verdicts: &'a [ClientVerdict], host: Option<&str>) -> String {
    let mut s = String::new();
    if verdicts.is_empty() {
        return s;
    }
    let rows = rows(verdicts);
    // Each distinct reason of a refusal or an unknown, and each caveat of a connecting client,
    // numbered in order of appearance.
    let mut notes: Vec<(String, &'a str)> = Vec::new();
    let mut note = |head: String, text: &'a str| -> usize {
        match notes.iter().position(|(h, r)| *h == head && *r == text) {
            Some(i) => i + 1,
            None => {
                notes.push((head, text));
                notes.len()
            }
        }
    };
    let mut cell = |v: Option<&'a ClientVerdict>| -> String {
        let Some(v) = v else {
            return "-".to_owned();
        };
        let numbers: Vec<String> = if v.verdict == Answer::Connects {
            v.caveats
                .iter()
                .map(|c| {
                    let unseen: Vec<&str> = c.unseen.iter().map(|c| c.as_str()).collect();
                    let head = format!("{} ({})", c.code.as_str(), unseen.join(", "));
                    note(head, &c.message).to_string()
                })
                .collect()
        } else {
            let codes: Vec<&str> = v.codes.iter().map(|c| c.as_str()).collect();
            vec![note(codes.join(", "), &v.reason).to_string()]
        };
        if numbers.is_empty() {
            v.verdict.as_str().to_owned()
        } else {
            format!("{} [{}]", v.verdict.as_str(), numbers.join(","))
        }
    };
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.client.to_owned(),
                r.version.to_owned(),
                r.stack.clone(),
                cell(r.ca),
                if host.is_some() {
                    cell(r.identity)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let header = [
        "client",
        "version",
        "stack",
        "VERIFY_CA",
        if host.is_some() {
            "VERIFY_IDENTITY"
        } else {
            ""
        },
    ];
    let mut width = header.map(str::len);
    for line in &table {
        for (w, c) in width.iter_mut().zip(line) {
            *w = (*w).max(c.len());
        }
    }
    let _ = writeln!(
        s,
        "Will my client connect? Each client judged by the TLS stack it validates with{}:",
        host.map(|h| format!("; VERIFY_IDENTITY for {h}"))
            .unwrap_or_default()
    );
    let mut line = |cells: [&str; 5]| {
        let mut l = String::new();
        for (c, w) in cells.iter().zip(width) {
            let _ = write!(l, "{c:<w$}  ");
        }
        let _ = writeln!(s, "  {}", l.trim_end());
    };
    line(header);
    for r in &table {
        line([&r[0], &r[1], &r[2], &r[3], &r[4]]);
    }
    if host.is_none() {
        let _ = writeln!(
            s,
            "VERIFY_IDENTITY: not checked; give the host name clients connect to with --host."
        );
    }
    for (n, (head, reason)) in notes.iter().enumerate() {
        if head.is_empty() {
            let _ = writeln!(s, "  [{}] {reason}", n + 1);
        } else {
            let _ = writeln!(s, "  [{}] {head}: {reason}", n + 1);
        }
    }
    s
}
