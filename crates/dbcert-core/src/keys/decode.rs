//! Plain (decrypted) private keys: PKCS#8 `PrivateKeyInfo` (RFC 5208/5958) decoded by the
//! `pkcs8` crate, `RSAPrivateKey` (PKCS#1, RFC 8017) by `pkcs1`, `ECPrivateKey` (SEC 1, RFC 5915)
//! by `sec1`, and an Ed25519 `CurvePrivateKey` (RFC 8410). What comes out is the key's type and
//! size and its public half, never the private value: an EC public point is computed from the
//! scalar by the curve crate (which refuses a scalar out of range), an Ed25519 one by
//! `ed25519-dalek`.

use der::asn1::OctetStringRef;
use der::Decode;

use super::{KeyAlgorithm, KeyInfo, Public};
use crate::error::ErrorCode;
use crate::oid;
use crate::verify::signature::key::{bit_len, curve_by_oid, named_curve};
use crate::verify::signature::Curve;

/// What one decoded key is: its description and its public half.
pub(crate) struct Decoded {
    pub(crate) info: KeyInfo,
    pub(crate) public: Public,
}

/// The forms a plain key arrives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// `PRIVATE KEY`, a PKCS#12 key bag, a decrypted `ENCRYPTED PRIVATE KEY`.
    Pkcs8,
    /// `RSA PRIVATE KEY`.
    Pkcs1,
    /// `EC PRIVATE KEY`.
    Sec1,
}

/// Why a key is not one dbcert reads: `malformed_key` or `unsupported_algorithm`.
pub(crate) struct Refused {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
}

/// Decodes a plain key of `form`.
pub(crate) fn decode(form: Form, der: &[u8]) -> Result<Decoded, Refused> {
    let decoded = match form {
        Form::Pkcs8 => pkcs8(der),
        Form::Pkcs1 => rsa(der),
        Form::Sec1 => ec(None, der),
    };
    decoded.map_err(|message| Refused {
        // The key types and curves dbcert does not read, as the signature rules word them.
        code: if message.starts_with(UNSUPPORTED) || message.contains("not supported") {
            ErrorCode::UnsupportedAlgorithm
        } else {
            ErrorCode::MalformedKey
        },
        message,
    })
}

/// How the message of a key type dbcert does not read starts.
const UNSUPPORTED: &str = "a private key of type";

fn pkcs8(der: &[u8]) -> Result<Decoded, String> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|e| format!("not a PKCS#8 PrivateKeyInfo ({e})"))?;
    let a = info.algorithm.oid.as_bytes();
    let key = info.private_key.as_bytes();
    if a == oid::RSA_ENCRYPTION || a == oid::RSASSA_PSS {
        return rsa(key);
    }
    if a == oid::EC_PUBLIC_KEY {
        let curve = named_curve(info.algorithm.parameters)?;
        return ec(Some(curve), key);
    }
    if a == oid::ED25519 {
        // CurvePrivateKey ::= OCTET STRING (the 32-byte seed).
        let seed = <&OctetStringRef>::from_der(key)
            .map_err(|_| "the Ed25519 private key is not an OCTET STRING".to_owned())?;
        let seed: [u8; 32] = seed
            .as_bytes()
            .try_into()
            .map_err(|_| "the Ed25519 private key is not 32 bytes".to_owned())?;
        let seed = zeroize::Zeroizing::new(seed);
        let public = ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        return Ok(Decoded {
            info: KeyInfo {
                algorithm: KeyAlgorithm::Ed25519,
                bits: 256,
                curve: None,
            },
            public: Public::Ed25519(public),
        });
    }
    Err(format!(
        "{UNSUPPORTED} {}, which MySQL clients do not use (RSA, EC P-256/P-384/P-521 and Ed25519 are read)",
        oid::name(a)
    ))
}

/// `RSAPrivateKey`: the modulus and public exponent are the public half.
fn rsa(der: &[u8]) -> Result<Decoded, String> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der)
        .map_err(|e| format!("not a PKCS#1 RSAPrivateKey ({e})"))?;
    let n = key.modulus.as_bytes();
    let e = key.public_exponent.as_bytes();
    let bits = u32::try_from(bit_len(n)).unwrap_or(u32::MAX);
    Ok(Decoded {
        info: KeyInfo {
            algorithm: KeyAlgorithm::Rsa,
            bits,
            curve: None,
        },
        public: Public::Rsa {
            n: n.to_vec(),
            e: e.to_vec(),
        },
    })
}

/// `ECPrivateKey`, its curve named by PKCS#8 (`outer`) or by its own parameters. The public
/// point is computed from the scalar; an embedded public key that differs is refused.
fn ec(outer: Option<Curve>, der: &[u8]) -> Result<Decoded, String> {
    let key =
        sec1::EcPrivateKey::from_der(der).map_err(|e| format!("not a SEC 1 ECPrivateKey ({e})"))?;
    let inner = match &key.parameters {
        Some(p) => {
            let oid = p.named_curve().ok_or("the EC key names no curve")?;
            Some(curve_by_oid(oid.as_bytes())?)
        }
        None => None,
    };
    let curve = match (outer, inner) {
        (Some(a), Some(b)) if a != b => {
            return Err("the EC key names two different curves".to_owned())
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Err("the EC key names no curve".to_owned()),
    };
    let point = public_point(curve, key.private_key)
        .map_err(|()| "the EC private key is not a valid scalar for its curve".to_owned())?;
    if let Some(embedded) = key.public_key {
        let embedded = crate::verify::signature::key::ec_point(curve, embedded)
            .map_err(|()| "the EC key's embedded public key is not a point on its curve")?;
        if embedded != point {
            return Err(
                "the EC key's embedded public key does not belong to its private scalar".to_owned(),
            );
        }
    }
    let (bits, name) = match curve {
        Curve::P256 => (256, "P-256"),
        Curve::P384 => (384, "P-384"),
        Curve::P521 => (521, "P-521"),
    };
    Ok(Decoded {
        info: KeyInfo {
            algorithm: KeyAlgorithm::Ec,
            bits,
            curve: Some(name),
        },
        public: Public::Ec { curve, point },
    })
}

/// The uncompressed public point of scalar `d` on `curve`.
fn public_point(curve: Curve, d: &[u8]) -> Result<Vec<u8>, ()> {
    macro_rules! point {
        ($c:ident) => {{
            use $c::elliptic_curve::sec1::ToSec1Point;
            $c::SecretKey::from_slice(d)
                .map(|k| k.public_key().to_sec1_point(false).as_bytes().to_vec())
                .map_err(|_| ())
        }};
    }
    match curve {
        Curve::P256 => point!(p256),
        Curve::P384 => point!(p384),
        Curve::P521 => point!(p521),
    }
}
