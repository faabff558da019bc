//! ApsaraDB RDS for MySQL (Alibaba Cloud): the SSL guide turned into answers.
//!
//! Sources (each fact below repeats its own):
//! - Configure the SSL encryption feature (cloud certificate), English:
//!   <https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/configure-a-cloud-certificate-to-enable-ssl-encryption>
//!   and its newer copy <https://help.aliyun.com/en/rds/apsaradb-rds-for-mysql/configure-a-cloud-certificate-to-enable-ssl-encryption>
//!   (adds MySQL 8.4 to forced SSL), Japanese copy with the certificate table
//!   <https://alibabacloud.com/help/ja/rds/apsaradb-rds-for-mysql/configure-a-cloud-certificate-to-enable-ssl-encryption>
//! - The Chinese guide with the TLS table and the ssl_cipher note:
//!   <https://help.aliyun.com/knowledge_detail/148431.html>
//! - Use a custom certificate (forced SSL refuses non-SSL connections):
//!   <https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/configure-a-custom-certificate>
//! - Connect over SSL (what each --ssl-mode does; MariaDB clients):
//!   <https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/ssl-connect-to-the-rds-mysql-database>
//! - Older guide (one link per certificate; the CA download):
//!   <https://help.aliyun.com/document_detail/32474.html>
//!
//! Not sourced, so not stated: that ApsaraDB RDS for MySQL has no client-certificate (mutual)
//! authentication. The guide describes the cloud certificate as serving encryption and server
//! authentication, which dbcert reports; it found no page that says mutual TLS is unavailable.
//! The CA certificates themselves are downloaded per instance from the console, so dbcert has no
//! fingerprints for them (see `bundles`).

use super::self_managed::{accepted, modern_target};
use super::{tls_list, Ctx, Draft, Edition, Fact, Status};
use crate::snippet::TlsVersion;

const GUIDE: &str = "https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/configure-a-cloud-certificate-to-enable-ssl-encryption";
const GUIDE_NEW: &str = "https://help.aliyun.com/en/rds/apsaradb-rds-for-mysql/configure-a-cloud-certificate-to-enable-ssl-encryption";
const GUIDE_JA: &str = "https://alibabacloud.com/help/ja/rds/apsaradb-rds-for-mysql/configure-a-cloud-certificate-to-enable-ssl-encryption";
const GUIDE_ZH: &str = "https://help.aliyun.com/knowledge_detail/148431.html";
const CUSTOM_CERT: &str =
    "https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/configure-a-custom-certificate";
const CONNECT: &str = "https://www.alibabacloud.com/help/en/rds/apsaradb-rds-for-mysql/ssl-connect-to-the-rds-mysql-database";
const OLD_GUIDE_ZH: &str = "https://help.aliyun.com/document_detail/32474.html";
const CONNECT_ZH: &str =
    "https://help.aliyun.com/zh/rds/apsaradb-rds-for-mysql/ssl-connect-to-the-rds-mysql-database";

/// Minor engine version from which forced SSL is possible.
pub(super) const FORCED_SSL_MINOR: u32 = 20_241_130;
/// Minor engine version from which 8.0 speaks TLSv1.3.
pub(super) const TLS13_MINOR_80: u32 = 20_221_231;
/// Minor engine versions that bring OpenSSL 3.0.
pub(super) const OPENSSL3_MINOR_57: u32 = 20_230_831;
/// Minor engine version that brings OpenSSL 3.0 to 8.0.
pub(super) const OPENSSL3_MINOR_80: u32 = 20_230_930;
/// The `ssl_cipher` default that comes with OpenSSL 3.0.
pub(super) const DEFAULT_CIPHER: &str = "ALL:@SECLEVEL=0";

// Guide, Prerequisites table: 8.0 and 5.7 on High-availability, Cluster and Basic Edition; 5.6 on
// High-availability Edition only.
pub(super) const F_EDITIONS: Fact = Fact::new(
    "alibaba.ssl_editions",
    "SSL encryption is supported by MySQL 8.0 and 5.7 on Basic, High-availability and Cluster \
     Edition, and by MySQL 5.6 on High-availability Edition only.",
    GUIDE,
);
// Guide, Prerequisites: forceful SSL needs "MySQL 5.7 or 8.0 on Basic Edition, High-availability
// Edition, or Cluster Edition" and "a minor engine version of 20241130 or later".
pub(super) const F_FORCED: Fact = Fact::new(
    "alibaba.forced_ssl",
    "Forceful SSL encryption needs MySQL 5.7 or 8.0 (Basic, High-availability or Cluster Edition) \
     with minor engine version 20241130 or later.",
    GUIDE,
);
// Newer copy of the guide: "Runs MySQL 8.4, 8.0, or 5.7".
pub(super) const F_FORCED_84: Fact = Fact::new(
    "alibaba.forced_ssl_84",
    "Newer copies of the guide list MySQL 8.4 too among the versions that support forceful SSL \
     (minor engine version 20241130 or later).",
    GUIDE_NEW,
);
// Custom certificate guide: "Once force SSL encryption is enabled, ApsaraDB RDS for MySQL will only
// accept SSL-encrypted connections from clients or database proxies. Non-encrypted connections will
// be rejected."
pub(super) const F_FORCED_EFFECT: Fact = Fact::new(
    "alibaba.forced_ssl_effect",
    "With forceful SSL, the instance accepts only SSL-encrypted connections from clients or \
     database proxies; non-encrypted connections are rejected.",
    CUSTOM_CERT,
);
// Connect guide: DISABLED is not encrypted, PREFERRED falls back to unencrypted, REQUIRED,
// VERIFY_CA and VERIFY_IDENTITY must encrypt.
pub(super) const F_SSL_MODES: Fact = Fact::new(
    "alibaba.ssl_modes",
    "--ssl-mode=DISABLED does not encrypt; PREFERRED (the default) falls back to an unencrypted \
     connection; REQUIRED, VERIFY_CA and VERIFY_IDENTITY must encrypt (VERIFY_CA also checks the \
     server certificate, VERIFY_IDENTITY also its host name).",
    CONNECT,
);
// Connect guide: MariaDB clients and MySQL clients before 5.7.11 use --ssl and
// --ssl-verify-server-cert.
pub(super) const F_MARIADB_CLIENTS: Fact = Fact::new(
    "alibaba.legacy_clients",
    "MariaDB clients and MySQL clients older than 5.7.11 have no --ssl-mode: they use --ssl and \
     --ssl-verify-server-cert.",
    CONNECT,
);
// Chinese guide, TLS table: 8.0 TLSv1.0-1.2, TLSv1.3 from 20221231; 5.7 and 5.6 TLSv1.0-1.2, no 1.3.
pub(super) const F_TLS: Fact = Fact::new(
    "alibaba.tls_versions",
    "RDS MySQL 5.6 and 5.7 support TLSv1.0, TLSv1.1 and TLSv1.2 but not TLSv1.3; 8.0 supports \
     TLSv1.0 to TLSv1.2, and TLSv1.3 from minor version 20221231.",
    GUIDE_ZH,
);
// Chinese guide, ssl_cipher note: OpenSSL 3.0 in 5.7 20230831 and 8.0 20230930, which no longer
// supports TLSv1.0/1.1 by default; ssl_cipher default "ALL:@SECLEVEL=0" restores them; set it to ""
// if only TLSv1.2 and later are used.
pub(super) const F_OPENSSL3: Fact = Fact::new(
    "alibaba.openssl3",
    "5.7 minor 20230831 and 8.0 minor 20230930 upgrade to OpenSSL 3.0, which by default no longer \
     speaks TLSv1.0 or TLSv1.1; for compatibility the ssl_cipher default becomes \
     \"ALL:@SECLEVEL=0\", which restores them. If all clients use TLSv1.2 or later, set \
     ssl_cipher to \"\" (the empty string) for a higher security level.",
    GUIDE_ZH,
);
// Guide, Potential impacts table.
pub(super) const F_RESTARTS: Fact = Fact::new(
    "alibaba.operations",
    "Enabling or disabling SSL restarts the instance and triggers a primary/secondary switchover \
     on every version; updating the certificate restarts 5.6 and 5.7 but not 8.0. Do these \
     off-peak and make the application reconnect automatically.",
    GUIDE,
);
// Guide, CPU overhead: "SSL-encrypted connections significantly increase CPU utilization. Enable
// SSL only for endpoints that require encryption — typically the public endpoint".
pub(super) const F_CPU: Fact = Fact::new(
    "alibaba.cpu",
    "SSL-encrypted connections significantly increase CPU utilization: enable SSL only for the \
     endpoint that needs encryption, typically the public endpoint.",
    GUIDE,
);
// Guide, Prerequisites note on serverless.
pub(super) const F_SERVERLESS: Fact = Fact::new(
    "alibaba.serverless",
    "Changing the billing method of a non-serverless Basic Edition instance to serverless requires \
     enabling SSL encryption again.",
    GUIDE,
);
// Japanese guide, cloud certificate table: validity 365 days; protected endpoints: 1.
pub(super) const F_CERT: Fact = Fact::new(
    "alibaba.cloud_certificate",
    "The cloud certificate is issued by Alibaba Cloud, is valid for 365 days and protects one \
     endpoint; it serves to enable SSL and to let clients authenticate the server.",
    GUIDE_JA,
);
// Older Chinese guide: choose the internal or the public link, but only one link can be encrypted.
pub(super) const F_ONE_LINK: Fact = Fact::new(
    "alibaba.one_endpoint",
    "SSL can protect the internal or the public endpoint, but only one of them.",
    OLD_GUIDE_ZH,
);
// Older Chinese guide: the CA download is a zip with a p7b file, a PEM file and a JKS truststore
// whose password is apsaradb.
pub(super) const F_DOWNLOAD: Fact = Fact::new(
    "alibaba.ca_download",
    "The CA download is a zip with the PEM file (most clients), a JKS truststore for Java \
     (password apsaradb) and a .p7b file (Windows).",
    OLD_GUIDE_ZH,
);

// Chinese connect guide, example two: `--ssl-mode=VERIFY_CA --ssl-ca={CA证书路径}/ApsaraDB-CA-Chain.pem`.
pub(super) const F_CHAIN_FILE: Fact = Fact::new(
    "alibaba.ca_chain_file",
    "The guide's connection examples verify the server with the downloaded CA file \
     ApsaraDB-CA-Chain.pem (--ssl-mode=VERIFY_CA --ssl-ca=…/ApsaraDB-CA-Chain.pem).",
    CONNECT_ZH,
);

/// Every fact of this module.
// The certificate guide describes the per-instance CA chain download and names no CRL.
pub(super) const F_CRL: Fact = Fact::new(
    "alibaba.crl",
    "dbcert's ApsaraDB sources name no CRL for the cloud certificate; the CA chain is downloaded \
     per instance, so whether its certificates name a CRL is in their own CRL distribution points \
     (`dbcert inspect ApsaraDB-CA-Chain.pem`).",
    GUIDE,
);
pub(super) const FACTS: &[Fact] = &[
    F_CRL,
    F_EDITIONS,
    F_FORCED,
    F_FORCED_84,
    F_FORCED_EFFECT,
    F_SSL_MODES,
    F_MARIADB_CLIENTS,
    F_TLS,
    F_OPENSSL3,
    F_RESTARTS,
    F_CPU,
    F_SERVERLESS,
    F_CERT,
    F_ONE_LINK,
    F_DOWNLOAD,
    F_CHAIN_FILE,
];

/// Whether the minor version brings OpenSSL 3.0 (None: minor not given or not applicable).
pub(super) fn openssl3(series: (u32, u32), minor: Option<u32>) -> Option<bool> {
    let threshold = match series {
        (5, 7) => OPENSSL3_MINOR_57,
        (8, 0) => OPENSSL3_MINOR_80,
        _ => return Some(false),
    };
    minor.map(|m| m >= threshold)
}

pub(super) fn advise(ctx: &Ctx, d: &mut Draft) {
    let series = ctx.series();
    let sv = format!("{}.{}", series.0, series.1);
    let known = matches!(series, (5, 6) | (5, 7) | (8, 0));

    ssl_support(ctx, d, series, &sv);
    tls_support(ctx, d, series, &sv);
    forced_ssl(ctx, d, series, &sv);

    // What the guide lists as operations.
    if known || series == (8, 4) {
        let cert_restart = match series {
            (5, 6) | (5, 7) => Status::Yes,
            (8, 0) => Status::No,
            _ => Status::Unknown,
        };
        let prepare = "Do it off-peak; clients must reconnect (configure automatic reconnection).";
        d.operation(
            "enable_ssl",
            "Enable SSL",
            Status::Yes,
            Status::Yes,
            format!("Restarts the instance and triggers a primary/secondary switchover. {prepare}"),
            &F_RESTARTS,
        );
        d.operation(
            "disable_ssl",
            "Disable SSL",
            Status::Yes,
            Status::Yes,
            format!("Restarts the instance and triggers a primary/secondary switchover. {prepare}"),
            &F_RESTARTS,
        );
        let cert_text = match cert_restart {
            Status::Yes => format!("MySQL {sv}: updating the certificate restarts the instance. {prepare}"),
            Status::No => "MySQL 8.0: updating the certificate does not restart the instance; download the CA again if it changed.".to_owned(),
            Status::Unknown => format!("The guide gives the restart behaviour for 5.6, 5.7 and 8.0 only, not {sv}."),
        };
        d.operation(
            "update_certificate",
            "Update the certificate",
            cert_restart,
            Status::Unknown,
            cert_text,
            &F_RESTARTS,
        );
    }

    // Notes from the guide that matter before anyone clicks.
    d.note(&F_CERT);
    d.note(&F_ONE_LINK);
    d.note(&F_CPU);
    if !matches!(ctx.edition, Some(e) if e != Edition::Basic) {
        d.note(&F_SERVERLESS);
    }
    d.note(&F_DOWNLOAD);
    d.note(&F_CRL);
    d.note(&F_MARIADB_CLIENTS);
    d.recommend(
        "ca_bundle",
        "Download the CA and give clients ApsaraDB-CA-Chain.pem (Java: the JKS truststore, password \
         apsaradb) with VERIFY_CA or VERIFY_IDENTITY, so the server is authenticated.",
        None,
        &F_CHAIN_FILE,
    );
    d.check(
        "ssl_cipher_parameter",
        "sql",
        "SHOW VARIABLES LIKE 'ssl_cipher';",
        "empty once TLSv1.0 and TLSv1.1 are turned off; ALL:@SECLEVEL=0 keeps them on (OpenSSL 3.0 minor versions)",
        &F_OPENSSL3,
    );
}

fn ssl_support(ctx: &Ctx, d: &mut Draft, series: (u32, u32), sv: &str) {
    match (series, ctx.edition) {
        ((5, 7) | (8, 0), Some(e)) => d.ssl(Status::Yes, format!("MySQL {sv} on {} supports SSL", e.name()), &F_EDITIONS),
        ((5, 7) | (8, 0), None) => d.ssl(Status::Yes, format!("MySQL {sv} supports SSL on Basic, High-availability and Cluster Edition"), &F_EDITIONS),
        ((5, 6), Some(Edition::HighAvailability)) => d.ssl(Status::Yes, "MySQL 5.6 on High-availability Edition supports SSL", &F_EDITIONS),
        ((5, 6), Some(e)) => d.ssl(Status::No, format!("MySQL 5.6 supports SSL on High-availability Edition only, not on {}", e.name()), &F_EDITIONS),
        ((5, 6), None) => d.ssl(Status::Unknown, "MySQL 5.6 supports SSL on High-availability Edition only; give --edition", &F_EDITIONS),
        ((8, 4), _) => d.ssl(Status::Yes, "MySQL 8.4 is listed among the versions that support forceful SSL (the edition table covers 5.6 to 8.0 only)", &F_FORCED_84),
        _ => d.ssl(Status::No, format!("the guide lists MySQL 8.0, 5.7 and 5.6, not {sv}"), &F_EDITIONS),
    }
}

fn tls_support(ctx: &Ctx, d: &mut Draft, series: (u32, u32), sv: &str) {
    use TlsVersion::*;
    if !matches!(series, (5, 6) | (5, 7) | (8, 0)) {
        d.target = vec![Tls12];
        return;
    }
    let minor = ctx.minor;
    // TLSv1.2 everywhere; TLSv1.3 on 8.0 from 20221231.
    d.tls(
        Tls12,
        Status::Yes,
        format!("RDS MySQL {sv} supports TLSv1.2"),
        &F_TLS,
    );
    match (series, minor) {
        ((8, 0), Some(m)) if m >= TLS13_MINOR_80 => d.tls(
            Tls13,
            Status::Yes,
            format!("8.0 minor {m} (20221231 or later)"),
            &F_TLS,
        ),
        ((8, 0), Some(m)) => d.tls(
            Tls13,
            Status::No,
            format!("8.0 minor {m}: TLSv1.3 arrives with 20221231"),
            &F_TLS,
        ),
        ((8, 0), None) => d.tls(
            Tls13,
            Status::Unknown,
            "8.0 supports TLSv1.3 from minor version 20221231; give --minor-version",
            &F_TLS,
        ),
        _ => d.tls(
            Tls13,
            Status::No,
            format!("RDS MySQL {sv} does not support TLSv1.3"),
            &F_TLS,
        ),
    }
    // TLSv1.0 and 1.1: on by the table, off with OpenSSL 3.0 unless ssl_cipher brings them back.
    let cipher = ctx.ssl_cipher.as_deref();
    let (status, text, fact): (Status, String, &Fact) = match (openssl3(series, minor), cipher) {
        (Some(false), _) => (
            Status::Yes,
            match minor {
                Some(m) if series != (5, 6) => format!("minor {m} predates OpenSSL 3.0: RDS MySQL {sv} accepts it"),
                _ => format!("RDS MySQL {sv} accepts it"),
            },
            &F_TLS,
        ),
        (Some(true), None) => (
            Status::Yes,
            format!("OpenSSL 3.0 minor version with ssl_cipher at its default {DEFAULT_CIPHER}, which restores it"),
            &F_OPENSSL3,
        ),
        (Some(true), Some("")) => (
            Status::No,
            "OpenSSL 3.0 minor version with ssl_cipher empty: turned off".to_owned(),
            &F_OPENSSL3,
        ),
        (Some(true), Some(c)) if c.contains("@SECLEVEL=0") => (
            Status::Yes,
            format!("ssl_cipher {c:?} sets @SECLEVEL=0, which restores it"),
            &F_OPENSSL3,
        ),
        (Some(true), Some(c)) => (
            Status::Unknown,
            format!("ssl_cipher {c:?}: the guide documents only the default {DEFAULT_CIPHER} and the empty string"),
            &F_OPENSSL3,
        ),
        (None, None) => (
            Status::Yes,
            "accepted both before OpenSSL 3.0 and after it with the default ssl_cipher".to_owned(),
            &F_OPENSSL3,
        ),
        (None, Some(c)) if c.contains("@SECLEVEL=0") => (
            Status::Yes,
            format!("accepted both before OpenSSL 3.0 and after it with ssl_cipher {c:?}"),
            &F_OPENSSL3,
        ),
        (None, Some(_)) => (
            Status::Unknown,
            "depends on the minor version: OpenSSL 3.0 (5.7 20230831, 8.0 20230930) with this ssl_cipher turns it off; give --minor-version".to_owned(),
            &F_OPENSSL3,
        ),
    };
    for t in [Tls10, Tls11] {
        d.tls(t, status, text.clone(), fact);
    }
    d.target = modern_target(d);

    // What to set: ssl_cipher is the switch the guide documents.
    let old_on = status != Status::No;
    let target = tls_list(&d.target);
    match (openssl3(series, minor), old_on) {
        (Some(true), true) => d.recommend(
            "ssl_cipher",
            format!(
                "Set ssl_cipher to \"\" (empty string) in the console once every client uses TLSv1.2 \
                 or later: TLSv1.0 and TLSv1.1 are then off and {target} remain."
            ),
            Some(("ssl_cipher", "")),
            &F_OPENSSL3,
        ),
        (None, true) if series != (5, 6) && cipher != Some("") => d.recommend(
            "ssl_cipher",
            format!(
                "If the minor version is {} or later (OpenSSL 3.0), set ssl_cipher to \"\" once every \
                 client uses TLSv1.2 or later; give --minor-version for a definite answer.",
                if series == (5, 7) { OPENSSL3_MINOR_57 } else { OPENSSL3_MINOR_80 }
            ),
            Some(("ssl_cipher", "")),
            &F_OPENSSL3,
        ),
        (Some(false), true) if series != (5, 6) => d.recommend(
            "ssl_cipher",
            format!(
                "TLSv1.0 and TLSv1.1 stay on at this minor version. Upgrade the minor engine version \
                 to {} or later (OpenSSL 3.0), then set ssl_cipher to \"\" once every client uses \
                 TLSv1.2 or later.",
                if series == (5, 7) { OPENSSL3_MINOR_57 } else { OPENSSL3_MINOR_80 }
            ),
            Some(("ssl_cipher", "")),
            &F_OPENSSL3,
        ),
        (None, true) => {}
        (_, true) => d.recommend(
            "tls_versions",
            "RDS MySQL 5.6 accepts TLSv1.0 to TLSv1.2 and gets no OpenSSL 3.0 minor version in the \
             guide; upgrading to 5.7 or 8.0 gives the ssl_cipher switch.",
            None,
            &F_TLS,
        ),
        (_, false) => d.note_text(
            &F_OPENSSL3,
            format!("ssl_cipher is empty: TLSv1.0 and TLSv1.1 are off; the instance accepts {}.", tls_list(&accepted(d))),
        ),
    }
    if series == (8, 0) && d.tls_status(Tls13) != Status::Yes {
        d.recommend(
            "tls13",
            "Upgrade the minor engine version to 20221231 or later for TLSv1.3.",
            None,
            &F_TLS,
        );
    }
}

fn forced_ssl(ctx: &Ctx, d: &mut Draft, series: (u32, u32), sv: &str) {
    let version_ok = matches!(series, (5, 7) | (8, 0) | (8, 4));
    let fact = if series == (8, 4) {
        &F_FORCED_84
    } else {
        &F_FORCED
    };
    if !version_ok {
        d.forced(
            Status::No,
            format!("forceful SSL needs MySQL 5.7 or 8.0 with minor version 20241130 or later, not {sv}"),
            &F_FORCED,
        );
        return;
    }
    match ctx.minor {
        Some(m) if m >= FORCED_SSL_MINOR => {
            d.forced(
                Status::Yes,
                format!("MySQL {sv} minor {m} (20241130 or later)"),
                fact,
            );
            d.recommend(
                "forced_ssl",
                "Turn on forceful SSL encryption (SSL tab) once every client connects with REQUIRED, \
                 VERIFY_CA or VERIFY_IDENTITY (MariaDB and pre-5.7.11 clients: --ssl); non-SSL \
                 clients and non-SSL proxy connections are then refused.",
                None,
                &F_FORCED_EFFECT,
            );
        }
        Some(m) => {
            d.forced(
                Status::No,
                format!("minor {m} is older than 20241130: upgrade the minor engine version first"),
                fact,
            );
            d.recommend(
                "forced_ssl",
                format!("Upgrade the minor engine version from {m} to 20241130 or later to be able to force SSL."),
                None,
                fact,
            );
        }
        None => d.forced(
            Status::Unknown,
            format!("MySQL {sv} can force SSL from minor version 20241130; give --minor-version"),
            fact,
        ),
    }
    d.note(&F_FORCED_EFFECT);
    d.note(&F_SSL_MODES);
}
