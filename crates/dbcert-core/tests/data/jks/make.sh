#!/usr/bin/env bash
# Makes the JKS/JCEKS fixtures of tests/jks.rs with openssl and keytool (Debian: openssl,
# openjdk-17-jdk-headless). Keys and dates are fresh on every run, so the bytes differ from
# run to run; the tests only rely on what README.md lists (aliases, entry kinds, passwords).
# Run from anywhere: bash crates/dbcert-core/tests/data/jks/make.sh
set -euo pipefail
cd "$(dirname "$0")"
command -v keytool >/dev/null || { echo "keytool missing: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PW=changeit

# Two CA certificates: RSA 2048 and EC P-256 (self-signed, 20 years).
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/rsa.key" -out "$tmp/rsa-ca.pem" \
  -subj "/C=DE/O=dbcert fixtures/CN=dbcert RSA Test CA" -days 7300 -sha256 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ec.key" \
  -out "$tmp/ec-ca.pem" -subj "/C=DE/O=dbcert fixtures/CN=dbcert EC Test CA" -days 7300 -sha256 2>/dev/null

rm -f truststore.jks keystore.jks mixed.jceks
# truststore.jks: two trustedCertEntry, aliases given in mixed case (keytool lower-cases them).
keytool -importcert -noprompt -storetype JKS -keystore truststore.jks -storepass "$PW" -alias "RSA-CA" -file "$tmp/rsa-ca.pem" 2>/dev/null
keytool -importcert -noprompt -storetype JKS -keystore truststore.jks -storepass "$PW" -alias "ec-ca" -file "$tmp/ec-ca.pem" 2>/dev/null

# keystore.jks: one PrivateKeyEntry (RSA, chain of 2: leaf signed by the RSA CA) and one trustedCertEntry.
keytool -genkeypair -storetype JKS -keystore keystore.jks -storepass "$PW" -keypass "$PW" -alias server \
  -keyalg RSA -keysize 2048 -dname "CN=db.example.test, O=dbcert fixtures" -validity 7300 2>/dev/null
keytool -certreq -keystore keystore.jks -storepass "$PW" -alias server -file "$tmp/server.csr" 2>/dev/null
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/rsa-ca.pem" -CAkey "$tmp/rsa.key" -CAcreateserial \
  -out "$tmp/server.pem" -days 3650 -sha256 2>/dev/null
keytool -importcert -noprompt -keystore keystore.jks -storepass "$PW" -alias rsa-ca -file "$tmp/rsa-ca.pem" 2>/dev/null
keytool -importcert -noprompt -keystore keystore.jks -storepass "$PW" -keypass "$PW" -alias server -file "$tmp/server.pem" 2>/dev/null

# mixed.jceks: a SecretKeyEntry (AES-128), a PrivateKeyEntry (EC, self-signed) and a trustedCertEntry.
keytool -genseckey -storetype JCEKS -keystore mixed.jceks -storepass "$PW" -keypass "$PW" -alias aeskey -keyalg AES -keysize 128 2>/dev/null
keytool -genkeypair -storetype JCEKS -keystore mixed.jceks -storepass "$PW" -keypass "$PW" -alias eckey \
  -keyalg EC -groupname secp256r1 -dname "CN=ec key, O=dbcert fixtures" -validity 7300 2>/dev/null
keytool -importcert -noprompt -storetype JCEKS -keystore mixed.jceks -storepass "$PW" -alias rsa-ca -file "$tmp/rsa-ca.pem" 2>/dev/null

for f in truststore.jks keystore.jks mixed.jceks; do
  keytool -list -keystore "$f" -storepass "$PW" | grep -E "Entry|entr" >&2
done
