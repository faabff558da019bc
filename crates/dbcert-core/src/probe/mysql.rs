//! The MySQL client/server protocol up to the point where TLS starts, and nothing more: the
//! server's initial handshake packet (protocol 10), its ERR packet, the 32-byte SSLRequest a
//! client sends to switch to TLS (capabilities only, never a user name or password), and the
//! recognition of bytes that are not MySQL at all (HTTP, SSH, SMTP, a TLS record, …).

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};

/// `CLIENT_SSL`: the server can switch to TLS after its greeting.
pub const CLIENT_SSL: u32 = 0x0000_0800;
/// `CLIENT_PROTOCOL_41`: the 4.1 protocol (every server since 2004).
pub const CLIENT_PROTOCOL_41: u32 = 0x0000_0200;
/// `CLIENT_SECURE_CONNECTION`: 4.1 authentication.
pub const CLIENT_SECURE_CONNECTION: u32 = 0x0000_8000;
/// `CLIENT_PLUGIN_AUTH`: authentication plugins.
pub const CLIENT_PLUGIN_AUTH: u32 = 0x0008_0000;
/// `CLIENT_LONG_PASSWORD` in MySQL; `CLIENT_MYSQL` in MariaDB (a MariaDB server clears it).
pub const CLIENT_LONG_PASSWORD: u32 = 0x0000_0001;

/// The largest greeting accepted (real ones are under 200 bytes).
pub const MAX_GREETING: usize = 16 * 1024;

/// Which server family sent the greeting, from its version string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// MySQL (or a server that says nothing else: Percona Server, cloud MySQL services).
    Mysql,
    /// MariaDB (`5.5.5-10.11.6-MariaDB…` or, from 11.0 on, `11.4.2-MariaDB…`).
    Mariadb,
    /// TiDB (`…-TiDB-v7.5.0…`).
    Tidb,
}

/// What the server's initial handshake packet says, credentials-free.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Greeting {
    /// Protocol version (always 10 for a server that can speak TLS).
    pub protocol_version: u8,
    /// The version string exactly as sent, e.g. `5.5.5-10.11.6-MariaDB-0+deb12u1`.
    pub server_version: String,
    /// The server family.
    pub flavor: Flavor,
    /// The real version: `10.11.6` for `5.5.5-10.11.6-MariaDB-0+deb12u1`, `8.0.36` for
    /// `8.0.36-28` or `8.0.36`.
    pub version: String,
    /// The connection (thread) id the server gave this connection.
    pub connection_id: u32,
    /// The capability flags (lower and upper 16 bits).
    pub capabilities: u32,
    /// Whether `CLIENT_SSL` is set: the server offers TLS.
    pub tls_offered: bool,
    /// The server's default character set (collation id), if sent.
    pub charset: Option<u8>,
    /// The server status flags, if sent.
    pub status: Option<u16>,
    /// The default authentication plugin, if sent (e.g. `mysql_native_password`).
    pub auth_plugin: Option<String>,
}

/// What a buffer read from the socket holds so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A complete greeting.
    Greeting(Greeting),
    /// Not enough bytes yet: read more (the total packet length, if known).
    NeedMore,
}

/// Parses the first packet a server sends. `Ok(NeedMore)` until the whole packet is there;
/// errors: `not_mysql` for bytes of another protocol (or nonsense), `server_error` for a MySQL
/// ERR packet (e.g. 1129 "Host … is blocked", 1040 "Too many connections").
pub fn parse_greeting(buf: &[u8]) -> Result<Parsed> {
    if let Some(what) = foreign_protocol(buf) {
        return Err(not_mysql(format!(
            "the service answered like {what}, not a MySQL server"
        )));
    }
    if buf.len() < 4 {
        return Ok(Parsed::NeedMore);
    }
    let len = usize::from(buf[0]) | usize::from(buf[1]) << 8 | usize::from(buf[2]) << 16;
    let seq = buf[3];
    if len == 0 || len > MAX_GREETING || seq != 0 {
        return Err(not_mysql(format!(
            "the first bytes ({}) are not a MySQL packet header",
            hex_prefix(buf)
        )));
    }
    if buf.len() < 4 + len {
        return Ok(Parsed::NeedMore);
    }
    if buf.len() > 4 + len {
        return Err(not_mysql(
            "the service sent more than one packet before the client spoke",
        ));
    }
    let p = &buf[4..];
    match p[0] {
        0xff => Err(server_error(p)),
        10 => parse_v10(p).map(Parsed::Greeting),
        9 => Err(Error::new(
            ErrorCode::TlsNotOffered,
            "the server speaks MySQL protocol 9 (MySQL 3.x), which has no TLS",
        )),
        other => Err(not_mysql(format!(
            "a {len}-byte packet with protocol version {other} (MySQL servers send 10)"
        ))),
    }
}

/// Reads a protocol-10 greeting payload.
fn parse_v10(p: &[u8]) -> Result<Greeting> {
    let bad = |what: &str| not_mysql(format!("a malformed MySQL greeting: {what}"));
    let mut r = Reader { b: p, at: 1 };
    let version_bytes = r.until_nul().ok_or_else(|| bad("no server version"))?;
    let server_version = std::str::from_utf8(version_bytes)
        .ok()
        .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_graphic() || c == ' '))
        .ok_or_else(|| bad("the server version is not printable text"))?
        .to_owned();
    let connection_id = r.u32().ok_or_else(|| bad("no connection id"))?;
    r.take(8).ok_or_else(|| bad("no authentication data"))?;
    r.take(1).ok_or_else(|| bad("no filler byte"))?;
    let lower = r.u16().ok_or_else(|| bad("no capability flags"))?;
    let mut capabilities = u32::from(lower);
    let (mut charset, mut status, mut auth_plugin) = (None, None, None);
    if let Some(cs) = r.u8() {
        charset = Some(cs);
        status = Some(r.u16().ok_or_else(|| bad("truncated status flags"))?);
        let upper = r.u16().ok_or_else(|| bad("truncated capability flags"))?;
        capabilities |= u32::from(upper) << 16;
        let auth_len = r.u8().ok_or_else(|| bad("no authentication data length"))?;
        r.take(10).ok_or_else(|| bad("truncated reserved bytes"))?;
        if capabilities & CLIENT_SECURE_CONNECTION != 0 {
            let n = usize::from(auth_len).saturating_sub(8).max(13);
            r.take(n)
                .ok_or_else(|| bad("truncated authentication data"))?;
        }
        if capabilities & CLIENT_PLUGIN_AUTH != 0 {
            let name = r.until_nul().unwrap_or_else(|| r.rest());
            auth_plugin = std::str::from_utf8(name)
                .ok()
                .filter(|s| !s.is_empty())
                .map(str::to_owned);
        }
    }
    let (flavor, version) = flavor_and_version(&server_version);
    Ok(Greeting {
        protocol_version: 10,
        server_version,
        flavor,
        version,
        connection_id,
        capabilities,
        tls_offered: capabilities & CLIENT_SSL != 0,
        charset,
        status,
        auth_plugin,
    })
}

/// The family and real version from a version string.
pub fn flavor_and_version(s: &str) -> (Flavor, String) {
    let lower = s.to_ascii_lowercase();
    let numeric = |v: &str| -> String {
        v.chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .trim_end_matches('.')
            .to_owned()
    };
    if lower.contains("mariadb") {
        let real = s.strip_prefix("5.5.5-").unwrap_or(s);
        return (Flavor::Mariadb, numeric(real));
    }
    if let Some(i) = lower.find("-tidb-v") {
        return (Flavor::Tidb, numeric(&s[i + 7..]));
    }
    (Flavor::Mysql, numeric(s))
}

/// The SSLRequest packet (header and 32-byte payload) a client sends, with sequence id 1, to
/// switch to TLS: capability flags, max packet size, character set and 23 zero bytes. It holds
/// no user name, password or database.
pub fn ssl_request(greeting: &Greeting) -> [u8; 36] {
    let wanted = CLIENT_LONG_PASSWORD
        | CLIENT_PROTOCOL_41
        | CLIENT_SSL
        | CLIENT_SECURE_CONNECTION
        | CLIENT_PLUGIN_AUTH;
    let caps = (wanted & greeting.capabilities) | CLIENT_PROTOCOL_41 | CLIENT_SSL;
    let mut p = [0u8; 36];
    p[0] = 32;
    p[3] = 1;
    p[4..8].copy_from_slice(&caps.to_le_bytes());
    p[8..12].copy_from_slice(&(16u32 * 1024 * 1024).to_le_bytes());
    // utf8mb4_general_ci (45): understood by every server since 5.5.
    p[12] = 45;
    p
}

/// Names the protocol that `buf` starts with, when it is plainly not MySQL.
pub fn foreign_protocol(buf: &[u8]) -> Option<&'static str> {
    const TEXT: &[(&[u8], &str)] = &[
        (b"HTTP/", "an HTTP server"),
        (b"SSH-", "an SSH server"),
        (b"220 ", "an SMTP or FTP server"),
        (b"220-", "an SMTP or FTP server"),
        (b"+OK", "a POP3 server"),
        (b"* OK", "an IMAP server"),
        (b"-ERR", "a Redis or POP3 server"),
        (b"<!DOCTYPE", "an HTTP server"),
        (b"<html", "an HTTP server"),
    ];
    for (prefix, what) in TEXT {
        let n = prefix.len().min(buf.len());
        if n >= 3 && buf[..n].eq_ignore_ascii_case(&prefix[..n]) {
            return Some(what);
        }
    }
    match buf {
        // A TLS record (handshake or alert) right away: a TLS-only service (HTTPS, …).
        [0x15 | 0x16, 0x03, 0x00..=0x04, ..] => {
            Some("a TLS server (it expected TLS from the start)")
        }
        _ => None,
    }
}

fn server_error(p: &[u8]) -> Error {
    let code = p
        .get(1..3)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .unwrap_or(0);
    let mut msg = p.get(3..).unwrap_or_default();
    // A '#' marker and a 5-character SQLSTATE, when the server sends them.
    if msg.first() == Some(&b'#') && msg.len() >= 6 {
        msg = &msg[6..];
    }
    let text = String::from_utf8_lossy(msg);
    Error::new(
        ErrorCode::ServerError,
        format!("the server refused the connection with error {code}: {text}"),
    )
}

fn not_mysql(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::NotMysql, message)
}

fn hex_prefix(buf: &[u8]) -> String {
    let shown: Vec<String> = buf.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let text: String = buf
        .iter()
        .take(16)
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        })
        .collect();
    format!("{} \"{text}\"", shown.join(" "))
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn until_nul(&mut self) -> Option<&'a [u8]> {
        let rest = self.b.get(self.at..)?;
        let n = rest.iter().position(|&b| b == 0)?;
        self.at += n + 1;
        Some(&rest[..n])
    }
    fn rest(&mut self) -> &'a [u8] {
        let rest = self.b.get(self.at..).unwrap_or_default();
        self.at = self.b.len();
        rest
    }
}
