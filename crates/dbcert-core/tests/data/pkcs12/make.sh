#!/usr/bin/env bash
# Regenerates the PKCS#12 fixtures in this directory (see README.md for what each file is).
# Needs OpenSSL 3 (with the legacy provider, for -legacy) and keytool from a JDK 17.
# Keys are throwaway test keys: they stay in a temporary directory, only the keystores and the
# certificates are kept. Re-running makes new keys, so every file changes; the tests only rely on
# what README.md states (passwords, aliases, structure), never on the bytes.
set -euo pipefail
cd "$(dirname "$0")"

PW=dbcert-test
NONASCII='pässwörd'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v openssl >/dev/null || { echo "make.sh: openssl is missing (apt-get install openssl)" >&2; exit 1; }
command -v keytool >/dev/null || { echo "make.sh: keytool is missing (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

rm -f ./*.p12 ./*.pem

# --- A three-level EC P-256 chain: root CA -> intermediate CA -> leaf -------------------------
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
ec "$tmp/root.key"
ec "$tmp/int.key"
ec "$tmp/leaf.key"

openssl req -x509 -new -key "$tmp/root.key" -sha256 -days 7300 -set_serial 1 \
  -subj "/O=dbcert tests/CN=dbcert test root CA" \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out root.pem

openssl req -new -key "$tmp/int.key" -subj "/O=dbcert tests/CN=dbcert test intermediate CA" -out "$tmp/int.csr"
printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$tmp/int.ext"
openssl x509 -req -in "$tmp/int.csr" -CA root.pem -CAkey "$tmp/root.key" -set_serial 2 -days 7300 -sha256 \
  -extfile "$tmp/int.ext" -out intermediate.pem

openssl req -new -key "$tmp/leaf.key" -subj "/O=dbcert tests/CN=db.example.test" -out "$tmp/leaf.csr"
printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:db.example.test\n' > "$tmp/leaf.ext"
openssl x509 -req -in "$tmp/leaf.csr" -CA intermediate.pem -CAkey "$tmp/int.key" -set_serial 3 -days 3650 -sha256 \
  -extfile "$tmp/leaf.ext" -out leaf.pem

cat intermediate.pem root.pem > chain.pem

# --- openssl pkcs12 -export ----------------------------------------------------------------------
export_p12() { # out, extra args...
  local out=$1; shift
  openssl pkcs12 -export -in leaf.pem -inkey "$tmp/leaf.key" -certfile chain.pem -name db-server "$@" -out "$out"
}
# OpenSSL 3 default: PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC for certificates and key, MAC HMAC-SHA256.
export_p12 openssl-aes.p12 -passout "pass:$PW"
# -legacy: certificates pbeWithSHAAnd40BitRC2-CBC, key pbeWithSHAAnd3-KeyTripleDES-CBC, MAC HMAC-SHA1.
export_p12 openssl-legacy.p12 -legacy -passout "pass:$PW"
# Other legacy ciphers: RC2-128 certificates, 2-key 3DES key, MAC HMAC-SHA512.
export_p12 openssl-rc2-128-2des-sha512.p12 -legacy -certpbe PBE-SHA1-RC2-128 -keypbe PBE-SHA1-2DES -macalg sha512 -passout "pass:$PW"
# AES-128 certificates, AES-192 key, MAC HMAC-SHA384, 1000 iterations.
export_p12 openssl-aes128-sha384.p12 -certpbe AES-128-CBC -keypbe AES-192-CBC -macalg sha384 -iter 1000 -passout "pass:$PW"
# Empty password.
export_p12 openssl-empty-password.p12 -passout pass:
# Non-ASCII password (UTF-8 on the command line; BMPString for the MAC and legacy PBE, UTF-8 for PBES2).
export_p12 openssl-nonascii.p12 -passout "pass:$NONASCII"
export_p12 openssl-nonascii-legacy.p12 -legacy -passout "pass:$NONASCII"

# -nokeys: certificate-only files (no Java trusted-certificate attribute in OpenSSL 3.0).
openssl pkcs12 -export -nokeys -in chain.pem -passout "pass:$PW" -out openssl-nokeys.p12
openssl pkcs12 -export -nokeys -in chain.pem -legacy -passout "pass:$PW" -out openssl-nokeys-legacy.p12
# No MAC at all (integrity not protected), certificates still AES-256 encrypted (-nomac alone
# would leave them in plain data).
openssl pkcs12 -export -nokeys -in chain.pem -nomac -certpbe AES-256-CBC -passout "pass:$PW" -out openssl-nomac.p12

# --- keytool (JDK 17) ----------------------------------------------------------------------------
# Trust store: two trustedCertEntry, written by keytool -importcert (PBES2/AES-256, MAC HMAC-SHA256).
keytool -importcert -noprompt -storetype PKCS12 -keystore keytool-truststore.p12 -storepass "$PW" \
  -alias root -file root.pem >/dev/null
keytool -importcert -noprompt -storetype PKCS12 -keystore keytool-truststore.p12 -storepass "$PW" \
  -alias intermediate -file intermediate.pem >/dev/null
# Same with Java's legacy PKCS#12 algorithms (RC2-40 certificates, MAC HMAC-SHA1).
keytool -J-Dkeystore.pkcs12.legacy -importcert -noprompt -storetype PKCS12 -keystore keytool-truststore-legacy.p12 \
  -storepass "$PW" -alias root -file root.pem >/dev/null
# Key store: one PrivateKeyEntry (self-signed, chain length 1) and one trustedCertEntry.
keytool -genkeypair -storetype PKCS12 -keystore keytool-keystore.p12 -storepass "$PW" -alias server \
  -keyalg EC -groupname secp256r1 -dname "CN=keytool.example.test, O=dbcert tests" -validity 3650 >/dev/null 2>&1
keytool -importcert -noprompt -storetype PKCS12 -keystore keytool-keystore.p12 -storepass "$PW" \
  -alias root -file root.pem >/dev/null

# --- RFC 9579 (PBMAC1) test vectors: rfc9579/*.b64 are Appendix A verbatim -----------------------
for f in rfc9579/*.b64; do
  base64 -d "$f" > "rfc9579-$(basename "$f" .b64).p12"
done

chmod 644 ./*.p12 ./*.pem
ls -l ./*.p12
