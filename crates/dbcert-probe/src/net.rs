//! Sockets: connecting with a timeout, reading the server's greeting, sending the SSLRequest.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use dbcert_core::probe::mysql::{self, Greeting, Parsed};
use dbcert_core::{Error, ErrorCode, Result};

/// Sent only to a service that has not greeted after half the timeout (a MySQL server greets at
/// once): an HTTP request line, so that a web server (which waits for the client) answers and
/// can be named, while a dead service stays silent and times out.
const NUDGE: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

/// Where to connect and how long to wait.
#[derive(Clone, Debug)]
pub struct Target {
    /// The host as given.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The connect timeout, and the timeout of each read and write.
    pub timeout: Duration,
}

impl Target {
    /// `host:port` (`[v6]:port`).
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    fn secs(&self) -> String {
        format!("{:.1} s", self.timeout.as_secs_f64())
    }

    /// Connects to the first address of the host that answers.
    pub fn connect(&self) -> Result<TcpStream> {
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| {
                Error::new(
                    ErrorCode::ConnectionFailed,
                    format!("cannot resolve {}: {e}", self.host),
                )
            })?
            .collect();
        let mut last = Error::new(
            ErrorCode::ConnectionFailed,
            format!("{} resolves to no address", self.host),
        );
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, self.timeout) {
                Ok(s) => {
                    s.set_read_timeout(Some(self.timeout))
                        .map_err(|e| self.io(e))?;
                    s.set_write_timeout(Some(self.timeout))
                        .map_err(|e| self.io(e))?;
                    let _ = s.set_nodelay(true);
                    return Ok(s);
                }
                Err(e) => last = self.connect_error(addr, e),
            }
        }
        Err(last)
    }

    fn connect_error(&self, addr: SocketAddr, e: std::io::Error) -> Error {
        match e.kind() {
            ErrorKind::ConnectionRefused => Error::new(
                ErrorCode::ConnectionRefused,
                format!(
                    "connection to {addr} refused: nothing listens on port {} (is the server \
                     running, on this port, bound to this address?)",
                    self.port
                ),
            ),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Error::new(
                ErrorCode::Timeout,
                format!(
                    "connecting to {addr} timed out after {}: a firewall drops the packets, or \
                     the host is down",
                    self.secs()
                ),
            ),
            _ => Error::new(
                ErrorCode::ConnectionFailed,
                format!("cannot connect to {addr}: {e}"),
            ),
        }
    }

    /// An I/O error during the exchange, with its code (`timeout` or `connection_failed`).
    pub fn io(&self, e: std::io::Error) -> Error {
        match e.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Error::new(
                ErrorCode::Timeout,
                format!("{} did not answer within {}", self.address(), self.secs()),
            ),
            _ => Error::new(
                ErrorCode::ConnectionFailed,
                format!("the connection to {} broke: {e}", self.address()),
            ),
        }
    }

    /// Reads the greeting. With `nudge`, a service silent for half the timeout is sent
    /// [`NUDGE`]; the answer (or a late greeting) is then read for the other half. Returns the
    /// greeting and whether the nudge was sent (the connection can then not go on).
    pub fn greet(&self, s: &mut TcpStream, nudge: bool) -> Result<(Greeting, bool)> {
        let start = Instant::now();
        let first_wait = if nudge {
            self.timeout / 2
        } else {
            self.timeout
        };
        let mut buf = Vec::new();
        let mut nudged = false;
        let mut chunk = [0u8; 4096];
        loop {
            let limit = if nudged || !nudge {
                self.timeout
            } else {
                first_wait
            };
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                if buf.is_empty() && nudge && !nudged {
                    s.write_all(NUDGE).map_err(|e| self.io(e))?;
                    nudged = true;
                    continue;
                }
                return Err(self.silent(&buf, nudged));
            }
            s.set_read_timeout(Some(left)).map_err(|e| self.io(e))?;
            match s.read(&mut chunk) {
                Ok(0) if buf.is_empty() => {
                    return Err(Error::new(
                        ErrorCode::ConnectionFailed,
                        format!(
                            "{} closed the connection without a greeting{}: not a MySQL server, \
                             or one (or a firewall, proxy) that drops this client",
                            self.address(),
                            if nudged {
                                " (after an HTTP request line)"
                            } else {
                                ""
                            }
                        ),
                    ))
                }
                Ok(0) => {
                    return Err(mysql::parse_greeting(&buf).err().unwrap_or_else(|| {
                        Error::new(
                            ErrorCode::NotMysql,
                            format!(
                                "{} closed the connection after {} bytes of an incomplete greeting",
                                self.address(),
                                buf.len()
                            ),
                        )
                    }))
                }
                Ok(n) => {
                    buf.extend_from_slice(&chunk[..n]);
                    if let Parsed::Greeting(g) = mysql::parse_greeting(&buf)? {
                        s.set_read_timeout(Some(self.timeout))
                            .map_err(|e| self.io(e))?;
                        return Ok((g, nudged));
                    }
                }
                Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io(e)),
            }
        }
    }

    fn silent(&self, buf: &[u8], nudged: bool) -> Error {
        if !buf.is_empty() {
            return Error::new(
                ErrorCode::NotMysql,
                format!(
                    "{} sent {} bytes that are not a complete MySQL greeting, then nothing for {}",
                    self.address(),
                    buf.len(),
                    self.secs()
                ),
            );
        }
        Error::new(
            ErrorCode::Timeout,
            format!(
                "connected to {}, but it sent nothing within {}{}: a MySQL server greets at once, \
                 so this is a stalled server or proxy, or a service that waits for the client",
                self.address(),
                self.secs(),
                if nudged {
                    " (not even after an HTTP request line)"
                } else {
                    ""
                }
            ),
        )
    }

    /// Connects, reads the greeting and sends the SSLRequest: the socket is then ready for a
    /// ClientHello. `tls_not_offered` when the server does not offer TLS.
    pub fn start_tls(&self) -> Result<(TcpStream, Greeting)> {
        let mut s = self.connect()?;
        let (g, _) = self.greet(&mut s, false)?;
        dbcert_core::probe::require_tls(&g, &self.address())?;
        s.write_all(&mysql::ssl_request(&g))
            .map_err(|e| self.io(e))?;
        Ok((s, g))
    }
}
