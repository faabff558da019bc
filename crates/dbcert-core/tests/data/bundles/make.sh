#!/usr/bin/env bash
# Makes the bundle-format fixtures from the demo chain (tests/data/demo) with openssl and keytool.
# Everything here is derived from those three certificates, so tests compare every format against
# the same DER. Re-running rewrites the files; PKCS#7 output is deterministic, keytool's is not
# (entry dates), so only rerun when a fixture must change.
set -euo pipefail
cd "$(dirname "$0")"
demo=../../../../../tests/data/demo
cat "$demo/server.pem" "$demo/intermediate.pem" "$demo/root.pem" > chain.pem
# The same bundle with CRLF line endings.
sed 's/$/\r/' chain.pem > chain-crlf.pem
# `openssl x509 -text` output around each block, as many vendors ship it.
: > chain-text.pem
for f in server intermediate root; do openssl x509 -in "$demo/$f.pem" -text >> chain-text.pem; echo >> chain-text.pem; done
# A bundle with a private key in the middle (the key is made here and used nowhere else).
openssl genpkey -algorithm ed25519 -out key.tmp
{ cat "$demo/server.pem"; cat key.tmp; cat "$demo/root.pem"; } > with-key.pem
rm key.tmp
# One certificate in DER.
openssl x509 -in "$demo/root.pem" -outform DER -out root.der
# P7B, DER and PEM (certs-only SignedData, OpenSSL's crl2pkcs7).
openssl crl2pkcs7 -nocrl -certfile chain.pem -outform DER -out chain.p7b
openssl crl2pkcs7 -nocrl -certfile chain.pem -outform PEM -out chain-p7b.pem
# keytool: a JKS truststore with the three certificates (keytool imports one certificate per call).
rm -f chain.jks
for f in server intermediate root; do
  keytool -importcert -noprompt -storetype JKS -keystore chain.jks -storepass changeit -alias "$f" -file "$demo/$f.pem" >/dev/null
done
