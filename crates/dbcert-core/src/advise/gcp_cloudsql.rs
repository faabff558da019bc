//! Google Cloud SQL for MySQL.
//!
//! Sources (each fact below repeats its own):
//! - Authorize with SSL/TLS certificates (CA hierarchies, client certificates, connectors):
//!   <https://cloud.google.com/sql/docs/mysql/authorize-ssl>
//! - Configure SSL/TLS certificates (SSL modes, restart): <https://cloud.google.com/sql/docs/mysql/configure-ssl-instance>
//!   and its Markdown copy <https://docs.cloud.google.com/sql/docs/mysql/configure-ssl-instance.md.txt>
//! - Admin API SslMode: <https://docs.cloud.google.com/php/docs/reference/cloud-sql-admin/latest/V1.IpConfiguration.SslMode>
//!
//! Cloud SQL's own TLS protocol limits are not in these pages, so the TLS table is the one of the
//! MySQL release (MySQL manual), marked as such. The per-instance CAs are created for each
//! instance and the shared CA roots are not published as files in these pages, so `bundles` has no
//! Google fingerprints.

use super::self_managed::{modern_target, mysql_tls, F_TLS_FACTORS};
use super::{Ctx, Draft, Fact, Status};

const AUTHORIZE: &str = "https://cloud.google.com/sql/docs/mysql/authorize-ssl";
const CONFIGURE: &str = "https://cloud.google.com/sql/docs/mysql/configure-ssl-instance";
const CONFIGURE_MD: &str =
    "https://docs.cloud.google.com/sql/docs/mysql/configure-ssl-instance.md.txt";
const SSL_MODE_API: &str = "https://docs.cloud.google.com/php/docs/reference/cloud-sql-admin/latest/V1.IpConfiguration.SslMode";

// configure-ssl-instance: "Allow both non-SSL/non-TLS and SSL/TLS connections ... This is the
// default. Only allow connections encrypted with SSL/TLS. Only allow connections encrypted with
// SSL/TLS and with valid client certificates."; API names from IpConfiguration.SslMode.
pub(super) const F_SSL_MODES: Fact = Fact::new(
    "gcp.ssl_modes",
    "The SSL mode setting is ALLOW_UNENCRYPTED_AND_ENCRYPTED (the default), ENCRYPTED_ONLY, or \
     TRUSTED_CLIENT_CERTIFICATE_REQUIRED (encrypted and with a valid client certificate).",
    SSL_MODE_API,
);
// configure-ssl-instance (MySQL): "If you enforce SSL for an instance, then the instance requires a
// restart. A restart might also be required after you change SSL/TLS certificates."
pub(super) const F_RESTART: Fact = Fact::new(
    "gcp.enforce_restart",
    "Enforcing SSL on a Cloud SQL for MySQL instance requires a restart, which Cloud SQL performs \
     automatically and which can incur downtime; changing SSL/TLS certificates might also restart \
     it.",
    CONFIGURE_MD,
);
// configure-ssl-instance: Cloud SQL creates a server certificate automatically; enforce SSL for
// public IP access.
pub(super) const F_SERVER_CERT: Fact = Fact::new(
    "gcp.server_certificate",
    "Cloud SQL creates a server certificate when the instance is created; Google recommends \
     enforcing SSL/TLS for all connections, strongly so for public IP access.",
    CONFIGURE,
);
// authorize-ssl: per-instance CA (GOOGLE_MANAGED_INTERNAL_CA, default), shared CA
// (GOOGLE_MANAGED_CAS_CA), customer-managed CA (CUSTOMER_MANAGED_CAS_CA).
pub(super) const F_CA_MODES: Fact = Fact::new(
    "gcp.ca_modes",
    "The server CA is per-instance (GOOGLE_MANAGED_INTERNAL_CA, the default), shared per region \
     under a Google root (GOOGLE_MANAGED_CAS_CA) or customer-managed in CA Service \
     (CUSTOMER_MANAGED_CAS_CA), chosen with serverCaMode / --server-ca-mode.",
    AUTHORIZE,
);
// authorize-ssl: client certificates for mutual authentication; Auth Proxy and connectors encrypt
// and verify both sides automatically.
pub(super) const F_CLIENT_CERTS: Fact = Fact::new(
    "gcp.client_certificates",
    "Client certificates can be created for mutual authentication; connections through the Cloud \
     SQL Auth Proxy or the Cloud SQL Language Connectors are encrypted with client and server \
     identity verification automatically.",
    AUTHORIZE,
);

/// Every fact of this module.
// authorize-ssl describes the CA modes and names no CRL for the Google-managed CAs.
pub(super) const F_CRL: Fact = Fact::new(
    "gcp.crl",
    "dbcert's Cloud SQL sources name no CRL for the Google-managed server CAs; with a \
     customer-managed CA (CA Service) the CRLs are those that CA publishes, named in its \
     certificates' CRL distribution points (`dbcert inspect`).",
    AUTHORIZE,
);
pub(super) const FACTS: &[Fact] = &[
    F_CRL,
    F_SSL_MODES,
    F_RESTART,
    F_SERVER_CERT,
    F_CA_MODES,
    F_CLIENT_CERTS,
];

pub(super) fn advise(ctx: &Ctx, d: &mut Draft) {
    let v = ctx.version;
    d.ssl(
        Status::Yes,
        "Cloud SQL creates a server certificate for every instance",
        &F_SERVER_CERT,
    );
    if mysql_tls(v, d, "MySQL") {
        for t in &mut d.tls {
            t.text = format!(
                "{} (the MySQL release; Cloud SQL's own limits are not in dbcert's sources)",
                t.text
            );
        }
    } else {
        d.ssl(Status::Yes, format!("Cloud SQL creates a server certificate; MySQL {v} is outside the manual tables dbcert uses"), &F_TLS_FACTORS);
    }
    d.target = modern_target(d);
    d.forced(
        Status::Yes,
        "set the SSL mode to ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED); the default allows unencrypted connections",
        &F_SSL_MODES,
    );
    d.recommend(
        "forced_ssl",
        "Set the SSL mode to ENCRYPTED_ONLY, or TRUSTED_CLIENT_CERTIFICATE_REQUIRED to require client \
         certificates too. The instance restarts.",
        Some(("sslMode", "ENCRYPTED_ONLY")),
        &F_SSL_MODES,
    );
    d.operation(
        "force_ssl",
        "Enforce SSL (SSL mode)",
        Status::Yes,
        Status::Unknown,
        "Cloud SQL restarts the instance automatically; expect downtime.",
        &F_RESTART,
    );
    d.operation(
        "rotate_server_ca",
        "Change SSL/TLS certificates",
        Status::Unknown,
        Status::Unknown,
        "Might restart the instance.",
        &F_RESTART,
    );
    d.note(&F_CA_MODES);
    d.note(&F_CLIENT_CERTS);
    d.note(&F_SERVER_CERT);
    d.note(&F_CRL);
}
