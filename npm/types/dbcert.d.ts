// The JS contract of dbcert: hand-written, the one source of truth for both packages.
//
// `cargo xtask wasm` copies it into npm/dbcert-wasm (index.d.ts for require, index.d.mts for
// import and bundlers, web.d.mts with `init`/`initSync`), and `cargo xtask node` into npm/dbcert
// (index.d.ts, index.d.mts, with `Buffer` added to `Input`). `tsc` (tests/js/types) proves both
// built packages, resolved through their package.json `exports`, are exactly this API, and the
// JS suite (tests/js/test) checks that each exports exactly these functions and runs against
// both. Keep it in step with `dbcert_core::api` and its serde models (camelCase; absent values are
// `null`; nothing 64-bit: times are RFC 3339 strings, serials and fingerprints hex strings).

/** Bytes of a file (a `Buffer` is a `Uint8Array`), or text (PEM), taken as its UTF-8 bytes. */
export type Input = Uint8Array | string;

/** A container format dbcert reads. */
export type Format = 'pem' | 'der' | 'p7b' | 'jks' | 'jceks' | 'pkcs12';

/** An output format of `convert` (`p12`/`pfx`, `cer`/`crt`, `p7c`/`pkcs7` are accepted too). */
export type Target = 'pem' | 'der' | 'p7b' | 'p7b-pem' | 'jks' | 'pkcs12' | 'p12' | 'pfx' | 'cer' | 'crt' | 'p7c' | 'pkcs7';

/** The stable `code` of every error thrown by dbcert. */
export type ErrorCode =
  | 'input_too_large'
  | 'empty_input'
  | 'unknown_format'
  | 'unsupported_format'
  | 'malformed_der'
  | 'malformed_pem'
  /** A certificate's encoding breaks DER in a way OpenSSL, Go and Java all refuse. */
  | 'malformed_certificate'
  | 'malformed_keystore'
  /** A certificate revocation list cannot be decoded, or a CRL input holds none. */
  | 'malformed_crl'
  /** A private key, or its encryption, cannot be decoded. */
  | 'malformed_key'
  | 'password_required'
  | 'wrong_password'
  /** `convert`: the private key belongs to none of the certificates it would be written with. */
  | 'key_mismatch'
  | 'integrity_failed'
  | 'unsupported_algorithm'
  | 'limit_exceeded'
  | 'no_certificates'
  | 'invalid_option'
  /** `probe`: nothing listens on the port. */
  | 'connection_refused'
  /** `probe`: the host cannot be resolved or reached, or the connection broke. */
  | 'connection_failed'
  /** `probe`: connecting or an answer took longer than `timeoutMs`. */
  | 'timeout'
  /** `probe`: the service on the port is not a MySQL server (HTTP, SSH, …). */
  | 'not_mysql'
  /** `probe`: the server does not offer TLS (no CLIENT_SSL in its greeting). */
  | 'tls_not_offered'
  /** `probe`: no TLS handshake succeeded (each version's alert is in the message). */
  | 'tls_handshake_failed'
  /** `probe`: the server sent a MySQL error packet (e.g. "Host is blocked"). */
  | 'server_error'
  /** `probe` in the wasm package: a browser (or wasm) cannot open a raw socket. */
  | 'unsupported_platform'
  /** A bug in dbcert (a Rust panic), turned into an error instead of a crash. */
  | 'panic';

/** What every dbcert function throws (a real `Error`). */
export interface DbcertError extends Error {
  /** The stable code; match on this, not on the message. */
  code: ErrorCode;
  /** The 0-based index of the certificate the error is about, when known. */
  certificate?: number;
  /** The byte offset in the input (for PEM: in the decoded DER of the block), when known. */
  offset?: number;
}

// ---------------------------------------------------------------------------------- inspect

/** Options of `inspect`. */
export interface InspectOptions {
  /** Keystore password: checks JKS/JCEKS integrity, opens PKCS#12 (MAC and encrypted bags). */
  password?: string;
}

/** Whether a keystore's integrity (JKS digest, PKCS#12 MAC) was checked. */
export type Integrity = 'verified' | 'not_checked' | 'not_applicable';

/** A finding that did not stop reading (skipped PEM block, unchecked keystore, …). */
export interface Warning {
  /** Stable snake_case code, e.g. `private_key`, `integrity_not_checked`. */
  code: string;
  /** What happened and what to do. */
  message: string;
  /** The 0-based certificate index it concerns (absent when none). */
  certificate?: number;
}

/**
 * A key in the input: a private- or secret-key entry of a keystore, or a private-key PEM block
 * (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`). Its type and
 * the certificate it belongs to are read where dbcert can; the key itself is never shown.
 */
export interface KeyEntry {
  alias: string | null;
  kind: 'privateKey' | 'secretKey';
  /** How many certificates its chain holds (they are listed among the certificates). */
  chainLength: number;
  /** How the key is encrypted in the input, e.g. `PBES2 (PBKDF2 with HMAC-SHA-256, AES-256-CBC, 2048 iterations)`; null when it is not (or not known). */
  encryption: string | null;
  /** What the key is, when it was read (a plain key, or an encrypted one opened with `password`). */
  key: KeyInfo | null;
  /** The index of the certificate of this input whose public key the key matches. */
  matches: number | null;
  /** PEM: the byte offset of the block's BEGIN line. */
  offset: number | null;
}

/** What a private key is (never the key itself). */
export interface KeyInfo {
  algorithm: 'rsa' | 'ec' | 'ed25519';
  /** The modulus size (RSA), the curve's size (EC) or 256 (Ed25519). */
  bits: number;
  /** The curve of an EC key. */
  curve: 'P-256' | 'P-384' | 'P-521' | null;
}

/** One extension of a certificate. */
export interface ExtensionInfo {
  /** Dotted OID. */
  oid: string;
  /** Known name, or the dotted OID. */
  name: string;
  critical: boolean;
}

/** One certificate, described. */
export interface CertificateInfo {
  /** 0-based position in the input. */
  index: number;
  /** Keystore alias or PKCS#12 friendlyName. */
  alias: string | null;
  /** Subject, RFC 4514. */
  subject: string;
  /** Issuer, RFC 4514. */
  issuer: string;
  /** The subject's (last) common name. */
  commonName: string | null;
  /** Serial number, uppercase hex. */
  serial: string;
  /** Start of validity, RFC 3339 UTC. */
  notBefore: string;
  /** End of validity, RFC 3339 UTC. */
  notAfter: string;
  /** SHA-256 of the DER, uppercase hex with colons. */
  fingerprintSha256: string;
  /** SHA-1 of the DER, uppercase hex with colons. */
  fingerprintSha1: string;
  /** `RSA`, `EC`, `Ed25519`, … */
  keyAlgorithm: string;
  keyBits: number | null;
  /** Named curve of an EC key. */
  curve: string | null;
  /** Java style, e.g. `SHA256withRSA`. */
  signatureAlgorithm: string;
  /** X.509 version: 1, 2 or 3. */
  version: number;
  /** basicConstraints cA. */
  isCa: boolean;
  /** basicConstraints pathLenConstraint. */
  pathLen: number | null;
  /** Subject equals issuer and the key identifiers agree: a root candidate. */
  selfSigned: boolean;
  dnsNames: string[];
  ipAddresses: string[];
  emails: string[];
  /** keyUsage names (`keyCertSign`, …); empty when the extension is absent. */
  keyUsage: string[];
  /** extendedKeyUsage names (`serverAuth`, …) or dotted OIDs. */
  extendedKeyUsage: string[];
  /** Uppercase hex with colons. */
  subjectKeyId: string | null;
  /** Uppercase hex with colons. */
  authorityKeyId: string | null;
  extensions: ExtensionInfo[];
  /** PKCS#12 only: Java's trusted-certificate attribute is present (absent for other formats). */
  trusted?: boolean;
}

/** What `inspect` reports. */
export interface InspectReport {
  format: Format;
  integrity: Integrity;
  /** Every certificate, in file order. */
  certificates: CertificateInfo[];
  keyEntries: KeyEntry[];
  warnings: Warning[];
  /** Certificates that are publicly known cloud CAs; absent when there are none. */
  providers?: RecognisedCa[];
  /** The certificate revocation lists of the input (PEM `X509 CRL` blocks, a DER CRL, a P7B's CRLs); absent when there are none. */
  crls?: CrlInfo[];
}

/** One certificate revocation list, described. */
export interface CrlInfo {
  /** 0-based position among the CRLs of the input. */
  index: number;
  /** 1 or 2. */
  version: number;
  /** RFC 4514. */
  issuer: string;
  /** RFC 3339 UTC. */
  thisUpdate: string;
  nextUpdate: string | null;
  /** cRLNumber, uppercase hex. */
  crlNumber: string | null;
  /** A delta CRL: the number of its base CRL. OpenSSL-based clients ignore delta CRLs (since the fix of openssl/openssl#31040: 3.0.22 has it, 3.0.20 not); an OpenSSL without it takes a delta CRL newer than its base as a complete CRL. Give clients complete CRLs. */
  deltaBaseCrlNumber: string | null;
  issuingDistributionPoint: IssuingDistributionPoint | null;
  /** authorityKeyIdentifier, uppercase hex with colons. */
  authorityKeyId: string | null;
  /** Java style (`SHA256withRSA`). */
  signatureAlgorithm: string;
  fingerprintSha256: string;
  /** Every revoked certificate, in order. */
  revoked: RevokedCertificate[];
  extensions: ExtensionInfo[];
}

/** The scope of a CRL. */
export interface IssuingDistributionPoint {
  /** `URI:…`, `DirName:…`. */
  fullName: string[];
  /** A name relative to the CRL issuer (RFC 4514). */
  relativeName: string | null;
  onlyContainsUserCerts: boolean;
  onlyContainsCaCerts: boolean;
  onlyContainsAttributeCerts: boolean;
  /** Reason names; empty: every reason. */
  onlySomeReasons: string[];
  /** An indirect CRL (OpenSSL-based clients ignore it). */
  indirectCrl: boolean;
}

/** One entry of a CRL. */
export interface RevokedCertificate {
  /** Uppercase hex. */
  serial: string;
  /** RFC 3339 UTC. */
  revocationDate: string;
  /** `keyCompromise`, `cACompromise`, `certificateHold`, …; null when the entry gives none. */
  reason: string | null;
  invalidityDate: string | null;
  /** An indirect CRL's entry: the issuer of the certificate (`DirName:…`). */
  certificateIssuer: string[] | null;
}

/** A certificate of the input that is a publicly known cloud CA (matched by SHA-256). */
export interface RecognisedCa {
  /** 0-based position of the certificate in the input. */
  index: number;
  /** Provider id (`aws-rds`, `azure-flexible`, …). */
  provider: Provider;
  providerName: string;
  /** The CA generation (`rds-ca-rsa2048-g1`, …). */
  generation: string;
  commonName: string;
  /** End of validity, RFC 3339 UTC. */
  notAfter: string;
  /** The page that names this CA. */
  source: string;
}

// ---------------------------------------------------------------------------------- convert

/** Options of `convert`. */
export interface ConvertOptions {
  /** The output format. */
  to: Target;
  /** Password that opens the input keystore. */
  password?: string;
  /** Password that protects a JKS or PKCS#12 output (required for those). */
  outPassword?: string;
  /** Aliases in output order (the rest are derived from each subject's CN). */
  alias?: string | string[];
  /** For `der`: which certificate (0-based, after the filters). */
  index?: number;
  /** Leave out certificates that have expired at `at` (default: now). */
  skipExpired?: boolean;
  /** `"input"` (default) keeps input order; `"chain"` writes the chain leaf-to-root as `verify` builds it, then the rest. */
  order?: 'input' | 'chain';
  /** Drop repeated certificates. */
  dedupe?: boolean;
  /** Keep only CA certificates: jks and pkcs12 are then a truststore even when the input holds a private key (not written). */
  onlyCa?: boolean;
  /** RFC 3339 time for `skipExpired` (default: now). */
  at?: string;
  /** RFC 3339 JKS entry date for every entry (default: each certificate's notBefore). */
  entryDate?: string;
  /** 64 hex digits: PKCS#12 salt/IV seed, for byte-identical output (default: random). */
  seed?: string;
  /** PKCS#12 PBKDF2 and MAC iterations (default 10000). */
  iterations?: number;
  /**
   * `to: 'pem'`: write the private key after its chain (never without this). `jks` and `pkcs12`
   * outputs of an input holding a key are a client keystore: one PrivateKeyEntry, the key and its
   * chain (`alias` names it).
   */
  includeKey?: boolean;
  /** With `includeKey`: encrypt the key under `outPassword` (default true; PBES2, AES-256-CBC). */
  encryptKey?: boolean;
}

// ----------------------------------------------------------------------------------- verify

/** Options of `verify`. */
export interface VerifyOptions {
  /** Trust anchors (a CA bundle or truststore). Default: the input's own self-signed certificates. */
  ca?: Input;
  /** Host name or IP address the client connects to (checks it, as VERIFY_IDENTITY does). */
  host?: string;
  /** RFC 3339 time to verify at (default: now, from the JS clock). */
  at?: string;
  /** Password of the input keystore. */
  password?: string;
  /** Password of the `ca` keystore. */
  caPassword?: string;
  /** The 0-based index of the input certificate to verify as the server's. */
  leaf?: number;
  /** Warn (`expires_soon`) about certificates expiring within this many days (default 30). */
  expiresSoonDays?: number;
  /** Require extendedKeyUsage serverAuth when present (default true). */
  serverAuth?: boolean;
  /** Most intermediate CAs between the leaf and the anchor (default: no limit). */
  maxChainDepth?: number;
  /** Certificate revocation lists: one file or an array of files (PEM, DER or P7B). Given, revocation is checked as clients given `--ssl-crl` check it: every certificate but the self-signed root needs a current CRL from its issuer and must not be on it. */
  crl?: Input | Input[];
  /**
   * The clients whose verdicts `clients` gives, each a client id from `clients()` or
   * `ID@VERSION` with a version the stack table knows (`go-sql-driver@1.26`, `pymysql@3.13`,
   * `sqlx@0.8-native-tls`). Default: every client at its default version. An unknown id or
   * version throws `invalid_option`, naming the known ones.
   */
  clients?: string[];
}

/** The stable code of a verify finding. */
export type FindingCode =
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_issuer'
  | 'not_a_ca'
  | 'path_len_exceeded'
  | 'key_usage'
  | 'hostname_mismatch'
  | 'name_constraints'
  | 'unsupported_critical_extension'
  | 'unsupported_algorithm'
  | 'malformed_certificate'
  | 'bad_extension'
  | 'path_building_limit'
  /** Error: a certificate of the chain is on its issuer's CRL (date and reason in the message). */
  | 'revoked'
  /** Error: no usable CRL from a certificate's issuer covers it (OpenSSL: unable to get certificate CRL). */
  | 'crl_missing'
  /** Error: the CRL for a certificate is past its nextUpdate. */
  | 'crl_expired'
  /** Error: the CRL for a certificate is not valid yet (thisUpdate in the future). */
  | 'crl_not_yet_valid'
  /** Error: a CRL's signature does not verify with its issuer's key. */
  | 'crl_bad_signature'
  /** Error: a CRL clients cannot use (unhandled critical extension, unverifiable algorithm, undecodable). */
  | 'unsupported_crl'
  | 'expires_soon'
  | 'weak_signature_algorithm'
  | 'weak_key'
  | 'duplicate_certificate'
  | 'not_ordered'
  | 'unused_certificate'
  | 'v1_certificate'
  | 'cn_only'
  | 'certificate_policy'
  /** Warning: a certificate is not DER (a BER form some clients accept, which it names). */
  | 'not_der'
  /**
   * Warning: a delta CRL was given and ignored, as the clients' OpenSSL ignores it since the fix
   * of openssl/openssl#31040 (3.0.22 has it); an OpenSSL without it takes a newer delta CRL as a
   * complete one.
   */
  | 'delta_crl_ignored';

/** One problem (error) or caution (warning) found by `verify`. */
export interface Finding {
  code: FindingCode;
  /** What is wrong and what to do about it. */
  message: string;
  /** The 0-based index of the certificate it concerns (in `source`). */
  certificate: number | null;
  /** Which list `certificate` indexes: the input or the `ca` anchors. */
  source: 'input' | 'ca';
}

/** What the input of `verify` is: a server certificate (with or without its chain), a CA chain file (CA certificates, one root at most), or a trust store (several independent roots). */
export type InputKind = 'server_chain' | 'ca_file' | 'trust_store';

/** The headline: `depends_on_client` when there is no error but default clients refuse it (see `refusedBy`). */
export type VerdictStatus = 'passes' | 'depends_on_client' | 'fails';

/** A warning some default clients refuse the chain for. */
export interface Refusal {
  code: FindingCode;
  /** Who refuses, in words. */
  clients: string;
  certificate: number | null;
  source: 'input' | 'ca';
}

/** The CA certificates of a CA file or trust store, counted. */
export interface Authorities {
  cas: number;
  /** CA certificates with no error and no weakness. */
  usable: number;
  /** Self-signed roots (trust anchors). */
  roots: number;
  /** Roots with no error and no weakness: the usable anchors. */
  usableRoots: number;
  expired: number;
  notYetValid: number;
  /** CA certificates with a weakness only (short key, weak signature, X.509 v1). */
  weak: number;
  /** Every CA certificate reaches a root of the input. */
  complete: boolean;
}

/** The answer for the input as a whole, by what it is. */
export interface InputVerdict {
  input: InputKind;
  status: VerdictStatus;
  /** The strongest mode the status answers for. */
  mode: 'VERIFY_CA' | 'VERIFY_IDENTITY';
  /** The answer in one sentence. */
  headline: string;
  /** `needs_server_certificate`: the input holds no server certificate, so the host was not checked (`serverCertificateHowTo` says how to get it). */
  identity: 'checked' | 'not_checked' | 'needs_server_certificate';
  /** The host asked about (kept when it could not be checked). */
  host: string | null;
  /** Warnings that default clients refuse the chain for (none for a trust store: they concern single roots). */
  refusedBy: Refusal[];
  /** CA files and trust stores: the CA certificates counted. */
  authorities: Authorities | null;
  /** The first expiry that matters (a trust store: of its usable anchors). */
  expires: { at: string; certificate: number } | null;
  /** Ways to get the server's certificate, when `identity` is `needs_server_certificate`. */
  serverCertificateHowTo: { text: string; command: string | null }[];
  /** A server chain on which the OpenSSL-based clients build another path than the reported one, with another outcome; the headline says so (the status is then `depends_on_client`). */
  otherPath: StackPath | null;
}

/** The path a TLS stack builds its own way (OpenSSL: the first issuer that fits, the trusted certificates first, no backtracking) when dbcert's verdict on it differs from `valid`. */
export interface StackPath {
  /** The stack that builds it. */
  stack: 'openssl';
  /** The clients of the report that validate with it (snippet ids); empty when none was asked for. */
  clients: string[];
  /** The path, as input indexes (as `chain`). */
  chain: number[];
  /** The trust anchor it ends at, if any. */
  anchor: { source: 'input' | 'ca'; index: number } | null;
  /** Whether that path passes: the opposite of the report's `valid`. */
  valid: boolean;
  /** Who builds which path, and its outcome with its first error. */
  message: string;
}

/** What `verify` reports; it never throws for a bad chain, only for unreadable input. */
export interface VerifyReport {
  /** True when no error was found. In a trust store, problems of single roots are warnings. */
  valid: boolean;
  /** The chain found, leaf first, as input indexes. */
  chain: number[];
  /** The trust anchor the chain ends at. */
  anchor: { source: 'input' | 'ca'; index: number } | null;
  errors: Finding[];
  warnings: Finding[];
  /** Input certificates that are part of no chain. */
  unused: number[];
  /** The answer for the input as a whole. */
  verdict: InputVerdict;
  /**
   * For a server chain: whether each client connects, in VERIFY_CA and VERIFY_IDENTITY, judged
   * with the TLS stack it validates with (the `clients` option's, else every snippet client at its default version). Empty for
   * a CA file or a trust store. `valid` stays what OpenSSL-based clients do.
   */
  clients: ClientConnects[];
}

/** One client's verdict on a chain in one mode (the advisor's `ClientVerdict` judges a server's settings). */
export interface ClientConnects {
  /** A client id from `clients()`. */
  client: string;
  /** The version (or build) judged. */
  version: string;
  /** The TLS stack that validates; null when dbcert cannot tell which. */
  stack: 'openssl' | 'java' | 'go' | 'rustls' | 'dotnet' | null;
  /** The stack profile that decided; empty when the verdict is `unknown`. */
  profile: string;
  mode: 'VERIFY_CA' | 'VERIFY_IDENTITY';
  verdict: 'connects' | 'refuses' | 'unknown';
  /** The finding codes that make this client refuse. */
  codes: FindingCode[];
  /** Why, in words: the first refusal and its fix, or why dbcert cannot tell. */
  reason: string;
  /** For a client that connects: what it does not check that the report found (it connects only because of that); else empty. */
  caveats: ClientCaveat[];
}

/** Something a connecting client does not check among what the report found. */
export interface ClientCaveat {
  /** `revocation_not_checked`: CRLs were given, but the client's settings take none. */
  code: 'revocation_not_checked';
  /** The report's finding codes the client does not see. */
  unseen: FindingCode[];
  /** In words, with the first finding it does not see. */
  message: string;
}

// ---------------------------------------------------------------------------------- snippet

/** A MySQL SSL mode. Also accepted: snake case (`verify_ca`) or dashes (`verify-ca`), any case. */
export type SslMode = 'DISABLED' | 'PREFERRED' | 'REQUIRED' | 'VERIFY_CA' | 'VERIFY_IDENTITY';

/** Options of `snippet`. Missing values become visible placeholders (`<host>`, …). */
export interface SnippetOptions {
  /** A client id from `clients()` (`mysql-cli`, `pymysql`, `jdbc`, …). */
  client: string;
  /** The SSL mode the connection must have. */
  mode: SslMode | string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  /** What to write where the password goes (default `<password>`); never a real secret. */
  passwordPlaceholder?: string;
  /** Path of the CA bundle (PEM for most clients). */
  ca?: string;
  /** The real format of the CA file, when known (e.g. from `detectFormat`). */
  caFormat?: Format;
  /** Path of a Java truststore for Java clients. */
  truststore?: string;
  truststoreType?: 'jks' | 'pkcs12';
  truststorePassword?: string;
  /** Client (driver, connector, tool) version; latest when absent. */
  clientVersion?: string;
  /** The C library a C-based client is built against (mysqlclient). */
  clientLibrary?: 'mysql' | 'mariadb';
  serverFlavor?: 'mysql' | 'mariadb';
  /** As `SELECT VERSION()` reports it. */
  serverVersion?: string;
  /** TLS versions to allow (`TLSv1.2`, `TLSv1.3`, …). */
  tlsVersions?: string[];
  /** Cipher list, when one is required. */
  cipher?: string;
  // Full packages only, not npm/dbcert-snippet's module (its build leaves the CRL code out):
  /**
   * A CRL file (PEM) the client checks the server's chain against (`--ssl-crl`); a client that
   * cannot check one says so in an `option_not_expressible` warning.
   */
  crl?: string;
  /** A directory of CRLs named by issuer hash (`openssl rehash`), for the clients that take one. */
  crlPath?: string;
  // Full packages only, like the CRL options (the widget's build leaves the identity code out):
  /**
   * Path of the client certificate (PEM) presented to a server that asks for one (accounts made
   * with `REQUIRE X509`, `SUBJECT` or `ISSUER`). A Java client is told how to make a keystore of
   * it; a client that cannot present one says so in an `option_not_expressible` warning.
   */
  cert?: string;
  /** Path of the private key (PEM) of `cert`. */
  key?: string;
  /** Path of a client keystore (PKCS#12 or JKS) holding the certificate and its key. */
  keystore?: string;
  keystoreType?: 'jks' | 'pkcs12';
  /** The keystore's password (`<keystore-password>` is written when absent). */
  keystorePassword?: string;
}

/** A generated snippet. */
export interface Snippet {
  client: string;
  mode: SslMode;
  /** `shell`, `ini`, `java`, `properties`, `python`, `javascript`, `go`, `php`, `csharp`, `rust`, `dotenv` or `text`. */
  language: string;
  /** The code or settings. */
  code: string;
  /** Whether the client can express the mode exactly. */
  supported: boolean;
  /** When not supported: the mode the code implements instead, if any. */
  alternative: SslMode | null;
  warnings: { code: string; message: string }[];
  notes: string[];
  /**
   * The placeholders in `code` a reader must replace, in order of appearance: values left out
   * (`<host>`, `<user>`, `/path/to/ca.pem`, …), the password placeholder, and values given in
   * angle brackets (`host: '<endpoint>'`).
   */
  placeholders: string[];
}

/** How `snippetHtml` and `snippetMarkdown` show a snippet (the `<dbcert-snippet>` view). */
export interface SnippetView {
  /** Client ids shown as tabs (the options' `client` is the one selected). */
  clients?: string[];
  /** The modes of a mode switcher (`'all'` for the five); the options' `mode` is selected. */
  modes?: (SslMode | 'all' | string)[];
  /** `auto` (default: `prefers-color-scheme`), `light` or `dark`. */
  theme?: 'auto' | 'light' | 'dark';
  /** HTML only: URL of `dbcert-snippet.css`, linked so a page with no script is styled. */
  stylesheet?: string;
}

/** A client `snippet` knows. */
export interface ClientInfo {
  /** The id to pass as `client`. */
  id: string;
  name: string;
  language: string;
  description: string;
}

// ----------------------------------------------------------------------------------- advise

/** Where the server runs. */
export type Provider = 'alibaba-rds' | 'aws-rds' | 'azure-flexible' | 'gcp-cloudsql' | 'self-managed';

/** Options of `advise`. */
export interface AdviseOptions {
  /** A {@link Provider}, or `mysql` / `mariadb` (self-managed, product named). */
  provider: Provider | 'mysql' | 'mariadb';
  /** Server version: `5.7`, `8.0.36`, `10.11.6-MariaDB` (as `SELECT VERSION()` reports it is best). */
  serverVersion: string;
  /** ApsaraDB RDS edition: `basic`, `high-availability` or `cluster`. */
  edition?: string;
  /** ApsaraDB RDS minor engine version, `YYYYMMDD` (`20241130`). */
  minorVersion?: string;
  /** ApsaraDB RDS `ssl_cipher` parameter value as set (`''` is the empty string). */
  sslCipher?: string;
  /** Clients as `ID@VERSION` (`jdbc@8.0.18`) or `ID`, with the ids of `clients()`. */
  clients?: string[];
  /**
   * A client certificate as PEM text: its subject and issuer are written into the `REQUIRE
   * SUBJECT … AND ISSUER …` statement, in the form the server compares.
   */
  clientCertificate?: string;
  /**
   * The server's certificate chain as it sends it (PEM, DER or P7B): each listed client's
   * verdict then counts whether it accepts the certificate, as `verify` judges it per client
   * (`ClientVerdict.certificate`). Without it, clients are judged on TLS versions only.
   */
  chain?: Input;
  /** The CA bundle the clients are given. Default: the chain's own root. Only with `chain`. */
  ca?: Input;
  /**
   * Host name or IP address the clients connect to: the certificate is judged in
   * VERIFY_IDENTITY, else in VERIFY_CA. Only with `chain`.
   */
  host?: string;
  /** RFC 3339 time to verify the chain at (default: now, from the JS clock). Only with `chain`. */
  at?: string;
}

/** Yes, no, or not known from the sources and the options given. */
export type Status = 'yes' | 'no' | 'unknown';

/** A yes/no/unknown answer with its reason and the page that says so. */
export interface Verdict {
  status: Status;
  text: string;
  source: string;
}

/** Whether the instance accepts one TLS version. */
export interface TlsSupport extends Verdict {
  /** `TLSv1`, `TLSv1.1`, `TLSv1.2` or `TLSv1.3`. */
  version: string;
}

/** Something to set or do. */
export interface Recommendation {
  /** Stable id: `tls_versions`, `ssl_cipher`, `forced_ssl`, `ca_bundle`, … */
  id: string;
  text: string;
  /** The parameter and value, where there is one (the value may be the empty string). */
  setting: { name: string; value: string } | null;
  source: string;
}

/** What an operation does to the instance. */
export interface Operation {
  /** Stable id: `enable_ssl`, `disable_ssl`, `update_certificate`, `force_ssl`, … */
  id: string;
  name: string;
  restart: Status;
  switchover: Status;
  text: string;
  source: string;
}

/** A statement or command that shows the result. */
export interface Check {
  id: string;
  /** `sql` (any client), `mysql` (a mysql client command) or `shell`. */
  kind: 'sql' | 'mysql' | 'shell';
  command: string;
  /** What to look for. */
  expect: string;
  source: string;
}

/** Whether a client connects, best to worst. */
export type ClientStatus = 'ok' | 'warning' | 'breaks';

/** One listed client, judged against the instance. */
export interface ClientVerdict {
  /** As given (`jdbc@8.0.18`). */
  spec: string;
  client: string;
  version: string | null;
  /** The TLS versions the client can speak, as far as dbcert knows. */
  tlsVersions: string[];
  /** Against the instance as configured now. */
  status: ClientStatus;
  /** Against the instance once the TLS recommendations are applied. */
  afterRecommendations: ClientStatus;
  /**
   * What goes wrong, each with the fix (a refused certificate: the first finding code of the
   * refusal, e.g. `cn_only`; `certificate_unknown` when dbcert cannot tell).
   */
  problems: { code: string; text: string; fix: string; source: string }[];
  /**
   * With `chain`: this client's verdict on the server certificate, as `verify` reports it, in
   * VERIFY_IDENTITY when a host was given, else VERIFY_CA; `version` is the stack table's
   * version judged. `status` and `afterRecommendations` already count it.
   */
  certificate?: ClientConnects;
}

/** The advisor's answer: every item carries the URL of its source. */
export interface Advice {
  provider: Provider;
  providerName: string;
  server: {
    product: 'mysql' | 'mariadb';
    version: string;
    edition: 'basic' | 'high-availability' | 'cluster' | null;
    minorVersion: string | null;
    sslCipher: string | null;
  };
  supported: { ssl: Verdict; forcedSsl: Verdict; tlsVersions: TlsSupport[] };
  recommendations: Recommendation[];
  operations: Operation[];
  checks: Check[];
  clients: ClientVerdict[];
  /** Client certificates (mutual TLS): whether the instance verifies them, and how to require one. */
  clientCertificates: {
    verified: Verdict;
    /** The given certificate's subject as the server writes it (`/C=US/O=Example/CN=app`). */
    subject: string | null;
    issuer: string | null;
    /** `sql`, `shell` or `option` (server option-file lines), in order. */
    steps: { id: string; kind: 'sql' | 'shell' | 'option'; command: string; text: string; source: string }[];
  };
  /** Other sourced facts that matter for this instance. */
  notes: { id: string; text: string; source: string }[];
  /** What dbcert assumed because an option was missing. */
  assumptions: string[];
}

// ------------------------------------------------------------------------------------ probe
// A live server's TLS setup. Native only (the Node addon): in the wasm package `probe` throws, and
// `probeAsync` rejects with, an Error with code `unsupported_platform` (no raw sockets there).
// The probe never sends credentials: only the SSLRequest packet, then TLS handshakes.

/** A TLS version as MySQL names it. */
export type ProbeTlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Options of `probe`. */
export interface ProbeOptions {
  /** `HOST` or `HOST:PORT` (`[::1]:3306` for IPv6); the port defaults to 3306. */
  address: string;
  /** The host name clients connect with: checked for VERIFY_IDENTITY and sent as SNI (default: the host of `address`). */
  host?: string;
  /** The CA bundle clients trust (any format `inspect` reads), for VERIFY_CA and VERIFY_IDENTITY. */
  ca?: Input;
  /** Password of `ca` when it is a keystore. */
  caPassword?: string;
  /** The versions to probe, one handshake each (`TLSv1.2`, `1.3`, … ; default all four). */
  tlsVersions?: string[];
  /** Timeout of the connection and of each answer, in milliseconds (default 10000, at most 600000). */
  timeoutMs?: number;
  /** RFC 3339 time to verify the chain at (default: now). */
  at?: string;
}

/** The server family, from its version string. */
export type ServerFlavor = 'mysql' | 'mariadb' | 'tidb';

/** What the server's greeting (the MySQL initial handshake packet) says. */
export interface ProbeServer {
  /** Always 10. */
  protocolVersion: number;
  /** The version string as sent, e.g. `5.5.5-10.11.6-MariaDB-0+deb12u1`. */
  serverVersion: string;
  flavor: ServerFlavor;
  /** The real version, e.g. `10.11.6`. */
  version: string;
  connectionId: number;
  /** Capability flags (32 bits). */
  capabilities: number;
  /** CLIENT_SSL is set. */
  tlsOffered: boolean;
  charset: number | null;
  status: number | null;
  /** Default authentication plugin, e.g. `mysql_native_password`. */
  authPlugin: string | null;
}

/** One TLS version, offered alone. */
export interface ProbeVersion {
  version: ProbeTlsVersion;
  accepted: boolean;
  /** `handshake`: a full rustls handshake (1.2, 1.3); `clientHello`: a hand-built ClientHello and the server's first answer (1.0, 1.1). */
  method: 'handshake' | 'clientHello';
  /** IANA name of the suite the server chose, when accepted. */
  cipherSuite: string | null;
  /** The alert the server refused with, e.g. `protocol_version`. */
  alert: string | null;
  /** What happened, in words, when there is more to say. */
  detail: string | null;
}

/** The newest handshake that succeeded. */
export interface ProbeNegotiated {
  version: ProbeTlsVersion;
  /** e.g. `TLS13_AES_256_GCM_SHA384`. */
  cipherSuite: string;
  /** e.g. `X25519`. */
  keyExchange: string | null;
}

/** A certificate the server sent: its PEM, and the inspect model when it can be decoded. */
export type ProbeCertificate = { pem: string } & (CertificateInfo | {});

/** Whether an SSL mode will connect. */
export type ProbeVerdict = 'works' | 'fails' | 'unknown';

/** One SSL mode's verdict, with the reason. */
export interface ProbeModeVerdict {
  mode: SslMode;
  verdict: ProbeVerdict;
  reason: string;
}

/** What `probe` returns. */
export interface ProbeReport {
  /** `host:port` as probed. */
  address: string;
  /** The host name checked for VERIFY_IDENTITY. */
  host: string;
  server: ProbeServer;
  /** Every version probed, oldest first. */
  tlsVersions: ProbeVersion[];
  negotiated: ProbeNegotiated;
  /** The certificates the server sent, in the order sent. */
  chain: ProbeCertificate[];
  /** Whether `ca` was given (without it the VERIFY modes are `unknown`). */
  caGiven: boolean;
  /** The chain verified against `ca`, no host name; null without `ca`. */
  verifyCa: VerifyReport | null;
  /** The chain verified against `ca` with `host`; null without `ca`. */
  verifyIdentity: VerifyReport | null;
  /** DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY. */
  modes: ProbeModeVerdict[];
}

// -------------------------------------------------------------------------------- functions

/** The format of `input`, from its bytes. Throws `unknown_format`, `unsupported_format`, … */
export function detectFormat(input: Input): Format;

/** Reads `input` (any format) and describes every certificate in it. */
export function inspect(input: Input, options?: InspectOptions): InspectReport;

/** `inspect` off the main thread (Node addon: the libuv pool; wasm: a resolved promise). */
export function inspectAsync(input: Input, options?: InspectOptions): Promise<InspectReport>;

/** Converts `input` into the bytes of a file in `options.to` format. */
export function convert(input: Input, options: ConvertOptions): Uint8Array;

/** `convert` off the main thread (Node addon: the libuv pool; wasm: a resolved promise). */
export function convertAsync(input: Input, options: ConvertOptions): Promise<Uint8Array>;

/** Verifies the chain(s) of `input`; every problem is a finding, nothing is thrown for them. */
export function verify(input: Input, options?: VerifyOptions): VerifyReport;

/** `verify` off the main thread (Node addon: the libuv pool; wasm: a resolved promise). */
export function verifyAsync(input: Input, options?: VerifyOptions): Promise<VerifyReport>;

/** The code or settings that make one client connect with one SSL mode. */
export function snippet(options: SnippetOptions): Snippet;

/** Every client `snippet` knows, in a stable order. */
export function clients(): ClientInfo[];

/**
 * `<dbcert-snippet>` with its markup (code highlighted, tabs, notices, warnings, notes)
 * pre-rendered in a declarative shadow root, on one line: static HTML for docs generators. The
 * element's script, when the page has it, upgrades it in place. Throws as `snippet` does, and
 * `invalid_option` for a bad view.
 */
export function snippetHtml(options: SnippetOptions, view?: SnippetView): string;

/** The same view as Markdown: fenced code per client and mode, notices, warnings and notes as text. */
export function snippetMarkdown(options: SnippetOptions, view?: SnippetView): string;

/**
 * What a server supports, what to set, what each TLS operation does to it, how to check the
 * result, and which of the listed clients would break. Throws `invalid_option` for an unknown
 * provider or client, a bad version, or an option that does not apply to the provider.
 */
export function advise(options: AdviseOptions): Advice;

/**
 * Connects to a live MySQL/MariaDB server, switches to TLS as a client does (never sending
 * credentials), and reports its version, the TLS versions it accepts, the cipher, the chain it
 * sent, whether that chain passes VERIFY_CA / VERIFY_IDENTITY with `ca`, and which SSL modes will
 * connect. Throws `connection_refused`, `connection_failed`, `timeout`, `not_mysql`,
 * `tls_not_offered`, `tls_handshake_failed`, `server_error`, `invalid_option`. Blocks the thread
 * while it waits on the network: prefer `probeAsync`. Node addon only: the wasm package throws
 * `unsupported_platform`.
 */
export function probe(options: ProbeOptions): ProbeReport;

/** `probe` on the libuv pool (Node addon); the wasm package rejects with `unsupported_platform`. */
export function probeAsync(options: ProbeOptions): Promise<ProbeReport>;
