//! Revocation conformance against real OpenSSL, the library under the mysql and MariaDB clients:
//! NIST PKITS's revocation tests (`../shared/corpus/pkits`) and x509-limbo's `crl::*` cases.
//!
//! OpenSSL runs at test time, in two configurations:
//!
//! - [`Profile::Clients`]: `-crl_check_all`, i.e. `X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`,
//!   what the mysql and MariaDB clients set when given `--ssl-crl` / `--ssl-crlpath`. OpenSSL then
//!   ignores indirect CRLs and CRLs partitioned by reason (`onlySomeReasons`), finds a CRL's
//!   signer only on the path being validated, and ignores delta CRLs since the fix of
//!   openssl/openssl#31040 (3.0.22 has it, 3.0.20 not); before it, a newer delta CRL is taken
//!   as a complete one. The machine's OpenSSL is probed for which
//!   ([`openssl_ignores_delta_crls`]) and the delta CRL tests expected accordingly; dbcert
//!   predicts the fixed OpenSSL;
//! - [`Profile::Rfc5280`]: `-crl_check_all -extended_crl -use_deltas`, OpenSSL's whole RFC 5280 §6.3
//!   (what OpenSSL's own PKITS run, `test/pkits-test.pl`, sets, without its policy checks).
//!
//! PKITS: each `Valid…`/`Invalid…` end-entity certificate (203) is verified against the PKITS
//! anchor with every other CA certificate (181) as the untrusted pool and every CRL (173) given,
//! so OpenSSL has to find each test's own path and CRLs among all of them. The revocation tests
//! are those of PKITS sections 4.4 (basic revocation), 4.5 (self-issued certificates: key
//! rollover and CRL signing keys), 4.7.4–4.7.5 (cRLSign), 4.14 (distribution points, indirect
//! CRLs) and 4.15 (delta CRLs): 76 tests. The test asserts that
//!
//! - with CRLs, OpenSSL's verdict on every other PKITS test is the same as without them;
//! - on the revocation tests, each profile agrees with PKITS's own expectation except on the
//!   tests listed in [`CLIENTS_DIFFER_FROM_PKITS`] and [`RFC5280_DIFFER_FROM_PKITS`], each with
//!   its reason: a new difference fails, and so does a listed one that no longer differs.
//!
//! x509-limbo: the 8 `crl::*` testcases through `openssl verify` as the clients configure it (no
//! `X509_V_FLAG_X509_STRICT`, unlike limbo's own OpenSSL harness), against limbo's expectations,
//! with the differences listed in [`LIMBO_CLIENTS_DIFFER`].

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The time of every PKITS verification (its certificates and CRLs are valid from 2010 to 2030,
/// except where a test says otherwise).
const AT: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

const ANCHOR: &str = "TrustAnchorRootCertificate.crt";

/// PKITS's revocation tests: (section, end-entity certificate file name without `EE.crt`).
pub const REVOCATION_TESTS: &[(&str, &str)] = &[
    ("4.4.1", "InvalidMissingCRLTest1"),
    ("4.4.2", "InvalidRevokedCATest2"),
    ("4.4.3", "InvalidRevokedEETest3"),
    ("4.4.4", "InvalidBadCRLSignatureTest4"),
    ("4.4.5", "InvalidBadCRLIssuerNameTest5"),
    ("4.4.6", "InvalidWrongCRLTest6"),
    ("4.4.7", "ValidTwoCRLsTest7"),
    ("4.4.8", "InvalidUnknownCRLEntryExtensionTest8"),
    ("4.4.9", "InvalidUnknownCRLExtensionTest9"),
    ("4.4.10", "InvalidUnknownCRLExtensionTest10"),
    ("4.4.11", "InvalidOldCRLnextUpdateTest11"),
    ("4.4.12", "Invalidpre2000CRLnextUpdateTest12"),
    ("4.4.13", "ValidGeneralizedTimeCRLnextUpdateTest13"),
    ("4.4.14", "ValidNegativeSerialNumberTest14"),
    ("4.4.15", "InvalidNegativeSerialNumberTest15"),
    ("4.4.16", "ValidLongSerialNumberTest16"),
    ("4.4.17", "ValidLongSerialNumberTest17"),
    ("4.4.18", "InvalidLongSerialNumberTest18"),
    ("4.4.19", "ValidSeparateCertificateandCRLKeysTest19"),
    ("4.4.20", "InvalidSeparateCertificateandCRLKeysTest20"),
    ("4.4.21", "InvalidSeparateCertificateandCRLKeysTest21"),
    ("4.5.1", "ValidBasicSelfIssuedOldWithNewTest1"),
    ("4.5.2", "InvalidBasicSelfIssuedOldWithNewTest2"),
    ("4.5.3", "ValidBasicSelfIssuedNewWithOldTest3"),
    ("4.5.4", "ValidBasicSelfIssuedNewWithOldTest4"),
    ("4.5.5", "InvalidBasicSelfIssuedNewWithOldTest5"),
    ("4.5.6", "ValidBasicSelfIssuedCRLSigningKeyTest6"),
    ("4.5.7", "InvalidBasicSelfIssuedCRLSigningKeyTest7"),
    ("4.5.8", "InvalidBasicSelfIssuedCRLSigningKeyTest8"),
    ("4.7.4", "InvalidkeyUsageCriticalcRLSignFalseTest4"),
    ("4.7.5", "InvalidkeyUsageNotCriticalcRLSignFalseTest5"),
    ("4.14.1", "ValiddistributionPointTest1"),
    ("4.14.2", "InvaliddistributionPointTest2"),
    ("4.14.3", "InvaliddistributionPointTest3"),
    ("4.14.4", "ValiddistributionPointTest4"),
    ("4.14.5", "ValiddistributionPointTest5"),
    ("4.14.6", "InvaliddistributionPointTest6"),
    ("4.14.7", "ValiddistributionPointTest7"),
    ("4.14.8", "InvaliddistributionPointTest8"),
    ("4.14.9", "InvaliddistributionPointTest9"),
    ("4.14.10", "ValidNoissuingDistributionPointTest10"),
    ("4.14.11", "InvalidonlyContainsUserCertsTest11"),
    ("4.14.12", "InvalidonlyContainsCACertsTest12"),
    ("4.14.13", "ValidonlyContainsCACertsTest13"),
    ("4.14.14", "InvalidonlyContainsAttributeCertsTest14"),
    ("4.14.15", "InvalidonlySomeReasonsTest15"),
    ("4.14.16", "InvalidonlySomeReasonsTest16"),
    ("4.14.17", "InvalidonlySomeReasonsTest17"),
    ("4.14.18", "ValidonlySomeReasonsTest18"),
    ("4.14.19", "ValidonlySomeReasonsTest19"),
    ("4.14.20", "InvalidonlySomeReasonsTest20"),
    ("4.14.21", "InvalidonlySomeReasonsTest21"),
    ("4.14.22", "ValidIDPwithindirectCRLTest22"),
    ("4.14.23", "InvalidIDPwithindirectCRLTest23"),
    ("4.14.24", "ValidIDPwithindirectCRLTest24"),
    ("4.14.25", "ValidIDPwithindirectCRLTest25"),
    ("4.14.26", "InvalidIDPwithindirectCRLTest26"),
    ("4.14.27", "InvalidcRLIssuerTest27"),
    ("4.14.28", "ValidcRLIssuerTest28"),
    ("4.14.29", "ValidcRLIssuerTest29"),
    ("4.14.30", "ValidcRLIssuerTest30"),
    ("4.14.31", "InvalidcRLIssuerTest31"),
    ("4.14.32", "InvalidcRLIssuerTest32"),
    ("4.14.33", "ValidcRLIssuerTest33"),
    ("4.14.34", "InvalidcRLIssuerTest34"),
    ("4.14.35", "InvalidcRLIssuerTest35"),
    ("4.15.1", "InvaliddeltaCRLIndicatorNoBaseTest1"),
    ("4.15.2", "ValiddeltaCRLTest2"),
    ("4.15.3", "InvaliddeltaCRLTest3"),
    ("4.15.4", "InvaliddeltaCRLTest4"),
    ("4.15.5", "ValiddeltaCRLTest5"),
    ("4.15.6", "InvaliddeltaCRLTest6"),
    ("4.15.7", "ValiddeltaCRLTest7"),
    ("4.15.8", "ValiddeltaCRLTest8"),
    ("4.15.9", "InvaliddeltaCRLTest9"),
    ("4.15.10", "InvaliddeltaCRLTest10"),
];

/// How OpenSSL is configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    /// `X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`: the mysql and MariaDB clients.
    Clients,
    /// Also `X509_V_FLAG_EXTENDED_CRL_SUPPORT | X509_V_FLAG_USE_DELTAS`.
    Rfc5280,
}

impl Profile {
    fn flags(self) -> &'static [&'static str] {
        match self {
            Self::Clients => &["-crl_check_all"],
            Self::Rfc5280 => &["-crl_check_all", "-extended_crl", "-use_deltas"],
        }
    }
}

/// Revocation tests where OpenSSL, configured as the clients are, differs from PKITS.
pub const CLIENTS_DIFFER_FROM_PKITS: &[(&str, &str)] = &[
    ("ValidBasicSelfIssuedCRLSigningKeyTest6", "the CRL is signed by the CA's self-issued CRL-signing certificate, not on the path: its signer is looked for beyond the path only with extended CRL support (error 44, different CRL scope)"),
    ("ValidBasicSelfIssuedNewWithOldTest4", "the CRL is signed by the CA's new key, whose certificate is not on the path: extended CRL support only (error 44)"),
    ("ValidSeparateCertificateandCRLKeysTest19", "the CRL is signed by a separate CRL-signing certificate, not on the path: extended CRL support only (error 3, unable to get certificate CRL)"),
    ("ValidIDPwithindirectCRLTest22", "an indirect CRL (issuingDistributionPoint indirectCRL): ignored without extended CRL support (error 3)"),
    ("ValidIDPwithindirectCRLTest24", "an indirect CRL from another CA: ignored without extended CRL support (error 3)"),
    ("ValidIDPwithindirectCRLTest25", "an indirect CRL from another CA: ignored without extended CRL support (error 3)"),
    ("ValidcRLIssuerTest28", "the distribution point names a cRLIssuer: an indirect CRL, extended CRL support only (error 44)"),
    ("ValidcRLIssuerTest29", "the distribution point names a cRLIssuer: an indirect CRL, extended CRL support only (error 44)"),
    ("ValidcRLIssuerTest30", "an indirect CRL: extended CRL support only (error 3)"),
    ("ValidcRLIssuerTest33", "an indirect CRL: extended CRL support only (error 3)"),
    ("ValidonlySomeReasonsTest18", "CRLs partitioned by reason (onlySomeReasons): ignored without extended CRL support (error 3)"),
    ("ValidonlySomeReasonsTest19", "CRLs partitioned by reason: ignored without extended CRL support (error 3)"),
];

/// Delta CRL tests where OpenSSL with the fix of openssl/openssl#31040 (PR #31044: a delta CRL is
/// never scored as a complete CRL; Debian 12's OpenSSL 3.0.22 has it, 3.0.20 not), configured as
/// the clients are, differs from PKITS. dbcert predicts this OpenSSL.
pub const DELTA_FIXED_DIFFER_FROM_PKITS: &[(&str, &str)] = &[
    ("ValiddeltaCRLTest5", "on hold in the base CRL and removed from it (removeFromCRL) by the delta CRL, which OpenSSL reads only with -use_deltas (error 23, certificate revoked)"),
    ("InvaliddeltaCRLTest4", "revoked only in the delta CRL, which OpenSSL reads only with -use_deltas (accepted)"),
];

/// Delta CRL tests where OpenSSL before that fix (3.0.19 and 3.0.20, as Debian 12 shipped them)
/// differs from PKITS: without extended CRL support its `get_crl_score` never reaches the delta
/// check (an `else if` behind the extended-CRL branch), so a delta CRL scores
/// as a complete CRL and wins over its base as the newer one (thisUpdate 2011 against 2010).
pub const DELTA_UNFIXED_DIFFER_FROM_PKITS: &[(&str, &str)] = &[
    (
        "InvaliddeltaCRLIndicatorNoBaseTest1",
        "the CA's only CRL is a delta CRL, taken as complete: accepted",
    ),
    (
        "InvaliddeltaCRLTest3",
        "revoked in the base CRL only; the newer delta CRL is taken instead: accepted",
    ),
    (
        "InvaliddeltaCRLTest10",
        "the base CRL has expired; the delta CRL, still current, is taken instead: accepted",
    ),
];

/// Whether the machine's `openssl` has the delta CRL fix (see [`DELTA_FIXED_DIFFER_FROM_PKITS`]):
/// PKITS's InvaliddeltaCRLTest4 (revoked only in the delta CRL) with its CA's base and delta CRL,
/// as the clients check it. Accepted: the delta CRL is ignored (fixed); refused as revoked: the
/// delta CRL was taken as complete (before the fix).
fn openssl_ignores_delta_crls(test: &str) -> bool {
    let certs = pkits().join("certs");
    let crls = pkits().join("crls");
    let scratch = common::scratch(&format!("crl-delta-probe-{test}"));
    let anchor = scratch.join("anchor.pem");
    let p = |d: &Path, n: &str| d.join(n).to_string_lossy().into_owned();
    common::tool_ok(
        "openssl",
        &[
            "x509",
            "-inform",
            "DER",
            "-in",
            &p(&certs, ANCHOR),
            "-out",
            &p(&scratch, "anchor.pem"),
        ],
        None,
    );
    let out = common::tool(
        "openssl",
        &[
            "verify",
            "-attime",
            &AT.to_string(),
            "-CAfile",
            anchor.to_str().unwrap(),
            "-untrusted",
            &p(&certs, "deltaCRLCA1Cert.crt"),
            "-crl_check_all",
            "-CRLfile",
            &p(&crls, "TrustAnchorRootCRL.crl"),
            "-CRLfile",
            &p(&crls, "deltaCRLCA1CRL.crl"),
            "-CRLfile",
            &p(&crls, "deltaCRLCA1deltaCRL.crl"),
            &p(&certs, "InvaliddeltaCRLTest4EE.crt"),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return true;
    }
    assert!(
        stderr.contains("error 23 at 0 depth"),
        "the delta CRL probe: openssl neither accepted nor refused as revoked: {stderr}"
    );
    false
}

/// [`CLIENTS_DIFFER_FROM_PKITS`] with the delta CRL tests of the machine's OpenSSL.
fn clients_differ_from_pkits(ignores_deltas: bool) -> Vec<(&'static str, &'static str)> {
    let delta = if ignores_deltas {
        DELTA_FIXED_DIFFER_FROM_PKITS
    } else {
        DELTA_UNFIXED_DIFFER_FROM_PKITS
    };
    CLIENTS_DIFFER_FROM_PKITS
        .iter()
        .chain(delta)
        .copied()
        .collect()
}

/// The machine's OpenSSL, said once in the output.
fn delta_behaviour(test: &str) -> bool {
    let ignores = openssl_ignores_delta_crls(test);
    println!(
        "openssl ({}): {}",
        common::tool_ok("openssl", &["version"], None).trim(),
        if ignores {
            "ignores delta CRLs without -use_deltas (the fix of openssl/openssl#31040), as dbcert predicts"
        } else {
            "takes a newer delta CRL as complete without -use_deltas (before the fix of openssl/openssl#31040)"
        }
    );
    ignores
}

/// Revocation tests where OpenSSL with its whole RFC 5280 support differs from PKITS.
pub const RFC5280_DIFFER_FROM_PKITS: &[(&str, &str)] = &[(
    "ValidcRLIssuerTest30",
    "the indirect CRL's signer is certified by a CA whose own CRL is that same indirect CRL: OpenSSL refuses the circular CRL path (error 54, CRL path validation error), as OpenSSL's test/pkits-test.pl expects",
)];

/// x509-limbo `crl::*` cases where OpenSSL, configured as the clients are, differs from limbo.
pub const LIMBO_CLIENTS_DIFFER: &[(&str, &str)] = &[(
    "crl::crlnumber-missing",
    "RFC 5280 §5.2.3 makes crlNumber mandatory; OpenSSL accepts a CRL without it (limbo's own OpenSSL 3.0.19 reference says SUCCESS too)",
)];

fn pkits() -> PathBuf {
    common::shared().join("corpus/pkits")
}

/// What `openssl verify` said of one certificate: `None` for OK, or its last error (number, depth
/// in the chain, 0 being the end entity, and text).
pub type OpensslVerdict = Option<(u32, usize, String)>;

/// Parses `openssl verify`'s output, stdout (`FILE: OK`) and stderr (`error N at D depth lookup:
/// TEXT` lines, then `error FILE: verification failed`), keyed by file name.
pub fn parse_verify(stdout: &str, stderr: &str) -> BTreeMap<String, OpensslVerdict> {
    let name = |f: &str| f.rsplit('/').next().unwrap().to_owned();
    let mut out = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(f) = line.strip_suffix(": OK") {
            out.insert(name(f), None);
        }
    }
    let mut last = None;
    for line in stderr.lines() {
        if let Some(f) = line
            .strip_prefix("error ")
            .and_then(|l| l.strip_suffix(": verification failed"))
        {
            let error = last
                .take()
                .unwrap_or_else(|| panic!("no error line before {line}"));
            assert!(out.insert(name(f), Some(error)).is_none(), "{line}");
        } else if let Some((n, rest)) = line
            .strip_prefix("error ")
            .and_then(|l| l.split_once(" at "))
        {
            if let (Ok(n), Some((depth, text))) =
                (n.parse::<u32>(), rest.split_once(" depth lookup: "))
            {
                last = Some((n, depth.parse().unwrap(), text.to_owned()));
            }
        }
    }
    out
}

/// `openssl verify`'s verdict on every PKITS test, with every CRL in the given profile (or
/// without CRLs), in one run.
pub fn openssl_pkits(profile: Option<Profile>) -> BTreeMap<String, OpensslVerdict> {
    let certs = pkits().join("certs");
    let crls = pkits().join("crls");
    let scratch = common::scratch(&format!("crl-pkits-{profile:?}"));
    let anchor = scratch.join("anchor.pem");
    let a = certs.join(ANCHOR);
    common::tool_ok(
        "openssl",
        &[
            "x509",
            "-inform",
            "DER",
            "-in",
            a.to_str().unwrap(),
            "-out",
            anchor.to_str().unwrap(),
        ],
        None,
    );
    let names = sorted_names(&certs);
    let at = AT.to_string();
    let mut args: Vec<String> = vec!["verify".into(), "-attime".into(), at, "-CAfile".into()];
    args.push(anchor.to_string_lossy().into_owned());
    // DER files, one option each: openssl reads DER for -untrusted and -CRLfile.
    for n in names
        .iter()
        .filter(|n| !n.ends_with("EE.crt") && *n != ANCHOR)
    {
        args.push("-untrusted".into());
        args.push(certs.join(n).to_string_lossy().into_owned());
    }
    if let Some(p) = profile {
        args.extend(p.flags().iter().map(|f| (*f).to_owned()));
        for n in sorted_names(&crls) {
            args.push("-CRLfile".into());
            args.push(crls.join(n).to_string_lossy().into_owned());
        }
    }
    for n in names.iter().filter(|n| is_test(n)) {
        args.push(certs.join(n).to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = common::tool("openssl", &args, None);
    let verdicts = parse_verify(
        &String::from_utf8_lossy(&out.stdout),
        &String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        verdicts.len(),
        203,
        "openssl gave a verdict for every PKITS test: {:?}",
        out.status
    );
    verdicts
        .into_iter()
        .map(|(k, v)| (k.trim_end_matches("EE.crt").to_owned(), v))
        .collect()
}

fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_test(name: &str) -> bool {
    name.ends_with("EE.crt") && (name.starts_with("Valid") || name.starts_with("Invalid"))
}

fn describe(v: &OpensslVerdict) -> String {
    match v {
        None => "OK".into(),
        Some((n, d, text)) => format!("error {n} at depth {d} ({text})"),
    }
}

/// The tests of a list that differ from PKITS, as a set, for comparison with the list.
fn differing<'a>(
    verdicts: &'a BTreeMap<String, OpensslVerdict>,
    tests: &[&'a str],
) -> BTreeSet<&'a str> {
    tests
        .iter()
        .copied()
        .filter(|t| verdicts[*t].is_none() != t.starts_with("Valid"))
        .collect()
}

#[test]
fn pkits_revocation_tests_openssl_reference() {
    let plain = openssl_pkits(None);
    let revocation: Vec<&str> = REVOCATION_TESTS.iter().map(|(_, t)| *t).collect();
    assert_eq!(revocation.len(), 76);
    for t in &revocation {
        assert!(plain.contains_key(*t), "{t} is not a PKITS test file");
    }
    let clients = clients_differ_from_pkits(delta_behaviour("reference"));
    for (profile, listed) in [
        (Profile::Clients, clients.as_slice()),
        (Profile::Rfc5280, RFC5280_DIFFER_FROM_PKITS),
    ] {
        let with_crls = openssl_pkits(Some(profile));
        // Outside the revocation sections, CRLs change nothing.
        let changed: Vec<String> = plain
            .iter()
            .filter(|(t, v)| !revocation.contains(&t.as_str()) && with_crls[*t] != **v)
            .map(|(t, v)| format!("{t}: {} -> {}", describe(v), describe(&with_crls[t])))
            .collect();
        assert!(
            changed.is_empty(),
            "{profile:?}: CRLs changed the verdict of non-revocation tests: {changed:#?}"
        );
        // On the revocation tests, PKITS's expectation except where listed.
        let differ = differing(&with_crls, &revocation);
        let listed_set: BTreeSet<&str> = listed.iter().map(|(t, _)| *t).collect();
        let new: Vec<String> = differ
            .difference(&listed_set)
            .map(|t| format!("{t}: openssl says {}", describe(&with_crls[*t])))
            .collect();
        let fixed: Vec<&&str> = listed_set.difference(&differ).collect();
        assert!(
            new.is_empty() && fixed.is_empty(),
            "{profile:?}: openssl differs from PKITS on tests not listed: {new:#?}; listed but agreeing now (remove them): {fixed:?}"
        );
        let mut errors: BTreeMap<u32, usize> = BTreeMap::new();
        for t in &revocation {
            if let Some((n, _, _)) = &with_crls[*t] {
                *errors.entry(*n).or_default() += 1;
            }
        }
        println!(
            "PKITS revocation tests, openssl verify {}: {} of {} as PKITS expects; refusals by error number {errors:?}",
            profile.flags().join(" "),
            revocation.len() - differ.len(),
            revocation.len()
        );
    }
}

/// The x509-limbo testcases with CRLs.
fn limbo_crl_cases() -> Vec<serde_json::Value> {
    let path = common::shared().join("corpus/x509-limbo/limbo.json.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let suite: serde_json::Value = serde_json::from_str(&text).unwrap();
    suite["testcases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["crls"].as_array().is_some_and(|c| !c.is_empty()))
        .cloned()
        .collect()
}

/// A limbo testcase's list of PEM texts as one PEM file.
fn pems(v: &serde_json::Value) -> String {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `openssl verify` on one limbo testcase as the clients configure it: its trusted
/// certificates, intermediates and CRLs, at its validation time, purpose sslserver and the
/// expected peer name (as VERIFY_IDENTITY checks it).
pub fn openssl_limbo(case: &serde_json::Value, dir: &Path) -> OpensslVerdict {
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let trusted = write("trusted.pem", &pems(&case["trusted_certs"]));
    let leaf = write("leaf.pem", case["peer_certificate"].as_str().unwrap());
    let crls = write("crls.pem", &pems(&case["crls"]));
    let time = case["validation_time"].as_str().unwrap();
    let at = common::tool_ok("date", &["-u", "-d", time, "+%s"], None);
    let mut args = vec![
        "verify".to_owned(),
        "-attime".into(),
        at.trim().to_owned(),
        "-CAfile".into(),
        trusted,
        "-purpose".into(),
        "sslserver".into(),
        "-crl_check_all".into(),
        "-CRLfile".into(),
        crls,
    ];
    if !case["untrusted_intermediates"]
        .as_array()
        .unwrap()
        .is_empty()
    {
        args.push("-untrusted".into());
        args.push(write(
            "untrusted.pem",
            &pems(&case["untrusted_intermediates"]),
        ));
    }
    if case["expected_peer_name"]["kind"] == "DNS" {
        args.push("-verify_hostname".into());
        args.push(
            case["expected_peer_name"]["value"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    args.push(leaf);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = common::tool("openssl", &args, None);
    let verdicts = parse_verify(
        &String::from_utf8_lossy(&out.stdout),
        &String::from_utf8_lossy(&out.stderr),
    );
    verdicts["leaf.pem"].clone()
}

#[test]
fn limbo_crl_cases_openssl_reference() {
    let cases = limbo_crl_cases();
    assert_eq!(cases.len(), 8, "x509-limbo's crl::* testcases");
    let dir = common::scratch("crl-limbo");
    let listed: BTreeSet<&str> = LIMBO_CLIENTS_DIFFER.iter().map(|(id, _)| *id).collect();
    let mut differ = BTreeSet::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let v = openssl_limbo(case, &dir);
        let expected = case["expected_result"].as_str().unwrap();
        println!(
            "{id}: limbo expects {expected}, openssl (clients' flags) {}",
            describe(&v)
        );
        if (expected == "SUCCESS") != v.is_none() {
            differ.insert(id);
        }
    }
    assert_eq!(
        differ, listed,
        "limbo crl::* cases where openssl differs from limbo (left) vs LIMBO_CLIENTS_DIFFER (right)"
    );
}

/// PKITS tests (of all 203) where dbcert with every CRL differs from `openssl verify
/// -crl_check_all` (the clients' flags), and why.
pub const DBCERT_DIFFERS_FROM_OPENSSL_CLIENTS: &[(&str, &str)] = &[(
    "ValidDSASignaturesTest4",
    "DSA: dbcert does not verify DSA signatures (unsupported_algorithm); OpenSSL does",
)];

/// x509-limbo `crl::*` cases where dbcert differs from `openssl verify -crl_check_all`.
pub const LIMBO_DBCERT_DIFFERS_FROM_OPENSSL: &[(&str, &str)] = &[];

/// dbcert's verdict on every PKITS test with every PKITS CRL, as the clients check them: the
/// test's certificate as the leaf, every other CA certificate as the rest of the input, the
/// anchor as `ca`. `None` for valid, else the error codes (each with the depth, in the chain
/// dbcert found, of the certificate it concerns).
fn dbcert_pkits() -> BTreeMap<String, Option<Vec<String>>> {
    use dbcert_core::bundle::{Bundle, CertEntry};
    use dbcert_core::format::Format;
    use dbcert_core::time::UnixTime;
    use dbcert_core::verify::{verify, VerifyOptions};
    let certs = pkits().join("certs");
    let crls: Vec<Vec<u8>> = sorted_names(&pkits().join("crls"))
        .iter()
        .map(|n| common::bytes(pkits().join("crls").join(n)))
        .collect();
    let names = sorted_names(&certs);
    let mut ca = Bundle::new(Format::Der);
    ca.certificates
        .push(CertEntry::plain(common::bytes(certs.join(ANCHOR))));
    let pool: Vec<Vec<u8>> = names
        .iter()
        .filter(|n| !n.ends_with("EE.crt") && *n != ANCHOR)
        .map(|n| common::bytes(certs.join(n)))
        .collect();
    names
        .iter()
        .filter(|n| is_test(n))
        .map(|n| {
            let mut input = Bundle::new(Format::Der);
            input
                .certificates
                .push(CertEntry::plain(common::bytes(certs.join(n))));
            input
                .certificates
                .extend(pool.iter().cloned().map(CertEntry::plain));
            let mut options = VerifyOptions::new(UnixTime(AT));
            options.ca = Some(&ca);
            options.leaf = Some(0);
            options.crls = &crls;
            let r = verify(&input, &options);
            let depth = |i: Option<usize>| i.and_then(|i| r.chain.iter().position(|c| *c == i));
            let verdict = (!r.valid).then(|| {
                r.errors
                    .iter()
                    .map(|f| format!("{} at depth {:?}", f.code, depth(f.certificate)))
                    .collect()
            });
            (n.trim_end_matches("EE.crt").to_owned(), verdict)
        })
        .collect()
}

#[test]
fn pkits_dbcert_agrees_with_openssl_clients() {
    let openssl = openssl_pkits(Some(Profile::Clients));
    let ours = dbcert_pkits();
    assert_eq!(ours.len(), openssl.len());
    let revocation: BTreeSet<&str> = REVOCATION_TESTS.iter().map(|(_, t)| *t).collect();
    let mut listed: BTreeSet<&str> = DBCERT_DIFFERS_FROM_OPENSSL_CLIENTS
        .iter()
        .map(|(t, _)| *t)
        .collect();
    // dbcert predicts OpenSSL with the delta CRL fix: before it, every delta CRL test where
    // either OpenSSL differs from PKITS differs from dbcert.
    if !delta_behaviour("dbcert") {
        listed.extend(
            DELTA_FIXED_DIFFER_FROM_PKITS
                .iter()
                .chain(DELTA_UNFIXED_DIFFER_FROM_PKITS)
                .map(|(t, _)| *t),
        );
    }
    let mut differ = BTreeSet::new();
    let mut lines = Vec::new();
    for (t, v) in &openssl {
        let d = &ours[t];
        if d.is_none() != v.is_none() {
            differ.insert(t.as_str());
            lines.push(format!("{t}: openssl {}, dbcert {d:?}", describe(v)));
        }
    }
    let agree_rev = revocation.iter().filter(|t| !differ.contains(*t)).count();
    println!(
        "PKITS with every CRL: dbcert agrees with openssl verify -crl_check_all on {} of {} tests ({agree_rev} of {} revocation tests)",
        openssl.len() - differ.len(),
        openssl.len(),
        revocation.len()
    );
    let new: Vec<&String> = lines
        .iter()
        .filter(|l| !listed.contains(l.split(':').next().unwrap()))
        .collect();
    let fixed: Vec<&&str> = listed.difference(&differ).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "dbcert differs from openssl (clients' flags) on tests not listed: {new:#?}; listed but agreeing now (remove them): {fixed:?}"
    );
}

/// dbcert's verdict on one limbo testcase, configured as [`openssl_limbo`] configures OpenSSL.
fn dbcert_limbo(case: &serde_json::Value) -> Option<Vec<String>> {
    use dbcert_core::crl::read::read as read_crls;
    use dbcert_core::time::UnixTime;
    use dbcert_core::verify::{verify, VerifyOptions};
    use dbcert_core::{read, ReadOptions};
    let mut chain = case["peer_certificate"].as_str().unwrap().to_owned();
    chain.push('\n');
    chain.push_str(&pems(&case["untrusted_intermediates"]));
    let input = read(chain.as_bytes(), &ReadOptions::default()).unwrap();
    let ca = read(
        pems(&case["trusted_certs"]).as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    let crls = read_crls(pems(&case["crls"]).as_bytes()).unwrap();
    let at = UnixTime::parse_rfc3339(case["validation_time"].as_str().unwrap()).unwrap();
    let mut options = VerifyOptions::new(at);
    options.ca = Some(&ca);
    options.leaf = Some(0);
    options.crls = &crls;
    let host = case["expected_peer_name"]["value"].as_str();
    if case["expected_peer_name"]["kind"] == "DNS" {
        options.host = host;
    }
    let r = verify(&input, &options);
    (!r.valid).then(|| r.errors.iter().map(|f| f.code.to_string()).collect())
}

#[test]
fn limbo_crl_cases_dbcert_agrees_with_openssl() {
    let cases = limbo_crl_cases();
    let dir = common::scratch("crl-limbo-dbcert");
    let listed: BTreeSet<&str> = LIMBO_DBCERT_DIFFERS_FROM_OPENSSL
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let mut differ = BTreeSet::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let theirs = openssl_limbo(case, &dir);
        let ours = dbcert_limbo(case);
        println!("{id}: openssl {}, dbcert {ours:?}", describe(&theirs));
        if theirs.is_none() != ours.is_none() {
            differ.insert(id);
        }
    }
    println!(
        "x509-limbo crl::*: dbcert agrees with openssl verify -crl_check_all on {} of {}",
        cases.len() - differ.len(),
        cases.len()
    );
    assert_eq!(
        differ, listed,
        "limbo crl::* cases where dbcert differs from openssl (left) vs LIMBO_DBCERT_DIFFERS_FROM_OPENSSL (right)"
    );
}
