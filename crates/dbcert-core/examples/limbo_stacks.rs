//! The stack profiles (`verify::clients`) against the real TLS stacks on x509-limbo.
//!
//! ```text
//! cargo run --release -p dbcert-core --example limbo_stacks -- LIMBO_JSON_GZ RESULTS_DIR EXCEPTIONS [DIFFS_TSV]
//! ```
//!
//! `cargo xtask limbo --stacks` runs it after `cargo xtask stacks` has written the LimboResults
//! of `tests/stacks/` to `target/stacks/results/`. Every SERVER testcase with a DNS or IP peer
//! name, or none, is verified once (the peer, then `untrusted_intermediates` as sent; the trusted
//! certificates as `ca`; the peer name as the host; `validation_time`, or 2026-11-28 when null:
//! those chains are valid 1970..2969); each configuration's profile then judges the report in
//! its mode (`verify::clients::judge`) and is compared with the stack's own result. Cases with
//! CRLs are not compared (dbcert takes no CRLs), nor are those a profile calls `unknown`.
//!
//! Prints, per configuration: cases compared, agreed, %, and the differences. A difference not
//! listed in EXCEPTIONS (`config testcase-id  reason`, `#` comments) fails the run (exit 1); a
//! listed one that now agrees is reported. DIFFS_TSV (default `target/stacks/profile-diffs.tsv`)
//! gets every difference with the stack's context, to write reasons from.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::snippet::SslMode;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::clients::profile::{self, Profile};
use dbcert_core::verify::clients::{judge, Answer};
use dbcert_core::verify::{verify, VerifyOptions, VerifyReport};
use serde_json::Value;

/// A LimboResult configuration of `tests/stacks/` and the profile that predicts it.
struct Config {
    name: &'static str,
    profile: &'static Profile,
    /// VERIFY_IDENTITY when the testcase names a peer (else VERIFY_CA).
    identity: bool,
}

const CONFIGS: &[Config] = &[
    Config {
        name: "openssl-libmysqlclient-sec2",
        profile: &profile::LIBMYSQLCLIENT_SEC2,
        identity: true,
    },
    Config {
        name: "openssl-libmysqlclient-sec1",
        profile: &profile::LIBMYSQLCLIENT_SEC1,
        identity: true,
    },
    Config {
        name: "openssl-libmysqlclient-sec0",
        profile: &profile::LIBMYSQLCLIENT_SEC0,
        identity: true,
    },
    Config {
        name: "openssl-libmysqlclient-ca-sec2",
        profile: &profile::LIBMYSQLCLIENT_SEC2,
        identity: false,
    },
    Config {
        name: "openssl-mariadb-cc-sec2",
        profile: &profile::MARIADB_CC_SEC2,
        identity: true,
    },
    Config {
        name: "openssl-mariadb-cc-sec1",
        profile: &profile::MARIADB_CC_SEC1,
        identity: true,
    },
    Config {
        name: "openssl-mariadb-cc-sec0",
        profile: &profile::MARIADB_CC_SEC0,
        identity: true,
    },
    Config {
        name: "python-default",
        profile: &profile::PYTHON_DEFAULT,
        identity: true,
    },
    Config {
        name: "python-py313",
        profile: &profile::PYTHON_313,
        identity: true,
    },
    Config {
        name: "python-py313-pymysql",
        profile: &profile::PYTHON_313_PYMYSQL,
        identity: true,
    },
    Config {
        name: "node-mysql2-identity",
        profile: &profile::NODE_MYSQL2,
        identity: true,
    },
    Config {
        name: "node-mysql2-ca",
        profile: &profile::NODE_MYSQL2,
        identity: false,
    },
    Config {
        name: "go-tls",
        profile: &profile::GO,
        identity: true,
    },
    Config {
        name: "go-tls-go1.27.3",
        profile: &profile::GO,
        identity: true,
    },
    Config {
        name: "rustls-verifier",
        profile: &profile::RUSTLS_SQLX,
        identity: true,
    },
    Config {
        name: "java-connectorj-ca",
        profile: &profile::CONNECTOR_J,
        identity: false,
    },
    Config {
        name: "java-connectorj-identity",
        profile: &profile::CONNECTOR_J,
        identity: true,
    },
    Config {
        name: "java-mariadbj-ca",
        profile: &profile::MARIADB_J,
        identity: false,
    },
    Config {
        name: "java-mariadbj-identity",
        profile: &profile::MARIADB_J,
        identity: true,
    },
];

const DEFAULT_TIME: &str = "2026-11-28T00:00:00Z";

fn certs(pems: &[&str]) -> Option<Bundle> {
    let mut b = Bundle::new(Format::Pem);
    for p in pems {
        for block in pem::parse(p.as_bytes()).ok()? {
            b.certificates.push(CertEntry::plain(block.der));
        }
    }
    Some(b)
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// One testcase verified once: the report, whether it names a peer, whether it has CRLs.
struct Case {
    report: VerifyReport,
    named: bool,
    crls: bool,
}

fn run_case(tc: &Value) -> Option<Case> {
    if tc["validation_kind"].as_str() != Some("SERVER") {
        return None;
    }
    let kind = tc["expected_peer_name"]["kind"].as_str();
    if !matches!(kind, None | Some("DNS") | Some("IP")) {
        return None;
    }
    let mut input = vec![tc["peer_certificate"].as_str()?];
    input.extend(strs(&tc["untrusted_intermediates"]));
    let ca = certs(&strs(&tc["trusted_certs"]))?;
    let input = certs(&input)?;
    let at =
        UnixTime::parse_rfc3339(tc["validation_time"].as_str().unwrap_or(DEFAULT_TIME)).ok()?;
    let host = tc["expected_peer_name"]["value"].as_str();
    let mut options = VerifyOptions::new(at);
    options.ca = Some(&ca);
    options.host = host;
    options.leaf = Some(0);
    let report = verify(&input, &options);
    Some(Case {
        report,
        named: host.is_some(),
        crls: !strs(&tc["crls"]).is_empty(),
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: limbo_stacks LIMBO_JSON_GZ RESULTS_DIR EXCEPTIONS [DIFFS_TSV]");
        return ExitCode::from(2);
    }
    let (suite, results, exceptions) = (
        PathBuf::from(&args[0]),
        PathBuf::from(&args[1]),
        PathBuf::from(&args[2]),
    );
    let diffs_out = args.get(3).map(PathBuf::from).unwrap_or_else(|| {
        results
            .parent()
            .unwrap_or(&results)
            .join("profile-diffs.tsv")
    });
    let raw = std::fs::read(&suite).expect("limbo suite");
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_end(&mut json)
        .expect("gzip");
    let suite: Value = serde_json::from_slice(&json).expect("limbo JSON");
    let started = std::time::Instant::now();
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    for tc in suite["testcases"].as_array().expect("testcases") {
        if let (Some(id), Some(c)) = (tc["id"].as_str(), run_case(tc)) {
            cases.insert(id.to_owned(), c);
        }
    }
    eprintln!(
        "limbo --stacks: {} testcases verified in {:.1}s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );

    let listed_text = std::fs::read_to_string(&exceptions).unwrap_or_default();
    let mut listed: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in listed_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.splitn(3, char::is_whitespace);
        let (Some(cfg), Some(id)) = (parts.next(), parts.next()) else {
            continue;
        };
        listed.insert(
            (cfg.to_owned(), id.to_owned()),
            parts.next().unwrap_or("").trim().to_owned(),
        );
    }

    let mut tsv = String::from("config\tid\tstack\tdbcert\tcodes\tstack context\n");
    let mut unlisted: Vec<String> = Vec::new();
    let mut fixed: Vec<String> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    println!("\n| configuration | profile | compared | agreed | % | listed | new | unknown | CRL cases |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for cfg in CONFIGS {
        let path = results.join(format!("{}.json", cfg.name));
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!(
                "| {} | {} | missing {} | | | | | | |",
                cfg.name,
                cfg.profile.id,
                path.display()
            );
            unlisted.push(format!(
                "{}: no LimboResult at {}",
                cfg.name,
                path.display()
            ));
            continue;
        };
        let doc: Value = serde_json::from_str(&text).expect("LimboResult JSON");
        let (mut compared, mut agreed, mut unknown, mut crl, mut listed_n, mut new_n) =
            (0, 0, 0, 0, 0, 0);
        for r in doc["results"].as_array().into_iter().flatten() {
            let (Some(id), Some(actual)) = (r["id"].as_str(), r["actual_result"].as_str()) else {
                continue;
            };
            if actual == "SKIPPED" {
                continue;
            }
            let Some(case) = cases.get(id) else { continue };
            if case.crls {
                crl += 1;
                continue;
            }
            let mode = if cfg.identity && case.named {
                SslMode::VerifyIdentity
            } else {
                SslMode::VerifyCa
            };
            let rep = &case.report;
            let (answer, codes, _) = judge(
                cfg.profile,
                mode,
                &rep.errors,
                &rep.warnings,
                &rep.stack_facts,
            );
            let ours = match answer {
                Answer::Connects => "SUCCESS",
                Answer::Refuses => "FAILURE",
                Answer::Unknown => {
                    unknown += 1;
                    continue;
                }
            };
            compared += 1;
            let key = (cfg.name.to_owned(), id.to_owned());
            if ours == actual {
                agreed += 1;
                if listed.contains_key(&key) {
                    fixed.push(format!("{} {id}", cfg.name));
                }
                continue;
            }
            let codes: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
            let context = r["context"]
                .as_str()
                .unwrap_or("")
                .replace(['\t', '\n'], " ");
            tsv.push_str(&format!(
                "{}\t{id}\t{actual}\t{ours}\t{}\t{context}\n",
                cfg.name,
                codes.join(",")
            ));
            seen.insert(key.clone());
            if listed.contains_key(&key) {
                listed_n += 1;
            } else {
                new_n += 1;
                unlisted.push(format!(
                    "{} {id}: the stack says {actual}, the profile {ours} ({}) — {context}",
                    cfg.name,
                    codes.join(",")
                ));
            }
        }
        let pct = if compared == 0 {
            0.0
        } else {
            100.0 * agreed as f64 / compared as f64
        };
        println!(
            "| {} | {} | {compared} | {agreed} | {pct:.2} | {listed_n} | {new_n} | {unknown} | {crl} |",
            cfg.name, cfg.profile.id
        );
    }
    if let Some(dir) = diffs_out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(&diffs_out, tsv) {
        Ok(()) => eprintln!("every difference: {}", diffs_out.display()),
        Err(e) => eprintln!("{}: {e}", diffs_out.display()),
    }
    for f in &fixed {
        println!("agrees now, remove it from {}: {f}", exceptions.display());
    }
    if unlisted.is_empty() {
        println!(
            "\nlimbo --stacks: every difference is listed with its reason in {}",
            exceptions.display()
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "\nlimbo --stacks: {} differences not listed in {}:",
            unlisted.len(),
            exceptions.display()
        );
        for u in unlisted.iter().take(50) {
            println!("  {u}");
        }
        ExitCode::FAILURE
    }
}
