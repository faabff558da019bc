//! The generated signatures of tests/differential.rs: keys and signatures from a seeded ChaCha20
//! RNG (the same every run), valid ones made with the private keys (RustCrypto), then mutated
//! and broken on purpose. Each class is judged by `Judge` (ring = RustCrypto, and the expected
//! verdict).

use rand::rngs::ChaCha20Rng;
use rand::{Rng, RngExt, SeedableRng};
use rsa::traits::PublicKeyParts;
use rsa::BoxedUint;
use sha2::Digest;

use super::wycheproof_sets::{alg, int, tlv};
use super::Judge;

const NULL: &[u8] = &[0x05, 0x00];

/// Mutations of each valid RSA signature (bits of the signature, then of the message).
const RSA_SIG_FLIPS: usize = 90;
const RSA_MSG_FLIPS: usize = 10;

/// The RSA keys: modulus bits (odd lengths included) and public exponents from 3 to 2^32 + 15.
const RSA_KEYS: &[(usize, u64)] = &[
    (1024, 3),
    (1025, 65_537),
    (1031, 5),
    (1536, 17),
    (2047, 65_537),
    (2048, 3),
    (2048, 65_537),
    (2048, 4_294_967_311),
    (2049, 65_537),
    (2055, 257),
    (2056, 7),
    (3071, 65_537),
    (3072, 65_537),
    (3073, 3),
    (4095, 17),
    (4096, 4_294_967_311),
];

/// The hashes: (name, DigestInfo prefix of PKCS#1 v1.5 (RFC 8017 §9.2 note 1), sha*WithRSA
/// OID, hash OID, ecdsa-with OID).
struct H {
    name: &'static str,
    len: usize,
    prefix: &'static [u8],
    rsa: &'static str,
    oid: &'static str,
    ecdsa: &'static str,
}

const HASHES: &[H] = &[
    H {
        name: "SHA-1",
        len: 20,
        prefix: &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        rsa: "1.2.840.113549.1.1.5",
        oid: "1.3.14.3.2.26",
        ecdsa: "1.2.840.10045.4.1",
    },
    H {
        name: "SHA-224",
        len: 28,
        prefix: &[
            0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x04, 0x05, 0x00, 0x04, 0x1c,
        ],
        rsa: "1.2.840.113549.1.1.14",
        oid: "2.16.840.1.101.3.4.2.4",
        ecdsa: "1.2.840.10045.4.3.1",
    },
    H {
        name: "SHA-256",
        len: 32,
        prefix: &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        rsa: "1.2.840.113549.1.1.11",
        oid: "2.16.840.1.101.3.4.2.1",
        ecdsa: "1.2.840.10045.4.3.2",
    },
    H {
        name: "SHA-384",
        len: 48,
        prefix: &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        rsa: "1.2.840.113549.1.1.12",
        oid: "2.16.840.1.101.3.4.2.2",
        ecdsa: "1.2.840.10045.4.3.3",
    },
    H {
        name: "SHA-512",
        len: 64,
        prefix: &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
        rsa: "1.2.840.113549.1.1.13",
        oid: "2.16.840.1.101.3.4.2.3",
        ecdsa: "1.2.840.10045.4.3.4",
    },
];

fn digest(h: &H, data: &[u8]) -> Vec<u8> {
    match h.name {
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-224" => sha2::Sha224::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        _ => sha2::Sha512::digest(data).to_vec(),
    }
}

fn bit_string(v: &[u8]) -> Vec<u8> {
    tlv(0x03, &[&[0u8][..], v].concat())
}

fn message(rng: &mut ChaCha20Rng) -> Vec<u8> {
    let mut m = vec![0u8; rng.random_range(0..300)];
    rng.fill_bytes(&mut m);
    m
}

/// `v` with one random bit flipped (an empty `v` gets a byte).
fn flip(rng: &mut ChaCha20Rng, v: &[u8]) -> Vec<u8> {
    let mut out = v.to_vec();
    if out.is_empty() {
        return vec![rng.random_range(0..=255u8)];
    }
    let i = rng.random_range(0..out.len() * 8);
    out[i / 8] ^= 1 << (i % 8);
    out
}

/// RSA padding of a class.
#[derive(Clone, Copy, PartialEq)]
pub enum Padding {
    Pkcs1,
    Pss,
}

struct RsaKey {
    private: rsa::PrivateKey,
    bits: usize,
    k: usize,
    spki: Vec<u8>,
    pss_spki: Vec<u8>,
}

impl RsaKey {
    fn new(rng: &mut ChaCha20Rng, bits: usize, e: u64) -> Self {
        let private =
            rsa::PrivateKey::new_with_exp(rng, bits, BoxedUint::from(e)).expect("RSA keygen");
        assert_eq!(private.n().bit_width_vartime() as usize, bits);
        let n = private.n().to_be_bytes();
        let rsa_key = tlv(0x30, &[int(&n), int(&e.to_be_bytes())].concat());
        let spki = |alg_der: Vec<u8>| tlv(0x30, &[alg_der, bit_string(&rsa_key)].concat());
        Self {
            bits,
            k: bits.div_ceil(8),
            spki: spki(alg("1.2.840.113549.1.1.1", Some(NULL))),
            pss_spki: spki(alg("1.2.840.113549.1.1.10", None)),
            private,
        }
    }

    fn n(&self) -> Vec<u8> {
        self.be(self.private.n().as_ref())
    }

    /// A value as exactly `k` big-endian bytes.
    fn be(&self, v: &BoxedUint) -> Vec<u8> {
        let b = v.to_be_bytes();
        b[b.len() - self.k..].to_vec()
    }

    /// The RSA private operation on a `k`-byte representative (`None` when it is not below n).
    fn sign_raw(&self, em: &[u8]) -> Option<Vec<u8>> {
        let m = BoxedUint::from_be_slice(em, self.private.n_bits_precision()).ok()?;
        if m >= *self.private.n().as_ref() {
            return None;
        }
        let s = rsa::hazmat::rsa_decrypt(None::<&mut ChaCha20Rng>, &self.private, &m).ok()?;
        Some(self.be(&s))
    }
}

/// EMSA-PKCS1-v1_5 of `k` bytes with `tail` (DigestInfo) after the padding.
fn pkcs1_em(k: usize, tail: &[u8]) -> Vec<u8> {
    let mut em = vec![0x00, 0x01];
    em.resize(k - tail.len() - 1, 0xff);
    em.push(0);
    em.extend_from_slice(tail);
    em
}

/// MGF1 with hash `h`.
fn mgf1(h: &H, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut counter = 0u32;
    while out.len() < len {
        out.extend(digest(h, &[seed, &counter.to_be_bytes()].concat()));
        counter += 1;
    }
    out.truncate(len);
    out
}

/// How to break an EMSA-PSS encoding (`None`: valid).
#[derive(Clone, Copy, PartialEq, Debug)]
enum PssBreak {
    None,
    Trailer,
    TopBits,
    LeadingByte,
    Separator,
    PsByte,
    Hash,
}

/// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) as a `k`-byte representative, with one field broken.
fn pss_em(
    key: &RsaKey,
    h: &H,
    mgf: &H,
    m_hash: &[u8],
    salt: &[u8],
    brk: PssBreak,
) -> Option<Vec<u8>> {
    let em_bits = key.bits - 1;
    let em_len = em_bits.div_ceil(8);
    if em_len < h.len + salt.len() + 2 {
        return None;
    }
    let hh = digest(h, &[&[0u8; 8][..], m_hash, salt].concat());
    let ps_len = em_len - salt.len() - h.len - 2;
    let mut db = vec![0u8; ps_len];
    db.push(if brk == PssBreak::Separator { 2 } else { 1 });
    db.extend_from_slice(salt);
    if brk == PssBreak::PsByte {
        if ps_len == 0 {
            return None;
        }
        db[0] = 1;
    }
    let mask = mgf1(mgf, &hh, db.len());
    for (d, m) in db.iter_mut().zip(mask) {
        *d ^= m;
    }
    let unused = 8 * em_len - em_bits;
    db[0] &= 0xff >> unused;
    if brk == PssBreak::TopBits {
        if unused == 0 {
            return None;
        }
        db[0] |= 0x80;
    }
    let mut em = db;
    em.extend_from_slice(&hh);
    if brk == PssBreak::Hash {
        em[em_len - 2] ^= 1;
    }
    em.push(if brk == PssBreak::Trailer { 0xbd } else { 0xbc });
    let mut rep = vec![0u8; key.k - em_len];
    if brk == PssBreak::LeadingByte {
        if rep.is_empty() {
            return None;
        }
        rep[0] = 1;
    }
    rep.extend(em);
    Some(rep)
}

/// `RSASSA-PSS` `AlgorithmIdentifier` DER.
fn pss_alg(h: &H, mgf: &H, salt: usize) -> Vec<u8> {
    let mut p = tlv(0xa0, &alg(h.oid, Some(NULL)));
    p.extend(tlv(
        0xa1,
        &alg("1.2.840.113549.1.1.8", Some(&alg(mgf.oid, Some(NULL)))),
    ));
    p.extend(tlv(0xa2, &int(&(salt as u64).to_be_bytes())));
    alg("1.2.840.113549.1.1.10", Some(&tlv(0x30, &p)))
}

/// Judges a valid signature and its bit-flip mutations.
#[allow(clippy::too_many_arguments)]
fn valid_and_flips(
    judge: &Judge,
    rng: &mut ChaCha20Rng,
    class: &str,
    alg_der: &[u8],
    spki: &[u8],
    msg: &[u8],
    sig: &[u8],
    flips: (usize, usize),
) {
    judge.judge(
        &format!("{class} valid"),
        alg_der,
        spki,
        msg,
        sig,
        Some(true),
    );
    for _ in 0..flips.0 {
        let bad = flip(rng, sig);
        judge.judge(
            &format!("{class} signature bit"),
            alg_der,
            spki,
            msg,
            &bad,
            Some(false),
        );
    }
    for _ in 0..flips.1 {
        let bad = flip(rng, msg);
        judge.judge(
            &format!("{class} message bit"),
            alg_der,
            spki,
            &bad,
            sig,
            Some(false),
        );
    }
}

/// The RSA keys, generated once (seed 1) for both RSA tests.
fn rsa_keys() -> &'static [RsaKey] {
    static KEYS: std::sync::OnceLock<Vec<RsaKey>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let started = std::time::Instant::now();
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let keys = RSA_KEYS
            .iter()
            .map(|&(bits, e)| RsaKey::new(&mut rng, bits, e))
            .collect();
        eprintln!(
            "differential: {} RSA keys generated in {:.1} s",
            RSA_KEYS.len(),
            started.elapsed().as_secs_f64()
        );
        keys
    })
}

/// Every RSA key, signatures of `padding`.
pub fn rsa(judge: &Judge, padding: Padding) {
    let mut rng = ChaCha20Rng::seed_from_u64(if padding == Padding::Pkcs1 { 10 } else { 20 });
    for key in rsa_keys() {
        match padding {
            Padding::Pkcs1 => rsa_pkcs1(judge, &mut rng, key),
            Padding::Pss => rsa_pss(judge, &mut rng, key),
        }
        rsa_raw_edges(judge, key, padding);
    }
}

fn rsa_pkcs1(judge: &Judge, rng: &mut ChaCha20Rng, key: &RsaKey) {
    for round in 0..4 {
        for h in HASHES {
            rsa_pkcs1_one(judge, rng, key, h, round == 0);
        }
    }
}

/// One PKCS#1 v1.5 signature with its flips; with `edges`, the broken encodings too.
fn rsa_pkcs1_one(judge: &Judge, rng: &mut ChaCha20Rng, key: &RsaKey, h: &H, edges: bool) {
    {
        let alg_der = alg(h.rsa, Some(NULL));
        let msg = message(rng);
        let d = digest(h, &msg);
        let tail = [h.prefix, &d].concat();
        let sig = key.sign_raw(&pkcs1_em(key.k, &tail)).unwrap();
        // The encoder above is RFC 8017's: the crate's own signer gives the same bytes.
        if h.name == "SHA-256" {
            let crate_sig = key
                .private
                .sign_with_rng(rng, rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(), &d)
                .unwrap();
            assert_eq!(crate_sig, sig);
        }
        valid_and_flips(
            judge,
            rng,
            "rsa-pkcs1",
            &alg_der,
            &key.spki,
            &msg,
            &sig,
            (RSA_SIG_FLIPS, RSA_MSG_FLIPS),
        );
        if !edges {
            return;
        }
        // An id-RSASSA-PSS key cannot make a PKCS#1 v1.5 signature (the rules refuse it).
        judge.judge(
            "rsa-pkcs1 PSS-only key",
            &alg_der,
            &key.pss_spki,
            &msg,
            &sig,
            Some(false),
        );
        // Encodings broken one field at a time, signed with the private key.
        let other = &HASHES[(HASHES.iter().position(|x| x.name == h.name).unwrap() + 1) % 5];
        let no_null: Vec<u8> = {
            // DigestInfo with the hash parameters absent instead of NULL.
            let ai = alg(h.oid, None);
            tlv(0x30, &[ai, tlv(0x04, &d)].concat())
        };
        let mut broken: Vec<(&str, Vec<u8>)> = vec![
            ("block type 2", {
                let mut em = pkcs1_em(key.k, &tail);
                em[1] = 2;
                em
            }),
            ("padding byte", {
                let mut em = pkcs1_em(key.k, &tail);
                em[5] = 0xfe;
                em
            }),
            ("no separator", {
                let mut em = pkcs1_em(key.k, &tail);
                let at = key.k - tail.len() - 1;
                em[at] = 0xff;
                em
            }),
            ("DigestInfo without NULL", pkcs1_em(key.k, &no_null)),
            (
                "other hash's DigestInfo",
                pkcs1_em(key.k, &[other.prefix, &digest(other, &msg)].concat()),
            ),
            (
                "trailing byte",
                pkcs1_em(key.k, &[&tail[..], &[0]].concat()),
            ),
            ("leading byte", {
                let mut em = pkcs1_em(key.k, &tail);
                em[0] = 1;
                em
            }),
        ];
        for (what, em) in broken.drain(..) {
            if let Some(sig) = key.sign_raw(&em) {
                judge.judge(
                    &format!("rsa-pkcs1 edge: {what}"),
                    &alg_der,
                    &key.spki,
                    &msg,
                    &sig,
                    Some(false),
                );
            }
        }
    }
}

fn rsa_pss(judge: &Judge, rng: &mut ChaCha20Rng, key: &RsaKey) {
    for (i, h) in HASHES.iter().enumerate() {
        let em_len = (key.bits - 1).div_ceil(8);
        let max_salt = em_len - h.len - 2;
        for (j, salt_len) in [h.len, 0, max_salt].into_iter().enumerate() {
            // A 1024-bit key cannot hold a SHA-512 salt as long as the hash.
            if salt_len > max_salt {
                continue;
            }
            // MGF1 with the message hash, and (for one salt) with the next hash.
            let mgfs: &[&H] = if j == 0 {
                &[h, &HASHES[(i + 2) % 5]]
            } else {
                &[h]
            };
            for mgf in mgfs {
                let alg_der = pss_alg(h, mgf, salt_len);
                let msg = message(rng);
                let d = digest(h, &msg);
                let mut salt = vec![0u8; salt_len];
                rng.fill_bytes(&mut salt);
                let em = pss_em(key, h, mgf, &d, &salt, PssBreak::None).unwrap();
                let sig = key.sign_raw(&em).unwrap();
                let flips = (RSA_SIG_FLIPS, RSA_MSG_FLIPS);
                let class = if mgf.name == h.name {
                    "rsa-pss"
                } else {
                    "rsa-pss other MGF1 hash"
                };
                valid_and_flips(judge, rng, class, &alg_der, &key.spki, &msg, &sig, flips);
                judge.judge(
                    &format!("{class} valid, id-RSASSA-PSS key"),
                    &alg_der,
                    &key.pss_spki,
                    &msg,
                    &sig,
                    Some(true),
                );
                if j != 0 {
                    continue;
                }
                for brk in [
                    PssBreak::Trailer,
                    PssBreak::TopBits,
                    PssBreak::LeadingByte,
                    PssBreak::Separator,
                    PssBreak::PsByte,
                    PssBreak::Hash,
                ] {
                    let Some(em) = pss_em(key, h, mgf, &d, &salt, brk) else {
                        continue;
                    };
                    if let Some(sig) = key.sign_raw(&em) {
                        judge.judge(
                            &format!("rsa-pss edge: {brk:?}"),
                            &alg_der,
                            &key.spki,
                            &msg,
                            &sig,
                            Some(false),
                        );
                    }
                }
                // Signed with one salt length, verified with another; MGF1 with another hash.
                if salt_len < max_salt {
                    judge.judge(
                        "rsa-pss edge: salt length",
                        &pss_alg(h, mgf, salt_len + 1),
                        &key.spki,
                        &msg,
                        &sig,
                        Some(false),
                    );
                }
                judge.judge(
                    "rsa-pss edge: MGF1 hash",
                    &pss_alg(h, &HASHES[(i + 1) % 5], salt_len),
                    &key.spki,
                    &msg,
                    &sig,
                    Some(false),
                );
            }
        }
        // A salt longer than the key holds is refused before any arithmetic.
        judge.judge(
            "rsa-pss edge: salt too long",
            &pss_alg(h, h, max_salt + 1),
            &key.spki,
            b"m",
            &vec![1u8; key.k],
            Some(false),
        );
    }
}

/// Representatives that are not signatures: 0, 1, n - 1, n, n + 1, all ones, wrong lengths.
fn rsa_raw_edges(judge: &Judge, key: &RsaKey, padding: Padding) {
    let h = &HASHES[2];
    let alg_der = match padding {
        Padding::Pkcs1 => alg(h.rsa, Some(NULL)),
        Padding::Pss => pss_alg(h, h, h.len),
    };
    let n = key.n();
    let add = |v: &[u8], x: i32| -> Option<Vec<u8>> {
        let mut out = v.to_vec();
        let mut carry = x;
        for b in out.iter_mut().rev() {
            let s = i32::from(*b) + carry;
            *b = s.rem_euclid(256) as u8;
            carry = s.div_euclid(256);
            if carry == 0 {
                break;
            }
        }
        (carry == 0).then_some(out)
    };
    let mut one = vec![0u8; key.k];
    one[key.k - 1] = 1;
    let mut edges: Vec<(&str, Vec<u8>)> = vec![
        ("zero", vec![0u8; key.k]),
        ("one", one),
        ("all ones", vec![0xff; key.k]),
        ("empty", Vec::new()),
    ];
    for (what, x) in [("n - 1", -1), ("n", 0), ("n + 1", 1)] {
        if let Some(v) = add(&n, x) {
            edges.push((what, v));
        }
    }
    let valid = key
        .sign_raw(&pkcs1_em(key.k, &[h.prefix, &digest(h, b"edge")].concat()))
        .unwrap();
    edges.push(("one byte short", valid[1..].to_vec()));
    edges.push(("one byte long", [&[0u8][..], &valid].concat()));
    for (what, sig) in edges {
        judge.judge(
            &format!("rsa edge: {what}"),
            &alg_der,
            &key.spki,
            b"edge",
            &sig,
            Some(false),
        );
    }
}

/// The curve constants: (name, OID, field bytes, order n, prime p), big-endian hex.
const CURVES: &[(&str, &str, usize, &str, &str)] = &[
    (
        "P-256",
        "1.2.840.10045.3.1.7",
        32,
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    ),
    (
        "P-384",
        "1.3.132.0.34",
        48,
        "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
    ),
    (
        "P-521",
        "1.3.132.0.35",
        66,
        "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ),
];

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// `a + b` or `a - b` on big-endian byte strings of the same length (`None` on overflow).
fn add_sub(a: &[u8], b: &[u8], sub: bool) -> Option<Vec<u8>> {
    let mut out = vec![0u8; a.len()];
    let mut carry = 0i32;
    for i in (0..a.len()).rev() {
        let x = i32::from(a[i])
            + if sub {
                -i32::from(b[i])
            } else {
                i32::from(b[i])
            }
            + carry;
        out[i] = x.rem_euclid(256) as u8;
        carry = x.div_euclid(256);
    }
    (carry == 0).then_some(out)
}

fn pad(v: &[u8], size: usize) -> Vec<u8> {
    let v: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
    let mut out = vec![0u8; size.saturating_sub(v.len())];
    out.extend(v);
    out
}

fn ecdsa_der(r: &[u8], s: &[u8]) -> Vec<u8> {
    tlv(0x30, &[int(r), int(s)].concat())
}

/// ECDSA: signing key scalars, per curve.
fn ec_sign(curve: &str, d: &[u8], prehash: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    macro_rules! sign {
        ($c:ident) => {{
            let key = $c::ecdsa::SigningKey::from_slice(d).expect("signing key");
            let sig: $c::ecdsa::Signature = key.sign_prehash(prehash).expect("sign");
            let point = key.verifying_key().to_sec1_point(false).as_bytes().to_vec();
            let (r, s) = sig.split_bytes();
            (point, r.to_vec(), s.to_vec())
        }};
    }
    match curve {
        "P-256" => sign!(p256),
        "P-384" => sign!(p384),
        _ => sign!(p521),
    }
}

pub fn ecdsa(judge: &Judge) {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    for &(curve, curve_oid, size, n_hex, p_hex) in CURVES {
        let n = unhex(n_hex);
        let p = unhex(p_hex);
        let small = |k: u8| pad(&[k], size);
        // d = 1…8 (Q = G, 2G, …), n - 1…n - 8 (Q = -G, …), then random keys.
        let mut keys: Vec<Vec<u8>> = (1..=8).map(small).collect();
        keys.extend((1..=8).map(|k| add_sub(&n, &small(k), true).unwrap()));
        for _ in 0..6 {
            let mut d = vec![0u8; size];
            rng.fill_bytes(&mut d);
            d[0] &= if size == 66 { 0x01 } else { 0x7f };
            keys.push(d);
        }
        let (sig_flips, msg_flips) = if size == 66 { (12, 3) } else { (48, 10) };
        for d in &keys {
            for h in HASHES {
                let msg = message(&mut rng);
                let z = digest(h, &msg);
                let (point, r, s) = ec_sign(curve, d, &z);
                let spki = tlv(
                    0x30,
                    &[
                        tlv(
                            0x30,
                            &[
                                tlv(0x06, &super::wycheproof_sets::oid("1.2.840.10045.2.1")),
                                tlv(0x06, &super::wycheproof_sets::oid(curve_oid)),
                            ]
                            .concat(),
                        ),
                        bit_string(&point),
                    ]
                    .concat(),
                );
                let alg_der = alg(h.ecdsa, None);
                let class = format!("ecdsa {curve}");
                let sig = ecdsa_der(&r, &s);
                valid_and_flips(
                    judge,
                    &mut rng,
                    &class,
                    &alg_der,
                    &spki,
                    &msg,
                    &sig,
                    (sig_flips, msg_flips),
                );
                // s and n - s are both valid (ECDSA on these curves does not normalise s).
                let neg_s = add_sub(&n, &pad(&s, size), true).unwrap();
                judge.judge(
                    &format!("{class} valid, n - s"),
                    &alg_der,
                    &spki,
                    &msg,
                    &ecdsa_der(&r, &neg_s),
                    Some(true),
                );
                let plus_n = |v: &[u8]| add_sub(&pad(v, size), &n, false);
                let mut edges: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
                    ("r = 0", vec![0], s.clone()),
                    ("s = 0", r.clone(), vec![0]),
                    ("r = 1", vec![1], s.clone()),
                    ("s = 1", r.clone(), vec![1]),
                    (
                        "r = n - 1",
                        add_sub(&n, &small(1), true).unwrap(),
                        s.clone(),
                    ),
                    (
                        "s = n - 1",
                        r.clone(),
                        add_sub(&n, &small(1), true).unwrap(),
                    ),
                    ("r = n", n.clone(), s.clone()),
                    ("s = n", r.clone(), n.clone()),
                    ("r = p", p.clone(), s.clone()),
                    ("r = s", s.clone(), s.clone()),
                    ("r and s swapped", s.clone(), r.clone()),
                    (
                        "r + 1",
                        add_sub(&pad(&r, size), &small(1), false).unwrap_or(r.clone()),
                        s.clone(),
                    ),
                ];
                if let Some(v) = plus_n(&r) {
                    edges.push(("r + n", v, s.clone()));
                }
                if let Some(v) = plus_n(&s) {
                    edges.push(("s + n", r.clone(), v));
                }
                for (what, r2, s2) in edges {
                    judge.judge(
                        &format!("{class} edge: {what}"),
                        &alg_der,
                        &spki,
                        &msg,
                        &ecdsa_der(&r2, &s2),
                        Some(false),
                    );
                }
                // Not DER: the rules refuse these before any arithmetic.
                let body = [int(&r), int(&s)].concat();
                // The length in one more byte than DER allows.
                let mut long_len = if body.len() < 0x80 {
                    vec![0x30, 0x81, body.len() as u8]
                } else {
                    vec![0x30, 0x82, 0x00, body.len() as u8]
                };
                long_len.extend_from_slice(&body);
                let padded_r = tlv(0x02, &[&[0u8, 0][..], &pad(&r, size)].concat());
                for (what, bad) in [
                    ("long-form length", long_len),
                    ("padded integer", tlv(0x30, &[padded_r, int(&s)].concat())),
                    ("trailing byte", [&sig[..], &[0]].concat()),
                    ("fixed r ‖ s", [pad(&r, size), pad(&s, size)].concat()),
                ] {
                    judge.judge(
                        &format!("{class} not DER: {what}"),
                        &alg_der,
                        &spki,
                        &msg,
                        &bad,
                        Some(false),
                    );
                }
            }
        }
    }
}

/// Ed25519: random keys; each signature mutated, with S + L (not canonical) and small-order
/// points in place of R (the rules refuse those).
pub fn ed25519(judge: &Judge) {
    use ed25519_dalek::Signer;
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let l = unhex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
    let alg_der = alg("1.3.101.112", None);
    for _ in 0..64 {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let public = key.verifying_key().to_bytes();
        let spki = tlv(
            0x30,
            &[
                tlv(
                    0x30,
                    &tlv(0x06, &super::wycheproof_sets::oid("1.3.101.112")),
                ),
                bit_string(&public),
            ]
            .concat(),
        );
        for _ in 0..6 {
            let msg = message(&mut rng);
            let sig = key.sign(&msg).to_bytes();
            valid_and_flips(
                judge,
                &mut rng,
                "ed25519",
                &alg_der,
                &spki,
                &msg,
                &sig,
                (44, 6),
            );
            // S + L: the same scalar, not reduced.
            let mut s_le = sig[32..].to_vec();
            s_le.reverse();
            if let Some(mut big) = add_sub(&s_le, &l, false) {
                big.reverse();
                let bad = [&sig[..32], &big[..]].concat();
                judge.judge(
                    "ed25519 edge: S + L",
                    &alg_der,
                    &spki,
                    &msg,
                    &bad,
                    Some(false),
                );
            }
            // R of small order (the identity, and a point of order 8).
            for r in [
                pad(&[1], 32).into_iter().rev().collect::<Vec<u8>>(),
                unhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
            ] {
                let bad = [&r[..], &sig[32..]].concat();
                judge.judge(
                    "ed25519 edge: R of small order",
                    &alg_der,
                    &spki,
                    &msg,
                    &bad,
                    Some(false),
                );
            }
        }
    }
}

/// The PSS encoding with a non-zero byte before EM, for keys whose modulus is 1 mod 8 bits
/// (EM is then one byte shorter than the modulus): RFC 8017 §8.1.2 step 2c makes it invalid.
/// rsa 0.9 skipped that byte unchecked; returns, per key, (the same EM without that byte
/// verifies with the crate alone, the crate alone accepts the bad one, dbcert's verdict, ring's
/// verdict) for SHA-256 and for SHA-256 with MGF1-SHA-1 (dbcert's own EMSA-PSS check over
/// `rsa::hazmat`).
pub fn pss_leading_byte() -> Vec<(usize, bool, bool, bool, Option<bool>)> {
    use rsa::pss::Pss;
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let h = &HASHES[2];
    let mut out = Vec::new();
    for key in rsa_keys().iter().filter(|k| k.bits % 8 == 1) {
        for mgf in [&HASHES[2], &HASHES[0]] {
            // A salt for which 01 ‖ EM is below n (about one in two).
            let (msg, d, good, bad) = loop {
                let msg = message(&mut rng);
                let d = digest(h, &msg);
                let mut salt = vec![0u8; 32];
                rng.fill_bytes(&mut salt);
                let good = pss_em(key, h, mgf, &d, &salt, PssBreak::None).unwrap();
                let bad = pss_em(key, h, mgf, &d, &salt, PssBreak::LeadingByte).unwrap();
                if let (Some(g), Some(b)) = (key.sign_raw(&good), key.sign_raw(&bad)) {
                    break (msg, d, g, b);
                }
            };
            let public = rsa::PublicKey::from(&key.private);
            let crate_alone = |sig: &[u8]| {
                mgf.name == h.name
                    && public
                        .verify(Pss::<sha2::Sha256>::new_with_salt(32), &d, sig)
                        .is_ok()
            };
            let control = crate_alone(&good) || mgf.name != h.name;
            let alg_der = pss_alg(h, mgf, 32);
            let judge = Judge::default();
            judge.judge("pss control", &alg_der, &key.spki, &msg, &good, Some(true));
            judge.finish("pss leading byte control");
            let (dbcert, ring) = super::verdicts(&alg_der, &key.spki, &msg, &bad);
            out.push((key.bits, control, crate_alone(&bad), dbcert, ring));
        }
    }
    out
}
