//! TLS versions, and a hand-built ClientHello with the reading of the server's first answer, for
//! the versions rustls does not speak (TLS 1.0, 1.1): the probe offers exactly one version and
//! reads whether the server answers with a ServerHello of that version or with an alert. This is
//! how acceptance is detected honestly without completing a handshake.

use crate::error::{Error, ErrorCode, Result};
use crate::snippet::TlsVersion;

/// The wire value of a version (`0x0303` for TLS 1.2).
pub fn wire(v: TlsVersion) -> u16 {
    match v {
        TlsVersion::Tls10 => 0x0301,
        TlsVersion::Tls11 => 0x0302,
        TlsVersion::Tls12 => 0x0303,
        TlsVersion::Tls13 => 0x0304,
    }
}

/// The version with this wire value.
pub fn from_wire(value: u16) -> Option<TlsVersion> {
    TlsVersion::ALL.into_iter().find(|&t| wire(t) == value)
}

/// Serialises a version by MySQL's name (`TLSv1.2`), for the report.
pub fn serialize_version<S: serde::Serializer>(
    v: &TlsVersion,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(v.mysql_name())
}

/// The cipher suites offered in a hand-built ClientHello: every suite OpenSSL enables for TLS
/// 1.0–1.2 by default, so that "rejected" means the version, not the suites.
pub const LEGACY_SUITES: &[(u16, &str)] = &[
    (0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    (0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    (0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
    (0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
    (0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
    (0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    (0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    (0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    (0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    (0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    (0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    (0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    (0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
    (0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    (0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
];

/// The IANA name of a cipher suite offered by [`client_hello`], else its hex value.
pub fn suite_name(id: u16) -> String {
    LEGACY_SUITES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| (*n).to_owned())
        .unwrap_or_else(|| format!("0x{id:04x}"))
}

/// A ClientHello record that offers only `version` (≤ TLS 1.2), with [`LEGACY_SUITES`], the
/// server name (when `sni` is a DNS name), the NIST curves and X25519, and every signature
/// algorithm OpenSSL accepts, so that a server rejects it only for the version. `random` is the
/// 32-byte client random (the core has no randomness of its own).
pub fn client_hello(version: TlsVersion, sni: Option<&str>, random: &[u8; 32]) -> Vec<u8> {
    let mut ext = Vec::new();
    if let Some(name) = sni.filter(|n| is_dns_name(n)) {
        let n = name.as_bytes();
        let mut list = vec![0u8];
        push_u16_bytes(&mut list, n);
        let mut body = Vec::new();
        push_u16_bytes(&mut body, &list);
        push_ext(&mut ext, 0x0000, &body);
    }
    // supported_groups: x25519, secp256r1, secp384r1, secp521r1, ffdhe2048.
    let groups: Vec<u8> = [0x001du16, 0x0017, 0x0018, 0x0019, 0x0100]
        .iter()
        .flat_map(|g| g.to_be_bytes())
        .collect();
    let mut body = Vec::new();
    push_u16_bytes(&mut body, &groups);
    push_ext(&mut ext, 0x000a, &body);
    // ec_point_formats: uncompressed.
    push_ext(&mut ext, 0x000b, &[1, 0]);
    if version == TlsVersion::Tls12 {
        // signature_algorithms (TLS 1.2 only; older versions must not send it).
        let algs: Vec<u8> = [
            0x0403u16, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203,
            0x0201,
        ]
        .iter()
        .flat_map(|a| a.to_be_bytes())
        .collect();
        let mut body = Vec::new();
        push_u16_bytes(&mut body, &algs);
        push_ext(&mut ext, 0x000d, &body);
    }
    // renegotiation_info (empty), as every client sends it.
    push_ext(&mut ext, 0xff01, &[0]);

    let mut hello = Vec::new();
    hello.extend_from_slice(&wire(version).to_be_bytes());
    hello.extend_from_slice(random);
    hello.push(0); // no session id
    let suites: Vec<u8> = LEGACY_SUITES
        .iter()
        .flat_map(|(id, _)| id.to_be_bytes())
        .collect();
    push_u16_bytes(&mut hello, &suites);
    hello.extend_from_slice(&[1, 0]); // compression: null only
    push_u16_bytes(&mut hello, &ext);

    let mut hs = vec![1u8];
    push_u24(&mut hs, hello.len());
    hs.extend_from_slice(&hello);
    let mut record = vec![0x16, 0x03, 0x01];
    record.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    record.extend_from_slice(&hs);
    record
}

/// The server's first answer to a hand-built ClientHello.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelloAnswer {
    /// A ServerHello: the version and cipher suite the server chose.
    ServerHello {
        /// The version chosen (from `server_version`; a TLS 1.3 server never picks 1.3 for a
        /// ClientHello without `supported_versions`).
        version: u16,
        /// The cipher suite chosen.
        suite: u16,
    },
    /// A fatal alert (its description, e.g. 70 `protocol_version`).
    Alert(u8),
    /// Not enough bytes yet.
    NeedMore,
}

/// Reads the first TLS record the server sent back.
pub fn read_answer(buf: &[u8]) -> Result<HelloAnswer> {
    if buf.len() < 5 {
        return Ok(HelloAnswer::NeedMore);
    }
    let (kind, len) = (buf[0], usize::from(u16::from_be_bytes([buf[3], buf[4]])));
    if buf[1] != 0x03 || len == 0 || len > 18 * 1024 {
        return Err(Error::new(
            ErrorCode::TlsHandshakeFailed,
            "the server answered the ClientHello with bytes that are not a TLS record",
        ));
    }
    let body = &buf[5..];
    match kind {
        0x15 => match body.get(1) {
            Some(&d) => Ok(HelloAnswer::Alert(d)),
            None => Ok(HelloAnswer::NeedMore),
        },
        0x16 => {
            // Handshake header (4) + server_version (2) + random (32) + session id.
            let Some(sid_len) = body.get(38).map(|&b| usize::from(b)) else {
                return Ok(HelloAnswer::NeedMore);
            };
            if body[0] != 2 {
                return Err(Error::new(
                    ErrorCode::TlsHandshakeFailed,
                    format!(
                        "the server answered with handshake message {} instead of a ServerHello",
                        body[0]
                    ),
                ));
            }
            let version = u16::from_be_bytes([body[4], body[5]]);
            match body.get(39 + sid_len..41 + sid_len) {
                Some(s) => Ok(HelloAnswer::ServerHello {
                    version,
                    suite: u16::from_be_bytes([s[0], s[1]]),
                }),
                None => Ok(HelloAnswer::NeedMore),
            }
        }
        other => Err(Error::new(
            ErrorCode::TlsHandshakeFailed,
            format!("the server answered the ClientHello with a TLS record of type {other}"),
        )),
    }
}

/// The name of a TLS alert description (RFC 8446 §6), e.g. `protocol_version` for 70.
pub fn alert_name(d: u8) -> String {
    let name = match d {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        22 => "record_overflow",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => return format!("alert {d}"),
    };
    name.to_owned()
}

fn is_dns_name(n: &str) -> bool {
    !n.is_empty()
        && n.parse::<std::net::IpAddr>().is_err()
        && n.contains(|c: char| c.is_ascii_alphabetic())
}

fn push_u16_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u16).to_be_bytes());
    out.extend_from_slice(b);
}

fn push_u24(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
}

fn push_ext(out: &mut Vec<u8>, kind: u16, body: &[u8]) {
    out.extend_from_slice(&kind.to_be_bytes());
    push_u16_bytes(out, body);
}
