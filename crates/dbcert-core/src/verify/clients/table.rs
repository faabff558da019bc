//! Which profile decides for each of the snippet generator's clients (`snippet::clients()`),
//! by version where the version changes the answer, and per mode where one client takes two
//! stacks.

use super::profile::{self as p, Profile};

/// What decides one client's verdict in one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A stack profile.
    Profile(&'static Profile),
    /// Nothing dbcert can model: the verdict is `unknown` with this reason.
    Unknown(&'static str),
}

/// One version (or build) of a client.
#[derive(Clone, Copy, Debug)]
pub struct Version {
    /// The version as `--client ID@VERSION` names it.
    pub version: &'static str,
    /// VERIFY_CA.
    pub ca: Route,
    /// VERIFY_IDENTITY.
    pub identity: Route,
}

/// A snippet client and its versions, the default first.
#[derive(Clone, Copy, Debug)]
pub struct Client {
    /// The snippet id.
    pub id: &'static str,
    /// Its versions; the first is the default.
    pub versions: &'static [Version],
}

const fn both(version: &'static str, profile: &'static Profile) -> Version {
    Version {
        version,
        ca: Route::Profile(profile),
        identity: Route::Profile(profile),
    }
}

const DMS: &str = "AWS DMS validates the endpoint's certificate inside the service, with a stack \
                   AWS does not document; test the endpoint connection from the DMS console";
const PRISMA: &str =
    "Prisma's query engine validates with the TLS stack its build links (native-tls \
                      or rustls, by platform), which dbcert has not measured; try the connection";

/// Every snippet client, in `snippet::clients()` order.
pub const CLIENTS: &[Client] = &[
    // libmysqlclient 8.x on Debian's libssl (stacks.md §1).
    Client {
        id: "mysql-cli",
        versions: &[both("8", &p::LIBMYSQLCLIENT_SEC2)],
    },
    // MariaDB Connector/C 3.3 (stacks.md §2). The 10.11 client (Debian 12's `mariadb-client`)
    // links the same Connector/C 3.3: MariaDB/server 10.11 carries it as its `libmariadb`
    // submodule, and Debian builds `libmariadb3` 1:10.11 from it (real-client matrix).
    Client {
        id: "mariadb-cli",
        versions: &[
            both("11", &p::MARIADB_CC_SEC2),
            both("10.11", &p::MARIADB_CC_SEC2),
        ],
    },
    // The option file is read by Oracle's tools (libmysqlclient) or MariaDB's (Connector/C).
    Client {
        id: "my-cnf",
        versions: &[
            both("mysql", &p::LIBMYSQLCLIENT_SEC2),
            both("mariadb", &p::MARIADB_CC_SEC2),
        ],
    },
    // Workbench connects through libmysqlclient.
    Client {
        id: "workbench",
        versions: &[both("8", &p::LIBMYSQLCLIENT_SEC2)],
    },
    Client {
        id: "dms",
        versions: &[Version {
            version: "3",
            ca: Route::Unknown(DMS),
            identity: Route::Unknown(DMS),
        }],
    },
    // Connector/J 8.0.22+ and 9.x share the trust manager wrapper and host checker (stacks.md §7).
    Client {
        id: "jdbc",
        versions: &[both("9", &p::CONNECTOR_J), both("8", &p::CONNECTOR_J)],
    },
    Client {
        id: "jdbc-datasource",
        versions: &[both("9", &p::CONNECTOR_J), both("8", &p::CONNECTOR_J)],
    },
    Client {
        id: "mariadb-jdbc",
        versions: &[both("3", &p::MARIADB_J)],
    },
    Client {
        id: "spring-boot",
        versions: &[both("9", &p::CONNECTOR_J), both("8", &p::CONNECTOR_J)],
    },
    // PyMySQL: the Python version decides (3.13 adds PARTIAL_CHAIN; PyMySQL clears STRICT).
    // Python 3.11 (Debian 12) sets the flags 3.12 sets: `create_default_context` adds
    // VERIFY_X509_STRICT and VERIFY_X509_PARTIAL_CHAIN only from 3.13 (`Lib/ssl.py`,
    // gh-107361); `python-default` was measured on 3.11 (tests/stacks/README.md).
    Client {
        id: "pymysql",
        versions: &[
            both("3.12", &p::PYTHON_DEFAULT),
            both("3.13", &p::PYTHON_313_PYMYSQL),
            both("3.11", &p::PYTHON_DEFAULT),
        ],
    },
    // mysql-connector-python 9.x as dbcert's snippet runs it: VERIFY_CA through the pure-Python
    // connection (Python's ssl), VERIFY_IDENTITY through the C extension's libmysqlclient
    // (tests/stacks/README.md, real-client matrix).
    Client {
        id: "mysql-connector-python",
        versions: &[
            Version {
                version: "3.12",
                ca: Route::Profile(&p::PYTHON_DEFAULT),
                identity: Route::Profile(&p::LIBMYSQLCLIENT_SEC2),
            },
            Version {
                version: "3.13",
                ca: Route::Profile(&p::PYTHON_313),
                identity: Route::Profile(&p::LIBMYSQLCLIENT_SEC2),
            },
            Version {
                version: "3.11",
                ca: Route::Profile(&p::PYTHON_DEFAULT),
                identity: Route::Profile(&p::LIBMYSQLCLIENT_SEC2),
            },
        ],
    },
    // mysqlclient links MariaDB Connector/C on Debian, Oracle's library elsewhere (stacks.md §5).
    Client {
        id: "mysqlclient",
        versions: &[
            both("mariadb", &p::MYSQLCLIENT_MARIADB),
            both("oracle", &p::LIBMYSQLCLIENT_SEC2),
        ],
    },
    Client {
        id: "sqlalchemy",
        versions: &[
            both("3.12", &p::PYTHON_DEFAULT),
            both("3.13", &p::PYTHON_313_PYMYSQL),
            both("3.11", &p::PYTHON_DEFAULT),
        ],
    },
    Client {
        id: "mysql2",
        versions: &[both("3", &p::NODE_MYSQL2)],
    },
    // Go 1.26 and 1.27 give the same verdicts on every limbo case (measured).
    Client {
        id: "go-sql-driver",
        versions: &[both("1.27", &p::GO), both("1.26", &p::GO)],
    },
    Client {
        id: "php-pdo",
        versions: &[both("8", &p::PHP)],
    },
    Client {
        id: "mysqlconnector-net",
        versions: &[
            both("linux", &p::DOTNET_LINUX),
            both("windows", &p::DOTNET_WINDOWS),
        ],
    },
    Client {
        id: "sqlx",
        versions: &[
            both("0.8-rustls", &p::RUSTLS_SQLX),
            both("0.8-native-tls", &p::NATIVE_TLS),
        ],
    },
    Client {
        id: "prisma",
        versions: &[Version {
            version: "6",
            ca: Route::Unknown(PRISMA),
            identity: Route::Unknown(PRISMA),
        }],
    },
];

/// The client `id` at `version` (its default version when `None`); `Err` says what is known.
pub fn find(
    id: &str,
    version: Option<&str>,
) -> Result<(&'static Client, &'static Version), String> {
    let client = CLIENTS.iter().find(|c| c.id == id).ok_or_else(|| {
        let ids: Vec<&str> = CLIENTS.iter().map(|c| c.id).collect();
        format!(
            "unknown client \"{id}\"; expected one of {}",
            ids.join(", ")
        )
    })?;
    let found = match version {
        None => client.versions.first(),
        Some(v) => client.versions.iter().find(|x| x.version == v),
    };
    found.map(|v| (client, v)).ok_or_else(|| {
        let vs: Vec<&str> = client.versions.iter().map(|v| v.version).collect();
        format!(
            "unknown version \"{}\" of {id}; expected one of {}",
            version.unwrap_or_default(),
            vs.join(", ")
        )
    })
}
