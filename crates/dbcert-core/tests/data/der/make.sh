#!/usr/bin/env bash
# Makes the DER-strictness fixtures of tests/der_strictness.rs: a P-256 root and a server
# certificate it issued (`leaf.pem`), and copies of that certificate each with one BER-in-DER
# form (craft.py). A form inside the TBSCertificate is re-signed by the root, so only the
# encoding is at stake; a form outside it (outer SEQUENCE, signature BIT STRING) keeps the
# signature. Needs openssl (3.0+) and python3. Dates are fixed by craft.py
# (2020-01-01 .. 2049-12-31), keys are fresh on every run.
# Usage: ./make.sh   (rewrites the *.pem files of this directory; commit them)
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/ext.cnf" <<'CNF'
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/root.key" 2>/dev/null
# A leaf key whose point ends in an even octet: its BIT STRING can then say "1 unused bit" with a
# zero padding bit (key-unused-bits.pem).
while :; do
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/leaf.key" 2>/dev/null
  last=$(openssl pkey -in "$work/leaf.key" -pubout -outform DER | tail -c 1 | od -An -tu1 | tr -d ' ')
  [ $((last % 2)) -eq 0 ] && break
done
openssl req -new -key "$work/root.key" -subj "/O=dbcert test/CN=dbcert DER Root" -out "$work/root.csr"
openssl x509 -req -in "$work/root.csr" -key "$work/root.key" -sha256 -set_serial 1 -days 1 \
  -extfile "$work/ext.cnf" -extensions root -out root.pem 2>/dev/null
openssl req -new -key "$work/leaf.key" -subj "/O=dbcert test/CN=db.example.com" -out "$work/leaf.csr"
openssl x509 -req -in "$work/leaf.csr" -CA root.pem -CAkey "$work/root.key" -sha256 \
  -set_serial 0x7b2c4d5e6f708192 -days 1 \
  -extfile "$work/ext.cnf" -extensions leaf -out leaf.pem 2>/dev/null
# craft.py sets the fixed validity (re-signing both), then writes the variants.
python3 craft.py "$work/root.key"
