//! Self-managed MySQL and MariaDB: what the server release supports, what to set, how to check.
//!
//! Sources (each fact below repeats its own):
//! - MySQL reference manual, "Encrypted Connection TLS Protocols and Ciphers", 5.6, 5.7, 8.0, 8.4:
//!   <https://docs.oracle.com/cd/E17952_01/mysql-5.6-en/encrypted-connection-protocols-ciphers.html>,
//!   <https://docs.oracle.com/cd/E17952_01/mysql-5.7-en/encrypted-connection-protocols-ciphers.html>,
//!   <https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html>,
//!   <https://dev.mysql.com/doc/refman/8.4/en/encrypted-connection-protocols-ciphers.html>
//! - SSL libraries: <https://dev.mysql.com/doc/refman/8.0/en/ssl-libraries.html>,
//!   <https://dev.mysql.com/doc/refman/5.7/en/source-ssl-library-configuration.html>
//! - require_secure_transport and REQUIRE SSL: WL#7709, <https://dev.mysql.com/worklog/task/?id=7709>
//! - mysql client commands: <https://dev.mysql.com/doc/refman/8.0/en/mysql-commands.html>
//! - MariaDB: <https://mariadb.com/docs/server/ref/mdb/cli/mariadbd/require-secure-transport>,
//!   <https://mariadb.com/docs/reference/mdb/system-variables/tls_version/>,
//!   <https://mariadb.com/docs/server/security/encryption/data-in-transit-encryption/secure-connections-overview>,
//!   <https://mariadb.com/kb/en/ssltls-status-variables>
//! - openssl x509: <https://docs.openssl.org/4.0/man1/openssl-x509>

use super::{tls_list, Ctx, Draft, Fact, Product, Status};
use crate::snippet::{TlsVersion, Version};

const MANUAL_56: &str =
    "https://docs.oracle.com/cd/E17952_01/mysql-5.6-en/encrypted-connection-protocols-ciphers.html";
const MANUAL_56_STATUS: &str =
    "https://dev.mysql.com/doc/refman/5.6/en/encrypted-connection-protocols-ciphers.html";
const MANUAL_57: &str =
    "https://docs.oracle.com/cd/E17952_01/mysql-5.7-en/encrypted-connection-protocols-ciphers.html";
const MANUAL_80: &str =
    "https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html";
const MANUAL_84: &str =
    "https://dev.mysql.com/doc/refman/8.4/en/encrypted-connection-protocols-ciphers.html";
const SSL_LIBRARIES: &str = "https://dev.mysql.com/doc/refman/8.0/en/ssl-libraries.html";
const SSL_LIBRARY_57: &str =
    "https://dev.mysql.com/doc/refman/5.7/en/source-ssl-library-configuration.html";
const WL_7709: &str = "https://dev.mysql.com/worklog/task/?id=7709";
const MYSQL_COMMANDS: &str = "https://dev.mysql.com/doc/refman/8.0/en/mysql-commands.html";
const AZURE_STATUS_EXAMPLE: &str =
    "https://learn.microsoft.com/en-us/azure/mysql/howto-configure-ssl";
const OPENSSL_X509: &str = "https://docs.openssl.org/4.0/man1/openssl-x509";
const MARIADB_RST: &str =
    "https://mariadb.com/docs/server/ref/mdb/cli/mariadbd/require-secure-transport";
const MARIADB_TLS_VERSION: &str =
    "https://mariadb.com/docs/reference/mdb/system-variables/tls_version/";
const MARIADB_OVERVIEW: &str = "https://mariadb.com/docs/server/security/encryption/data-in-transit-encryption/secure-connections-overview";
const MARIADB_STATUS: &str = "https://mariadb.com/kb/en/ssltls-status-variables";

// MySQL 8.0 manual, encrypted-connection-protocols-ciphers: "The set of protocols permitted for
// connections to a given MySQL server instance is subject to multiple factors".
pub(super) const F_TLS_FACTORS: Fact = Fact::new(
    "mysql.tls_factors",
    "The TLS protocols a MySQL server permits depend on the server release, the SSL library it \
     was built with, its configuration and the host system's configuration; client and server \
     must permit at least one protocol in common.",
    MANUAL_80,
);
// MySQL 5.6 manual: "MySQL supports encrypted connections using the TLSv1 protocol and (as of
// MySQL 5.6.46) TLSv1.1 and TLSv1.2".
pub(super) const F_TLS_56: Fact = Fact::new(
    "mysql.tls_56",
    "MySQL 5.6 supports TLSv1, and TLSv1.1 and TLSv1.2 as of MySQL 5.6.46.",
    MANUAL_56,
);
// MySQL 5.7 manual: TLSv1, TLSv1.1 and TLSv1.2; tls_version "set it at server startup".
pub(super) const F_TLS_57: Fact = Fact::new(
    "mysql.tls_57",
    "MySQL 5.7 supports TLSv1, TLSv1.1 and TLSv1.2; the tls_version system variable lists the \
     protocols the server permits (by default all its SSL library supports) and is set at server \
     startup.",
    MANUAL_57,
);
// ssl-libraries: "OpenSSL supports TLSv1, TLSv1.1, and TLSv1.2 protocols. yaSSL supports only
// TLSv1 and TLSv1.1 protocols."
pub(super) const F_YASSL: Fact = Fact::new(
    "mysql.yassl",
    "MySQL built with OpenSSL supports TLSv1, TLSv1.1 and TLSv1.2; built with yaSSL only TLSv1 \
     and TLSv1.1. ssl_cipher is the server system variable that lists the permitted ciphers.",
    SSL_LIBRARIES,
);
// source-ssl-library-configuration (5.7): "Prior to MySQL 5.7.28, MySQL Community Edition binary
// distributions are compiled using yaSSL. As of MySQL 5.7.28 ... all MySQL builds use OpenSSL."
pub(super) const F_YASSL_5728: Fact = Fact::new(
    "mysql.yassl_5728",
    "Before MySQL 5.7.28 the Community Edition binaries were built with yaSSL; Enterprise Edition \
     binaries always use OpenSSL, and from 5.7.28 all MySQL builds use OpenSSL.",
    SSL_LIBRARY_57,
);
// MySQL 8.0 manual, Table "MySQL Server TLS Protocol Support".
pub(super) const F_TLS_80: Fact = Fact::new(
    "mysql.tls_80",
    "MySQL 8.0.15 and below support TLSv1 to TLSv1.2; 8.0.16 adds TLSv1.3 (server and client \
     built with OpenSSL 1.1.1 or higher); 8.0.26 deprecates TLSv1 and TLSv1.1; 8.0.28 and above \
     support only TLSv1.2 and TLSv1.3.",
    MANUAL_80,
);
// MySQL 8.4 manual: "MySQL 8.4 supports the TLSv1.2 and TLSv1.3 protocols ... does not support
// the old TLSv1 and TLSv1.1 protocols."
pub(super) const F_TLS_84: Fact = Fact::new(
    "mysql.tls_84",
    "MySQL 8.4 supports TLSv1.2 and TLSv1.3 and does not support TLSv1 or TLSv1.1.",
    MANUAL_84,
);
// WL#7709: require_secure_transport refuses TCP/IP connections without SSL, "regardless of
// per-account settings"; "Values may be changed dynamically"; released in 5.7.8.
pub(super) const F_RST: Fact = Fact::new(
    "mysql.require_secure_transport",
    "require_secure_transport (MySQL 5.7.8 and later) makes the server refuse TCP/IP connections \
     without SSL, regardless of per-account settings; it can be changed at runtime.",
    WL_7709,
);
// WL#7709: "MySQL Server currently provides a mechanism to require SSL for individual user
// accounts (CREATE USER ... REQUIRE SSL)".
pub(super) const F_REQUIRE_SSL: Fact = Fact::new(
    "mysql.require_ssl",
    "REQUIRE SSL on an account (CREATE USER or ALTER USER … REQUIRE SSL) requires SSL for that \
     account only.",
    WL_7709,
);
// MySQL 5.6 manual: "check the session values of the Ssl_version and Ssl_cipher status variables
// ... If the connection is not encrypted, both variables have an empty value."
pub(super) const F_STATUS_VARS: Fact = Fact::new(
    "mysql.ssl_status_variables",
    "The session values of the Ssl_version and Ssl_cipher status variables show the protocol and \
     cipher of the connection; both are empty when it is not encrypted.",
    MANUAL_56_STATUS,
);
// mysql client help: "status (\s) Get status information from the server."
pub(super) const F_STATUS_CMD: Fact = Fact::new(
    "mysql.status_command",
    "In the mysql client, status (\\s) gets status information from the server.",
    MYSQL_COMMANDS,
);
// Azure guide, "Verify SSL Connection": the status output "should show: SSL: Cipher in use is
// AES256-SHA".
pub(super) const F_STATUS_SSL_LINE: Fact = Fact::new(
    "mysql.status_ssl_line",
    "On an encrypted connection the mysql status output shows \"SSL: Cipher in use is …\".",
    AZURE_STATUS_EXAMPLE,
);
// openssl-x509(1): certificate display command; -text, -noout.
pub(super) const F_OPENSSL_X509: Fact = Fact::new(
    "openssl.x509",
    "openssl x509 displays certificate information: -text prints it as text, -noout leaves out \
     the encoded certificate.",
    OPENSSL_X509,
);
// MariaDB --require-secure-transport: "connections attempted using insecure transport will be
// rejected. Secure transports are SSL/TLS, Unix sockets or named pipes"; added in 10.5.2.
pub(super) const F_MDB_RST: Fact = Fact::new(
    "mariadb.require_secure_transport",
    "MariaDB 10.5.2 and later can reject connections over insecure transport with \
     require_secure_transport (secure transports are SSL/TLS, Unix sockets and named pipes).",
    MARIADB_RST,
);
// MariaDB tls_version: SET (TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3); Dynamic: No; not present in
// 10.3 Community Server.
pub(super) const F_MDB_TLS_VERSION: Fact = Fact::new(
    "mariadb.tls_version",
    "MariaDB's tls_version (TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3) sets the TLS protocol versions \
     for secure connections; it is not dynamic and is not present in 10.3 Community Server.",
    MARIADB_TLS_VERSION,
);
// MariaDB Secure Connections Overview: "Prior to MariaDB 11.4, by default, MariaDB transmits data
// between the server and clients without encrypting it."
pub(super) const F_MDB_114: Fact = Fact::new(
    "mariadb.default_tls_114",
    "Before MariaDB 11.4, MariaDB by default sends data between server and clients unencrypted.",
    MARIADB_OVERVIEW,
);
// MariaDB SSL/TLS status variables: Ssl_cipher "The TLS cipher currently in use"; Ssl_version.
pub(super) const F_MDB_STATUS: Fact = Fact::new(
    "mariadb.ssl_status_variables",
    "MariaDB keeps the Ssl_ prefix for its TLS status variables: Ssl_cipher is the cipher in use, \
     Ssl_version the protocol.",
    MARIADB_STATUS,
);

/// Every fact of this module.
// MySQL manual "Command Options for Encrypted Connections": --ssl-crl and --ssl-crlpath (the
// MariaDB client has the same options; `snippet --crl` writes them per client).
pub(super) const F_CRL: Fact = Fact::new(
    "self.crl",
    "The mysql client takes a certificate revocation list with --ssl-crl (a file) or --ssl-crlpath \
     (a directory), and the MariaDB client the same options: a CA you run yourself can publish \
     CRLs (openssl ca -gencrl) for clients to check; `dbcert snippet --crl` writes each client's \
     options, or says the client cannot.",
    "https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#encrypted-connection-options",
);

pub(super) const FACTS: &[Fact] = &[
    F_CRL,
    F_TLS_FACTORS,
    F_TLS_56,
    F_TLS_57,
    F_YASSL,
    F_YASSL_5728,
    F_TLS_80,
    F_TLS_84,
    F_RST,
    F_REQUIRE_SSL,
    F_STATUS_VARS,
    F_STATUS_CMD,
    F_STATUS_SSL_LINE,
    F_OPENSSL_X509,
    F_MDB_RST,
    F_MDB_TLS_VERSION,
    F_MDB_114,
    F_MDB_STATUS,
];

const V: fn(u32, u32, u32) -> Version = Version::new;

pub(super) fn advise(ctx: &Ctx, d: &mut Draft) {
    match ctx.product {
        Product::Mysql => mysql(ctx, d),
        Product::Mariadb => mariadb(ctx, d),
    }
    d.note(&F_CRL);
}

/// Fills the TLS table from the MySQL manual; returns whether the release is one the manual
/// pages cover (5.6, 5.7, 8.0, 8.4). Other series (8.1 to 8.3, 9.x) stay unknown.
pub(super) fn mysql_tls(v: Version, d: &mut Draft, who: &str) -> bool {
    use TlsVersion::*;
    let series = (v.major, v.minor);
    let yes = Status::Yes;
    let no = Status::No;
    match series {
        (5, 6) => {
            d.tls(Tls10, yes, format!("{who} 5.6 supports TLSv1"), &F_TLS_56);
            let new = v >= V(5, 6, 46);
            for t in [Tls11, Tls12] {
                if new {
                    d.tls(t, yes, format!("{who} {v} (5.6.46 or later)"), &F_TLS_56);
                } else {
                    d.tls(
                        t,
                        no,
                        format!("{who} {v}: TLSv1.1 and TLSv1.2 arrive in 5.6.46"),
                        &F_TLS_56,
                    );
                }
            }
            d.tls(Tls13, no, format!("{who} 5.6 has no TLSv1.3"), &F_TLS_56);
        }
        (5, 7) => {
            d.tls(Tls10, yes, format!("{who} 5.7 supports TLSv1"), &F_TLS_57);
            d.tls(Tls11, yes, format!("{who} 5.7 supports TLSv1.1"), &F_TLS_57);
            if v >= V(5, 7, 28) {
                d.tls(
                    Tls12,
                    yes,
                    format!("{who} {v}: every build uses OpenSSL"),
                    &F_YASSL_5728,
                );
            } else {
                d.tls(
                    Tls12,
                    Status::Unknown,
                    format!(
                        "{who} {v}: yes for OpenSSL builds (Enterprise), no for yaSSL builds \
                         (Community binaries before 5.7.28)"
                    ),
                    &F_YASSL_5728,
                );
            }
            d.tls(Tls13, no, format!("{who} 5.7 has no TLSv1.3"), &F_TLS_57);
        }
        (8, 0) => {
            let old_ok = v < V(8, 0, 28);
            let deprecated = v >= V(8, 0, 26) && old_ok;
            for t in [Tls10, Tls11] {
                if deprecated {
                    d.tls(
                        t,
                        yes,
                        format!("{who} {v}: supported but deprecated (removed in 8.0.28)"),
                        &F_TLS_80,
                    );
                } else if old_ok {
                    d.tls(t, yes, format!("{who} {v} (before 8.0.28)"), &F_TLS_80);
                } else {
                    d.tls(t, no, format!("{who} {v}: removed in 8.0.28"), &F_TLS_80);
                }
            }
            d.tls(Tls12, yes, format!("{who} 8.0 supports TLSv1.2"), &F_TLS_80);
            if v >= V(8, 0, 16) {
                d.tls(
                    Tls13,
                    yes,
                    format!("{who} {v} (8.0.16 or later, built with OpenSSL 1.1.1+)"),
                    &F_TLS_80,
                );
            } else {
                d.tls(
                    Tls13,
                    no,
                    format!("{who} {v}: TLSv1.3 arrives in 8.0.16"),
                    &F_TLS_80,
                );
            }
        }
        (8, 4) => {
            for t in [Tls10, Tls11] {
                d.tls(t, no, format!("{who} 8.4 does not support {t}"), &F_TLS_84);
            }
            for t in [Tls12, Tls13] {
                d.tls(t, yes, format!("{who} 8.4 supports {t}"), &F_TLS_84);
            }
        }
        _ => return false,
    }
    true
}

/// The TLS versions the instance accepts for sure.
pub(super) fn accepted(d: &Draft) -> Vec<TlsVersion> {
    TlsVersion::ALL
        .into_iter()
        .filter(|t| d.tls_status(*t) == Status::Yes)
        .collect()
}

/// `TLSv1.2` plus `TLSv1.3` where the table says yes.
pub(super) fn modern_target(d: &Draft) -> Vec<TlsVersion> {
    let mut t = vec![TlsVersion::Tls12];
    if d.tls_status(TlsVersion::Tls13) == Status::Yes {
        t.push(TlsVersion::Tls13);
    }
    t
}

fn mysql(ctx: &Ctx, d: &mut Draft) {
    let v = ctx.version;
    let known = mysql_tls(v, d, "MySQL");
    if known {
        d.ssl(
            Status::Yes,
            format!("MySQL {v} supports encrypted connections"),
            match (v.major, v.minor) {
                (5, 6) => &F_TLS_56,
                (5, 7) => &F_TLS_57,
                (8, 0) => &F_TLS_80,
                _ => &F_TLS_84,
            },
        );
    } else {
        d.ssl(
            Status::Unknown,
            format!("MySQL {v} is not a release the manual pages dbcert uses cover (5.6, 5.7, 8.0, 8.4)"),
            &F_TLS_FACTORS,
        );
    }
    d.target = modern_target(d);

    // Forced SSL: require_secure_transport from 5.7.8; REQUIRE SSL per account always.
    if v >= V(5, 7, 8) {
        d.forced(
            Status::Yes,
            "set require_secure_transport=ON (5.7.8 and later); it takes effect without a restart",
            &F_RST,
        );
        d.recommend(
            "forced_ssl",
            "Refuse unencrypted TCP/IP connections: SET PERSIST require_secure_transport=ON (8.0) or \
             SET GLOBAL plus my.cnf (5.7). Clients must then use REQUIRED, VERIFY_CA or VERIFY_IDENTITY.",
            Some(("require_secure_transport", "ON")),
            &F_RST,
        );
        d.operation(
            "force_ssl",
            "Set require_secure_transport=ON",
            Status::No,
            Status::No,
            "Dynamic: no restart. Connections without SSL are refused from then on.",
            &F_RST,
        );
    } else {
        d.forced(
            Status::No,
            format!("require_secure_transport arrives in 5.7.8; on {v} require SSL per account with REQUIRE SSL"),
            &F_RST,
        );
        d.recommend(
            "forced_ssl",
            "Require SSL per account: ALTER USER 'user'@'%' REQUIRE SSL (or GRANT … REQUIRE SSL on 5.6).",
            None,
            &F_REQUIRE_SSL,
        );
    }

    // TLS versions.
    let old_enabled = matches!(
        d.tls_status(TlsVersion::Tls10),
        Status::Yes | Status::Unknown
    ) || matches!(
        d.tls_status(TlsVersion::Tls11),
        Status::Yes | Status::Unknown
    );
    match (v.major, v.minor) {
        (8, 0) if v >= V(8, 0, 28) => {}
        (8, 4) => {}
        (8, 0) => {
            let value = tls_list(&d.target);
            d.recommend(
                "tls_versions",
                format!(
                    "Permit only {value}: set tls_version={value} (TLSv1 and TLSv1.1 are deprecated \
                     from 8.0.26 and removed in 8.0.28)."
                ),
                Some(("tls_version", &value)),
                &F_TLS_80,
            );
        }
        (5, 7) if old_enabled => {
            d.recommend(
                "tls_versions",
                "Permit only TLSv1.2: set tls_version=TLSv1.2 in my.cnf (needs an OpenSSL build: \
                 5.7.28 or later, or Enterprise) and restart.",
                Some(("tls_version", "TLSv1.2")),
                &F_TLS_57,
            );
            d.operation(
                "set_tls_version",
                "Change tls_version",
                Status::Yes,
                Status::No,
                "MySQL 5.7 reads tls_version at startup: the server must be restarted.",
                &F_TLS_57,
            );
        }
        (5, 6) => {
            d.recommend(
                "tls_versions",
                "MySQL 5.6 gets TLSv1.1 and TLSv1.2 only from 5.6.46; upgrade to 8.0.28 or later \
                 (or 8.4), which accept only TLSv1.2 and TLSv1.3.",
                None,
                &F_TLS_56,
            );
        }
        _ => {}
    }
    if v.major == 5 && v.minor == 7 && v < V(5, 7, 28) {
        d.note_text(&F_YASSL, format!("MySQL {v}: {}", F_YASSL.text));
    }
}

fn mariadb(ctx: &Ctx, d: &mut Draft) {
    let v = ctx.version;
    for t in TlsVersion::ALL {
        d.tls(
            t,
            Status::Unknown,
            format!("MariaDB {v}: tls_version can list {t}; whether it is available depends on the TLS library"),
            &F_MDB_TLS_VERSION,
        );
    }
    d.ssl(
        Status::Yes,
        if v >= V(11, 4, 0) {
            format!("MariaDB {v} encrypts by default (11.4 and later)")
        } else {
            format!("MariaDB {v} supports TLS; before 11.4 it is not on by default")
        },
        &F_MDB_114,
    );
    d.target = vec![TlsVersion::Tls12, TlsVersion::Tls13];
    if v >= V(10, 5, 2) {
        d.forced(
            Status::Yes,
            "set require_secure_transport=ON (10.5.2 and later)",
            &F_MDB_RST,
        );
        d.recommend(
            "forced_ssl",
            "Reject connections over insecure transport: require_secure_transport=ON.",
            Some(("require_secure_transport", "ON")),
            &F_MDB_RST,
        );
    } else {
        d.forced(
            Status::No,
            format!("require_secure_transport arrives in 10.5.2; on {v} require SSL per account with REQUIRE SSL"),
            &F_MDB_RST,
        );
    }
    if v >= V(10, 4, 0) {
        d.recommend(
            "tls_versions",
            "Permit only TLSv1.2 and TLSv1.3: tls_version=TLSv1.2,TLSv1.3 in the server's option \
             file, then restart (tls_version is not dynamic).",
            Some(("tls_version", "TLSv1.2,TLSv1.3")),
            &F_MDB_TLS_VERSION,
        );
        d.operation(
            "set_tls_version",
            "Change tls_version",
            Status::Yes,
            Status::No,
            "tls_version is not dynamic: it is set at startup, so the server must be restarted.",
            &F_MDB_TLS_VERSION,
        );
    }
    d.note(&F_MDB_114);
}

/// Checks every MySQL-family server shares: session status variables, the client's status
/// command, per-account REQUIRE SSL and the CA file itself.
pub(super) fn common_checks(ctx: &Ctx, d: &mut Draft) {
    let status_fact = if ctx.product == Product::Mariadb {
        &F_MDB_STATUS
    } else {
        &F_STATUS_VARS
    };
    d.check(
        "ssl_version",
        "sql",
        "SHOW STATUS LIKE 'Ssl_version';",
        "TLSv1.2 or TLSv1.3; an empty value means this session is not encrypted",
        status_fact,
    );
    d.check(
        "ssl_cipher",
        "sql",
        "SHOW STATUS LIKE 'Ssl_cipher';",
        "a cipher name; an empty value means this session is not encrypted",
        status_fact,
    );
    d.check(
        "status",
        "mysql",
        "\\s",
        "the SSL line reads \"Cipher in use is …\" (not \"Not in use\")",
        &F_STATUS_SSL_LINE,
    );
    if d.forced_ssl.status == Status::Yes
        && matches!(
            ctx.provider,
            super::Provider::SelfManaged | super::Provider::AwsRds
        )
    {
        d.check(
            "require_secure_transport",
            "sql",
            "SHOW VARIABLES LIKE 'require_secure_transport';",
            "ON once forced SSL is set",
            if ctx.product == Product::Mariadb {
                &F_MDB_RST
            } else {
                &F_RST
            },
        );
    }
    d.check(
        "require_ssl",
        "sql",
        "ALTER USER 'user'@'%' REQUIRE SSL;",
        "the account can then log in only over SSL/TLS; a connection with --ssl-mode=DISABLED is refused",
        &F_REQUIRE_SSL,
    );
    d.check(
        "ca_certificate",
        "shell",
        "openssl x509 -in ca.pem -text -noout",
        "the Subject, Issuer and Validity (Not After) of the CA certificate your clients trust",
        &F_OPENSSL_X509,
    );
}
