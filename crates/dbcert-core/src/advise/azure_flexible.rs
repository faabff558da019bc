//! Azure Database for MySQL flexible server.
//!
//! Sources (each fact below repeats its own):
//! - Connect with encrypted connections (TLS settings table):
//!   <https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl> and its
//!   Azure China copy <https://docs.azure.cn/mysql/flexible-server/how-to-connect-tls-ssl>
//! - Root certificate rotation: <https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-root-certificate-rotation>
//! - Root certificate rotation FAQ: <https://docs.azure.cn/en-us/mysql/flexible-server/concepts-root-certificate-rotation-faq>

use super::{Ctx, Draft, Fact, Status};
use crate::snippet::TlsVersion;

const TLS_HOWTO: &str =
    "https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl";
const TLS_HOWTO_CN: &str = "https://docs.azure.cn/mysql/flexible-server/how-to-connect-tls-ssl";
const ROTATION: &str = "https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-root-certificate-rotation";
const ROTATION_FAQ: &str =
    "https://docs.azure.cn/en-us/mysql/flexible-server/concepts-root-certificate-rotation-faq";

// how-to-connect-tls-ssl: "supports encrypted connections using Transport Layer Security (TLS 1.2)
// by default and all incoming connections with TLS 1.0 and TLS 1.1 will be denied by default".
pub(super) const F_DEFAULT: Fact = Fact::new(
    "azure.tls_default",
    "Flexible server encrypts connections with TLS 1.2 by default and denies TLS 1.0 and TLS 1.1 \
     connections by default; the enforcement and the TLS version can be changed.",
    TLS_HOWTO,
);
// Settings table (Azure China copy): require_secure_transport OFF disables enforcement;
// tls_version TLS 1.0 or 1.1 only on v5.7; ON + TLS 1.2 is the default and recommended;
// TLS 1.3 only on v8.0.
pub(super) const F_SETTINGS: Fact = Fact::new(
    "azure.tls_settings",
    "require_secure_transport=ON with tls_version=TLS 1.2 is the default and recommended setting; \
     tls_version TLS 1.0 or TLS 1.1 is possible only on MySQL 5.7 and TLS 1.3 only on MySQL 8.0; \
     require_secure_transport=OFF turns enforcement off for legacy applications.",
    TLS_HOWTO_CN,
);
// Settings table note: "SSL cipher changes are not supported".
pub(super) const F_NO_CIPHER: Fact = Fact::new(
    "azure.no_cipher_change",
    "Changing the SSL cipher is not supported; with tls_version TLS 1.2, FIPS cipher suites are \
     enforced by default.",
    TLS_HOWTO_CN,
);
// Root certificate rotation: DigiCert Global Root CA replaced by DigiCert Global Root G2 and
// Microsoft RSA Root Certificate Authority 2017; keep all three during the transition.
pub(super) const F_ROOTS: Fact = Fact::new(
    "azure.root_rotation",
    "The SHA-1 root DigiCert Global Root CA is being replaced by DigiCert Global Root G2 and \
     Microsoft RSA Root Certificate Authority 2017: clients that verify the root need all three \
     during the transition, then can drop DigiCert Global Root CA.",
    ROTATION,
);
// FAQ: no restart needed, the certificate update is a client-side change, no maintenance downtime.
pub(super) const F_ROTATION_CLIENT_SIDE: Fact = Fact::new(
    "azure.rotation_client_side",
    "The root certificate update is a client-side change: the database server needs no restart \
     and no maintenance downtime.",
    ROTATION_FAQ,
);

/// Every fact of this module.
// The rotation page names the three roots; as roots they carry no CRL distribution point
// (tests/advise.rs reads them from the system bundle); the certificates under them name theirs.
pub(super) const F_CRL: Fact = Fact::new(
    "azure.crl",
    "The roots Azure names (DigiCert Global Root CA, DigiCert Global Root G2, Microsoft RSA Root \
     Certificate Authority 2017) carry no CRL distribution point, as roots do not (checked by \
     dbcert's tests); the server certificate and its intermediates name their own CRLs: read them \
     with `dbcert probe` and `dbcert inspect`, and give every CA's CRL to a client's --ssl-crl.",
    ROTATION,
);
pub(super) const FACTS: &[Fact] = &[
    F_CRL,
    F_DEFAULT,
    F_SETTINGS,
    F_NO_CIPHER,
    F_ROOTS,
    F_ROTATION_CLIENT_SIDE,
];

pub(super) fn advise(ctx: &Ctx, d: &mut Draft) {
    use TlsVersion::*;
    let series = ctx.series();
    let sv = format!("{}.{}", series.0, series.1);
    let v57 = series == (5, 7);
    let v80 = series == (8, 0);
    d.ssl(
        Status::Yes,
        "flexible server encrypts connections with TLS 1.2 by default",
        &F_DEFAULT,
    );
    d.forced(
        Status::Yes,
        "require_secure_transport is ON by default",
        &F_SETTINGS,
    );
    for t in [Tls10, Tls11] {
        d.tls(
            t,
            Status::No,
            if v57 {
                format!("denied by default; tls_version can allow {t} on MySQL 5.7 only")
            } else {
                format!("denied by default; tls_version allows it only on MySQL 5.7, not {sv}")
            },
            if v57 { &F_SETTINGS } else { &F_DEFAULT },
        );
    }
    d.tls(Tls12, Status::Yes, "the default tls_version", &F_DEFAULT);
    let (status13, text13) = match series {
        (8, 0) => (
            Status::Unknown,
            "MySQL 8.0 only, when tls_version is set to TLS 1.3 (the default is TLS 1.2)"
                .to_owned(),
        ),
        (5, 7) => (
            Status::No,
            "TLS 1.3 is available on MySQL 8.0 only, not 5.7".to_owned(),
        ),
        _ => (
            Status::Unknown,
            format!("the settings table covers MySQL 5.7 and 8.0, not {sv}"),
        ),
    };
    d.tls(Tls13, status13, text13, &F_SETTINGS);
    d.target = vec![Tls12];
    d.recommend(
        "tls_versions",
        if v80 {
            "Keep require_secure_transport=ON and tls_version=TLS 1.2 (the default); TLS 1.3 is \
             available on 8.0 for clients that all speak it."
        } else {
            "Keep require_secure_transport=ON and tls_version=TLS 1.2 (the default)."
        },
        Some(("tls_version", "TLSv1.2")),
        &F_SETTINGS,
    );
    d.recommend(
        "ca_bundle",
        "Give verifying clients a CA file with DigiCert Global Root CA, DigiCert Global Root G2 and \
         Microsoft RSA Root Certificate Authority 2017 until the rotation is over.",
        None,
        &F_ROOTS,
    );
    d.operation(
        "root_rotation",
        "Root certificate rotation",
        Status::No,
        Status::No,
        "Client-side only: add the new roots to every client's CA file; the server is not restarted.",
        &F_ROTATION_CLIENT_SIDE,
    );
    d.note(&F_ROOTS);
    d.note(&F_NO_CIPHER);
    d.note(&F_CRL);
}
