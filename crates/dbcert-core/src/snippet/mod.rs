//! Client snippets: the code or settings that make a given MySQL client connect with a given SSL
//! mode, for its version, with the traps of that client spelled out.
//!
//! One module per client turns a resolved [`SnippetOptions`] into code. A client that cannot
//! express the requested mode exactly says so: [`Snippet::supported`] is `false`, an
//! `unsupported_mode` warning names the nearest safe alternative, and the code shown is that
//! alternative ([`Snippet::alternative`]). Nothing is approximated silently.
//!
//! Every option name a module emits is cited there against the client's own source or
//! documentation, and the clients that run on Linux are exercised against a real server by
//! `tests/realserver/` (see `cargo xtask test`).

mod compat;
mod context;
mod crl;
#[cfg(all(feature = "snippet-crl", feature = "bundles"))]
pub(crate) use crl::ignored as crl_ignored;
mod highlight;
pub mod html;
mod identity;
pub(crate) mod ip;
pub mod markdown;
mod mode;
mod quote;
mod tls;
mod version;
mod view;

mod connector_j;
mod dms;
mod go_sql_driver;
mod jdbc;
mod jdbc_datasource;
mod mariadb_cli;
mod mariadb_jdbc;
mod my_cnf;
mod mysql2;
mod mysql_cli;
mod mysql_connector_python;
mod mysqlclient;
mod mysqlconnector_net;
mod php_pdo;
mod prisma;
mod pymysql;
mod spring_boot;
mod sqlalchemy;
mod sqlx;
mod workbench;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

pub use mode::SslMode;
pub use tls::{parse_list as parse_tls_versions, TlsVersion};
pub use version::{parse_version, ParsedVersion, Version};
pub use view::{Panels, View, MAX_TABS};

use crate::error::{Error, ErrorCode, Result};

pub(crate) use context::{with_extension, Ctx, Out};

/// `items` joined by `sep`, as `[_]::join` gives them: std's generic one is 1 KB of wasm for
/// each element type, and the snippet widget's module pays for every byte (W9).
pub fn join<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s.as_ref());
    }
    out
}

/// The byte offset of the first `needle` in `hay` at or after `from`, as `str::find` gives it
/// (a match of a whole UTF-8 needle starts at a character boundary): a plain scan, not std's
/// two-way searcher (2 KB of wasm for the widget's module, W9; snippets are short).
pub(crate) fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Which server product the snippet talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ServerFlavor {
    /// Oracle MySQL (and compatible clouds: RDS, Aurora, Azure, Cloud SQL, ApsaraDB).
    Mysql,
    /// MariaDB Server.
    Mariadb,
}

/// The C library a C-based client (mysqlclient) was built against; it changes what the SSL
/// modes mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ClientLibrary {
    /// Oracle's libmysqlclient: the five modes are exact.
    Mysql,
    /// MariaDB Connector/C (what Debian's and Ubuntu's `libmysqlclient-dev` really is): modes
    /// are emulated, and certificate verification always checks the host name.
    Mariadb,
}

/// The kind of Java keystore a truststore file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum TruststoreType {
    /// Java KeyStore.
    Jks,
    /// PKCS#12 (Java 9+ default).
    Pkcs12,
}

impl TruststoreType {
    /// The name Java's `KeyStore.getInstance` takes: `JKS` or `PKCS12`.
    pub fn java_name(self) -> &'static str {
        match self {
            Self::Jks => "JKS",
            Self::Pkcs12 => "PKCS12",
        }
    }
}

/// Everything a snippet is generated from: the client, the mode and the connection.
///
/// Missing values become visible placeholders (`<host>`, `<user>`, `/path/to/ca.pem`); the
/// password is always a placeholder ([`SnippetOptions::password_placeholder`], default
/// `<password>`), never a real secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct SnippetOptions {
    /// The client id, one of [`clients`] (`mysql-cli`, `pymysql`, `jdbc`, …).
    pub client: String,
    /// The SSL mode the connection must have.
    pub mode: SslMode,
    /// Server host name or IP address.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub host: Option<String>,
    /// Server port (3306 when absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub port: Option<u16>,
    /// User name.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub user: Option<String>,
    /// Default database (schema), if any.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub database: Option<String>,
    /// What to write where the password goes (default `<password>`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub password_placeholder: Option<String>,
    /// Path of the CA bundle (PEM for most clients).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub ca: Option<String>,
    /// The real format of the CA file (`pem`, `der`, `p7b`, `jks`, `jceks`, `pkcs12`), when the
    /// caller has read it; otherwise it is guessed from the file extension for warnings only.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub ca_format: Option<String>,
    /// Path of a Java truststore (JKS or PKCS#12) for Java clients.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub truststore: Option<String>,
    /// Type of [`SnippetOptions::truststore`] (guessed from the extension when absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub truststore_type: Option<TruststoreType>,
    /// Truststore password (a placeholder is written when absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub truststore_password: Option<String>,
    /// Version of the client (driver, connector or command-line tool); latest when absent.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub client_version: Option<String>,
    /// The C library a C-based client is built against (mysqlclient).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub client_library: Option<ClientLibrary>,
    /// Server product; inferred from [`SnippetOptions::server_version`] when it names MariaDB.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub server_flavor: Option<ServerFlavor>,
    /// Server version, as `SELECT VERSION()` reports it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub server_version: Option<String>,
    /// TLS versions to allow (`TLSv1.2`, `TLSv1.3`, …); the client's default when absent.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub tls_versions: Option<Vec<String>>,
    /// Cipher list (OpenSSL names for C clients, IANA names for Java), when one is required.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub cipher: Option<String>,
    /// A certificate revocation list file (PEM, several CRLs concatenated) to check the server's
    /// chain against, for the clients that can (`--ssl-crl`); the others say they cannot.
    /// Ignored without the `snippet-crl` feature (the widget's build).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub crl: Option<String>,
    /// A directory of CRLs named by their issuer's hash (`openssl rehash`), for the clients that
    /// take one (`--ssl-crlpath`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub crl_path: Option<String>,
    #[cfg(feature = "snippet-identity")]
    /// The client certificate (PEM) presented to a server that asks for one (accounts made with
    /// `REQUIRE X509`, `SUBJECT` or `ISSUER`): `--ssl-cert` and its equivalents; a Java client is
    /// told to make a keystore of it. This field and the four after it exist only with the
    /// `snippet-identity` feature (a default one; the widget's build leaves them out, W9).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub cert: Option<String>,
    #[cfg(feature = "snippet-identity")]
    /// The private key (PEM) of [`SnippetOptions::cert`]: `--ssl-key` and its equivalents.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub key: Option<String>,
    #[cfg(feature = "snippet-identity")]
    /// A keystore (PKCS#12 or JKS) holding the client certificate and its key, for the Java
    /// clients and Prisma; a PEM-reading client is told to convert it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub keystore: Option<String>,
    #[cfg(feature = "snippet-identity")]
    /// Type of [`SnippetOptions::keystore`] (guessed from the extension when absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub keystore_type: Option<TruststoreType>,
    #[cfg(feature = "snippet-identity")]
    /// Keystore password (a placeholder, `<keystore-password>`, is written when absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub keystore_password: Option<String>,
}

impl SnippetOptions {
    /// Options with only the client and the mode set.
    pub fn new(client: impl Into<String>, mode: SslMode) -> Self {
        Self {
            client: client.into(),
            mode,
            host: None,
            port: None,
            user: None,
            database: None,
            password_placeholder: None,
            ca: None,
            ca_format: None,
            truststore: None,
            truststore_type: None,
            truststore_password: None,
            client_version: None,
            client_library: None,
            server_flavor: None,
            server_version: None,
            tls_versions: None,
            cipher: None,
            crl: None,
            crl_path: None,
            #[cfg(feature = "snippet-identity")]
            cert: None,
            #[cfg(feature = "snippet-identity")]
            key: None,
            #[cfg(feature = "snippet-identity")]
            keystore: None,
            #[cfg(feature = "snippet-identity")]
            keystore_type: None,
            #[cfg(feature = "snippet-identity")]
            keystore_password: None,
        }
    }
}

/// A warning with a stable snake_case code (`unsupported_mode`, `ca_not_pem`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SnippetWarning {
    /// Stable code.
    pub code: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// A generated snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Snippet {
    /// The client id.
    pub client: String,
    /// The mode that was asked for.
    pub mode: SslMode,
    /// The language of [`Snippet::code`]: `shell`, `ini`, `java`, `properties`, `python`,
    /// `javascript`, `go`, `php`, `csharp`, `rust`, `dotenv` or `text`.
    pub language: String,
    /// The code or settings.
    pub code: String,
    /// Whether the client can express the mode exactly.
    pub supported: bool,
    /// When not supported: the mode the code implements instead (the nearest safe one), if any.
    pub alternative: Option<SslMode>,
    /// Traps and incompatibilities found for this client, version, server and files.
    pub warnings: Vec<SnippetWarning>,
    /// Things worth knowing that are not problems.
    pub notes: Vec<String>,
    /// The placeholders in [`Snippet::code`] a reader must replace, in order of appearance:
    /// values left out (`<host>`, `<user>`, `/path/to/ca.pem`, …), the password placeholder,
    /// and values given in angle brackets (`host: "<endpoint>"`).
    pub placeholders: Vec<String>,
}

/// One client dbcert generates snippets for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ClientInfo {
    /// The id used by the CLI and the JS API.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Language of its snippets (as in [`Snippet::language`]).
    pub language: String,
    /// One line on what it is.
    pub description: String,
}

struct ClientDef {
    id: &'static str,
    name: &'static str,
    language: &'static str,
    description: &'static str,
    generate: fn(&Ctx, &mut Out),
}

const CLIENTS: &[ClientDef] = &[
    ClientDef {
        id: "mysql-cli",
        name: "mysql command-line client (Oracle)",
        language: "shell",
        description:
            "Oracle's mysql, mysqldump, mysqladmin: --ssl-mode from 5.7.11, legacy --ssl for 5.6",

        generate: mysql_cli::generate,
    },
    ClientDef {
        id: "mariadb-cli",
        name: "mariadb command-line client",
        language: "shell",
        description: "MariaDB's mariadb/mysql client: no --ssl-mode; verifies by default from 11.4",

        generate: mariadb_cli::generate,
    },
    ClientDef {
        id: "my-cnf",
        name: "Option file (my.cnf)",
        language: "ini",
        description: "[client] options for MySQL or MariaDB tools, with loose- for files both read",

        generate: my_cnf::generate,
    },
    ClientDef {
        id: "workbench",
        name: "MySQL Workbench",
        language: "text",
        description: "Which SSL settings to pick in a Workbench connection",

        generate: workbench::generate,
    },
    ClientDef {
        id: "dms",
        name: "AWS DMS endpoint",
        language: "text",
        description: "SSL mode and certificate of an AWS DMS MySQL endpoint",

        generate: dms::generate,
    },
    ClientDef {
        id: "jdbc",
        name: "MySQL Connector/J (JDBC URL)",
        language: "java",
        description: "jdbc:mysql:// URL with sslMode (8.0.13+) or useSSL (older) and a truststore",

        generate: jdbc::generate,
    },
    ClientDef {
        id: "jdbc-datasource",
        name: "MySQL Connector/J (MysqlDataSource)",
        language: "java",
        description: "MysqlDataSource set up in Java code",

        generate: jdbc_datasource::generate,
    },
    ClientDef {
        id: "mariadb-jdbc",
        name: "MariaDB Connector/J",
        language: "java",
        description: "jdbc:mariadb:// URL with sslMode and serverSslCert",

        generate: mariadb_jdbc::generate,
    },
    ClientDef {
        id: "spring-boot",
        name: "Spring Boot (application.properties)",
        language: "properties",
        description: "spring.datasource.* for Connector/J",

        generate: spring_boot::generate,
    },
    ClientDef {
        id: "pymysql",
        name: "PyMySQL",
        language: "python",
        description: "Pure-Python driver: ssl_ca/ssl_verify_cert/ssl_verify_identity",

        generate: pymysql::generate,
    },
    ClientDef {
        id: "mysql-connector-python",
        name: "MySQL Connector/Python",
        language: "python",
        description: "Oracle's Python driver: ssl_ca, ssl_verify_cert, tls_versions",

        generate: mysql_connector_python::generate,
    },
    ClientDef {
        id: "mysqlclient",
        name: "mysqlclient (MySQLdb)",
        language: "python",
        description: "C-based Python driver: ssl_mode and ssl={'ca': …}",

        generate: mysqlclient::generate,
    },
    ClientDef {
        id: "sqlalchemy",
        name: "SQLAlchemy (mysql+pymysql)",
        language: "python",
        description: "create_engine with PyMySQL's connect_args",

        generate: sqlalchemy::generate,
    },
    ClientDef {
        id: "mysql2",
        name: "mysql2 (Node.js)",
        language: "javascript",
        description: "Node driver: ssl: { ca, rejectUnauthorized, verifyIdentity }",

        generate: mysql2::generate,
    },
    ClientDef {
        id: "go-sql-driver",
        name: "Go go-sql-driver/mysql",
        language: "go",
        description: "database/sql driver: tls= and RegisterTLSConfig",

        generate: go_sql_driver::generate,
    },
    ClientDef {
        id: "php-pdo",
        name: "PHP PDO_MYSQL (mysqlnd)",
        language: "php",
        description: "PDO with the MYSQL_ATTR_SSL_* attributes",

        generate: php_pdo::generate,
    },
    ClientDef {
        id: "mysqlconnector-net",
        name: "MySqlConnector (.NET)",
        language: "csharp",
        description: "ADO.NET connection string: SslMode, SslCa, TlsVersion",

        generate: mysqlconnector_net::generate,
    },
    ClientDef {
        id: "sqlx",
        name: "sqlx (Rust)",
        language: "rust",
        description: "MySqlConnectOptions with ssl_mode and ssl_ca",

        generate: sqlx::generate,
    },
    ClientDef {
        id: "prisma",
        name: "Prisma",
        language: "dotenv",
        description: "DATABASE_URL with sslcert and sslaccept",

        generate: prisma::generate,
    },
];

/// Every client, in a stable order.
pub fn clients() -> Vec<ClientInfo> {
    CLIENTS
        .iter()
        .map(|c| ClientInfo {
            id: c.id.to_owned(),
            name: c.name.to_owned(),
            language: c.language.to_owned(),
            description: c.description.to_owned(),
        })
        .collect()
}

/// Generates the snippet for `options`.
///
/// Errors ([`ErrorCode::InvalidOption`]) for an unknown client, a bad version, TLS version or
/// file format; a mode the client cannot express is not an error but `supported: false`.
pub fn generate(options: &SnippetOptions) -> Result<Snippet> {
    let def = CLIENTS
        .iter()
        .find(|c| c.id == options.client.trim())
        .ok_or_else(|| {
            let ids: Vec<&str> = CLIENTS.iter().map(|c| c.id).collect();
            Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "unknown client {}; expected one of {}",
                    quote::debug(&options.client),
                    join(&ids, ", ")
                ),
            )
        })?;
    let ctx = Ctx::new(options)?;
    let mut out = Out::new(def.language);
    (def.generate)(&ctx, &mut out);
    compat::check(&ctx, &mut out);
    let placeholders = context::placeholders(&ctx, &out.code);
    Ok(Snippet {
        client: def.id.to_owned(),
        mode: options.mode,
        language: out.language.to_owned(),
        code: out.code,
        supported: out.supported,
        alternative: out.alternative,
        warnings: out.warnings,
        notes: out.notes,
        placeholders,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_swap() {
        assert_eq!(with_extension("/a/b.jks", "pem"), "/a/b.pem");
        assert_eq!(with_extension("/a.d/b", "pem"), "/a.d/b.pem");
        assert_eq!(with_extension("ca", "p12"), "ca.p12");
    }

    #[test]
    fn every_client_every_mode_generates() {
        for c in clients() {
            for m in SslMode::ALL {
                let s = generate(&SnippetOptions::new(c.id.clone(), m));
                assert!(s.is_ok(), "{} {m}: {s:?}", c.id);
                let Ok(s) = s else { continue };
                assert!(!s.code.is_empty(), "{} {m}", c.id);
                assert_eq!(
                    s.supported,
                    s.warnings.iter().all(|w| w.code != "unsupported_mode")
                );
            }
        }
    }
}
