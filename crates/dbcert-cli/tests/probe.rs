//! `dbcert probe` against local sockets that are not MySQL servers: each failure has its own
//! code and exit status. (The real MariaDB proof is tests/realserver/probe_test.py.)

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn probe(args: &[&str]) -> (Output, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_dbcert"))
        .arg("probe")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, v)
}

fn code(v: &serde_json::Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn closed_port_is_connection_refused() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (out, v) = probe(&[&format!("127.0.0.1:{port}")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(code(&v), "connection_refused", "{v}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[connection_refused]"), "{stderr}");
}

#[test]
fn silent_service_times_out() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let keep = std::thread::spawn(move || {
        let (s, _) = l.accept().unwrap();
        std::thread::sleep(Duration::from_secs(3));
        drop(s);
    });
    let t0 = Instant::now();
    let (out, v) = probe(&[&addr.to_string(), "--timeout", "0.5"]);
    let took = t0.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(code(&v), "timeout", "{v}");
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(3),
        "{took:?}"
    );
    keep.join().unwrap();
}

#[test]
fn web_server_is_not_mysql() {
    // A server that speaks only when spoken to, like every HTTP server.
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut buf = [0u8; 256];
        let n = s.read(&mut buf).unwrap();
        s.write_all(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    });
    let (out, v) = probe(&[&addr.to_string(), "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(code(&v), "not_mysql", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("HTTP"));
    // The only bytes sent: the request line that makes a web server answer.
    assert_eq!(server.join().unwrap(), "GET / HTTP/1.0\r\n\r\n");
}

#[test]
fn banner_of_another_protocol_is_not_mysql() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        s.write_all(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
            .unwrap();
        std::thread::sleep(Duration::from_millis(500));
    });
    let (out, v) = probe(&[&addr.to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(code(&v), "not_mysql", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("SSH"));
    server.join().unwrap();
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["db.example:99999"][..],
        &["db.example", "--tls-versions", "TLSv9"],
        &["db.example", "--timeout", "0"],
    ] {
        let (out, _) = probe(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("[invalid_option]"), "{args:?}: {stderr}");
    }
}
