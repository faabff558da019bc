//! Client certificates (mutual TLS): whether the instance verifies them, and how to make an
//! account require one.
//!
//! Sources (each fact below repeats its own):
//! - Cloud SQL SSL modes (Admin API `IpConfiguration.SslMode`):
//!   <https://docs.cloud.google.com/php/docs/reference/cloud-sql-admin/latest/V1.IpConfiguration.SslMode>
//! - Cloud SQL "Configure SSL/TLS certificates" (client certificates, restart):
//!   <https://cloud.google.com/sql/docs/mysql/configure-ssl-instance>
//! - Cloud SQL "Authorize with SSL/TLS certificates": <https://cloud.google.com/sql/docs/mysql/authorize-ssl>
//! - ApsaraDB RDS for MySQL, "Configure the SSL encryption feature" (the certificates' purpose):
//!   <https://help.aliyun.com/zh/rds/apsaradb-rds-for-mysql/configure-ssl-encryption-for-an-apsaradb-rds-for-mysql-instance>
//! - Amazon RDS, "SSL/TLS support for MySQL DB instances":
//!   <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.SSLSupport.html>
//! - Azure flexible server, "Connect with encrypted connections":
//!   <https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl>
//! - MySQL `CREATE USER` TLS options: <https://dev.mysql.com/doc/refman/8.4/en/create-user.html#create-user-tls>
//! - MySQL server-side TLS configuration (`ssl_ca`): <https://dev.mysql.com/doc/refman/8.4/en/using-encrypted-connections.html>
//! - MariaDB `CREATE USER` TLS options: <https://mariadb.com/kb/en/create-user/#tls-options>
//! - MariaDB `FLUSH SSL` (10.4+): <https://mariadb.com/kb/en/flush/>
//!
//! The three clouds that answer "no" do not say so in words: their TLS pages describe the server
//! certificate only, and none offers a setting for the CA a client certificate would be checked
//! against. Each verdict says that, with the page.
//!
//! The subject and issuer written into `REQUIRE SUBJECT` / `ISSUER` are the client
//! certificate's, in the form the server compares byte for byte (OpenSSL's
//! `X509_NAME_oneline`, [`crate::cert::Name::to_oneline`]); `tests/realserver/identity_matrix.py`
//! proves the form against a real MariaDB.

use super::{ClientCertificates, Ctx, Fact, Product, Provider, Status, Step, Verdict};
use crate::error::{Error, ErrorCode, Result};

const GCP_SSL_MODE: &str = "https://docs.cloud.google.com/php/docs/reference/cloud-sql-admin/latest/V1.IpConfiguration.SslMode";
const GCP_CONFIGURE: &str = "https://cloud.google.com/sql/docs/mysql/configure-ssl-instance";
const GCP_AUTHORIZE: &str = "https://cloud.google.com/sql/docs/mysql/authorize-ssl";
const ALIBABA_GUIDE: &str = "https://help.aliyun.com/zh/rds/apsaradb-rds-for-mysql/configure-ssl-encryption-for-an-apsaradb-rds-for-mysql-instance";
const AWS_SSL: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.SSLSupport.html";
const AZURE_TLS: &str =
    "https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl";
const MYSQL_CREATE_USER: &str =
    "https://dev.mysql.com/doc/refman/8.4/en/create-user.html#create-user-tls";
const MYSQL_SERVER_TLS: &str =
    "https://dev.mysql.com/doc/refman/8.4/en/using-encrypted-connections.html";
const MARIADB_CREATE_USER: &str = "https://mariadb.com/kb/en/create-user/#tls-options";
const MARIADB_FLUSH: &str = "https://mariadb.com/kb/en/flush/";

// IpConfiguration.SslMode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED: Only allow connections encrypted
// with SSL/TLS and with valid client certificates. When this value is used, the legacy require_ssl
// flag must be true or cleared"; for ALLOW_UNENCRYPTED_AND_ENCRYPTED and ENCRYPTED_ONLY "the client
// certificate isn't verified" and require_ssl must be false or cleared.
pub(super) const F_GCP_MODE: Fact = Fact::new(
    "gcp.client_cert_mode",
    "Cloud SQL verifies client certificates only with sslMode TRUSTED_CLIENT_CERTIFICATE_REQUIRED \
     (connections encrypted and with a valid client certificate); the legacy requireSsl flag must \
     then be true or cleared. With ALLOW_UNENCRYPTED_AND_ENCRYPTED and ENCRYPTED_ONLY the client \
     certificate is not verified, and requireSsl must be false or cleared.",
    GCP_SSL_MODE,
);
// configure-ssl-instance: client certificates are created for the instance ("Create a new client
// certificate": gcloud sql ssl client-certs create); on MySQL 8.0 and later changing the SSL mode
// to or from TRUSTED_CLIENT_CERTIFICATE_REQUIRED restarts the instance.
pub(super) const F_GCP_CREATE: Fact = Fact::new(
    "gcp.client_cert_create",
    "A client certificate is created for one instance (gcloud sql ssl client-certs create), which \
     hands back its key (client-key.pem) once, its certificate (client-cert.pem) and the server \
     CA (server-ca.pem); on MySQL 8.0 and later, changing the SSL mode to or from \
     TRUSTED_CLIENT_CERTIFICATE_REQUIRED restarts the instance.",
    GCP_CONFIGURE,
);
// authorize-ssl: the Cloud SQL Auth Proxy and Language Connectors verify client and server
// identity automatically.
pub(super) const F_GCP_PROXY: Fact = Fact::new(
    "gcp.client_cert_proxy",
    "Connections through the Cloud SQL Auth Proxy or the Cloud SQL Language Connectors present a \
     client identity automatically; a direct connection presents the client certificate itself.",
    GCP_AUTHORIZE,
);
// Alibaba's SSL guide, the comparison of cloud and custom certificates, "证书作用: 开启SSL链路加密,
// 客户端验证服务端真伪" (purpose: encrypt the link, the client verifies the server).
pub(super) const F_ALIBABA: Fact = Fact::new(
    "alibaba.client_certificates",
    "The SSL guide gives both the cloud and the custom certificate one purpose: encrypting the \
     link and letting the client verify the server. It describes no client certificate and no \
     setting for a CA to check one against.",
    ALIBABA_GUIDE,
);
// MySQL.Concepts.SSLSupport: RDS installs a server certificate signed by a certificate authority;
// the page (and the require_secure_transport page) describe server authentication only.
pub(super) const F_AWS: Fact = Fact::new(
    "aws.client_certificates",
    "Amazon RDS installs a server certificate on each instance for the client to verify; its \
     SSL/TLS pages describe no client certificate and no setting for a CA to check one against \
     (ssl_ca is not among the TLS settings it documents).",
    AWS_SSL,
);
// how-to-connect-tls-ssl: the settings are require_secure_transport and tls_version; the
// certificate described is the server's (DigiCert root) that clients verify.
pub(super) const F_AZURE: Fact = Fact::new(
    "azure.client_certificates",
    "The flexible server's TLS settings are require_secure_transport and tls_version, and the \
     certificate it describes is the server's, which clients verify; no client certificate \
     setting is documented.",
    AZURE_TLS,
);
// CREATE USER, "SSL/TLS Options": REQUIRE NONE | SSL | X509 | ISSUER 'issuer' | SUBJECT 'subject' |
// CIPHER 'cipher', combinable with AND; X509 "the client must present a valid certificate", SUBJECT
// and ISSUER "a valid X.509 certificate containing the subject / issued by the issuer".
pub(super) const F_MYSQL_REQUIRE: Fact = Fact::new(
    "mysql.require_x509",
    "CREATE USER and ALTER USER take REQUIRE X509 (the client must present a valid certificate), \
     REQUIRE SUBJECT 'subject' and REQUIRE ISSUER 'issuer' (a valid certificate with that subject, \
     issued by that issuer), combinable with AND.",
    MYSQL_CREATE_USER,
);
// using-encrypted-connections, "Server-Side Startup Configuration for Encrypted Connections":
// ssl_ca "The path name of the Certificate Authority (CA) certificate file"; ALTER INSTANCE RELOAD
// TLS reconfigures the TLS context at runtime (8.0.16+).
pub(super) const F_MYSQL_SSL_CA: Fact = Fact::new(
    "mysql.server_ssl_ca",
    "The server checks client certificates against the CA certificates in ssl_ca (or ssl_capath); \
     from MySQL 8.0.16 ALTER INSTANCE RELOAD TLS applies a changed ssl_ca without a restart.",
    MYSQL_SERVER_TLS,
);
// MariaDB CREATE USER, "TLS Options": REQUIRE X509, ISSUER, SUBJECT, CIPHER, combinable with AND.
pub(super) const F_MARIADB_REQUIRE: Fact = Fact::new(
    "mariadb.require_x509",
    "MariaDB's CREATE USER and ALTER USER take REQUIRE X509, REQUIRE SUBJECT 'subject' and \
     REQUIRE ISSUER 'issuer', combinable with AND; the server checks the certificate against \
     its ssl_ca.",
    MARIADB_CREATE_USER,
);
// MariaDB FLUSH: "FLUSH SSL ... Used to dynamically reinitialize the server's TLS context"
// (MariaDB 10.4).
pub(super) const F_MARIADB_FLUSH: Fact = Fact::new(
    "mariadb.flush_ssl",
    "From MariaDB 10.4, FLUSH SSL reloads the server's TLS context (ssl_ca included) without a \
     restart.",
    MARIADB_FLUSH,
);

/// Every fact of this module.
pub(super) const FACTS: &[Fact] = &[
    F_GCP_MODE,
    F_GCP_CREATE,
    F_GCP_PROXY,
    F_ALIBABA,
    F_AWS,
    F_AZURE,
    F_MYSQL_REQUIRE,
    F_MYSQL_SSL_CA,
    F_MARIADB_REQUIRE,
    F_MARIADB_FLUSH,
];

/// The account placeholder of the statements.
const ACCOUNT: &str = "'<user>'@'%'";
/// What stands for a subject or issuer when no client certificate was given.
const SUBJECT_PLACEHOLDER: &str = "/C=<country>/O=<organization>/CN=<name>";
const ISSUER_PLACEHOLDER: &str = "/C=<country>/O=<organization>/CN=<client CA>";

/// The subject and issuer of the client certificate given (`clientCertificate`: a PEM or DER
/// certificate, the first of a PEM bundle), in the server's form.
pub(crate) fn names(input: &[u8]) -> Result<(String, String)> {
    let bundle = crate::formats::read(input, &crate::formats::ReadOptions::default())?;
    let first = bundle.certificates.first().ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            "clientCertificate holds no certificate",
        )
    })?;
    let cert = crate::cert::Certificate::parse(&first.der)?;
    Ok((cert.subject.to_oneline(), cert.issuer.to_oneline()))
}

/// `s` as an SQL string literal (single quotes doubled, backslashes doubled: both servers read
/// `\` as an escape in strings unless NO_BACKSLASH_ESCAPES is set).
fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

fn verdict(status: Status, text: impl Into<String>, f: &Fact) -> Verdict {
    Verdict {
        status,
        text: text.into(),
        source: f.source.to_owned(),
    }
}

fn step(id: &str, kind: &str, command: impl Into<String>, text: &str, f: &Fact) -> Step {
    Step {
        id: id.to_owned(),
        kind: kind.to_owned(),
        command: command.into(),
        text: text.to_owned(),
        source: f.source.to_owned(),
    }
}

/// The client-certificate part of the advice.
pub(super) fn advise(ctx: &Ctx) -> ClientCertificates {
    let (subject, issuer) = match &ctx.client_names {
        Some((s, i)) => (Some(s.clone()), Some(i.clone())),
        None => (None, None),
    };
    let mut out = ClientCertificates {
        verified: verdict(Status::Unknown, "", &F_AWS),
        subject: subject.clone(),
        issuer: issuer.clone(),
        steps: Vec::new(),
    };
    match ctx.provider {
        Provider::GcpCloudsql => {
            out.verified = verdict(
                Status::Yes,
                "with sslMode TRUSTED_CLIENT_CERTIFICATE_REQUIRED: every connection must present \
                 a valid client certificate created for the instance",
                &F_GCP_MODE,
            );
            out.steps.push(step(
                "gcp_client_cert_create",
                "shell",
                "gcloud sql ssl client-certs create <cert-name> client-key.pem --instance=<instance>\n\
                 gcloud sql ssl client-certs describe <cert-name> --instance=<instance> --format=\"value(cert)\" > client-cert.pem\n\
                 gcloud sql instances describe <instance> --format=\"value(serverCaCert.cert)\" > server-ca.pem",
                "Creates a client certificate for the instance: the key is shown only now.",
                &F_GCP_CREATE,
            ));
            out.steps.push(step(
                "gcp_ssl_mode",
                "shell",
                "gcloud sql instances patch <instance> --ssl-mode=TRUSTED_CLIENT_CERTIFICATE_REQUIRED",
                "Makes every connection present a valid client certificate (requireSsl must be \
                 true or cleared). On MySQL 8.0 and later the instance restarts.",
                &F_GCP_MODE,
            ));
            out.steps.push(step(
                "client_snippet",
                "shell",
                "dbcert snippet --client <id> --mode verify_ca --ca server-ca.pem --cert client-cert.pem --key client-key.pem",
                "The client settings that present the certificate (Java clients get a keystore \
                 command).",
                &F_GCP_PROXY,
            ));
        }
        Provider::AlibabaRds => {
            out.verified = verdict(
                Status::No,
                "not offered: the certificates serve encryption and server verification only",
                &F_ALIBABA,
            );
        }
        Provider::AwsRds => {
            out.verified = verdict(
                Status::No,
                "not offered: RDS documents server certificates only, and no client CA setting",
                &F_AWS,
            );
        }
        Provider::AzureFlexible => {
            out.verified = verdict(
                Status::No,
                "not offered: flexible server documents server certificates only, and no client \
                 certificate setting",
                &F_AZURE,
            );
        }
        Provider::SelfManaged => self_managed(ctx, &mut out, subject, issuer),
    }
    out
}

fn self_managed(
    ctx: &Ctx,
    out: &mut ClientCertificates,
    subject: Option<String>,
    issuer: Option<String>,
) {
    let (require, reload, reload_sql) = match ctx.product {
        Product::Mysql => (
            &F_MYSQL_REQUIRE,
            &F_MYSQL_SSL_CA,
            "ALTER INSTANCE RELOAD TLS;",
        ),
        Product::Mariadb => (&F_MARIADB_REQUIRE, &F_MARIADB_FLUSH, "FLUSH SSL;"),
    };
    out.verified = verdict(
        Status::Yes,
        "accounts made with REQUIRE X509, SUBJECT or ISSUER must present a client certificate \
         that the CA certificates in the server's ssl_ca verify",
        require,
    );
    out.steps.push(step(
        "ssl_ca",
        "option",
        "[mysqld]\nssl_ca=/etc/mysql/ca-bundle.pem",
        "ssl_ca must hold the CA that signed the client certificates (with every intermediate \
         it needs), as well as any CA it held before: the server checks client certificates \
         against it.",
        match ctx.product {
            Product::Mysql => &F_MYSQL_SSL_CA,
            Product::Mariadb => &F_MARIADB_REQUIRE,
        },
    ));
    out.steps.push(step(
        "reload_tls",
        "sql",
        reload_sql,
        "Applies a changed ssl_ca without a restart (MySQL 8.0.16+, MariaDB 10.4+); older \
         servers need a restart.",
        reload,
    ));
    out.steps.push(step(
        "require_x509",
        "sql",
        format!("ALTER USER {ACCOUNT} REQUIRE X509;"),
        "Any client certificate that ssl_ca verifies is accepted.",
        require,
    ));
    let (s, i, given) = match (subject, issuer) {
        (Some(s), Some(i)) => (s, i, true),
        _ => (
            SUBJECT_PLACEHOLDER.to_owned(),
            ISSUER_PLACEHOLDER.to_owned(),
            false,
        ),
    };
    out.steps.push(step(
        "require_subject",
        "sql",
        format!(
            "ALTER USER {ACCOUNT} REQUIRE SUBJECT {} AND ISSUER {};",
            sql_string(&s),
            sql_string(&i)
        ),
        if given {
            "Only this certificate's subject, issued by this CA: the names are the client \
             certificate's, as the server compares them (OpenSSL's one-line form, byte for byte)."
        } else {
            "Only one subject, issued by one CA: give --client-cert to have the names written \
             from the certificate in the form the server compares byte for byte (openssl x509 \
             -noout -subject -issuer -nameopt compat prints it)."
        },
        require,
    ));
    out.steps.push(step(
        "check_account",
        "sql",
        "SELECT user, host, ssl_type, x509_issuer, x509_subject FROM mysql.user WHERE user = '<user>';",
        "ssl_type is X509 or SPECIFIED; x509_subject and x509_issuer hold the names required.",
        require,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_strings_are_quoted() {
        assert_eq!(sql_string("/CN=a'b\\c"), "'/CN=a''b\\\\c'");
    }

    #[test]
    fn every_fact_is_sourced() {
        for f in FACTS {
            assert!(f.is_sourced(), "{}", f.id);
        }
    }
}
