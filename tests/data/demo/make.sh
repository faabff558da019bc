#!/usr/bin/env bash
# Makes the demo chain the inspector and `cargo xtask serve` open with: a root CA (P-384), an
# intermediate (P-256) and a server certificate for db.example.internal, localhost and 127.0.0.1,
# valid for ~25 years from the day it was made. Keys are thrown away except the server's, which
# the real-server tests do not use (they make their own). Re-run only to replace the chain.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
openssl ecparam -name secp384r1 -genkey -noout -out "$tmp/root.key"
openssl req -x509 -new -key "$tmp/root.key" -sha384 -days 9131 -subj "/C=CN/O=dbcert demo/CN=dbcert Demo Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out root.pem
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/int.key"
openssl req -new -key "$tmp/int.key" -subj "/C=CN/O=dbcert demo/CN=dbcert Demo Intermediate CA" -out "$tmp/int.csr"
openssl x509 -req -in "$tmp/int.csr" -CA root.pem -CAkey "$tmp/root.key" -set_serial 0x1001 -sha384 -days 9000 \
  -extfile <(printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n') \
  -out intermediate.pem
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/server.key"
openssl req -new -key "$tmp/server.key" -subj "/C=CN/O=dbcert demo/CN=db.example.internal" -out "$tmp/server.csr"
openssl x509 -req -in "$tmp/server.csr" -CA intermediate.pem -CAkey "$tmp/int.key" -set_serial 0x2001 -sha256 -days 825 \
  -extfile <(printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:db.example.internal,DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n') \
  -out server.pem
cat server.pem intermediate.pem root.pem > chain.pem
cat intermediate.pem root.pem > ca-chain.pem
