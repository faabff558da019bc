//! Every resource limit of the core, each hit by a real or built-at-test-time input, refused with
//! its code and fast: input size (64 MiB), certificate count, ASN.1 nesting depth, KDF
//! iterations (a real PKCS#12 patched to a billion), and path-building work (a bundle of
//! cross-signed CAs built with openssl in which every layer multiplies the candidate paths).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use dbcert_core::der::{constructed, tag, tlv, uint, Der};
use dbcert_core::formats::{jks, p7b, pkcs12};
use dbcert_core::limits::{MAX_CERTIFICATES, MAX_DER_DEPTH, MAX_INPUT_BYTES, MAX_KDF_ITERATIONS};
use dbcert_core::time::UnixTime;
use dbcert_core::verify::name_constraints::MAX_COMPARISONS;
use dbcert_core::verify::{verify, FindingCode, VerifyOptions, DEFAULT_PATH_BUILDING_LIMIT};
use dbcert_core::{oid, read, ErrorCode, Format, ReadOptions};

fn code(r: dbcert_core::Result<impl Sized>) -> ErrorCode {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code(),
    }
}

/// Runs `f`, fails if it took longer than `limit`, returns its result.
fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

// ---------------------------------------------------------------------------------------------
// Input size

#[test]
fn input_over_64_mib_is_refused_by_every_entry_point_before_decoding() {
    let mut big = bytes(data("bundles/chain.pem"));
    big.resize(MAX_INPUT_BYTES + 1, b'\n');
    let opts = ReadOptions::default();
    assert_eq!(code(read(&big, &opts)), ErrorCode::InputTooLarge);
    assert_eq!(
        code(dbcert_core::detect_format(&big)),
        ErrorCode::InputTooLarge
    );
    assert_eq!(
        code(dbcert_core::inspect(&big, &opts)),
        ErrorCode::InputTooLarge
    );
    // The keystore readers check too when called directly.
    let mut jks_big = bytes(data("jks/truststore.jks"));
    jks_big.resize(MAX_INPUT_BYTES + 1, 0);
    assert_eq!(
        code(jks::read(&jks_big, Format::Jks, Some("changeit"))),
        ErrorCode::InputTooLarge
    );
    let mut p12_big = bytes(data("pkcs12/keytool-truststore.p12"));
    p12_big.resize(MAX_INPUT_BYTES + 1, 0);
    assert_eq!(
        code(pkcs12::read(&p12_big, Some("dbcert-test"))),
        ErrorCode::InputTooLarge
    );
    // At exactly the limit the size is accepted: the same PEM padded with blank lines reads.
    big.truncate(MAX_INPUT_BYTES);
    let b = timed("64 MiB of PEM", Duration::from_secs(20), || {
        read(&big, &opts).unwrap()
    });
    assert_eq!(b.certificates.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Certificate count

#[test]
fn more_than_max_certificates_is_limit_exceeded() {
    // PEM: MAX_CERTIFICATES + 1 blocks (empty ones: small input, the count is what is checked).
    let block = "-----BEGIN X-----\n-----END X-----\n";
    let text = block.repeat(MAX_CERTIFICATES + 1);
    let e = read(text.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    assert!(e.message().contains(&MAX_CERTIFICATES.to_string()), "{e}");
    // One block fewer is not a limit (only skipped blocks: no certificates).
    let text = block.repeat(MAX_CERTIFICATES);
    assert_eq!(
        code(read(text.as_bytes(), &ReadOptions::default())),
        ErrorCode::NoCertificates
    );
    // P7B: a SignedData holding MAX_CERTIFICATES + 1 copies of a real certificate.
    let der = bytes(data("bundles/root.der"));
    let many = p7b::write(std::iter::repeat_n(der.as_slice(), MAX_CERTIFICATES + 1));
    assert!(many.len() < MAX_INPUT_BYTES, "{} bytes", many.len());
    let e = timed("P7B count limit", Duration::from_secs(20), || {
        read(&many, &ReadOptions::default()).unwrap_err()
    });
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    // The JKS writer refuses to write more than it would read.
    let entry = dbcert_core::CertEntry {
        alias: Some("a".into()),
        created_ms: Some(0),
        ..dbcert_core::CertEntry::plain(der.clone())
    };
    let entries = vec![entry; MAX_CERTIFICATES + 1];
    assert_eq!(
        code(jks::write(&entries, "changeit")),
        ErrorCode::LimitExceeded
    );
}

// ---------------------------------------------------------------------------------------------
// Nesting depth

/// `depth` nested SEQUENCEs around an empty one.
fn nested(depth: usize) -> Vec<u8> {
    let mut v = tlv(tag::SEQUENCE, &[]);
    for _ in 0..depth {
        v = tlv(tag::SEQUENCE, &v);
    }
    v
}

/// Walks every constructed value of `t` with the core's DER reader.
fn walk(t: &dbcert_core::der::Tlv<'_>) -> dbcert_core::Result<()> {
    if t.tag & 0x20 != 0 {
        let mut r = t.reader()?;
        while !r.is_empty() {
            walk(&r.read()?)?;
        }
    }
    Ok(())
}

/// A PKCS#12 without MAC whose one Data SafeContents holds `depth` nested safeContentsBags.
fn nested_pfx(depth: usize) -> Vec<u8> {
    let mut contents = constructed(tag::SEQUENCE, &[]);
    for _ in 0..depth {
        let bag = constructed(
            tag::SEQUENCE,
            &[
                &tlv(tag::OID, oid::PKCS12_SAFE_CONTENTS_BAG),
                &tlv(tag::context(0), &contents),
            ],
        );
        contents = constructed(tag::SEQUENCE, &[&bag]);
    }
    let data_ci = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::DATA),
            &tlv(tag::context(0), &tlv(tag::OCTET_STRING, &contents)),
        ],
    );
    let auth_safe = constructed(tag::SEQUENCE, &[&data_ci]);
    let outer_ci = constructed(
        tag::SEQUENCE,
        &[
            &tlv(tag::OID, oid::DATA),
            &tlv(tag::context(0), &tlv(tag::OCTET_STRING, &auth_safe)),
        ],
    );
    constructed(tag::SEQUENCE, &[&uint(3), &outer_ci])
}

#[test]
fn nesting_deeper_than_the_limit_is_limit_exceeded() {
    // The DER reader itself: the limit is exact.
    let ok = nested(MAX_DER_DEPTH - 1);
    walk(&Der::new(&ok, 0).read().unwrap()).unwrap();
    let deep = nested(MAX_DER_DEPTH + 1);
    let e = walk(&Der::new(&deep, 0).read().unwrap()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    // BER (indefinite lengths) through the P7B reader: ContentInfo, [0], then 10,000 levels
    // of indefinite-length SEQUENCEs, which a recursive converter without a limit would
    // overflow the stack on.
    let mut ber = vec![0x30, 0x80];
    ber.extend(tlv(tag::OID, oid::SIGNED_DATA));
    ber.extend([0xa0, 0x80]);
    for _ in 0..10_000 {
        ber.extend([0x30, 0x80]);
    }
    ber.extend(std::iter::repeat_n(0u8, 2 * 10_002));
    let e = read(&ber, &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    // PKCS#12: safeContentsBags nested inside each other.
    let shallow = pkcs12::read(&nested_pfx(3), None).unwrap();
    assert!(shallow.certificates.is_empty());
    let e = pkcs12::read(&nested_pfx(MAX_DER_DEPTH + 1), None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    let e = pkcs12::read(&nested_pfx(5_000), None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
}

// ---------------------------------------------------------------------------------------------
// KDF iterations

/// Re-encodes DER, replacing every INTEGER equal to `from` by `to` (and every length that
/// changes with it), descending into OCTET STRINGs that hold DER (PKCS#12 wraps its contents).
fn patch_integers(der: &[u8], from: u64, to: u64) -> (Vec<u8>, usize) {
    fn values(bytes: &[u8]) -> Option<Vec<dbcert_core::der::Tlv<'_>>> {
        let mut r = Der::new(bytes, 0);
        let mut out = Vec::new();
        while !r.is_empty() {
            out.push(r.read().ok()?);
        }
        Some(out)
    }
    fn go(bytes: &[u8], from: &[u8], to: &[u8], n: &mut usize) -> Vec<u8> {
        let mut out = Vec::new();
        for t in values(bytes).expect("DER") {
            if t.tag == tag::INTEGER && t.raw == from {
                *n += 1;
                out.extend_from_slice(to);
            } else if t.tag & 0x20 != 0
                || (t.tag == tag::OCTET_STRING
                    && t.value.first() == Some(&tag::SEQUENCE)
                    && values(t.value).is_some())
            {
                out.extend(tlv(t.tag, &go(t.value, from, to, n)));
            } else {
                out.extend_from_slice(t.raw);
            }
        }
        out
    }
    let mut n = 0;
    let out = go(der, &uint(from), &uint(to), &mut n);
    (out, n)
}

#[test]
fn a_real_pkcs12_patched_to_a_billion_iterations_is_refused_before_any_kdf_work() {
    let original = bytes(data("pkcs12/keytool-truststore.p12"));
    // The fixture opens as it is (keytool: 10,000 iterations for the MAC and PBES2).
    let ok = timed("keytool truststore", Duration::from_secs(10), || {
        pkcs12::read(&original, Some("dbcert-test")).unwrap()
    });
    assert_eq!(ok.certificates.len(), 2);
    // Unchanged when nothing is replaced: the re-encoder keeps the bytes.
    assert_eq!(patch_integers(&original, 7_777_777, 1).0, original);
    let (patched, n) = patch_integers(&original, 10_000, 1_000_000_000);
    assert!(n >= 1, "no iteration count of 10000 found");
    assert_ne!(patched, original);
    for password in [Some("dbcert-test"), Some("wrong"), None] {
        let e = timed("1e9 iterations", Duration::from_millis(500), || {
            pkcs12::read(&patched, password).unwrap_err()
        });
        assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
        assert!(e.message().contains("1000000000"), "{e}");
        assert!(e.message().contains(&MAX_KDF_ITERATIONS.to_string()), "{e}");
    }
    // One over the limit is refused the same way; the limit itself is not a limit error.
    let (over, _) = patch_integers(&original, 10_000, MAX_KDF_ITERATIONS + 1);
    assert_eq!(
        code(pkcs12::read(&over, Some("dbcert-test"))),
        ErrorCode::LimitExceeded
    );
}

// ---------------------------------------------------------------------------------------------
// Path building

/// Runs openssl in `dir`; fails with its stderr.
fn openssl(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl is needed by this test: apt-get install openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A leaf under `layers` layers of CAs with `width` certificates each. The certificates of one
/// layer share their name and key (they differ in serial number), and each one is issued by
/// the layer above, so every layer multiplies the candidate paths by `width`: `width^layers`
/// paths, none of which reaches an anchor (the top layer's issuer is not in the bundle).
/// Returns the PEM bundle, leaf first.
fn cross_signed_maze(layers: usize, width: usize) -> Vec<u8> {
    let dir = scratch(&format!("limits-maze-{layers}x{width}"));
    std::fs::write(
        dir.join("ca.ext"),
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("leaf.ext"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
         extendedKeyUsage=serverAuth\nsubjectAltName=DNS:db.example.com\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    let key = |name: &str| {
        openssl(
            &dir,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &format!("{name}.key"),
            ],
        )
    };
    // The missing top: a self-signed root that is never put in the bundle.
    key("ghost");
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ghost.key",
            "-subj",
            "/CN=Maze Ghost Root",
            "-days",
            "3650",
            "-out",
            "ghost.pem",
        ],
    );
    let mut issuer = ("ghost.pem".to_string(), "ghost.key".to_string());
    let mut bundle_layers: Vec<Vec<u8>> = Vec::new();
    let mut serial = 1000;
    for layer in (0..layers).rev() {
        let name = format!("layer{layer}");
        key(&name);
        openssl(
            &dir,
            &[
                "req",
                "-new",
                "-key",
                &format!("{name}.key"),
                "-subj",
                &format!("/O=Maze/CN=Maze CA {layer}"),
                "-out",
                &format!("{name}.csr"),
            ],
        );
        let mut pem = Vec::new();
        for copy in 0..width {
            serial += 1;
            let out = format!("{name}-{copy}.pem");
            openssl(
                &dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &issuer.0,
                    "-CAkey",
                    &issuer.1,
                    "-set_serial",
                    &serial.to_string(),
                    "-days",
                    "3650",
                    "-extfile",
                    "ca.ext",
                    "-out",
                    &out,
                ],
            );
            pem.extend(std::fs::read(dir.join(&out)).unwrap());
        }
        bundle_layers.push(pem);
        issuer = (format!("{name}-0.pem"), format!("{name}.key"));
    }
    key("leaf");
    openssl(
        &dir,
        &[
            "req",
            "-new",
            "-key",
            "leaf.key",
            "-subj",
            "/CN=db.example.com",
            "-out",
            "leaf.csr",
        ],
    );
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            &issuer.0,
            "-CAkey",
            &issuer.1,
            "-set_serial",
            "1",
            "-days",
            "365",
            "-extfile",
            "leaf.ext",
            "-out",
            "leaf.pem",
        ],
    );
    let mut out = std::fs::read(dir.join("leaf.pem")).unwrap();
    for layer in bundle_layers.into_iter().rev() {
        out.extend(layer);
    }
    out
}

#[test]
fn a_bundle_built_to_make_path_building_explode_ends_fast_with_path_building_limit() {
    // 4^8 = 65,536 candidate paths of 10 certificates, none complete.
    let (layers, width) = (8, 4);
    let pem = cross_signed_maze(layers, width);
    let bundle = read(&pem, &ReadOptions::default()).unwrap();
    assert_eq!(bundle.certificates.len(), 1 + layers * width);
    let mut o = VerifyOptions::new(now());
    o.host = Some("db.example.com");
    assert_eq!(o.path_building_limit, DEFAULT_PATH_BUILDING_LIMIT);
    let r = timed("path building maze", Duration::from_secs(3), || {
        verify(&bundle, &o)
    });
    assert!(!r.valid);
    assert!(
        r.errors
            .iter()
            .any(|f| f.code == FindingCode::PathBuildingLimit),
        "{:#?}",
        r.errors
    );
    // Each signature was checked: the maze is not refused for a broken link. With a budget
    // large enough for every candidate of a smaller maze the search completes and reports the
    // missing issuer instead: the finding above comes from the budget, not from the shape.
    let small = cross_signed_maze(3, 2);
    let small = read(&small, &ReadOptions::default()).unwrap();
    let r = verify(&small, &o);
    assert!(!r.valid);
    assert!(
        !r.errors
            .iter()
            .any(|f| f.code == FindingCode::PathBuildingLimit),
        "{:#?}",
        r.errors
    );
    assert!(
        r.errors
            .iter()
            .any(|f| f.code == FindingCode::UnknownIssuer),
        "{:#?}",
        r.errors
    );
}

/// The longest path the verifier considers (`verify/path.rs`, not public).
const MAX_PATH_LEN: usize = 16;

fn now() -> UnixTime {
    UnixTime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

fn codes(r: &dbcert_core::verify::VerifyReport) -> Vec<FindingCode> {
    r.errors.iter().map(|f| f.code).collect()
}

#[test]
fn a_chain_longer_than_max_path_len_is_path_building_limit() {
    // Leaf + MAX_PATH_LEN CAs in one line: the path reaches the limit before the top.
    let long = read(&cross_signed_maze(MAX_PATH_LEN, 1), &ReadOptions::default()).unwrap();
    let r = verify(&long, &VerifyOptions::new(now()));
    let f = r
        .errors
        .iter()
        .find(|f| f.code == FindingCode::PathBuildingLimit)
        .unwrap_or_else(|| panic!("{:#?}", r.errors));
    assert!(
        f.message.contains(&format!("longer than {MAX_PATH_LEN}")),
        "{}",
        f.message
    );
    // Two CAs fewer: the search reaches the top and reports the missing issuer, no limit.
    let short = read(
        &cross_signed_maze(MAX_PATH_LEN - 2, 1),
        &ReadOptions::default(),
    )
    .unwrap();
    let r = verify(&short, &VerifyOptions::new(now()));
    assert_eq!(codes(&r), [FindingCode::UnknownIssuer]);
}

/// A root, an intermediate whose name constraints permit `constraints` DNS subtrees, and a leaf
/// with `names` DNS names inside the first subtree (openssl, at test time). PEM, leaf first.
fn constrained_chain(constraints: usize, names: usize) -> Vec<u8> {
    let dir = scratch(&format!("limits-nc-{constraints}x{names}"));
    let permitted: String = (0..constraints)
        .map(|i| format!("permitted;DNS.{i}=zone{i}.example\n"))
        .collect();
    let sans: String = (0..names)
        .map(|i| format!("DNS.{i}=host{i}.zone0.example\n"))
        .collect();
    std::fs::write(
        dir.join("ext.cnf"),
        format!(
            "[int]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nnameConstraints=critical,@nc\n\
             [nc]\n{permitted}\
             [leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
             extendedKeyUsage=serverAuth\nsubjectAltName=@san\nauthorityKeyIdentifier=keyid\n\
             [san]\n{sans}"
        ),
    )
    .unwrap();
    for k in ["root", "int", "leaf"] {
        openssl(
            &dir,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &format!("{k}.key"),
            ],
        );
    }
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "root.key",
            "-subj",
            "/CN=NC Root",
            "-days",
            "3650",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
            "-out",
            "root.pem",
        ],
    );
    for (k, subj, issuer) in [
        ("int", "/CN=NC Int", "root"),
        ("leaf", "/CN=host0.zone0.example", "int"),
    ] {
        openssl(
            &dir,
            &[
                "req",
                "-new",
                "-key",
                &format!("{k}.key"),
                "-subj",
                subj,
                "-out",
                &format!("{k}.csr"),
            ],
        );
        openssl(
            &dir,
            &[
                "x509",
                "-req",
                "-in",
                &format!("{k}.csr"),
                "-CA",
                &format!("{issuer}.pem"),
                "-CAkey",
                &format!("{issuer}.key"),
                "-set_serial",
                "7",
                "-days",
                "365",
                "-extfile",
                "ext.cnf",
                "-extensions",
                k,
                "-out",
                &format!("{k}.pem"),
            ],
        );
    }
    ["leaf", "int", "root"]
        .iter()
        .flat_map(|k| std::fs::read(dir.join(format!("{k}.pem"))).unwrap())
        .collect()
}

#[test]
fn name_constraint_work_over_the_limit_is_a_name_constraints_error() {
    // 1025 names x 1024 subtrees is just over MAX_COMPARISONS (2^20).
    let (constraints, names) = (1024, 1025);
    assert!(names * constraints > MAX_COMPARISONS);
    let big = read(
        &constrained_chain(constraints, names),
        &ReadOptions::default(),
    )
    .unwrap();
    let r = timed(
        "name constraints over the limit",
        Duration::from_secs(3),
        || verify(&big, &VerifyOptions::new(now())),
    );
    assert_eq!(codes(&r), [FindingCode::NameConstraints], "{:#?}", r.errors);
    assert!(
        r.errors[0].message.contains(&MAX_COMPARISONS.to_string()),
        "{}",
        r.errors[0].message
    );
    // The same constraints with a few names: every name is inside a permitted subtree.
    let small = read(&constrained_chain(constraints, 3), &ReadOptions::default()).unwrap();
    let r = verify(&small, &VerifyOptions::new(now()));
    assert!(r.valid, "{:#?}", r.errors);
}
