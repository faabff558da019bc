//! The client identity options ([`SnippetOptions::cert`] `--cert FILE`, [`SnippetOptions::key`]
//! `--key FILE`, [`SnippetOptions::keystore`] `--keystore FILE` with its type and password)
//! shared by the client modules: the certificate and key a client presents when the server asks
//! for one (accounts made with `REQUIRE X509`, `REQUIRE SUBJECT '…'` or `REQUIRE ISSUER '…'`,
//! Cloud SQL's `TRUSTED_CLIENT_CERTIFICATE_REQUIRED`).
//!
//! Each client takes the identity in one form: PEM files (the C clients, Python, Node, Go, PHP,
//! .NET, sqlx), a Java keystore (the Java drivers) or a PKCS#12 file (Prisma). The other form is
//! converted first, and the snippet says with which command (a `keystore_needed` or
//! `identity_not_pem` warning). A client that cannot present a certificate says so in an
//! `option_not_expressible` warning, as for the CRL options (`snippet/crl.rs`).
//!
//! What each client does with it is observed against a real MariaDB by
//! `tests/realserver/identity_matrix.py` (users `REQUIRE X509` and `REQUIRE SUBJECT`), each
//! client module citing its own source.
//!
//! [`SnippetOptions::cert`]: super::SnippetOptions::cert
//! [`SnippetOptions::key`]: super::SnippetOptions::key
//! [`SnippetOptions::keystore`]: super::SnippetOptions::keystore

use super::{Ctx, Out, SslMode, TruststoreType};

/// Placeholder for the client certificate when only the key was given.
#[cfg(feature = "snippet-identity")]
pub(crate) const CERT_PLACEHOLDER: &str = "/path/to/client-cert.pem";
/// Placeholder for the client key when only the certificate was given.
#[cfg(feature = "snippet-identity")]
pub(crate) const KEY_PLACEHOLDER: &str = "/path/to/client-key.pem";
/// Placeholder for the client keystore's password when it was not given.
#[cfg(feature = "snippet-identity")]
pub(crate) const PASSWORD_PLACEHOLDER: &str = "<keystore-password>";

/// A client certificate and its key as PEM files (one file may hold both). Without the
/// `snippet-identity` feature it cannot exist, so a client module's `Some(pem)` branch is
/// statically dead in the widget's module (W9), whether or not [`pem`] is inlined.
pub(crate) struct Pem {
    /// The certificate (and the intermediates the server needs, after it).
    pub cert: String,
    /// The private key.
    pub key: String,
    #[cfg(not(feature = "snippet-identity"))]
    _never: std::convert::Infallible,
}

/// A client keystore: a PKCS#12 or JKS file holding one PrivateKeyEntry (uninhabited without
/// the `snippet-identity` feature, as [`Pem`]).
pub(crate) struct Keystore {
    /// Its path.
    pub path: String,
    /// Its type.
    pub kind: TruststoreType,
    /// Its password (the placeholder when not given).
    pub password: String,
    #[cfg(not(feature = "snippet-identity"))]
    _never: std::convert::Infallible,
}

/// What the identity options ask for, when given (the `snippet-identity` feature only: without
/// it [`pem`] and [`keystore`] answer `None` and their results cannot exist).
#[cfg(feature = "snippet-identity")]
pub(crate) struct Identity {
    /// The PEM pair given (`--cert`, `--key`), a missing half replaced by its placeholder.
    pem: Option<Pem>,
    /// The keystore given (`--keystore`).
    keystore: Option<Keystore>,
}

/// The identity options when they apply: given, and `mode` (the mode the code implements) uses
/// TLS. Given for DISABLED they are reported unused (`identity_unused`) and `None` is returned;
/// a certificate without its key (or the reverse) is completed with a placeholder and a warning
/// (`identity_incomplete`).
#[cfg(feature = "snippet-identity")]
pub(crate) fn wanted(ctx: &Ctx, out: &mut Out, mode: SslMode) -> Option<Identity> {
    let (cert, key, keystore) = (ctx.cert(), ctx.key(), ctx.keystore());
    if cert.is_none() && key.is_none() && keystore.is_none() {
        return None;
    }
    if mode == SslMode::Disabled {
        out.warn(
            "identity_unused",
            "DISABLED uses no TLS, so the client certificate is not used: a client certificate \
             is presented only inside a TLS handshake.",
        );
        return None;
    }
    let pem = match (cert, key) {
        (None, None) => None,
        (cert, key) => {
            if cert.is_none() || key.is_none() {
                let (given, missing, flag) = match cert {
                    Some(_) => ("certificate", "key", "--key"),
                    None => ("key", "certificate", "--cert"),
                };
                out.warn(
                    "identity_incomplete",
                    format!(
                        "A client {given} was given without its {missing} ({flag}): the client \
                         needs both, and the snippet has a placeholder for the {missing}."
                    ),
                );
            }
            Some(Pem {
                cert: cert.unwrap_or_else(|| CERT_PLACEHOLDER.to_owned()),
                key: key.unwrap_or_else(|| KEY_PLACEHOLDER.to_owned()),
            })
        }
    };
    let keystore = keystore.map(|path| Keystore {
        kind: ctx.o.keystore_type.unwrap_or_else(|| guess_type(&path)),
        password: ctx
            .o
            .keystore_password
            .clone()
            .unwrap_or_else(|| PASSWORD_PLACEHOLDER.to_owned()),
        path,
    });
    Some(Identity { pem, keystore })
}

/// Whether the identity given is a PKCS#12 keystore alone (no `--cert` or `--key`): for a client
/// that reads both forms (MySqlConnector), the keystore is then used as it is.
#[cfg(feature = "snippet-identity")]
pub(crate) fn pkcs12_alone(ctx: &Ctx) -> bool {
    ctx.cert().is_none()
        && ctx.key().is_none()
        && ctx.keystore().is_some_and(|k| {
            ctx.o.keystore_type.unwrap_or_else(|| guess_type(&k)) == TruststoreType::Pkcs12
        })
}

/// Without the `snippet-identity` feature: never.
#[cfg(not(feature = "snippet-identity"))]
pub(crate) fn pkcs12_alone(_: &Ctx) -> bool {
    false
}

/// PKCS#12 for `.p12` and `.pfx`, JKS otherwise (as for truststores).
#[cfg(feature = "snippet-identity")]
fn guess_type(path: &str) -> TruststoreType {
    let l = path.to_ascii_lowercase();
    if l.ends_with(".p12") || l.ends_with(".pfx") {
        TruststoreType::Pkcs12
    } else {
        TruststoreType::Jks
    }
}

/// The identity as PEM files for a PEM-reading client (`client` names it in messages): the
/// `--cert`/`--key` pair; or, for a keystore alone, the PEM file `dbcert convert … --to pem
/// --include-key` makes of it (certificate and key in one file, given as both), with an
/// `identity_not_pem` warning giving the command. `None` when no identity applies.
#[cfg(feature = "snippet-identity")]
pub(crate) fn pem(ctx: &Ctx, out: &mut Out, mode: SslMode, client: &str) -> Option<Pem> {
    let id = wanted(ctx, out, mode)?;
    if let Some(pem) = id.pem {
        return Some(pem);
    }
    let ks = id.keystore?;
    let mut file = super::with_extension(&ks.path, "pem");
    if file == ks.path {
        file = super::with_extension(&ks.path, "key.pem");
    }
    let command = format!(
        "dbcert convert {} --password {} --to pem --include-key --no-encrypt-key -o {}",
        super::quote::shell(&ks.path),
        super::quote::shell(&ks.password),
        super::quote::shell(&file)
    );
    out.warn(
        "identity_not_pem",
        format!(
            "{} is a Java keystore ({}), but {client} reads the client certificate and key from \
             PEM files. Convert it with `{command}` (the certificate and its key in one file, the \
             key unencrypted: keep the file private, chmod 600); the snippet uses {file} for both.",
            ks.path,
            ks.kind.java_name()
        ),
    );
    Some(Pem {
        cert: file.clone(),
        key: file,
    })
}

/// The identity as a keystore for a Java client or Prisma (`client` names it; `types` are the
/// keystore types it reads): the `--keystore` given; or, for a PEM pair (or a keystore of a type
/// the client does not read), the PKCS#12 file `dbcert convert CERT KEY --to pkcs12` makes of it,
/// with a `keystore_needed` warning giving the command. `None` when no identity applies.
#[cfg(feature = "snippet-identity")]
pub(crate) fn keystore(
    ctx: &Ctx,
    out: &mut Out,
    mode: SslMode,
    client: &str,
    types: &[TruststoreType],
) -> Option<Keystore> {
    let id = wanted(ctx, out, mode)?;
    if let Some(ks) = id.keystore {
        if types.contains(&ks.kind) {
            return Some(ks);
        }
        let p12 = with_suffix(&ks.path, "p12");
        out.warn(
            "keystore_needed",
            format!(
                "{} is a {} keystore, but {client} reads PKCS#12 only. Convert it with `keytool \
                 -importkeystore -srckeystore {} -srcstoretype JKS -destkeystore {} \
                 -deststoretype PKCS12`; the snippet uses {p12}.",
                ks.path,
                ks.kind.java_name(),
                super::quote::shell(&ks.path),
                super::quote::shell(&p12)
            ),
        );
        return Some(Keystore {
            path: p12,
            kind: TruststoreType::Pkcs12,
            password: ks.password,
        });
    }
    let pem = id.pem?;
    let p12 = with_suffix(&pem.cert, "p12");
    let password = ctx
        .o
        .keystore_password
        .clone()
        .unwrap_or_else(|| PASSWORD_PLACEHOLDER.to_owned());
    let sh = super::quote::shell;
    out.warn(
        "keystore_needed",
        format!(
            "{client} reads the client certificate and key only from a keystore, not from PEM \
             files. Make a PKCS#12 keystore holding them (one PrivateKeyEntry) with `dbcert \
             convert {} {} --to pkcs12 -o {} --out-password {}`; the snippet uses it.",
            sh(&pem.cert),
            sh(&pem.key),
            sh(&p12),
            sh(&password)
        ),
    );
    Some(Keystore {
        path: p12,
        kind: TruststoreType::Pkcs12,
        password,
    })
}

/// Without the `snippet-identity` feature: never an identity.
#[cfg(not(feature = "snippet-identity"))]
pub(crate) fn pem(_: &Ctx, _: &mut Out, _: SslMode, _: &str) -> Option<Pem> {
    None
}

/// Without the `snippet-identity` feature: never an identity.
#[cfg(not(feature = "snippet-identity"))]
pub(crate) fn keystore(
    _: &Ctx,
    _: &mut Out,
    _: SslMode,
    _: &str,
    _: &[TruststoreType],
) -> Option<Keystore> {
    None
}

/// `path` with the extension `ext`, never `path` itself.
#[cfg(feature = "snippet-identity")]
fn with_suffix(path: &str, ext: &str) -> String {
    let p = super::with_extension(path, ext);
    if p == path {
        super::with_extension(path, &format!("client.{ext}"))
    } else {
        p
    }
}

/// Records that `client` cannot present a client certificate (`why`), when one was asked for.
#[cfg(feature = "snippet-identity")]
pub(crate) fn not_expressible(ctx: &Ctx, out: &mut Out, mode: SslMode, client: &str, why: &str) {
    if wanted(ctx, out, mode).is_some() {
        out.warn(
            "option_not_expressible",
            format!(
                "{client} cannot present a client certificate: {why}. The server refuses it for \
                 accounts made with REQUIRE X509, SUBJECT or ISSUER."
            ),
        );
    }
}

/// Without the `snippet-identity` feature: nothing to record.
#[cfg(not(feature = "snippet-identity"))]
pub(crate) fn not_expressible(_: &Ctx, _: &mut Out, _: SslMode, _: &str, _: &str) {}

#[cfg(all(test, feature = "snippet-identity"))]
#[path = "identity_tests.rs"]
mod tests;
