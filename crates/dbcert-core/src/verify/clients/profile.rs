//! The TLS stacks of MySQL clients and every rule on which they differ, written once, in data,
//! each with its source (stack source code or documentation, as `../shared/research/clients.md`
//! and `stacks.md` cite them) and, where a harness of `tests/stacks/` measured it, the LimboResult
//! configuration that proves it (`cargo xtask limbo --stacks`).
//!
//! What every stack refuses alike is an error of the report (the verifier is modelled on
//! OpenSSL-based clients); a profile differs from it only through the rules here.

use serde::Serialize;

/// A TLS stack that validates a server certificate for a MySQL client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    /// OpenSSL's `X509_verify_cert` through `SSL_connect` (libmysqlclient, MariaDB Connector/C,
    /// Python's `ssl`, Node's `tls`, PHP's streams).
    Openssl,
    /// The JDK's PKIX validation in JSSE (Connector/J, MariaDB Connector/J).
    Java,
    /// Go's crypto/x509 through crypto/tls (go-sql-driver/mysql).
    Go,
    /// rustls with rustls-webpki (sqlx).
    Rustls,
    /// .NET's `SslStream` (MySqlConnector).
    Dotnet,
}

impl Stack {
    /// The lowercase name used in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Openssl => "openssl",
            Self::Java => "java",
            Self::Go => "go",
            Self::Rustls => "rustls",
            Self::Dotnet => "dotnet",
        }
    }
}

/// How a client matches the host it connects to against the server certificate
/// (`clients/host.rs` implements each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostRule {
    /// OpenSSL's `X509_VERIFY_PARAM_set1_ip_asc`, else `set1_host` (verified inside the chain
    /// check): an address only against iPAddress entries; a name against dNSName entries, or the
    /// CN when there is no dNSName; a wildcard in the left-most label, partial (`b*z.example.com`)
    /// unless `X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS`. libmysqlclient passes no flags
    /// (mysql/mysql-server `vio/viosslfactories.cc` `new_VioSSLFd`), Python passes
    /// `NO_PARTIAL_WILDCARDS` (cpython `Modules/_ssl.c` `_ssl__SSLContext_impl`: `hostflags`).
    Openssl {
        /// Partial wildcards (`b*z.example.com`, `*z.example.com`) are allowed.
        partial_wildcards: bool,
    },
    /// MariaDB Connector/C `ma_tls_verify_server_cert` (mariadb-corporation/mariadb-connector-c
    /// `libmariadb/secure/openssl.c`@v3.3.10): `X509_check_host(cert, host, len, 0, 0)` or
    /// `X509_check_ip_asc(cert, host, 0)`, so an address also matches as text a dNSName or CN.
    MariadbCc,
    /// Node's `tls.checkServerIdentity` (nodejs/node `lib/tls.js`, v20): an address against
    /// iPAddress entries only; a name against the dNSName entries, or the CN when there is none;
    /// a wildcard only in the left-most label (partial allowed, one `*`, not over two labels),
    /// never on an `xn--` label.
    Node,
    /// Go's `Certificate.VerifyHostname` (golang/go `src/crypto/x509/verify.go`): subjectAltName
    /// only (the CN is ignored since Go 1.15), `*` only as the whole left-most label, an address
    /// against iPAddress entries.
    Go,
    /// rustls-webpki `verify_is_valid_for_subject_name` (rustls/webpki `src/subject_name/`):
    /// subjectAltName only, `*` only as the whole left-most label, an address against iPAddress
    /// entries.
    Webpki,
    /// Connector/J's `ExportControlled$HostnameChecker.match` (mysql/mysql-connector-j
    /// `src/main/core-impl/java/com/mysql/cj/protocol/ExportControlled.java`@9.1.0, the jar's
    /// bytecode read with `javap -c`): every dNSName and iPAddress entry whatever the host is, a
    /// dNSName as a pattern (a `*` before the first dot, partial allowed, not spanning a dot),
    /// an iPAddress as the JDK's text of it compared with the host ignoring case (IPv6 as
    /// `0:0:0:0:0:0:0:1`, so the host `::1` never matches); only when the certificate has no
    /// dNSName or iPAddress at all, the first CN as a pattern (measured: limbo's
    /// `bettertls::nameconstraints` cases with the host in the CN beside a subjectAltName of
    /// the other type, `rfc5280::san::ip-in-dns`, the `webpki::cn::ipv6-*` cases).
    ConnectorJ,
    /// MariaDB Connector/J's `HostnameVerifier.verify` (mariadb-corporation/mariadb-connector-j
    /// `src/main/java/org/mariadb/jdbc/client/tls/HostnameVerifier.java`@3.5.6): dNSName or
    /// iPAddress entries, then always the CN; `*` anywhere in any label, several per label; a
    /// wildcard against an address fails.
    MariadbJ,
    /// PHP's `php_openssl_matches_san_list`, or `php_openssl_matches_common_name` only when the
    /// certificate has no dNSName or iPAddress (php/php-src `ext/openssl/xp_ssl.c`; the CN
    /// beside a subjectAltName is no longer read since the fix of GHSA-xr7j-rvgx-xq5p, test
    /// `ext/openssl/tests/san_no_cn_fallback.phpt`: "Peer certificate subjectAltName did not
    /// match expected name", measured with Debian 12's PHP 8.2 by the real-client matrix,
    /// `wildcard-cn`): a wildcard in the left-most label; an address in the CN as text.
    Php,
}

/// A stack as one client configures it: the rules that decide its verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// A stable name; for a measured profile, the LimboResult configuration of `tests/stacks/`
    /// that proves it.
    pub id: &'static str,
    /// The stack.
    pub stack: Stack,
    /// OpenSSL's security level (`SSL_CTX_set_security_level`); 0 for the other stacks.
    pub security_level: u8,
    /// Python 3.13's `VERIFY_X509_STRICT` (`Lib/ssl.py` `create_default_context`, gh-107361).
    pub x509_strict: bool,
    /// OpenSSL's `X509_V_FLAG_PARTIAL_CHAIN` (Python 3.13's `create_default_context`): a trusted
    /// certificate that is not self-signed ends the path; without it OpenSSL wants a trusted
    /// root ("unable to get issuer certificate").
    pub partial_chain: bool,
    /// How the host is matched under VERIFY_IDENTITY.
    pub host: HostRule,
    /// The client checks the host name in VERIFY_CA too.
    pub ca_mode_checks_host: bool,
    /// The client validates the certificates as the server sent them, in that order, as one
    /// path, besides the stack's own path building (Connector/J's trust manager wrapper).
    pub path_as_sent: bool,
    /// Whether a harness of `tests/stacks/` measures this profile on x509-limbo.
    pub measured: bool,
    /// When set, the profile cannot be predicted: every verdict is `unknown` with this reason.
    pub unknown: Option<&'static str>,
}

const fn openssl(id: &'static str, level: u8, host: HostRule) -> Profile {
    Profile {
        id,
        stack: Stack::Openssl,
        security_level: level,
        x509_strict: false,
        partial_chain: false,
        host,
        ca_mode_checks_host: false,
        path_as_sent: false,
        measured: true,
        unknown: None,
    }
}

const LIBMYSQL: HostRule = HostRule::Openssl {
    partial_wildcards: true,
};
const PYTHON: HostRule = HostRule::Openssl {
    partial_wildcards: false,
};

/// Oracle libmysqlclient 8.x (`mysql`, Workbench, mysqlclient on Oracle's library,
/// Connector/Python's C extension) on Debian's libssl 3 (security level 2 is Debian's build
/// default, `-DOPENSSL_TLS_SECURITY_LEVEL=2`, changelog 3.0.5-3).
pub const LIBMYSQLCLIENT_SEC2: Profile = openssl("openssl-libmysqlclient-sec2", 2, LIBMYSQL);
/// libmysqlclient where the system libssl runs at security level 1 (most non-Debian builds).
pub const LIBMYSQLCLIENT_SEC1: Profile = openssl("openssl-libmysqlclient-sec1", 1, LIBMYSQL);
/// libmysqlclient with `@SECLEVEL=0` (`--ssl-cipher` or an openssl.cnf that lowers it).
pub const LIBMYSQLCLIENT_SEC0: Profile = openssl("openssl-libmysqlclient-sec0", 0, LIBMYSQL);
/// MariaDB Connector/C 3.3 (`mariadb`, mysqlclient on Debian) at security level 2.
pub const MARIADB_CC_SEC2: Profile = openssl("openssl-mariadb-cc-sec2", 2, HostRule::MariadbCc);
/// MariaDB Connector/C at security level 1.
pub const MARIADB_CC_SEC1: Profile = openssl("openssl-mariadb-cc-sec1", 1, HostRule::MariadbCc);
/// MariaDB Connector/C at security level 0.
pub const MARIADB_CC_SEC0: Profile = openssl("openssl-mariadb-cc-sec0", 0, HostRule::MariadbCc);
/// mysqlclient built on MariaDB Connector/C (Debian): VERIFY_CA sets
/// `MYSQL_OPT_SSL_VERIFY_SERVER_CERT` too (PyMySQL/mysqlclient `src/MySQLdb/_mysql.c`@v2.2.8),
/// so the host is checked in both modes.
pub const MYSQLCLIENT_MARIADB: Profile = Profile {
    id: "openssl-mysqlclient-mariadb-cc-sec2",
    ca_mode_checks_host: true,
    measured: false,
    ..MARIADB_CC_SEC2
};
/// Python's `ssl` through `create_default_context(cafile)` with `check_hostname` (PyMySQL,
/// mysql-connector-python's pure-Python connection) on Python ≤ 3.12; security level 2 (read
/// from libssl through the context, `tests/stacks/README.md`).
pub const PYTHON_DEFAULT: Profile = openssl("python-default", 2, PYTHON);
/// Python 3.13's `create_default_context` as a client keeps it: `VERIFY_X509_STRICT` and
/// `VERIFY_X509_PARTIAL_CHAIN` (`Lib/ssl.py` 3.13).
pub const PYTHON_313: Profile = Profile {
    id: "python-py313",
    x509_strict: true,
    partial_chain: true,
    ..PYTHON_DEFAULT
};
/// PyMySQL ≥ 1.1.2 on Python 3.13: `ctx.verify_flags &= ~ssl.VERIFY_X509_STRICT`
/// (PyMySQL/PyMySQL `pymysql/connections.py`, 0df4ce9), `VERIFY_X509_PARTIAL_CHAIN` stays.
pub const PYTHON_313_PYMYSQL: Profile = Profile {
    id: "python-py313-pymysql",
    partial_chain: true,
    ..PYTHON_DEFAULT
};
/// Node's `tls` as mysql2 3.x uses it (`lib/base/connection.js`@v3.23.4: `rejectUnauthorized`,
/// `checkServerIdentity` with `verifyIdentity`); Node's official binaries bundle OpenSSL 3.0 at
/// its compiled default, security level 1 (measured, `tests/stacks/README.md`).
pub const NODE_MYSQL2: Profile = openssl("node-mysql2", 1, HostRule::Node);
/// PHP mysqlnd / PDO_MYSQL on the system libssl (level 2): no CA-only mode, `verify_peer` and
/// `verify_peer_name` are set together (php/php-src `ext/mysqlnd/mysqlnd_vio.c`@00443c7).
/// Not measured by a harness.
pub const PHP: Profile = Profile {
    id: "openssl-php-sec2",
    host: HostRule::Php,
    ca_mode_checks_host: true,
    measured: false,
    ..LIBMYSQLCLIENT_SEC2
};
/// Go's crypto/tls `verifyServerCertificate` (go-sql-driver/mysql); Go 1.26.8 and 1.27.3 give
/// the same verdict on every limbo case (measured).
pub const GO: Profile = Profile {
    id: "go-tls",
    stack: Stack::Go,
    security_level: 0,
    x509_strict: false,
    partial_chain: true,
    host: HostRule::Go,
    ca_mode_checks_host: false,
    path_as_sent: false,
    measured: true,
    unknown: None,
};
/// sqlx 0.8.6 with rustls 0.23 (`WebPkiServerVerifier`, ring). Its VERIFY_CA wrapper swallows
/// only `CertificateError::NotValidForName`, but rustls 0.23.48 reports a name mismatch as
/// `NotValidForNameContext` (launchbadge/sqlx `sqlx-core/src/net/tls/tls_rustls.rs`@v0.8.6;
/// measured by the real-client matrix): VERIFY_CA refuses a chain whose names do not match.
pub const RUSTLS_SQLX: Profile = Profile {
    id: "rustls-verifier",
    stack: Stack::Rustls,
    security_level: 0,
    x509_strict: false,
    partial_chain: true,
    host: HostRule::Webpki,
    ca_mode_checks_host: true,
    path_as_sent: false,
    measured: true,
    unknown: None,
};
/// MySQL Connector/J 8.0.22+ and 9.x (`ExportControlled$X509TrustManagerWrapper`: every
/// certificate sent must be within its validity, a PKIX `CertPathValidator` over the chain as
/// sent, the JDK's trust manager; `HostnameChecker` for VERIFY_IDENTITY).
pub const CONNECTOR_J: Profile = Profile {
    id: "java-connectorj",
    stack: Stack::Java,
    security_level: 0,
    x509_strict: false,
    partial_chain: true,
    host: HostRule::ConnectorJ,
    ca_mode_checks_host: false,
    path_as_sent: true,
    measured: true,
    unknown: None,
};
/// MariaDB Connector/J 3.x: the JDK's default PKIX trust manager, `HostnameVerifier` for
/// VERIFY_FULL.
pub const MARIADB_J: Profile = Profile {
    id: "java-mariadbj",
    host: HostRule::MariadbJ,
    path_as_sent: false,
    ..CONNECTOR_J
};
/// sqlx 0.8 with native-tls on Linux: the system OpenSSL through the `openssl` crate's
/// `SslConnector` (sfackler/rust-openssl `openssl/src/ssl/connector.rs` `setup_verify_hostname`:
/// `X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS`, `set_host` or `set_ip`); VERIFY_CA turns the host
/// check off (`danger_accept_invalid_hostnames`). Not measured by a harness.
pub const NATIVE_TLS: Profile = Profile {
    id: "openssl-native-tls-sec2",
    host: PYTHON,
    measured: false,
    ..LIBMYSQLCLIENT_SEC2
};
/// MySqlConnector on Linux: `SslStream` validates with .NET's `X509Chain` over the system
/// OpenSSL (dotnet/runtime `System.Security.Cryptography.Native`), at Debian's level 2.
/// Not measured by a harness.
pub const DOTNET_LINUX: Profile = Profile {
    id: "dotnet-linux",
    stack: Stack::Dotnet,
    measured: false,
    ..LIBMYSQLCLIENT_SEC2
};
/// MySqlConnector on Windows: SChannel and CryptoAPI's chain engine, which dbcert does not model.
pub const DOTNET_WINDOWS: Profile = Profile {
    id: "dotnet-windows",
    unknown: Some(
        "on Windows, SslStream validates with SChannel and the CryptoAPI chain engine (its own \
         path building, AIA fetching and policy), which dbcert does not model; run `dbcert probe` \
         from that machine or try the connection",
    ),
    ..DOTNET_LINUX
};

/// Every profile, the measured ones first.
pub const PROFILES: &[Profile] = &[
    LIBMYSQLCLIENT_SEC2,
    LIBMYSQLCLIENT_SEC1,
    LIBMYSQLCLIENT_SEC0,
    MARIADB_CC_SEC2,
    MARIADB_CC_SEC1,
    MARIADB_CC_SEC0,
    PYTHON_DEFAULT,
    PYTHON_313,
    PYTHON_313_PYMYSQL,
    NODE_MYSQL2,
    GO,
    RUSTLS_SQLX,
    CONNECTOR_J,
    MARIADB_J,
    MYSQLCLIENT_MARIADB,
    PHP,
    NATIVE_TLS,
    DOTNET_LINUX,
    DOTNET_WINDOWS,
];

/// The profile named `id`.
pub fn profile(id: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.id == id)
}

/// Which certificates of the path a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every certificate, the trust anchor included.
    All,
    /// Every certificate but the trust anchor.
    NotAnchor,
    /// The trust anchor and the intermediates (the CA certificates).
    Cas,
    /// The server certificate only.
    Leaf,
}

/// Who a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// OpenSSL-based profiles at or above this security level.
    OpensslLevel(u8),
    /// Every profile of this stack.
    Stack(Stack),
    /// Profiles with Python 3.13's `VERIFY_X509_STRICT`.
    X509Strict,
}

impl Who {
    /// Whether the rule applies to `p`.
    pub fn applies(self, p: &Profile) -> bool {
        match self {
            Self::OpensslLevel(l) => {
                matches!(p.stack, Stack::Openssl | Stack::Dotnet) && p.security_level >= l
            }
            Self::Stack(s) => p.stack == s,
            Self::X509Strict => p.x509_strict,
        }
    }
}

/// A smallest RSA key a stack accepts.
#[derive(Clone, Copy, Debug)]
pub struct KeyFloor {
    /// Who refuses smaller keys.
    pub who: Who,
    /// The smallest modulus accepted, in bits.
    pub min_rsa_bits: usize,
    /// Where.
    pub scope: Scope,
}

/// RSA key sizes (finding `weak_key`).
pub const KEY_FLOORS: &[KeyFloor] = &[
    // OpenSSL 3.0 `check_key_level` (crypto/x509/x509_vfy.c) on every certificate of the chain,
    // the anchor included: level 2 = 112 bits = RSA 2048, level 1 = 80 bits = RSA 1024
    // (ssl/ssl_cert.c `ssl_security_default_callback`); "CA/EE certificate key too weak".
    KeyFloor {
        who: Who::OpensslLevel(2),
        min_rsa_bits: 2048,
        scope: Scope::All,
    },
    KeyFloor {
        who: Who::OpensslLevel(1),
        min_rsa_bits: 1024,
        scope: Scope::All,
    },
    // JDK 17 `jdk.certpath.disabledAlgorithms` (conf/security/java.security): "RSA keySize < 1024".
    KeyFloor {
        who: Who::Stack(Stack::Java),
        min_rsa_bits: 1024,
        scope: Scope::All,
    },
    // Go 1.24+ `rsa1024min` (crypto/rsa: keys under 1024 bits refused), met by the leaf's
    // handshake signature.
    KeyFloor {
        who: Who::Stack(Stack::Go),
        min_rsa_bits: 1024,
        scope: Scope::Leaf,
    },
    // ring's RSA verification algorithms (`RSA_PKCS1_2048_8192_*`, rustls `crypto/ring`): a CA
    // key under 2048 bits cannot verify the certificate below it; the leaf's key meets the same
    // floor when it signs the handshake (the real-client matrix's `rsa1024-leaf`).
    KeyFloor {
        who: Who::Stack(Stack::Rustls),
        min_rsa_bits: 2048,
        scope: Scope::All,
    },
];

/// A signature hash a stack refuses.
#[derive(Clone, Copy, Debug)]
pub struct HashBan {
    /// Who refuses it.
    pub who: Who,
    /// The hash, as `signature::weak_hash` names it (`SHA-1`, `MD5`).
    pub hash: &'static str,
}

/// Weak signature hashes on a certificate below the anchor (finding `weak_signature_algorithm`).
pub const HASH_BANS: &[HashBan] = &[
    // OpenSSL 3.0: SHA-1 and MD5 rate under 80 bits, refused from level 1 (`check_sig_level`,
    // openssl/openssl 4aa163a2, PR #16828): "CA signature digest algorithm too weak".
    HashBan {
        who: Who::OpensslLevel(1),
        hash: "SHA-1",
    },
    HashBan {
        who: Who::OpensslLevel(1),
        hash: "MD5",
    },
    // Go 1.18+: SHA-1 signatures refused (`x509sha1`, golang/go#41682), MD5 long before.
    HashBan {
        who: Who::Stack(Stack::Go),
        hash: "SHA-1",
    },
    HashBan {
        who: Who::Stack(Stack::Go),
        hash: "MD5",
    },
    // rustls-webpki with ring: no SHA-1 or MD5 signature algorithm is offered.
    HashBan {
        who: Who::Stack(Stack::Rustls),
        hash: "SHA-1",
    },
    HashBan {
        who: Who::Stack(Stack::Rustls),
        hash: "MD5",
    },
    // JDK 17 `jdk.certpath.disabledAlgorithms`: "MD5" always; SHA-1 only for chains ending at a
    // JDK cacerts root ("SHA1 jdkCA & usage TLSServer"), never for a private CA.
    HashBan {
        who: Who::Stack(Stack::Java),
        hash: "MD5",
    },
];

/// Who refuses an X.509 v1 (or v2) certificate below the anchor (finding `v1_certificate`):
/// rustls-webpki (`UnsupportedCertVersion`, `src/cert.rs` `version3`).
pub const V1_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Rustls)];

/// Who refuses every connection when a CRL given is v1 (finding `unsupported_crl`): Go's
/// `x509.ParseRevocationList` reads v2 CRLs only ("x509: unsupported crl version",
/// golang/go `src/crypto/x509/parser.go`), and the go-sql-driver snippet's `loadCRLs` parses
/// every CRL of the files given; measured by `tests/realserver/crl_matrix.py` (ec-good, whose
/// root CRL is v1). Counts only for the clients that check the CRLs.
pub const V1_CRL_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Go)];

/// Who enforces RFC 5280 §6.1 certificate policies (finding `certificate_policy`): the JDK's
/// `PKIXCertPathValidator` (`sun.security.provider.certpath.PolicyChecker`), and Go since 1.24
/// (`Certificate.Verify` validates the policy graph of RFC 9618, golang/go
/// `src/crypto/x509/verify.go` `policiesValid`: "x509: no valid chains built: 1 candidate chains
/// with invalid policies", measured by the real-client matrix, `policy-constraint`); OpenSSL
/// checks policies only with `X509_V_FLAG_POLICY_CHECK`, which no MySQL client sets; webpki does
/// not process policies (it refuses a critical policy extension instead,
/// [`CRITICAL_BEYOND_WEBPKI_REFUSED_BY`]).
pub const POLICY_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Java), Who::Stack(Stack::Go)];

/// The only extensions rustls-webpki processes (rustls/webpki `src/cert.rs`
/// `remember_cert_extension`, 0.103): keyUsage, subjectAltName, basicConstraints,
/// nameConstraints, cRLDistributionPoints, extendedKeyUsage. Any other extension marked
/// critical fails the certificate (not a trust anchor:
/// [`ANCHOR_CRITICAL_EXTENSIONS_IGNORED_BY`]), with `UnsupportedCriticalExtension` ("We assume that the policy-related
/// extensions are not marked critical"; measured by the real-client matrix: sqlx with rustls
/// on `policy-constraint`, whose intermediate has a critical policyConstraints).
pub const WEBPKI_EXTENSIONS: &[&[u8]] = &[
    crate::oid::KEY_USAGE,
    crate::oid::SUBJECT_ALT_NAME,
    crate::oid::BASIC_CONSTRAINTS,
    crate::oid::NAME_CONSTRAINTS,
    crate::oid::CRL_DISTRIBUTION_POINTS,
    crate::oid::EXT_KEY_USAGE,
];

/// Who refuses a certificate of the path with a critical extension outside
/// [`WEBPKI_EXTENSIONS`] (finding `unsupported_critical_extension`).
pub const CRITICAL_BEYOND_WEBPKI_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Rustls)];

/// Who reads the server certificate's CN as a DNS name under a CA's name constraints when it
/// has no dNSName (an address-looking CN too): OpenSSL 3.0 `check_name_constraints` calls
/// `NAME_CONSTRAINTS_check_CN` unless `has_san_id(x, GEN_DNS)` (crypto/x509/x509_vfy.c,
/// crypto/x509/v3_ncons.c `cn2dnsid`). Go and rustls-webpki never read the CN (measured:
/// bettertls `nameconstraints` cases with an IP-only subjectAltName).
pub const CN_NAME_CONSTRAINTS: &[Who] = &[Who::OpensslLevel(0)];

/// Who reads the CN as the JDK does: the most specific CN as a DNS name when there is no
/// dNSName, and an address-looking CN also as an iPAddress when there is no iPAddress entry
/// (`sun.security.x509.NameConstraintsExtension.verify(X509Certificate)`; measured: bettertls
/// cases with `CN=127.0.0.1` under IP and DNS constraints).
pub const CN_NAME_CONSTRAINTS_JDK: &[Who] = &[Who::Stack(Stack::Java)];

/// Who ignores the nameConstraints of the trust anchor itself: the JDK builds each
/// `java.security.cert.TrustAnchor` from a CA certificate with no `nameConstraints` parameter
/// (`sun.security.validator.PKIXValidator`), and `PKIXCertPathValidator` applies only that
/// parameter, never the extension of the anchor's certificate (`TrustAnchor` javadoc). Measured:
/// limbo's `rfc5280::nc::*` cases whose root carries the constraint.
pub const ANCHOR_NAME_CONSTRAINTS_IGNORED_BY: &[Who] = &[Who::Stack(Stack::Java)];

/// Who accepts a server certificate whose subjectAltName does not decode as RFC 5280 wants:
/// the JDK keeps a non-critical extension it cannot parse as an `UnparseableExtension`
/// (`sun.security.x509.CertificateExtensions.parseExtension`: "ignore errors parsing
/// non-critical extensions"), so `X509Certificate.getSubjectAlternativeNames` returns null and
/// the host checkers of VERIFY_IDENTITY (Connector/J's, MariaDB Connector/J's) read the CN
/// instead; and it decodes an iPAddress of 8 or 32 bytes (an address with its mask,
/// `sun.security.x509.IPAddressName`), which then matches no host. Measured: limbo's bettertls
/// cases with a malformed GeneralName (VERIFY_CA), `rfc5280::san::malformed` (the CN matches)
/// and `rfc5280::nc::nc-permits-invalid-ip-san` (the 4-byte entry beside the 8-byte one
/// matches) in VERIFY_IDENTITY.
pub const UNDECODED_SAN_ACCEPTED_BY: &[Who] = &[Who::Stack(Stack::Java)];

/// Who accepts a server certificate whose subjectAltName holds an iPAddress that is neither 4
/// nor 16 bytes or a dNSName that is not ASCII, in both modes: OpenSSL decodes both and the
/// entry then matches no host and no constraint
/// (`verify::name_constraints::san_decodes_in_openssl`, with its sources and measurement).
pub const LENIENT_SAN_ACCEPTED_BY: &[Who] = &[Who::OpensslLevel(0)];

/// Who does not read the trust anchor's keyUsage: Go's `Certificate.Verify` never checks a
/// CA's keyUsage (golang/go `src/crypto/x509/verify.go` `isValid` checks basicConstraints and
/// name constraints; only the leaf's extendedKeyUsage is matched), and rustls-webpki keeps of a
/// trust anchor only its subject, key and name constraints (`TrustAnchor`,
/// rustls/pki-types; `anchor_from_trusted_cert`). Measured:
/// `rfc5280::root-inconsistent-ca-extensions` (an empty keyUsage on the root).
pub const ANCHOR_KEY_USAGE_IGNORED_BY: &[Who] = &[Who::Stack(Stack::Go), Who::Stack(Stack::Rustls)];

/// Who ignores the trust anchor's critical extensions: rustls-webpki parses a trust anchor
/// with `UnknownExtensionPolicy::IgnoreCritical` (`src/cert.rs` `Cert::for_trust_anchor`,
/// 0.103.13, called by `anchor_from_trusted_cert`) and keeps only its subject, key and name
/// constraints; the JDK's `PKIXCertPathValidator` checks the critical extensions of the
/// certificates of the `CertPath` only, never of the `TrustAnchor`'s certificate (as its name
/// constraints, [`ANCHOR_NAME_CONSTRAINTS_IGNORED_BY`]). Measured:
/// `rfc5280::unknown-critical-extension-root`, `rfc5280::aki::critical-aki` (a critical
/// authorityKeyIdentifier on the root).
pub const ANCHOR_CRITICAL_EXTENSIONS_IGNORED_BY: &[Who] =
    &[Who::Stack(Stack::Rustls), Who::Stack(Stack::Java)];

/// Who refuses to decode a certificate with an empty subject and a subjectAltName not marked
/// critical (RFC 5280 §4.2.1.6): the JDK's `X509CertImpl` ("X.509 Certificate is incomplete:
/// SubjectAlternativeName extension MUST be marked critical when subject field is empty",
/// `sun.security.x509.X509CertInfo`), so JSSE fails to parse the server's certificates.
/// Measured: `rfc5280::san::noncritical-with-empty-subject`.
pub const EMPTY_SUBJECT_NONCRITICAL_SAN_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Java)];

/// Who takes a trust anchor without basicConstraints as a CA: rustls-webpki (a `TrustAnchor`
/// has no basicConstraints, above), and OpenSSL without `X509_V_FLAG_X509_STRICT` when the
/// anchor's keyUsage allows keyCertSign or it is an X.509 v1 root (crypto/x509/v3_purp.c
/// `check_ca` returns 4 or 3, which `check_extensions` accepts for the last certificate of
/// the chain). Measured: `rfc5280::root-missing-basic-constraints` (OpenSSL at levels 0-2,
/// Python ≤ 3.12, Node, rustls accept; Python 3.13's strict flag refuses).
pub const ANCHOR_WITHOUT_BASIC_CONSTRAINTS_ACCEPTED_BY: &[Who] =
    &[Who::Stack(Stack::Rustls), Who::OpensslLevel(0)];

/// Who accepts a server certificate whose extendedKeyUsage is an empty list: Go's parser
/// takes the empty SEQUENCE, and a certificate with no usage listed is not restricted
/// (golang/go `src/crypto/x509/parser.go` `parseExtKeyUsageExtension`; `verify.go`
/// `checkChainForKeyUsage`: "if len(cert.ExtKeyUsage) == 0 && len(cert.UnknownExtKeyUsage) ==
/// 0 { continue }"). Measured: `rfc5280::eku::ee-eku-empty`.
pub const EMPTY_EKU_ACCEPTED_BY: &[Who] = &[Who::Stack(Stack::Go)];

/// Who counts self-issued intermediates in a pathLenConstraint and applies name constraints to
/// their names (RFC 5280 §4.2.1.9 and §4.2.1.10 exempt them): Go (`isValid`: "too many
/// intermediates for path length constraint" counts every certificate of the chain; the names
/// of each certificate below a constrained CA are checked) and rustls-webpki
/// (`verify_cert.rs` counts every intermediate; `check_name_constraints` on each). Measured:
/// `pathlen::self-issued-certs-pathlen`, `rfc5280::nc::permitted-self-issued`.
pub const SELF_ISSUED_COUNTED_BY: &[Who] = &[Who::Stack(Stack::Go), Who::Stack(Stack::Rustls)];

/// The keyUsage bits a stack requires of the server certificate when it has the extension, a
/// CA certificate used as the server's included.
#[derive(Clone, Copy, Debug)]
pub struct LeafUsage {
    /// Who requires them.
    pub who: Who,
    /// Any one of these bits (`1 << cert::ext::KU_*`).
    pub any_of: u16,
}

/// Leaf keyUsage (finding `key_usage`).
pub const LEAF_USAGES: &[LeafUsage] = &[
    // OpenSSL's `X509_PURPOSE_SSL_SERVER` (`check_purpose_ssl_server`, crypto/x509/v3_purp.c):
    // `ku_reject(x, KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)`, also for a
    // CA certificate in the leaf's place ("unsuitable certificate purpose").
    LeafUsage {
        who: Who::OpensslLevel(0),
        any_of: 0b1_0101,
    },
    // JSSE's `sun.security.validator.EndEntityChecker.checkTLSServer`: an ECDHE key exchange
    // (TLS 1.3, and the TLS 1.2 suites MySQL servers prefer) needs digitalSignature
    // ("KeyUsage does not allow digital signatures").
    LeafUsage {
        who: Who::Stack(Stack::Java),
        any_of: 0b1,
    },
];

/// Who ignores the extendedKeyUsage of the intermediate CAs (OpenSSL, Go and rustls-webpki
/// want serverAuth in every CA certificate that restricts its purposes): the JDK checks the
/// extendedKeyUsage of the server's certificate only (`sun.security.validator.PKIXValidator`
/// hands the leaf alone to `EndEntityChecker.checkTLSServer`; the `PKIXCertPathValidator`'s
/// `KeyChecker` looks at a CA's keyUsage keyCertSign bit and at the extendedKeyUsage of the
/// target only through `PKIXParameters.getTargetCertConstraints`, which JSSE does not set).
/// Measured: `bettertls::pathbuilding::tc5`, `tc12`, `tc38`, `tc44` (an intermediate
/// restricted to emailProtection; both Java configurations connect).
pub const CA_EKU_IGNORED_BY: &[Who] = &[Who::Stack(Stack::Java)];

/// Who accepts, unchecked, a server certificate that is itself trusted (the same certificate
/// is in the trust store, or one with its subject and public key): the JDK's
/// `sun.security.validator.PKIXValidator.engineValidate` returns `{chain[0]}` at once when the
/// first certificate sent is trusted ("Check if chain[i] is already trusted", `i == 0`), and
/// `Validator.validate` omits the `EndEntityChecker` then ("omit EE extension check if EE cert
/// is also trust anchor"): no validity, no extension, no signature is looked at. Connector/J's
/// wrapper ([`Profile::path_as_sent`]) checks the validity and the path as sent itself first.
/// Measured: `rfc5280::serial::negative` (an expired certificate with a negative serial and a
/// critical cRLDistributionPoints, trusted as sent: MariaDB Connector/J connects).
pub const TRUSTED_LEAF_UNCHECKED_BY: &[Who] = &[Who::Stack(Stack::Java)];

/// Who refuses a CA certificate (basicConstraints cA=TRUE) as the server's certificate:
/// rustls-webpki (`Error::CaUsedAsEndEntity`, src/verify_cert.rs `check_basic_constraints`).
pub const LEAF_CA_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Rustls)];

/// Who accepts a server certificate whose keyUsage and basicConstraints disagree (keyCertSign
/// without cA, or cA without keyCertSign) as long as its usage fits TLS: none of the stacks
/// checks that agreement on the leaf (measured: `rfc5280::leaf-ku-keycertsign`,
/// `webpki::ee-basicconstraints-ca`; rustls refuses the second as a CA used as the leaf).
pub const LEAF_USAGE_AGREEMENT_IGNORED_BY: &[Who] = &[
    Who::OpensslLevel(0),
    Who::Stack(Stack::Java),
    Who::Stack(Stack::Go),
    Who::Stack(Stack::Rustls),
];

/// Who accepts nameConstraints on a server certificate that is not a CA (RFC 5280 §4.2.1.10
/// allows them in CA certificates only): no stack checks it (measured:
/// `rfc5280::nc::not-allowed-in-ee-critical` and `-noncritical` pass everywhere).
pub const LEAF_NAME_CONSTRAINTS_IGNORED_BY: &[Who] = &[
    Who::OpensslLevel(0),
    Who::Stack(Stack::Java),
    Who::Stack(Stack::Go),
    Who::Stack(Stack::Rustls),
];

/// Who takes a certificate as expired at its notAfter second: OpenSSL's `X509_cmp_time`
/// "returns -1 if asn1_time is earlier than, or equal to, cmp_time" (crypto/x509/x509_vfy.c
/// `x509_check_cert_time`); the JDK measured so (its clock runs past the second).
pub const NOT_AFTER_EXCLUSIVE: &[Who] = &[Who::OpensslLevel(0), Who::Stack(Stack::Java)];

/// Who does not check the trust anchor's own validity: rustls-webpki (a `TrustAnchor` has no
/// dates) and the JDK (`TrustAnchor` from the certificate; measured:
/// `rfc5280::validity::expired-root`), except Connector/J ([`Profile::path_as_sent`]), whose
/// trust manager wrapper checks it after the path validation
/// (`ExportControlled$X509TrustManagerWrapper.checkServerTrusted`:
/// `getTrustAnchor().getTrustedCert().checkValidity()`; measured, "NotAfter: … 2020").
pub const EXPIRED_ANCHOR_IGNORED_BY: &[Who] = &[Who::Stack(Stack::Rustls), Who::Stack(Stack::Java)];

/// Who applies `X509_V_FLAG_X509_STRICT`'s RFC 5280 profile checks (a CA's basicConstraints
/// critical, a CA's subjectKeyIdentifier, an authorityKeyIdentifier below the root, an empty
/// subject with a critical subjectAltName): Python 3.13's `create_default_context`
/// (`Lib/ssl.py`, gh-107361).
pub const X509_STRICT_REFUSED_BY: &[Who] = &[Who::X509Strict];

/// The largest TLS handshake message a stack reads, in bytes: the JDK's
/// `jdk.tls.maxHandshakeMessageSize`, 32768 by default (`sun.security.ssl.SSLConfiguration`;
/// "The size of the handshake message (N) exceeds the maximum allowed size (32768)"), which a
/// server's Certificate message must fit.
pub const MAX_HANDSHAKE_MESSAGE: &[(Who, usize)] = &[(Who::Stack(Stack::Java), 32_768)];

/// The most certificates a stack takes in the server's Certificate message: the JDK's
/// `jdk.tls.maxCertificateChainLength`, 10 by default (`sun.security.ssl.SSLConfiguration`,
/// checked by `CertificateMessage` before any validation: "The certificate chain length (11)
/// exceeds the maximum allowed length (10)"). Measured on OpenJDK 17.0.15:
/// `bettertls::pathbuilding::tc61`-`tc80` (36 certificates sent).
pub const MAX_CERTIFICATES_SENT: &[(Who, usize)] = &[(Who::Stack(Stack::Java), 10)];

/// Curves a stack cannot verify with: ring, rustls's provider, has ECDSA on P-256 and P-384
/// only (`ring::signature::ECDSA_P256_*`, `ECDSA_P384_*`), so a P-521 CA key cannot verify the
/// certificate below it, nor a P-521 leaf its handshake signature.
pub const P521_REFUSED_BY: &[Who] = &[Who::Stack(Stack::Rustls)];
