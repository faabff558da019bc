//! Object identifiers dbcert knows, as DER content bytes, with their names.

/// PKCS#7 signedData (1.2.840.113549.1.7.2)
pub const SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// PKCS#7 data (1.2.840.113549.1.7.1)
pub const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
/// PKCS#7 encryptedData (1.2.840.113549.1.7.6)
pub const ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
/// rsaEncryption (1.2.840.113549.1.1.1)
pub const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// md2WithRSAEncryption (1.2.840.113549.1.1.2)
pub const MD2_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x02];
/// md5WithRSAEncryption (1.2.840.113549.1.1.4)
pub const MD5_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04];
/// sha1WithRSAEncryption (1.2.840.113549.1.1.5)
pub const SHA1_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05];
/// RSASSA-PSS (1.2.840.113549.1.1.10)
pub const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/// sha256WithRSAEncryption (1.2.840.113549.1.1.11)
pub const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
/// sha384WithRSAEncryption (1.2.840.113549.1.1.12)
pub const SHA384_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
/// sha512WithRSAEncryption (1.2.840.113549.1.1.13)
pub const SHA512_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
/// sha224WithRSAEncryption (1.2.840.113549.1.1.14)
pub const SHA224_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0e];
/// MGF1 (1.2.840.113549.1.1.8)
pub const MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
/// id-ecPublicKey (1.2.840.10045.2.1)
pub const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// ecdsa-with-SHA1 (1.2.840.10045.4.1)
pub const ECDSA_WITH_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01];
/// ecdsa-with-SHA224 (1.2.840.10045.4.3.1)
pub const ECDSA_WITH_SHA224: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x01];
/// ecdsa-with-SHA256 (1.2.840.10045.4.3.2)
pub const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
/// ecdsa-with-SHA384 (1.2.840.10045.4.3.3)
pub const ECDSA_WITH_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
/// ecdsa-with-SHA512 (1.2.840.10045.4.3.4)
pub const ECDSA_WITH_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04];
/// DSA (1.2.840.10040.4.1)
pub const DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
/// dsa-with-SHA1 (1.2.840.10040.4.3)
pub const DSA_WITH_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03];
/// dsa-with-SHA256 (2.16.840.1.101.3.4.3.2)
pub const DSA_WITH_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02];
/// Ed25519 (1.3.101.112)
pub const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
/// Ed448 (1.3.101.113)
pub const ED448: &[u8] = &[0x2b, 0x65, 0x71];
/// X25519 (1.3.101.110)
pub const X25519: &[u8] = &[0x2b, 0x65, 0x6e];
/// P-256 (1.2.840.10045.3.1.7)
pub const SECP256R1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// P-384 (1.3.132.0.34)
pub const SECP384R1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
/// P-521 (1.3.132.0.35)
pub const SECP521R1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
/// secp256k1 (1.3.132.0.10)
pub const SECP256K1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x0a];
/// SHA-1 (1.3.14.3.2.26)
pub const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
/// SHA-224 (2.16.840.1.101.3.4.2.4)
pub const SHA224: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04];
/// SHA-256 (2.16.840.1.101.3.4.2.1)
pub const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
/// SHA-384 (2.16.840.1.101.3.4.2.2)
pub const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
/// SHA-512 (2.16.840.1.101.3.4.2.3)
pub const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
/// CN (2.5.4.3)
pub const CN: &[u8] = &[0x55, 0x04, 0x03];
/// SN (2.5.4.4)
pub const SURNAME: &[u8] = &[0x55, 0x04, 0x04];
/// serialNumber (2.5.4.5)
pub const SERIAL_NUMBER: &[u8] = &[0x55, 0x04, 0x05];
/// C (2.5.4.6)
pub const C: &[u8] = &[0x55, 0x04, 0x06];
/// L (2.5.4.7)
pub const L: &[u8] = &[0x55, 0x04, 0x07];
/// ST (2.5.4.8)
pub const ST: &[u8] = &[0x55, 0x04, 0x08];
/// street (2.5.4.9)
pub const STREET: &[u8] = &[0x55, 0x04, 0x09];
/// O (2.5.4.10)
pub const O: &[u8] = &[0x55, 0x04, 0x0a];
/// OU (2.5.4.11)
pub const OU: &[u8] = &[0x55, 0x04, 0x0b];
/// title (2.5.4.12)
pub const TITLE: &[u8] = &[0x55, 0x04, 0x0c];
/// postalCode (2.5.4.17)
pub const POSTAL_CODE: &[u8] = &[0x55, 0x04, 0x11];
/// GN (2.5.4.42)
pub const GIVEN_NAME: &[u8] = &[0x55, 0x04, 0x2a];
/// dnQualifier (2.5.4.46)
pub const DN_QUALIFIER: &[u8] = &[0x55, 0x04, 0x2e];
/// pseudonym (2.5.4.65)
pub const PSEUDONYM: &[u8] = &[0x55, 0x04, 0x41];
/// organizationIdentifier (2.5.4.97)
pub const ORGANIZATION_IDENTIFIER: &[u8] = &[0x55, 0x04, 0x61];
/// UID (0.9.2342.19200300.100.1.1)
pub const UID: &[u8] = &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01];
/// DC (0.9.2342.19200300.100.1.25)
pub const DC: &[u8] = &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19];
/// emailAddress (1.2.840.113549.1.9.1)
pub const EMAIL_ADDRESS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];
/// friendlyName (1.2.840.113549.1.9.20)
pub const FRIENDLY_NAME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14];
/// localKeyID (1.2.840.113549.1.9.21)
pub const LOCAL_KEY_ID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x15];
/// x509Certificate (1.2.840.113549.1.9.22.1)
pub const X509_CERTIFICATE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01];
/// subjectKeyIdentifier (2.5.29.14)
pub const SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
/// keyUsage (2.5.29.15)
pub const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
/// subjectAltName (2.5.29.17)
pub const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
/// issuerAltName (2.5.29.18)
pub const ISSUER_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x12];
/// basicConstraints (2.5.29.19)
pub const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
/// nameConstraints (2.5.29.30)
pub const NAME_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x1e];
/// cRLDistributionPoints (2.5.29.31)
pub const CRL_DISTRIBUTION_POINTS: &[u8] = &[0x55, 0x1d, 0x1f];
/// certificatePolicies (2.5.29.32)
pub const CERTIFICATE_POLICIES: &[u8] = &[0x55, 0x1d, 0x20];
/// policyMappings (2.5.29.33)
pub const POLICY_MAPPINGS: &[u8] = &[0x55, 0x1d, 0x21];
/// authorityKeyIdentifier (2.5.29.35)
pub const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
/// policyConstraints (2.5.29.36)
pub const POLICY_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x24];
/// extKeyUsage (2.5.29.37)
pub const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
/// inhibitAnyPolicy (2.5.29.54)
pub const INHIBIT_ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x36];
/// cRLNumber (2.5.29.20)
pub const CRL_NUMBER: &[u8] = &[0x55, 0x1d, 0x14];
/// reasonCode (2.5.29.21), a CRL entry extension
pub const REASON_CODE: &[u8] = &[0x55, 0x1d, 0x15];
/// holdInstructionCode (2.5.29.23), a CRL entry extension
pub const HOLD_INSTRUCTION_CODE: &[u8] = &[0x55, 0x1d, 0x17];
/// invalidityDate (2.5.29.24), a CRL entry extension
pub const INVALIDITY_DATE: &[u8] = &[0x55, 0x1d, 0x18];
/// deltaCRLIndicator (2.5.29.27)
pub const DELTA_CRL_INDICATOR: &[u8] = &[0x55, 0x1d, 0x1b];
/// issuingDistributionPoint (2.5.29.28)
pub const ISSUING_DISTRIBUTION_POINT: &[u8] = &[0x55, 0x1d, 0x1c];
/// certificateIssuer (2.5.29.29), a CRL entry extension
pub const CERTIFICATE_ISSUER: &[u8] = &[0x55, 0x1d, 0x1d];
/// freshestCRL (2.5.29.46)
pub const FRESHEST_CRL: &[u8] = &[0x55, 0x1d, 0x2e];
/// authorityInfoAccess (1.3.6.1.5.5.7.1.1)
pub const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];
/// subjectInfoAccess (1.3.6.1.5.5.7.1.11)
pub const SUBJECT_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b];
/// ctPrecertificateSCTs (1.3.6.1.4.1.11129.2.4.2)
pub const CT_PRECERT_SCTS: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02];
/// netscapeCertType (2.16.840.1.113730.1.1)
pub const NETSCAPE_CERT_TYPE: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01];
/// anyPolicy (2.5.29.32.0)
pub const ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x20, 0x00];
/// anyExtendedKeyUsage (2.5.29.37.0)
pub const ANY_EXTENDED_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
/// serverAuth (1.3.6.1.5.5.7.3.1)
pub const KP_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
/// clientAuth (1.3.6.1.5.5.7.3.2)
pub const KP_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
/// codeSigning (1.3.6.1.5.5.7.3.3)
pub const KP_CODE_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03];
/// emailProtection (1.3.6.1.5.5.7.3.4)
pub const KP_EMAIL_PROTECTION: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04];
/// timeStamping (1.3.6.1.5.5.7.3.8)
pub const KP_TIME_STAMPING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08];
/// OCSPSigning (1.3.6.1.5.5.7.3.9)
pub const KP_OCSP_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09];
/// oracleTrustedKeyUsage (2.16.840.1.113894.746875.1.1)
pub const JAVA_TRUSTED_KEY_USAGE: &[u8] = &[
    0x60, 0x86, 0x48, 0x01, 0x86, 0xf9, 0x66, 0xad, 0xca, 0x7b, 0x01, 0x01,
];
/// keyBag (1.2.840.113549.1.12.10.1.1)
pub const PKCS12_KEY_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x01,
];
/// pkcs8ShroudedKeyBag (1.2.840.113549.1.12.10.1.2)
pub const PKCS12_SHROUDED_KEY_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
];
/// certBag (1.2.840.113549.1.12.10.1.3)
pub const PKCS12_CERT_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03,
];
/// crlBag (1.2.840.113549.1.12.10.1.4)
pub const PKCS12_CRL_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x04,
];
/// secretBag (1.2.840.113549.1.12.10.1.5)
pub const PKCS12_SECRET_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x05,
];
/// safeContentsBag (1.2.840.113549.1.12.10.1.6)
pub const PKCS12_SAFE_CONTENTS_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x06,
];
/// pbeWithSHAAnd128BitRC4 (1.2.840.113549.1.12.1.1)
pub const PBE_SHA1_RC4_128: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x01];
/// pbeWithSHAAnd3-KeyTripleDES-CBC (1.2.840.113549.1.12.1.3)
pub const PBE_SHA1_3DES: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
/// pbeWithSHAAnd2-KeyTripleDES-CBC (1.2.840.113549.1.12.1.4)
pub const PBE_SHA1_2DES: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x04];
/// pbeWithSHAAnd128BitRC2-CBC (1.2.840.113549.1.12.1.5)
pub const PBE_SHA1_RC2_128: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x05];
/// pbeWithSHAAnd40BitRC2-CBC (1.2.840.113549.1.12.1.6)
pub const PBE_SHA1_RC2_40: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06];
/// pbeWithMD5AndDES-CBC, PBES1 (1.2.840.113549.1.5.3)
pub const PBE_MD5_DES: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x03];
/// pbeWithMD5AndRC2-CBC, PBES1 (1.2.840.113549.1.5.6)
pub const PBE_MD5_RC2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x06];
/// pbeWithSHA1AndDES-CBC, PBES1 (1.2.840.113549.1.5.10)
pub const PBE_SHA1_DES: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0a];
/// pbeWithSHA1AndRC2-CBC, PBES1 (1.2.840.113549.1.5.11)
pub const PBE_SHA1_RC2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0b];
/// Sun's JKS key protector (1.3.6.1.4.1.42.2.17.1.1): SHA-1 keystream XOR, JKS private keys
pub const SUN_JKS_KEY_PROTECTOR: &[u8] =
    &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x2a, 0x02, 0x11, 0x01, 0x01];
/// PBEWithMD5AndTripleDES (1.3.6.1.4.1.42.2.19.1): Sun's JCEKS key protector
pub const SUN_PBE_MD5_3DES: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x2a, 0x02, 0x13, 0x01];
/// PBES2 (1.2.840.113549.1.5.13)
pub const PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
/// PBKDF2 (1.2.840.113549.1.5.12)
pub const PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
/// hmacWithSHA1 (1.2.840.113549.2.7)
pub const HMAC_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x07];
/// hmacWithSHA224 (1.2.840.113549.2.8)
pub const HMAC_SHA224: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x08];
/// hmacWithSHA256 (1.2.840.113549.2.9)
pub const HMAC_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09];
/// hmacWithSHA384 (1.2.840.113549.2.10)
pub const HMAC_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0a];
/// hmacWithSHA512 (1.2.840.113549.2.11)
pub const HMAC_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0b];
/// aes128-CBC (2.16.840.1.101.3.4.1.2)
pub const AES128_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02];
/// aes192-CBC (2.16.840.1.101.3.4.1.22)
pub const AES192_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x16];
/// aes256-CBC (2.16.840.1.101.3.4.1.42)
pub const AES256_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a];
/// des-ede3-cbc (1.2.840.113549.3.7)
pub const DES_EDE3_CBC: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07];

/// Known OIDs: (content bytes, dotted form, name).
pub const TABLE: &[(&[u8], &str, &str)] = &[
    (SIGNED_DATA, "1.2.840.113549.1.7.2", "PKCS#7 signedData"),
    (DATA, "1.2.840.113549.1.7.1", "PKCS#7 data"),
    (
        ENCRYPTED_DATA,
        "1.2.840.113549.1.7.6",
        "PKCS#7 encryptedData",
    ),
    (RSA_ENCRYPTION, "1.2.840.113549.1.1.1", "rsaEncryption"),
    (MD2_WITH_RSA, "1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
    (MD5_WITH_RSA, "1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    (
        SHA1_WITH_RSA,
        "1.2.840.113549.1.1.5",
        "sha1WithRSAEncryption",
    ),
    (RSASSA_PSS, "1.2.840.113549.1.1.10", "RSASSA-PSS"),
    (
        SHA256_WITH_RSA,
        "1.2.840.113549.1.1.11",
        "sha256WithRSAEncryption",
    ),
    (
        SHA384_WITH_RSA,
        "1.2.840.113549.1.1.12",
        "sha384WithRSAEncryption",
    ),
    (
        SHA512_WITH_RSA,
        "1.2.840.113549.1.1.13",
        "sha512WithRSAEncryption",
    ),
    (
        SHA224_WITH_RSA,
        "1.2.840.113549.1.1.14",
        "sha224WithRSAEncryption",
    ),
    (MGF1, "1.2.840.113549.1.1.8", "MGF1"),
    (EC_PUBLIC_KEY, "1.2.840.10045.2.1", "id-ecPublicKey"),
    (ECDSA_WITH_SHA1, "1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    (
        ECDSA_WITH_SHA224,
        "1.2.840.10045.4.3.1",
        "ecdsa-with-SHA224",
    ),
    (
        ECDSA_WITH_SHA256,
        "1.2.840.10045.4.3.2",
        "ecdsa-with-SHA256",
    ),
    (
        ECDSA_WITH_SHA384,
        "1.2.840.10045.4.3.3",
        "ecdsa-with-SHA384",
    ),
    (
        ECDSA_WITH_SHA512,
        "1.2.840.10045.4.3.4",
        "ecdsa-with-SHA512",
    ),
    (DSA, "1.2.840.10040.4.1", "DSA"),
    (DSA_WITH_SHA1, "1.2.840.10040.4.3", "dsa-with-SHA1"),
    (DSA_WITH_SHA256, "2.16.840.1.101.3.4.3.2", "dsa-with-SHA256"),
    (ED25519, "1.3.101.112", "Ed25519"),
    (ED448, "1.3.101.113", "Ed448"),
    (X25519, "1.3.101.110", "X25519"),
    (SECP256R1, "1.2.840.10045.3.1.7", "P-256"),
    (SECP384R1, "1.3.132.0.34", "P-384"),
    (SECP521R1, "1.3.132.0.35", "P-521"),
    (SECP256K1, "1.3.132.0.10", "secp256k1"),
    (SHA1, "1.3.14.3.2.26", "SHA-1"),
    (SHA224, "2.16.840.1.101.3.4.2.4", "SHA-224"),
    (SHA256, "2.16.840.1.101.3.4.2.1", "SHA-256"),
    (SHA384, "2.16.840.1.101.3.4.2.2", "SHA-384"),
    (SHA512, "2.16.840.1.101.3.4.2.3", "SHA-512"),
    (CN, "2.5.4.3", "CN"),
    (SURNAME, "2.5.4.4", "SN"),
    (SERIAL_NUMBER, "2.5.4.5", "serialNumber"),
    (C, "2.5.4.6", "C"),
    (L, "2.5.4.7", "L"),
    (ST, "2.5.4.8", "ST"),
    (STREET, "2.5.4.9", "street"),
    (O, "2.5.4.10", "O"),
    (OU, "2.5.4.11", "OU"),
    (TITLE, "2.5.4.12", "title"),
    (POSTAL_CODE, "2.5.4.17", "postalCode"),
    (GIVEN_NAME, "2.5.4.42", "GN"),
    (DN_QUALIFIER, "2.5.4.46", "dnQualifier"),
    (PSEUDONYM, "2.5.4.65", "pseudonym"),
    (
        ORGANIZATION_IDENTIFIER,
        "2.5.4.97",
        "organizationIdentifier",
    ),
    (UID, "0.9.2342.19200300.100.1.1", "UID"),
    (DC, "0.9.2342.19200300.100.1.25", "DC"),
    (EMAIL_ADDRESS, "1.2.840.113549.1.9.1", "emailAddress"),
    (FRIENDLY_NAME, "1.2.840.113549.1.9.20", "friendlyName"),
    (LOCAL_KEY_ID, "1.2.840.113549.1.9.21", "localKeyID"),
    (
        X509_CERTIFICATE,
        "1.2.840.113549.1.9.22.1",
        "x509Certificate",
    ),
    (SUBJECT_KEY_ID, "2.5.29.14", "subjectKeyIdentifier"),
    (KEY_USAGE, "2.5.29.15", "keyUsage"),
    (SUBJECT_ALT_NAME, "2.5.29.17", "subjectAltName"),
    (ISSUER_ALT_NAME, "2.5.29.18", "issuerAltName"),
    (BASIC_CONSTRAINTS, "2.5.29.19", "basicConstraints"),
    (NAME_CONSTRAINTS, "2.5.29.30", "nameConstraints"),
    (
        CRL_DISTRIBUTION_POINTS,
        "2.5.29.31",
        "cRLDistributionPoints",
    ),
    (CERTIFICATE_POLICIES, "2.5.29.32", "certificatePolicies"),
    (POLICY_MAPPINGS, "2.5.29.33", "policyMappings"),
    (AUTHORITY_KEY_ID, "2.5.29.35", "authorityKeyIdentifier"),
    (CRL_NUMBER, "2.5.29.20", "cRLNumber"),
    (REASON_CODE, "2.5.29.21", "reasonCode"),
    (HOLD_INSTRUCTION_CODE, "2.5.29.23", "holdInstructionCode"),
    (INVALIDITY_DATE, "2.5.29.24", "invalidityDate"),
    (DELTA_CRL_INDICATOR, "2.5.29.27", "deltaCRLIndicator"),
    (
        ISSUING_DISTRIBUTION_POINT,
        "2.5.29.28",
        "issuingDistributionPoint",
    ),
    (CERTIFICATE_ISSUER, "2.5.29.29", "certificateIssuer"),
    (FRESHEST_CRL, "2.5.29.46", "freshestCRL"),
    (POLICY_CONSTRAINTS, "2.5.29.36", "policyConstraints"),
    (EXT_KEY_USAGE, "2.5.29.37", "extKeyUsage"),
    (INHIBIT_ANY_POLICY, "2.5.29.54", "inhibitAnyPolicy"),
    (
        AUTHORITY_INFO_ACCESS,
        "1.3.6.1.5.5.7.1.1",
        "authorityInfoAccess",
    ),
    (
        SUBJECT_INFO_ACCESS,
        "1.3.6.1.5.5.7.1.11",
        "subjectInfoAccess",
    ),
    (
        CT_PRECERT_SCTS,
        "1.3.6.1.4.1.11129.2.4.2",
        "ctPrecertificateSCTs",
    ),
    (
        NETSCAPE_CERT_TYPE,
        "2.16.840.1.113730.1.1",
        "netscapeCertType",
    ),
    (ANY_EXTENDED_KEY_USAGE, "2.5.29.37.0", "anyExtendedKeyUsage"),
    (KP_SERVER_AUTH, "1.3.6.1.5.5.7.3.1", "serverAuth"),
    (KP_CLIENT_AUTH, "1.3.6.1.5.5.7.3.2", "clientAuth"),
    (KP_CODE_SIGNING, "1.3.6.1.5.5.7.3.3", "codeSigning"),
    (KP_EMAIL_PROTECTION, "1.3.6.1.5.5.7.3.4", "emailProtection"),
    (KP_TIME_STAMPING, "1.3.6.1.5.5.7.3.8", "timeStamping"),
    (KP_OCSP_SIGNING, "1.3.6.1.5.5.7.3.9", "OCSPSigning"),
    (
        JAVA_TRUSTED_KEY_USAGE,
        "2.16.840.1.113894.746875.1.1",
        "oracleTrustedKeyUsage",
    ),
    (PKCS12_KEY_BAG, "1.2.840.113549.1.12.10.1.1", "keyBag"),
    (
        PKCS12_SHROUDED_KEY_BAG,
        "1.2.840.113549.1.12.10.1.2",
        "pkcs8ShroudedKeyBag",
    ),
    (PKCS12_CERT_BAG, "1.2.840.113549.1.12.10.1.3", "certBag"),
    (PKCS12_CRL_BAG, "1.2.840.113549.1.12.10.1.4", "crlBag"),
    (PKCS12_SECRET_BAG, "1.2.840.113549.1.12.10.1.5", "secretBag"),
    (
        PKCS12_SAFE_CONTENTS_BAG,
        "1.2.840.113549.1.12.10.1.6",
        "safeContentsBag",
    ),
    (
        PBE_SHA1_RC4_128,
        "1.2.840.113549.1.12.1.1",
        "pbeWithSHAAnd128BitRC4",
    ),
    (
        PBE_SHA1_3DES,
        "1.2.840.113549.1.12.1.3",
        "pbeWithSHAAnd3-KeyTripleDES-CBC",
    ),
    (
        PBE_SHA1_2DES,
        "1.2.840.113549.1.12.1.4",
        "pbeWithSHAAnd2-KeyTripleDES-CBC",
    ),
    (
        PBE_SHA1_RC2_128,
        "1.2.840.113549.1.12.1.5",
        "pbeWithSHAAnd128BitRC2-CBC",
    ),
    (
        PBE_SHA1_RC2_40,
        "1.2.840.113549.1.12.1.6",
        "pbeWithSHAAnd40BitRC2-CBC",
    ),
    (PBE_MD5_DES, "1.2.840.113549.1.5.3", "pbeWithMD5AndDES-CBC"),
    (
        SUN_JKS_KEY_PROTECTOR,
        "1.3.6.1.4.1.42.2.17.1.1",
        "JKS key protector (Sun)",
    ),
    (
        SUN_PBE_MD5_3DES,
        "1.3.6.1.4.1.42.2.19.1",
        "PBEWithMD5AndTripleDES",
    ),
    (PBE_MD5_RC2, "1.2.840.113549.1.5.6", "pbeWithMD5AndRC2-CBC"),
    (
        PBE_SHA1_DES,
        "1.2.840.113549.1.5.10",
        "pbeWithSHA1AndDES-CBC",
    ),
    (
        PBE_SHA1_RC2,
        "1.2.840.113549.1.5.11",
        "pbeWithSHA1AndRC2-CBC",
    ),
    (PBES2, "1.2.840.113549.1.5.13", "PBES2"),
    (PBKDF2, "1.2.840.113549.1.5.12", "PBKDF2"),
    (HMAC_SHA1, "1.2.840.113549.2.7", "hmacWithSHA1"),
    (HMAC_SHA224, "1.2.840.113549.2.8", "hmacWithSHA224"),
    (HMAC_SHA256, "1.2.840.113549.2.9", "hmacWithSHA256"),
    (HMAC_SHA384, "1.2.840.113549.2.10", "hmacWithSHA384"),
    (HMAC_SHA512, "1.2.840.113549.2.11", "hmacWithSHA512"),
    (AES128_CBC, "2.16.840.1.101.3.4.1.2", "aes128-CBC"),
    (AES192_CBC, "2.16.840.1.101.3.4.1.22", "aes192-CBC"),
    (AES256_CBC, "2.16.840.1.101.3.4.1.42", "aes256-CBC"),
    (DES_EDE3_CBC, "1.2.840.113549.3.7", "des-ede3-cbc"),
    (PBMAC1, "1.2.840.113549.1.5.14", "PBMAC1"),
    (SHA512_224, "2.16.840.1.101.3.4.2.5", "SHA-512/224"),
    (SHA512_256, "2.16.840.1.101.3.4.2.6", "SHA-512/256"),
    (HMAC_SHA512_224, "1.2.840.113549.2.12", "hmacWithSHA512-224"),
    (HMAC_SHA512_256, "1.2.840.113549.2.13", "hmacWithSHA512-256"),
    (
        PBE_SHA1_RC4_40,
        "1.2.840.113549.1.12.1.2",
        "pbeWithSHAAnd40BitRC4",
    ),
    (
        SDSI_CERTIFICATE,
        "1.2.840.113549.1.9.22.2",
        "sdsiCertificate",
    ),
    (X509_CRL, "1.2.840.113549.1.9.23.1", "x509CRL"),
    (
        ENVELOPED_DATA,
        "1.2.840.113549.1.7.3",
        "PKCS#7 envelopedData",
    ),
    (BLAKE2B_512, "1.3.6.1.4.1.1722.12.2.1.16", "BLAKE2b-512"),
];

/// The [`TABLE`] row of OID content bytes.
fn known(bytes: &[u8]) -> Option<&'static (&'static [u8], &'static str, &'static str)> {
    TABLE
        .iter()
        // The last byte first: most OIDs of one arc share their length and prefix.
        .find(|(b, _, _)| b.last() == bytes.last() && *b == bytes)
}

/// The dotted-decimal form of OID content bytes (`None` if malformed).
pub fn dotted(bytes: &[u8]) -> Option<String> {
    if let Some((_, s, _)) = known(bytes) {
        return Some((*s).to_owned());
    }
    let mut parts: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    let mut in_arc = false;
    for &b in bytes {
        if acc > (u64::MAX >> 7) || (!in_arc && b == 0x80) {
            return None;
        }
        acc = (acc << 7) | u64::from(b & 0x7f);
        in_arc = b & 0x80 != 0;
        if !in_arc {
            if parts.is_empty() {
                let (first, second) = if acc < 40 {
                    (0, acc)
                } else if acc < 80 {
                    (1, acc - 40)
                } else {
                    (2, acc - 80)
                };
                parts.push(first);
                parts.push(second);
            } else {
                parts.push(acc);
            }
            acc = 0;
        }
    }
    if in_arc || parts.is_empty() {
        return None;
    }
    Some(
        parts
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// A readable name for OID content bytes: the known name, else the dotted form.
pub fn name(bytes: &[u8]) -> String {
    known(bytes)
        .map(|(_, _, n)| (*n).to_owned())
        .or_else(|| dotted(bytes))
        .unwrap_or_else(|| "invalid OID".to_owned())
}

/// businessCategory (2.5.4.15)
pub const BUSINESS_CATEGORY: &[u8] = &[0x55, 0x04, 0x0f];
/// description (2.5.4.13)
pub const DESCRIPTION: &[u8] = &[0x55, 0x04, 0x0d];
/// jurisdictionOfIncorporationLocalityName (1.3.6.1.4.1.311.60.2.1.1)
pub const JURISDICTION_L: &[u8] = &[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x01,
];
/// jurisdictionOfIncorporationStateOrProvinceName (1.3.6.1.4.1.311.60.2.1.2)
pub const JURISDICTION_ST: &[u8] = &[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x02,
];
/// jurisdictionOfIncorporationCountryName (1.3.6.1.4.1.311.60.2.1.3)
pub const JURISDICTION_C: &[u8] = &[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03,
];
/// PBMAC1 (1.2.840.113549.1.5.14), RFC 8018 / RFC 9579
pub const PBMAC1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0e];
/// SHA-512/224 (2.16.840.1.101.3.4.2.5)
pub const SHA512_224: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x05];
/// SHA-512/256 (2.16.840.1.101.3.4.2.6)
pub const SHA512_256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x06];
/// hmacWithSHA512-224 (1.2.840.113549.2.12)
pub const HMAC_SHA512_224: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0c];
/// hmacWithSHA512-256 (1.2.840.113549.2.13)
pub const HMAC_SHA512_256: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0d];
/// pbeWithSHAAnd40BitRC4 (1.2.840.113549.1.12.1.2)
pub const PBE_SHA1_RC4_40: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x02];
/// sdsiCertificate (1.2.840.113549.1.9.22.2), a PKCS#12 certBag type
pub const SDSI_CERTIFICATE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x02];
/// x509CRL (1.2.840.113549.1.9.23.1), a PKCS#12 crlBag type
pub const X509_CRL: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x17, 0x01];
/// PKCS#7 envelopedData (1.2.840.113549.1.7.3)
pub const ENVELOPED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03];
/// BLAKE2b-512 (1.3.6.1.4.1.1722.12.2.1.16)
pub const BLAKE2B_512: &[u8] = &[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x8d, 0x3a, 0x0c, 0x02, 0x01, 0x10,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_forms() {
        assert_eq!(dotted(RSA_ENCRYPTION).unwrap(), "1.2.840.113549.1.1.1");
        assert_eq!(
            dotted(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c]).unwrap(),
            "1.3.6.1.4.1.311.60"
        );
        assert_eq!(name(KP_SERVER_AUTH), "serverAuth");
        assert!(dotted(&[0x2b, 0x86]).is_none());
    }
}
