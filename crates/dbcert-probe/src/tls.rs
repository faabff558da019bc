//! Full TLS handshakes with rustls (TLS 1.2, 1.3), one version at a time. The certificate
//! verifier accepts any chain (dbcert's own validator judges it afterwards) but still checks the
//! handshake signatures, so the server has proven it holds the certificate's key.

use std::io::Write;
use std::sync::Arc;

use dbcert_core::probe::tls_hello::alert_name;
use dbcert_core::probe::{Negotiated, ProbeMethod, VersionProbe};
use dbcert_core::snippet::TlsVersion;
use dbcert_core::{Error, ErrorCode, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};

use crate::net::Target;

/// A successful handshake: what was negotiated and the chain the server sent.
pub struct Done {
    /// Version, cipher suite, key exchange group.
    pub negotiated: Negotiated,
    /// The certificates, DER, in the order sent.
    pub chain: Vec<Vec<u8>>,
}

/// Accepts any certificate; checks handshake signatures with the provider's algorithms.
#[derive(Debug)]
struct AcceptAny(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// What one rustls handshake gave.
pub enum Outcome {
    /// The handshake completed.
    Done(Done),
    /// The server refused (an alert, a closed connection, an incompatible choice).
    Refused(VersionProbe),
}

/// Runs one full handshake offering only `version` (1.2 or 1.3), over a fresh connection that
/// has sent the SSLRequest. `sni` is the name sent (none for an IP address).
pub fn handshake(target: &Target, version: TlsVersion, sni: &str) -> Result<Outcome> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let versions: &[&'static rustls::SupportedProtocolVersion] = match version {
        TlsVersion::Tls13 => &[&rustls::version::TLS13],
        _ => &[&rustls::version::TLS12],
    };
    let config = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .map_err(|e| internal(format!("rustls configuration: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
        .with_no_client_auth();
    let name = ServerName::try_from(sni.to_owned()).map_err(|_| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("\"{sni}\" is neither a DNS name nor an IP address"),
        )
    })?;
    let mut conn = ClientConnection::new(Arc::new(config), name)
        .map_err(|e| internal(format!("rustls: {e}")))?;
    let (mut sock, _) = target.start_tls()?;
    let refused = |alert: Option<String>, detail: Option<String>| {
        Outcome::Refused(VersionProbe {
            version,
            accepted: false,
            method: ProbeMethod::Handshake,
            cipher_suite: None,
            alert,
            detail,
        })
    };
    while conn.is_handshaking() {
        while conn.wants_write() {
            conn.write_tls(&mut sock).map_err(|e| target.io(e))?;
        }
        if !conn.is_handshaking() {
            break;
        }
        let n = match conn.read_tls(&mut sock) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Ok(refused(
                    None,
                    Some("the server reset the connection".into()),
                ))
            }
            Err(e) => return Err(target.io(e)),
        };
        if n == 0 {
            return Ok(refused(
                None,
                Some("the server closed the connection during the handshake".into()),
            ));
        }
        if let Err(e) = conn.process_new_packets() {
            // Send our own alert, as a client does.
            let _ = conn.write_tls(&mut sock);
            return Ok(match e {
                rustls::Error::AlertReceived(a) => refused(Some(alert_name(u8::from(a))), None),
                other => refused(None, Some(format!("rustls: {other}"))),
            });
        }
    }
    let chain = conn
        .peer_certificates()
        .map(|c| c.iter().map(|d| d.as_ref().to_vec()).collect())
        .unwrap_or_default();
    let suite = conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_else(|| "unknown".into());
    let key_exchange = conn
        .negotiated_key_exchange_group()
        .map(|g| format!("{:?}", g.name()));
    conn.send_close_notify();
    while conn.wants_write() {
        if conn.write_tls(&mut sock).is_err() {
            break;
        }
    }
    let _ = sock.flush();
    Ok(Outcome::Done(Done {
        negotiated: Negotiated {
            version,
            cipher_suite: suite,
            key_exchange,
        },
        chain,
    }))
}

fn internal(message: String) -> Error {
    Error::new(ErrorCode::TlsHandshakeFailed, message)
}
