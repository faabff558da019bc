//! The one API every facade (CLI, wasm, Node) translates: option structs that deserialize from
//! the camelCase JS objects, results that serialize to them. Facades pass in what the core
//! cannot have: the time and, for PKCS#12 output, random bytes.

use std::fmt;

use serde::Deserialize;
use zeroize::Zeroize;

pub use crate::advise::{Advice, AdviseOptions};
use crate::convert::{convert as convert_bundle, ConvertOptions, Converted, Target};
use crate::error::{Error, ErrorCode, Result};
use crate::formats::{read, ReadOptions};
use crate::inspect::InspectReport;
pub use crate::json::to_json_ascii;
use crate::time::UnixTime;
use crate::verify::{VerifyOptions, VerifyReport};

/// Options of `inspect(input, options)`.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectOptions {
    /// Keystore password.
    pub password: Option<String>,
}

// Passwords: wiped from memory when the options are dropped, and never shown by `Debug` (so
// they cannot end up in a log line or an error message by accident).

/// What `Debug` shows instead of a password.
pub(crate) fn redacted(password: &Option<String>) -> Option<&'static str> {
    password.as_ref().map(|_| "<redacted>")
}

impl Drop for InspectOptions {
    fn drop(&mut self) {
        self.password.zeroize();
    }
}

impl fmt::Debug for InspectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InspectOptions")
            .field("password", &redacted(&self.password))
            .finish()
    }
}

impl Drop for ConvertRequest {
    fn drop(&mut self) {
        self.password.zeroize();
        self.out_password.zeroize();
    }
}

impl fmt::Debug for ConvertRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConvertRequest")
            .field("to", &self.to)
            .field("password", &redacted(&self.password))
            .field("out_password", &redacted(&self.out_password))
            .field("alias", &self.alias)
            .field("index", &self.index)
            .field("skip_expired", &self.skip_expired)
            .field("order", &self.order)
            .field("dedupe", &self.dedupe)
            .field("only_ca", &self.only_ca)
            .field("at", &self.at)
            .field("entry_date", &self.entry_date)
            .field("seed", &self.seed)
            .field("iterations", &self.iterations)
            .field("include_key", &self.include_key)
            .field("encrypt_key", &self.encrypt_key)
            .finish()
    }
}

impl Drop for VerifyRequest {
    fn drop(&mut self) {
        self.password.zeroize();
        self.ca_password.zeroize();
    }
}

impl fmt::Debug for VerifyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyRequest")
            .field("ca", &self.ca)
            .field("host", &self.host)
            .field("at", &self.at)
            .field("password", &redacted(&self.password))
            .field("ca_password", &redacted(&self.ca_password))
            .field("leaf", &self.leaf)
            .field("expires_soon_days", &self.expires_soon_days)
            .field("server_auth", &self.server_auth)
            .field("max_chain_depth", &self.max_chain_depth)
            .field("crl", &self.crl)
            .field("clients", &self.clients)
            .finish()
    }
}

/// Reads and describes `input`.
pub fn inspect(input: &[u8], options: &InspectOptions) -> Result<InspectReport> {
    crate::inspect::inspect(
        input,
        &ReadOptions {
            password: options.password.as_deref(),
        },
    )
}

/// [`inspect`]'s report as the JSON text [`to_json_ascii`] would make of it, byte for byte, made
/// one certificate at a time (see [`crate::inspect::json`]): what the Node addon hands to
/// `JSON.parse`. Not in the wasm32 build (see [`crate::inspect`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn inspect_json(
    input: &[u8],
    options: &InspectOptions,
) -> std::result::Result<String, crate::inspect::json::JsonError> {
    let bundle = crate::formats::read(
        input,
        &ReadOptions {
            password: options.password.as_deref(),
        },
    )?;
    crate::inspect::json::report_json(&bundle)
}

/// Options of `convert(input, options)`.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConvertRequest {
    /// `pem`, `der`, `p7b`, `p7b-pem`, `jks` or `pkcs12`.
    pub to: String,
    /// Password that opens the input keystore.
    pub password: Option<String>,
    /// Password that protects a JKS or PKCS#12 output.
    pub out_password: Option<String>,
    /// Aliases in output order (the rest are derived from the CN).
    #[serde(default)]
    pub alias: Aliases,
    /// For DER: which certificate (0-based, after filters).
    pub index: Option<usize>,
    /// Leave out expired certificates (at `at`, default now).
    #[serde(default)]
    pub skip_expired: bool,
    /// `"input"` (default) or `"chain"`: leaf-to-root as verify builds the chain, then the rest.
    pub order: Option<String>,
    /// Drop repeated certificates.
    #[serde(default)]
    pub dedupe: bool,
    /// Keep only CA certificates.
    #[serde(default)]
    pub only_ca: bool,
    /// RFC 3339 time for `skipExpired`.
    pub at: Option<String>,
    /// RFC 3339 JKS entry date for every entry (default: each certificate's notBefore).
    pub entry_date: Option<String>,
    /// 64 hex digits: PKCS#12 salt/IV seed for byte-identical output (default: random).
    pub seed: Option<String>,
    /// PKCS#12 PBKDF2 and MAC iterations (default 10000).
    pub iterations: Option<u32>,
    /// `to: "pem"`: write the private key after its chain (keys are never written without it;
    /// JKS and PKCS#12 outputs take the key whenever the input holds one).
    #[serde(default)]
    pub include_key: bool,
    /// With `includeKey`: `true` (default) encrypts the key under `outPassword` (PBES2,
    /// AES-256-CBC); `false` writes it in the clear.
    pub encrypt_key: Option<bool>,
}

/// One alias or a list of them.
///
/// Read by its own visitor rather than `#[serde(untagged)]`, which would first copy any value
/// whole (a cyclic or deeply nested one without end, a sparse array of 2^32 - 1 holes element by
/// element) before matching it: here the first thing that is not a string is an error.
#[derive(Clone, Debug, Default)]
pub enum Aliases {
    /// None given.
    #[default]
    None,
    /// One alias (for the first certificate).
    One(String),
    /// Aliases in output order.
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for Aliases {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(AliasesVisitor)
    }
}

/// Reads [`Aliases`]: nothing, a string, or a sequence of strings.
struct AliasesVisitor;

impl<'de> serde::de::Visitor<'de> for AliasesVisitor {
    type Value = Aliases;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an alias or a list of aliases")
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Aliases, E> {
        Ok(Aliases::None)
    }

    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Aliases, E> {
        Ok(Aliases::None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Aliases, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: serde::de::Error>(self, alias: &str) -> std::result::Result<Aliases, E> {
        Ok(Aliases::One(alias.to_owned()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        seq: A,
    ) -> std::result::Result<Aliases, A::Error> {
        // serde's own Vec reading: strings only, and a cautious size hint.
        Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Aliases::Many)
    }
}

/// Converts `input`. `now` is the caller's clock; `random` seeds PKCS#12 salts and IVs when the
/// request has no `seed`. The warnings include the reader's (skipped blocks, unchecked integrity).
pub fn convert(
    input: &[u8],
    request: &ConvertRequest,
    now: UnixTime,
    random: [u8; 32],
) -> Result<Converted> {
    let at = match &request.at {
        Some(t) => UnixTime::parse_rfc3339(t)?,
        None => now,
    };
    let mut options = ConvertOptions::new(Target::parse(&request.to)?, at);
    options.out_password.clone_from(&request.out_password);
    options.aliases = match &request.alias {
        Aliases::None => Vec::new(),
        Aliases::One(a) => vec![a.clone()],
        Aliases::Many(v) => v.clone(),
    };
    options.index = request.index;
    options.skip_expired = request.skip_expired;
    options.chain_order = match request.order.as_deref() {
        None | Some("input") => false,
        Some("chain") => true,
        Some(other) => {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!("unknown order \"{other}\"; use input or chain"),
            ))
        }
    };
    options.dedupe = request.dedupe;
    options.only_ca = request.only_ca;
    options.jks_date_ms = match &request.entry_date {
        Some(t) => Some(UnixTime::parse_rfc3339(t)?.0.saturating_mul(1000)),
        None => None,
    };
    if let Some(n) = request.iterations {
        options.pkcs12.iterations = n;
    }
    options.include_key = request.include_key;
    options.encrypt_key = request.encrypt_key.unwrap_or(true);
    options.pkcs12.seed = match &request.seed {
        Some(hex) => parse_seed(hex)?,
        None => random,
    };
    let bundle = read(
        input,
        &ReadOptions {
            password: request.password.as_deref(),
        },
    )?;
    let mut out = convert_bundle(&bundle, &options)?;
    out.warnings.splice(0..0, bundle.warnings);
    Ok(out)
}

/// Parses a 64-hex-digit seed.
pub fn parse_seed(hex: &str) -> Result<[u8; 32]> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidOption,
            "seed must be 64 hex digits (32 bytes)",
        )
    };
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(bad());
    }
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(seed)
}

/// Reads the optional CA bundle or truststore of a request (any format `read` takes).
pub fn read_ca(ca: Option<&Bytes>, password: Option<&str>) -> Result<Option<crate::Bundle>> {
    ca.map(|bytes| read(&bytes.0, &ReadOptions { password }))
        .transpose()
}

/// Advises on a server's TLS settings: what it supports, what to set, what each operation does,
/// how to check, and which listed clients would break (see [`crate::advise`]). Every item carries
/// its source URL. A `chain` in the options is verified at `options.at`, else at the caller's
/// `now`, with `accelerator` as [`verify`] takes it (the same verdicts with or without it).
pub fn advise(
    options: &AdviseOptions,
    now: UnixTime,
    accelerator: Option<&dyn crate::verify::signature::Backend>,
) -> Result<Advice> {
    crate::advise::advise_at(options, Some(now), accelerator)
}

/// Options of `verify(input, options)`. Every field is optional: with none, the input's own
/// self-signed certificates are the anchors, the host is not checked and the time is `now`.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyRequest {
    /// Trust anchors: the contents of a CA bundle or truststore (any format `read` takes).
    pub ca: Option<Bytes>,
    /// Host name or IP address the client connects to (checked as `VERIFY_IDENTITY` does).
    pub host: Option<String>,
    /// RFC 3339 time to verify at (default: the caller's `now`).
    pub at: Option<String>,
    /// Password of the input keystore.
    pub password: Option<String>,
    /// Password of the `ca` keystore.
    pub ca_password: Option<String>,
    /// Index of the input certificate to verify as the server's.
    pub leaf: Option<usize>,
    /// `expires_soon` warning horizon in days (default 30).
    pub expires_soon_days: Option<u32>,
    /// Require extendedKeyUsage serverAuth when the extension is present (default true).
    pub server_auth: Option<bool>,
    /// Most intermediate CAs between the leaf and the anchor (default: no limit).
    pub max_chain_depth: Option<usize>,
    /// Certificate revocation lists: one file's contents or an array of them (each PEM, DER or
    /// P7B). Given, revocation is checked as clients given `--ssl-crl` check it.
    pub crl: Option<Files>,
    /// The clients to judge (the report's `clients`), each `ID` or `ID@VERSION` with an id and a
    /// version of the stack table (`verify::clients::table`); default: every snippet client at
    /// its default version. An unknown id or version is an `invalid_option` error.
    #[serde(default)]
    pub clients: Vec<String>,
}

/// One file's contents or an array of them, inside an options object (an array of numbers is
/// one file's bytes).
///
/// Read by its own visitor, as [`Aliases`] is and for the same reason: `#[serde(untagged)]`
/// would copy the whole value before matching it (and its buffering costs the wasm package
/// 7 KB). An array's elements are read one by one; an element that is neither a byte nor a
/// file is an error at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files(pub Vec<Bytes>);

/// The message for an array that mixes bytes and files.
const MIXED_FILES: &str =
    "crl: an array of files (Uint8Array or string), or one file's bytes, not a mix";

impl<'de> Deserialize<'de> for Files {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(FilesVisitor)
    }
}

/// Reads [`Files`]: one file, or a sequence that is all bytes (one file) or all files.
struct FilesVisitor;

impl<'de> serde::de::Visitor<'de> for FilesVisitor {
    type Value = Files;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("file contents (a Uint8Array or a string) or an array of them")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Files, E> {
        BytesVisitor.visit_str(v).map(|b| Files(vec![b]))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> std::result::Result<Files, E> {
        BytesVisitor.visit_bytes(v).map(|b| Files(vec![b]))
    }

    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> std::result::Result<Files, E> {
        BytesVisitor.visit_byte_buf(v).map(|b| Files(vec![b]))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Files, A::Error> {
        let (mut bytes, mut files) = (Vec::new(), Vec::new());
        while let Some(item) = seq.next_element::<Item>()? {
            match item {
                Item::Byte(b) if files.is_empty() => bytes.push(b),
                Item::File(f) if bytes.is_empty() => files.push(f),
                _ => return Err(serde::de::Error::custom(MIXED_FILES)),
            }
        }
        // An empty array is one empty file, as an empty Uint8Array is.
        Ok(if files.is_empty() {
            Files(vec![Bytes(bytes)])
        } else {
            Files(files)
        })
    }
}

/// One element of a [`Files`] array: a byte of one file, or a whole file.
enum Item {
    Byte(u8),
    File(Bytes),
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

/// Reads an [`Item`]: an integer 0 to 255, or what [`BytesVisitor`] reads.
struct ItemVisitor;

impl<'de> serde::de::Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a byte (0 to 255) or file contents (a Uint8Array or a string)")
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Item, E> {
        u8::try_from(v)
            .map(Item::Byte)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Item, E> {
        u8::try_from(v)
            .map(Item::Byte)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Item, E> {
        BytesVisitor.visit_str(v).map(Item::File)
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> std::result::Result<Item, E> {
        BytesVisitor.visit_bytes(v).map(Item::File)
    }

    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> std::result::Result<Item, E> {
        BytesVisitor.visit_byte_buf(v).map(Item::File)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        seq: A,
    ) -> std::result::Result<Item, A::Error> {
        BytesVisitor.visit_seq(seq).map(Item::File)
    }
}

/// The CRLs of the request's `crl` files, each read by [`crate::crl::read::read`].
pub fn read_crl_files(files: Option<&Files>) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for f in files.map(|f| f.0.as_slice()).unwrap_or_default() {
        out.extend(crate::crl::read::read(&f.0)?);
    }
    Ok(out)
}

/// File contents inside an options object: bytes (JS `Uint8Array`/`Buffer`, or an array of
/// numbers) or text (PEM), taken as its UTF-8 bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

/// Written as bytes (a JSON array of numbers, which [`Bytes`] reads back).
impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(BytesVisitor)
    }
}

/// Reads [`Bytes`]: a byte array, a string (its UTF-8 bytes) or a sequence of bytes.
struct BytesVisitor;

impl<'de> serde::de::Visitor<'de> for BytesVisitor {
    type Value = Bytes;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("file contents: a Uint8Array or a string")
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Bytes, E> {
        Ok(Bytes(v.as_bytes().to_vec()))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> std::result::Result<Bytes, E> {
        Ok(Bytes(v.to_vec()))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> std::result::Result<Bytes, E> {
        Ok(Bytes(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Bytes, A::Error> {
        let mut out = Vec::new();
        while let Some(b) = seq.next_element::<u8>()? {
            out.push(b);
        }
        Ok(Bytes(out))
    }
}

/// Verifies the chain(s) of `input` against `request.ca` (or the input's own self-signed
/// certificates) at `request.at`, else at the caller's `now`. Errors only when an input cannot
/// be read; every problem with the chain is a finding in the report. `accelerator`: see
/// [`VerifyOptions::accelerator`] (the same report with or without it).
pub fn verify(
    input: &[u8],
    request: &VerifyRequest,
    now: UnixTime,
    accelerator: Option<&dyn crate::verify::signature::Backend>,
) -> Result<VerifyReport> {
    let at = match &request.at {
        Some(t) => UnixTime::parse_rfc3339(t)?,
        None => now,
    };
    let bundle = read(
        input,
        &ReadOptions {
            password: request.password.as_deref(),
        },
    )?;
    let ca = read_ca(request.ca.as_ref(), request.ca_password.as_deref())?;
    let count = bundle.certificates.len();
    if let Some(i) = request.leaf.filter(|i| *i >= count) {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "leaf {i} is out of range: the input holds {count} certificates (0 to {})",
                count.saturating_sub(1)
            ),
        ));
    }
    let crls = read_crl_files(request.crl.as_ref())?;
    let clients = request
        .clients
        .iter()
        .map(|c| crate::verify::clients::ClientRef::checked(c))
        .collect::<Result<Vec<_>>>()?;
    let mut options = VerifyOptions::new(at);
    options.clients = &clients;
    options.ca = ca.as_ref();
    options.crls = &crls;
    options.host = request.host.as_deref();
    options.leaf = request.leaf;
    options.max_chain_depth = request.max_chain_depth;
    options.accelerator = accelerator;
    if let Some(days) = request.expires_soon_days {
        options.expires_soon_days = days;
    }
    if let Some(server_auth) = request.server_auth {
        options.server_auth = server_auth;
    }
    Ok(crate::verify::verify(&bundle, &options))
}

#[cfg(test)]
mod tests {
    use super::{Bytes, Files};

    fn files(json: &str) -> Result<Files, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn files_take_one_file_an_array_of_files_or_one_files_bytes() {
        let f = |s: &[u8]| Bytes(s.to_vec());
        assert_eq!(files(r#""PEM""#), Ok(Files(vec![f(b"PEM")])));
        assert_eq!(
            files(r#"["a", [98, 99]]"#),
            Ok(Files(vec![f(b"a"), f(b"bc")]))
        );
        assert_eq!(files("[1, 2, 255]"), Ok(Files(vec![f(&[1, 2, 255])])));
        assert_eq!(files("[]"), Ok(Files(vec![f(b"")])));
    }

    #[test]
    fn files_refuse_a_mix_a_non_byte_and_other_values() {
        for json in [r#"[1, "a"]"#, r#"["a", 1]"#] {
            let e = files(json).unwrap_err();
            assert!(e.contains("not a mix"), "{json}: {e}");
        }
        for json in ["[256]", "[-1]", "[1.5]", "[null]", "true", "{}", "7"] {
            assert!(files(json).is_err(), "{json}");
        }
    }
}
