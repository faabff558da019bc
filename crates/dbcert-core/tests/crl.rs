//! CRLs on the fixtures of `tests/data/crl` (made by `make.sh` there; verification at
//! 2030-01-01, inside the current CRLs' validity): reading (PEM, DER, P7B, beside
//! certificates), the inspect model, the decoder's errors, and one scenario per revocation
//! finding, each with what `openssl verify -crl_check_all` says of it (the README's table;
//! `crl_conformance.rs` runs OpenSSL itself on PKITS and x509-limbo).

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use dbcert_core::crl::read::read as read_crls;
use dbcert_core::crl::Crl;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::{verify, FindingCode, Source, VerifyOptions, VerifyReport};
use dbcert_core::{inspect, read, ErrorCode, ReadOptions};

/// 2030-01-01T00:00:00Z.
const AT: i64 = 1_893_456_000;

fn file(name: &str) -> Vec<u8> {
    common::bytes(common::data("crl").join(name))
}

fn certs(names: &[&str]) -> dbcert_core::Bundle {
    let text: Vec<u8> = names.iter().flat_map(|n| file(n)).collect();
    read(&text, &ReadOptions::default()).unwrap()
}

fn crls(names: &[&str]) -> Vec<Vec<u8>> {
    names
        .iter()
        .flat_map(|n| read_crls(&file(n)).unwrap())
        .collect()
}

/// Verifies `input` (leaf first) against `root` with `crl_files`, at 2030-01-01.
fn check(input: &[&str], root: &str, crl_files: &[&str]) -> VerifyReport {
    let input = certs(input);
    let ca = certs(&[root]);
    let crls = crls(crl_files);
    let mut o = VerifyOptions::new(UnixTime(AT));
    o.ca = Some(&ca);
    o.crls = &crls;
    verify(&input, &o)
}

fn errors(r: &VerifyReport) -> Vec<(FindingCode, Option<usize>)> {
    r.errors.iter().map(|f| (f.code, f.certificate)).collect()
}

const CHAIN: &[&str] = &["rsa-root.crl.pem", "rsa-int.crl.pem"];

#[test]
fn good_leaf_with_every_crl_is_valid() {
    let r = check(&["rsa-good.pem", "rsa-int.pem"], "rsa-root.pem", CHAIN);
    assert!(r.valid, "{:#?}", r.errors);
    // The concatenated file a client's --ssl-crl holds reads the same.
    let r = check(
        &["rsa-good.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &["rsa-chain.crls.pem"],
    );
    assert!(r.valid, "{:#?}", r.errors);
    // Without CRLs nothing is checked (a client without --ssl-crl).
    let r = check(&["rsa-revoked.pem", "rsa-int.pem"], "rsa-root.pem", &[]);
    assert!(r.valid, "{:#?}", r.errors);
}

/// openssl: error 23 (certificate revoked) at depth 0.
#[test]
fn revoked_leaf_has_the_date_and_reason() {
    let r = check(&["rsa-revoked.pem", "rsa-int.pem"], "rsa-root.pem", CHAIN);
    assert_eq!(errors(&r), [(FindingCode::Revoked, Some(0))]);
    let m = &r.errors[0].message;
    assert!(m.contains("2029-03-01T00:00:00Z"), "{m}");
    assert!(m.contains("keyCompromise"), "{m}");
    assert!(m.contains("invalid since 2029-02-15"), "{m}");
    assert_eq!(
        r.verdict.status,
        dbcert_core::verify::verdict::Status::Fails
    );
    let r = check(
        &["rsa-revoked-noreason.pem", "rsa-int.pem"],
        "rsa-root.pem",
        CHAIN,
    );
    assert_eq!(errors(&r), [(FindingCode::Revoked, Some(0))]);
    assert!(r.errors[0].message.contains("no reason given"));
}

/// openssl: error 23 at depth 1 under -crl_check_all.
#[test]
fn revoked_intermediate() {
    let r = check(
        &["rsa-under-revoked-int.pem", "rsa-revoked-int.pem"],
        "rsa-root.pem",
        &["rsa-root.crl.pem", "rsa-revoked-int.crl.pem"],
    );
    assert_eq!(errors(&r), [(FindingCode::Revoked, Some(1))]);
    assert!(r.errors[0].message.contains("cACompromise"));
}

/// openssl: error 3 (unable to get certificate CRL) at depth 1: every CA needs its issuer's CRL.
#[test]
fn missing_crl_for_the_intermediate() {
    let r = check(
        &["rsa-good.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &["rsa-int.crl.pem"],
    );
    assert_eq!(errors(&r), [(FindingCode::CrlMissing, Some(1))]);
    // The root, self-signed, needs none.
    assert!(r.errors.iter().all(|f| f.source == Source::Input));
}

/// openssl: error 12, error 11, error 8.
#[test]
fn expired_not_yet_valid_and_badly_signed_crls() {
    for (crl, code) in [
        ("rsa-int-expired.crl.pem", FindingCode::CrlExpired),
        ("rsa-int-notyet.crl.pem", FindingCode::CrlNotYetValid),
        ("rsa-int-badsig.crl.pem", FindingCode::CrlBadSignature),
    ] {
        let r = check(
            &["rsa-good.pem", "rsa-int.pem"],
            "rsa-root.pem",
            &["rsa-root.crl.pem", crl],
        );
        assert_eq!(errors(&r), [(code, Some(0))], "{crl}");
    }
    // A current CRL beside the expired one is preferred (the best score wins).
    let r = check(
        &["rsa-good.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &[
            "rsa-root.crl.pem",
            "rsa-int-expired.crl.pem",
            "rsa-int.crl.pem",
        ],
    );
    assert!(r.valid, "{:#?}", r.errors);
}

/// Delta CRLs are ignored as the clients' OpenSSL ignores them: on hold in the base CRL stays
/// revoked though the delta removes it, revoked only in the delta is not seen, and a delta
/// alone is no CRL (openssl: 23, OK, 3).
#[test]
fn delta_crls_are_ignored() {
    let with_delta = [
        "rsa-root.crl.pem",
        "rsa-int.crl.pem",
        "rsa-int-delta.crl.pem",
    ];
    let r = check(
        &["rsa-hold.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &with_delta,
    );
    assert_eq!(errors(&r), [(FindingCode::Revoked, Some(0))]);
    assert!(r.errors[0].message.contains("certificateHold"));
    // Said once, for the delta CRL (the third file, on base CRL number 1), with what an older
    // OpenSSL would do with it.
    let deltas: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == FindingCode::DeltaCrlIgnored)
        .collect();
    assert_eq!(deltas.len(), 1, "{:#?}", r.warnings);
    assert_eq!(deltas[0].certificate, None);
    for part in [
        "CRL #3 is a delta CRL",
        "base CRL number 01",
        "openssl/openssl#31040",
    ] {
        assert!(deltas[0].message.contains(part), "{}", deltas[0].message);
    }
    // Complete CRLs alone: no such warning.
    let r = check(&["rsa-good.pem", "rsa-int.pem"], "rsa-root.pem", CHAIN);
    assert!(
        r.warnings
            .iter()
            .all(|w| w.code != FindingCode::DeltaCrlIgnored),
        "{:#?}",
        r.warnings
    );
    let r = check(
        &["rsa-delta-revoked.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &with_delta,
    );
    assert!(r.valid, "{:#?}", r.errors);
    let r = check(
        &["rsa-good.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &["rsa-root.crl.pem", "rsa-int-delta.crl.pem"],
    );
    assert_eq!(errors(&r), [(FindingCode::CrlMissing, Some(0))]);
}

/// An indirect CRL is ignored (openssl: 3 with it alone); the leaf's issuer's own CRL, with no
/// issuingDistributionPoint, covers it (openssl: OK).
#[test]
fn indirect_crls_are_ignored() {
    let r = check(
        &["rsa-indirect-revoked.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &["rsa-root.crl.pem", "indirect.crl.pem"],
    );
    assert_eq!(errors(&r), [(FindingCode::CrlMissing, Some(0))]);
    let r = check(
        &["rsa-indirect-revoked.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &["rsa-root.crl.pem", "rsa-int.crl.pem", "indirect.crl.pem"],
    );
    assert!(r.valid, "{:#?}", r.errors);
}

/// A CRL whose issuingDistributionPoint names the leaf's distribution point covers it.
#[test]
fn distribution_point_scope() {
    let r = check(
        &["rsa-good.pem", "rsa-int.pem"],
        "rsa-root.pem",
        &["rsa-root.crl.pem", "rsa-int-idp.crl.pem"],
    );
    assert!(r.valid, "{:#?}", r.errors);
}

/// ECDSA-signed CRLs (P-384 root, P-256 intermediate); the root's is a v1 CRL.
#[test]
fn ecdsa_crls() {
    let crls = ["ec-root.crl.pem", "ec-int.crl.pem"];
    let r = check(&["ec-good.pem", "ec-int.pem"], "ec-root.pem", &crls);
    assert!(r.valid, "{:#?}", r.errors);
    let r = check(&["ec-revoked.pem", "ec-int.pem"], "ec-root.pem", &crls);
    assert_eq!(errors(&r), [(FindingCode::Revoked, Some(0))]);
    assert!(r.errors[0].message.contains("affiliationChanged"));
}

/// PKITS 4.4.9 (shared corpus): a CRL with an unknown critical extension (openssl: 36).
#[test]
fn unknown_critical_crl_extension_is_unsupported_crl() {
    let pkits = common::shared().join("corpus/pkits");
    let mut input = dbcert_core::Bundle::new(dbcert_core::Format::Der);
    for n in [
        "certs/InvalidUnknownCRLExtensionTest9EE.crt",
        "certs/UnknownCRLExtensionCACert.crt",
    ] {
        input
            .certificates
            .push(dbcert_core::CertEntry::plain(common::bytes(pkits.join(n))));
    }
    let mut ca = dbcert_core::Bundle::new(dbcert_core::Format::Der);
    ca.certificates
        .push(dbcert_core::CertEntry::plain(common::bytes(
            pkits.join("certs/TrustAnchorRootCertificate.crt"),
        )));
    let crls: Vec<Vec<u8>> = [
        "crls/TrustAnchorRootCRL.crl",
        "crls/UnknownCRLExtensionCACRL.crl",
    ]
    .iter()
    .map(|n| common::bytes(pkits.join(n)))
    .collect();
    let mut o = VerifyOptions::new(UnixTime(1_577_836_800));
    o.ca = Some(&ca);
    o.crls = &crls;
    let r = verify(&input, &o);
    assert_eq!(errors(&r), [(FindingCode::UnsupportedCrl, Some(0))]);
    assert!(
        r.errors[0].message.contains("critical"),
        "{}",
        r.errors[0].message
    );
}

#[test]
fn crls_read_from_pem_der_and_p7b() {
    let pem = read_crls(&file("rsa-int.crl.pem")).unwrap();
    let der = read_crls(&file("rsa-int.crl")).unwrap();
    assert_eq!(pem, der);
    assert_eq!(read_crls(&file("rsa-int-crl.p7b")).unwrap(), der);
    assert_eq!(read_crls(&file("rsa-int-crl-only.p7b.pem")).unwrap(), der);
    assert_eq!(read_crls(&file("rsa-chain.crls.pem")).unwrap().len(), 2);
    // Certificates only: no CRL.
    let e = read_crls(&file("rsa-good.pem")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedCrl);
    // A bundle reads its certificates and its CRLs.
    let b = read(&file("rsa-int-crl.p7b"), &ReadOptions::default()).unwrap();
    assert_eq!((b.certificates.len(), b.crls.len()), (2, 1));
    let mut text = file("rsa-int.pem");
    text.extend(file("rsa-int.crl.pem"));
    let b = read(&text, &ReadOptions::default()).unwrap();
    assert_eq!((b.certificates.len(), b.crls.len()), (1, 1));
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    // A CRL alone, PEM or DER, is an input too.
    for f in ["rsa-int.crl.pem", "rsa-int.crl"] {
        let b = read(&file(f), &ReadOptions::default()).unwrap();
        assert_eq!((b.certificates.len(), b.crls.len()), (0, 1), "{f}");
    }
}

#[test]
fn inspect_shows_the_crl() {
    let r = inspect(&file("rsa-int.crl.pem"), &ReadOptions::default()).unwrap();
    assert_eq!(r.crls.len(), 1);
    let c = &r.crls[0];
    assert_eq!(c.issuer, "CN=dbcert CRL RSA Intermediate,O=dbcert test");
    assert_eq!(c.version, 2);
    assert_eq!(c.crl_number.as_deref(), Some("01"));
    assert_eq!(c.this_update, "2029-06-01T00:00:00Z");
    assert_eq!(c.next_update.as_deref(), Some("2030-06-01T00:00:00Z"));
    assert_eq!(c.signature_algorithm, "SHA256withRSA");
    assert_eq!(c.revoked.len(), 3);
    let reasons: Vec<Option<&str>> = c.revoked.iter().map(|e| e.reason.as_deref()).collect();
    assert!(reasons.contains(&Some("keyCompromise")), "{reasons:?}");
    assert!(reasons.contains(&Some("certificateHold")), "{reasons:?}");
    assert!(reasons.contains(&None), "{reasons:?}");
    let kc = c
        .revoked
        .iter()
        .find(|e| e.reason.as_deref() == Some("keyCompromise"))
        .unwrap();
    assert_eq!(kc.invalidity_date.as_deref(), Some("2029-02-15T00:00:00Z"));
    assert!(c.extensions.iter().any(|e| e.name == "freshestCRL"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["crls"][0]["crlNumber"], "01");
    assert_eq!(
        json["crls"][0]["revoked"][0]["revocationDate"],
        "2029-03-01T00:00:00Z"
    );
    // The Node addon's JSON text is the same model.
    let b = read(&file("rsa-int.crl.pem"), &ReadOptions::default()).unwrap();
    let text = dbcert_core::inspect::json::report_json(&b).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        json
    );
    // Delta, IDP and indirect CRLs.
    let d = inspect(&file("rsa-int-delta.crl.pem"), &ReadOptions::default()).unwrap();
    assert_eq!(d.crls[0].delta_base_crl_number.as_deref(), Some("01"));
    let i = inspect(&file("rsa-int-idp.crl.pem"), &ReadOptions::default()).unwrap();
    let idp = i.crls[0].issuing_distribution_point.as_ref().unwrap();
    assert!(idp.only_contains_user_certs && !idp.indirect_crl);
    assert_eq!(idp.full_name.len(), 1);
    assert!(idp.full_name[0].starts_with("URI:http://crl.dbcert.test/"));
    let n = inspect(&file("indirect.crl.pem"), &ReadOptions::default()).unwrap();
    let n = &n.crls[0];
    assert!(n.issuing_distribution_point.as_ref().unwrap().indirect_crl);
    assert_eq!(
        n.revoked[0].certificate_issuer.as_deref(),
        Some(&["DirName:CN=dbcert CRL RSA Intermediate,O=dbcert test".to_owned()][..])
    );
    // Without CRLs the section is left out of the JSON.
    let plain = inspect(&file("rsa-good.pem"), &ReadOptions::default()).unwrap();
    assert!(serde_json::to_value(&plain).unwrap().get("crls").is_none());
}

/// Every truncation and every single-byte change of a CRL is an error with a code (or, for a
/// change, a CRL that still decodes), never a panic; a broken CRL among others is named.
#[test]
fn broken_crls_are_errors_with_a_byte() {
    let der = read_crls(&file("rsa-int.crl.pem")).unwrap().remove(0);
    for cut in 0..der.len() {
        let e = Crl::parse(&der[..cut]).unwrap_err();
        assert!(
            matches!(
                e.code(),
                ErrorCode::MalformedDer | ErrorCode::MalformedCrl | ErrorCode::LimitExceeded
            ),
            "cut {cut}: {e}"
        );
        assert!(e.offset().is_some(), "cut {cut}: {e}");
    }
    for i in 0..der.len() {
        let mut d = der.clone();
        d[i] ^= 0x5a;
        let _ = Crl::parse(&d);
        let _ = read_crls(&d);
    }
    let mut text = file("rsa-root.crl.pem");
    let mut broken = dbcert_core::formats::pem::parse(&file("rsa-int.crl.pem"))
        .unwrap()
        .remove(0)
        .der;
    broken.truncate(300);
    dbcert_core::formats::pem::encode_bytes("X509 CRL", &broken, &mut text);
    let e = read_crls(&text).unwrap_err();
    assert!(e.message().starts_with("CRL #2: "), "{e}");
    assert!(e.offset().is_some());
}

/// The `crl` option of the JS packages' `verify` (the facades pass their options object to
/// `api::verify`): one file as text, an array of files, or one file's bytes as numbers.
#[test]
fn api_verify_takes_crl_files() {
    use dbcert_core::api::{verify as api_verify, VerifyRequest};
    let mut chain = file("rsa-revoked.pem");
    chain.extend(file("rsa-int.pem"));
    let root = String::from_utf8(file("rsa-root.pem")).unwrap();
    let both = String::from_utf8(file("rsa-chain.crls.pem")).unwrap();
    let root_crl = String::from_utf8(file("rsa-root.crl.pem")).unwrap();
    let der: Vec<u8> = file("rsa-int.crl");
    for crl in [
        serde_json::json!(both),
        serde_json::json!([root_crl, both]),
        serde_json::json!([root_crl.as_bytes(), der]),
    ] {
        let request: VerifyRequest = serde_json::from_value(serde_json::json!({
            "ca": root, "at": "2030-01-01T00:00:00Z", "crl": crl
        }))
        .unwrap();
        let r = api_verify(&chain, &request, UnixTime(0), None).unwrap();
        assert_eq!(errors(&r), [(FindingCode::Revoked, Some(0))], "{crl}");
    }
    // One file's bytes as an array of numbers: the intermediate's CRL alone.
    let request: VerifyRequest = serde_json::from_value(serde_json::json!({
        "ca": root, "at": "2030-01-01T00:00:00Z", "crl": der
    }))
    .unwrap();
    let r = api_verify(&chain, &request, UnixTime(0), None).unwrap();
    assert_eq!(
        errors(&r),
        [
            (FindingCode::Revoked, Some(0)),
            (FindingCode::CrlMissing, Some(1))
        ]
    );
    // A file with no CRL is an error with its code.
    let request: VerifyRequest = serde_json::from_value(serde_json::json!({
        "ca": root, "crl": root
    }))
    .unwrap();
    let e = api_verify(&chain, &request, UnixTime(0), None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedCrl);
}

/// `convert` writes certificates: the CRLs beside them are named in a warning, and an input of
/// CRLs only is an error that says so.
#[test]
fn convert_says_crls_are_not_written() {
    use dbcert_core::convert::{convert, ConvertOptions, Target};
    let b = read(&file("rsa-int-crl.p7b"), &ReadOptions::default()).unwrap();
    let out = convert(&b, &ConvertOptions::new(Target::Pem, UnixTime(AT))).unwrap();
    assert_eq!(out.count, 2);
    assert!(
        out.warnings.iter().any(|w| w.code == "crl_not_written"),
        "{:?}",
        out.warnings
    );
    let only = read(&file("rsa-int.crl"), &ReadOptions::default()).unwrap();
    let e = convert(&only, &ConvertOptions::new(Target::Pem, UnixTime(AT))).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NoCertificates);
    assert!(e.message().contains("revocation lists"), "{e}");
}

/// The per-client verdicts with CRLs: the clients whose snippets check a CRL refuse a revoked
/// leaf; those that cannot (`option_not_expressible`, e.g. mysql2 and Connector/Python: the
/// "none" rows of tests/realserver/crl_matrix.py) connect, and say why.
#[test]
fn per_client_verdicts_say_which_clients_check_the_crl() {
    use dbcert_core::verify::clients::{Answer, CaveatCode};
    let r = check(&["rsa-revoked.pem", "rsa-int.pem"], "rsa-root.pem", CHAIN);
    let verdict = |id: &str| {
        r.clients
            .iter()
            .find(|c| c.client == id && c.mode == dbcert_core::snippet::SslMode::VerifyCa)
            .unwrap_or_else(|| panic!("{id}: {:#?}", r.clients))
    };
    for id in [
        "mysql-cli",
        "mariadb-cli",
        "pymysql",
        "go-sql-driver",
        "jdbc",
    ] {
        let v = verdict(id);
        assert_eq!(v.verdict, Answer::Refuses, "{id}: {v:#?}");
        assert_eq!(v.codes, [FindingCode::Revoked], "{id}");
    }
    for id in ["mysql2", "mysql-connector-python"] {
        let v = verdict(id);
        assert_eq!(v.verdict, Answer::Connects, "{id}: {v:#?}");
        assert!(v.codes.is_empty(), "{id}");
        // It connects only because it does not check the CRLs: a caveat says so, with the
        // finding it does not see.
        let [c] = v.caveats.as_slice() else {
            panic!("{id}: {v:#?}")
        };
        assert_eq!(c.code, CaveatCode::RevocationNotChecked, "{id}");
        assert_eq!(c.code.as_str(), "revocation_not_checked");
        assert_eq!(c.unseen, [FindingCode::Revoked], "{id}");
        assert!(
            c.message.contains("does not check the CRLs"),
            "{id}: {}",
            c.message
        );
        let revoked = r
            .errors
            .iter()
            .find(|e| e.code == FindingCode::Revoked)
            .unwrap();
        assert!(c.message.ends_with(&revoked.message), "{id}: {}", c.message);
    }
    // A client that checks and refuses has no caveat.
    assert!(verdict("mysql-cli").caveats.is_empty());
    // A client that cannot check CRLs but refuses for another reason has none either: here the
    // host name (VERIFY_IDENTITY for a name the certificate does not carry).
    let input = certs(&["rsa-revoked.pem", "rsa-int.pem"]);
    let ca = certs(&["rsa-root.pem"]);
    let given = crls(CHAIN);
    let mut o = VerifyOptions::new(UnixTime(AT));
    o.ca = Some(&ca);
    o.crls = &given;
    o.host = Some("not-the-server.example");
    let r2 = verify(&input, &o);
    let v = r2
        .clients
        .iter()
        .find(|c| c.client == "mysql2" && c.mode == dbcert_core::snippet::SslMode::VerifyIdentity)
        .unwrap();
    assert_eq!(v.verdict, Answer::Refuses, "{v:#?}");
    assert!(v.caveats.is_empty(), "{v:#?}");
    // A good leaf: every client connects, and nothing is said about CRLs.
    let r = check(&["rsa-good.pem", "rsa-int.pem"], "rsa-root.pem", CHAIN);
    assert!(
        r.clients.iter().all(|c| c.verdict != Answer::Refuses
            && c.caveats.is_empty()
            && !c.reason.contains("CRL")),
        "{:#?}",
        r.clients
    );
}

/// Go's `x509.ParseRevocationList` reads v2 CRLs only: with a v1 CRL among those given (make.sh's
/// EC root CRL), the go-sql-driver snippet fails every connection, as crl_matrix.py observed
/// ("x509: unsupported crl version"); the OpenSSL and Java clients read it, and the clients that
/// do not check CRLs never see it.
#[test]
fn go_refuses_a_v1_crl_that_the_other_clients_read() {
    use dbcert_core::verify::clients::Answer;
    let r = check(
        &["ec-good.pem", "ec-int.pem"],
        "ec-root.pem",
        &["ec-root.crl.pem", "ec-int.crl.pem"],
    );
    assert!(r.valid, "{:#?}", r.errors);
    for v in &r.clients {
        if v.client == "go-sql-driver" {
            assert_eq!(v.verdict, Answer::Refuses, "{v:#?}");
            assert_eq!(v.codes, [FindingCode::UnsupportedCrl]);
            assert!(v.reason.starts_with("CRL #1 is a v1 CRL"), "{}", v.reason);
        } else {
            // Unknown only for want of a host (no --host here) or of a profile, never for the CRL.
            assert!(
                v.verdict == Answer::Connects
                    || (v.verdict == Answer::Unknown
                        && (v.reason.contains("host") || v.profile.is_empty())),
                "{v:#?}"
            );
            assert!(v.caveats.is_empty(), "{v:#?}");
        }
    }
    // With v2 CRLs only, Go connects.
    let r = check(&["rsa-good.pem", "rsa-int.pem"], "rsa-root.pem", CHAIN);
    assert!(
        r.clients
            .iter()
            .filter(|v| v.client == "go-sql-driver"
                && v.mode == dbcert_core::snippet::SslMode::VerifyCa)
            .all(|v| v.verdict == Answer::Connects)
    );
}
