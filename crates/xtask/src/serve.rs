//! `cargo xtask serve`: builds the wasm package, then serves the inspector on 127.0.0.1.
//!
//! A tiny std-only static server: GET and HEAD, one thread per connection, bound to the
//! loopback interface only. URL paths map to four folders ([`MOUNTS`]): `/pkg/` is the built
//! npm/dbcert-wasm package, `/snippet/` the docs widget's package (npm/dbcert-snippet, which
//! www/widget/example.html loads), `/demo/` the demo chain the page opens with, the rest `www/`.
//! Paths are percent-decoded and refused when they hold `..`, a backslash or a NUL, and every
//! file is canonicalized and must stay inside its folder (symlinks cannot lead out). Every
//! response carries [`CSP`]; the page adds `connect-src 'none'` once it has loaded.
//!
//! `cargo xtask serve [--port N] [--no-build]`; the port defaults to `PORT`, else 8080; port 0
//! picks a free one. The URL is printed on stdout (`serving http://127.0.0.1:PORT/`).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use crate::{js, root, sh};

/// URL prefix → folder (relative to the workspace root). The first match wins.
const MOUNTS: [(&str, &str); 4] = [
    ("/pkg/", "npm/dbcert-wasm"),
    ("/snippet/", "npm/dbcert-snippet"),
    ("/demo/", "tests/data/demo"),
    ("/", "www"),
];

/// The policy of every response: scripts, styles, images and fetches only from this origin
/// (the wasm module and the demo chain are fetched), WebAssembly compilation allowed.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// Runs the verb.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
    let mut build = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().cloned().ok_or("--port needs a number")?,
            "--no-build" => build = false,
            other => {
                return Err(format!(
                    "serve: unknown argument {other}; use --port N, --no-build"
                ))
            }
        }
    }
    let port: u16 = port
        .parse()
        .map_err(|_| format!("serve: bad port {port}"))?;
    if build {
        crate::wasm::build()?;
    }
    let listener = listen(port)?;
    let url = url(&listener)?;
    println!("serving {url} (www/, the wasm package at /pkg/, the widget at {url}widget/example.html; Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    serve(&listener);
    Ok(())
}

/// The browser page suite (tests/browser): serves on a free port in this process and runs the
/// suite against it in Chromium, Firefox ESR and WebKit (Debian's packages; the drivers from
/// tests/js). The wasm package must have been built.
pub fn browser_tests() -> Result<(), String> {
    js::ensure_npm_tools()?;
    sh::ensure_browsers()?;
    let url = in_background()?;
    sh::node_in_browsers(
        &root().join("tests/browser"),
        &[
            "--test",
            "--test-reporter=spec",
            "--test-concurrency=1",
            ".",
        ],
        &[("DBCERT_WWW_URL", &url)],
    )
}

/// Serves www/ (and the built packages) on a free port of 127.0.0.1 from a thread of this
/// process, for as long as it runs; returns the page's URL.
pub fn in_background() -> Result<String, String> {
    let listener = listen(0)?;
    let url = url(&listener)?;
    std::thread::spawn(move || serve(&listener));
    Ok(url)
}

fn listen(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
}

fn url(listener: &TcpListener) -> Result<String, String> {
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    Ok(format!("http://{addr}/"))
}

fn serve(listener: &TcpListener) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = handle(stream);
        });
    }
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut line)?;
    // Skip the headers: nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, mime, body) = match method {
        "GET" | "HEAD" => {
            match resolve(target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
                Some((path, body)) => ("200 OK", mime(&path), body),
                None => (
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    b"not found\n".to_vec(),
                ),
            }
        }
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET or HEAD only\n".to_vec(),
        ),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Referrer-Policy: no-referrer\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// The file a request target names, or `None` (outside every mount, or not a file).
fn resolve(target: &str) -> Option<PathBuf> {
    let path = decode(target.split(['?', '#']).next()?)?;
    if !path.starts_with('/') || path.contains(['\\', '\0']) || path.split('/').any(|s| s == "..") {
        return None;
    }
    let (prefix, dir) = MOUNTS.iter().find(|(p, _)| path.starts_with(p))?;
    let base = root().join(dir).canonicalize().ok()?;
    let mut file = base.join(&path[prefix.len()..]);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let file = file.canonicalize().ok()?;
    (file.starts_with(&base) && file.is_file()).then_some(file)
}

/// Percent-decodes a URL path; `None` when it is not valid UTF-8 afterwards.
fn decode(s: &str) -> Option<String> {
    let (b, mut out, mut i) = (s.as_bytes(), Vec::with_capacity(s.len()), 0);
    while i < b.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "pem" | "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_mounts_and_refuses_traversal() {
        assert!(resolve("/").is_some_and(|p| p.ends_with("www/index.html")));
        assert!(resolve("/demo/chain.pem?x=1")
            .is_some_and(|p| p.ends_with("tests/data/demo/chain.pem")));
        assert!(resolve("/pkg/package.json")
            .is_some_and(|p| p.ends_with("npm/dbcert-wasm/package.json")));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/pkg/..%2f..%2fCargo.toml",
            "/demo/..\\x",
            "x",
            "/nope",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
        assert_eq!(mime(Path::new("a/dbcert_wasm_bg.wasm")), "application/wasm");
    }
}
