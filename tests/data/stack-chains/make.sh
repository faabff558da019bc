#!/usr/bin/env bash
# Makes the server chains that split the TLS stacks of MySQL clients (issue 23), with openssl 3.
#
# Usage: ./make.sh            rewrites the public files of this directory (commit them)
#        ./make.sh OUTDIR     writes every chain with its private keys into OUTDIR (what
#                             tests/realserver/matrix.py serves from MariaDB; keys never committed)
# For each chain NAME: NAME.chain.pem (what the server sends: leaf first), NAME.ca.pem (the CA
# file a client is given), NAME.key (OUTDIR only). NAME.host in chains.txt: the name clients
# connect to. Keys are fresh on every run, the dates fixed (2020-01-01 .. 2049-12-31 unless a
# chain needs otherwise).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest=${out:-$work/out}
mkdir -p "$dest" "$work/new"
: >"$work/index.txt"
START=20200101000000Z
END=20491231235959Z

cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = ca_default
[ca_default]
database = $work/index.txt
new_certs_dir = $work/new
rand_serial = yes
policy = policy_any
default_md = sha256
unique_subject = no
email_in_dn = no
[policy_any]
organizationName = optional
commonName = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
CNF

cat >"$work/ext.cnf" <<'CNF'
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[int]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[int_nc]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
nameConstraints = critical,permitted;DNS:dbcert.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[int_policy]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
policyConstraints = critical,requireExplicitPolicy:0
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.dbcert.test,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[leaf_nosan]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[leaf_client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectAltName = DNS:db.dbcert.test,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[leaf_nc]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.dbcert.test,DNS:db.example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[leaf_partial]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:d*.dbcert.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[leaf_wildcard_cn]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.dbcert.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
CNF

key() { # key NAME ALG
  case $2 in
    rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$work/$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$work/$1.key" ;;
    *) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$1.key" 2>/dev/null ;;
  esac
}
# root NAME ALG SUBJECT [MD]
root() {
  key "$1" "$2"
  openssl req -new -key "$work/$1.key" -subj "$3" -config "$work/ca.cnf" -out "$work/$1.csr"
  openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$work/$1.key" -in "$work/$1.csr" \
    -out "$work/$1.pem" -startdate $START -enddate $END -extfile "$work/ext.cnf" -extensions root \
    -md "${4:-sha256}" -notext 2>/dev/null
}
# issue NAME ALG SUBJECT ISSUER EXT [MD] [START] [END]   (EXT "v1": no extensions at all)
issue() {
  key "$1" "$2"
  openssl req -new -key "$work/$1.key" -subj "$3" -config "$work/ca.cnf" -out "$work/$1.csr"
  local ext=(-extfile "$work/ext.cnf" -extensions "$5")
  [ "$5" = v1 ] && ext=()
  openssl ca -batch -config "$work/ca.cnf" -cert "$work/$4.pem" -keyfile "$work/$4.key" -in "$work/$1.csr" \
    -out "$work/$1.pem" -startdate "${7:-$START}" -enddate "${8:-$END}" "${ext[@]}" -md "${6:-sha256}" -notext 2>/dev/null
}
# emit CHAIN-NAME CA-FILE LEAF CERT...: NAME.chain.pem = leaf + the rest, NAME.ca.pem, NAME.key
emit() {
  local name=$1 ca=$2 leaf=$3
  shift 3
  : >"$dest/$name.chain.pem"
  for c in "$leaf" "$@"; do cat "$work/$c.pem" >>"$dest/$name.chain.pem"; done
  cp "$work/$ca.pem" "$dest/$name.ca.pem"
  [ -n "$out" ] && cp "$work/$leaf.key" "$dest/$name.key"
  return 0
}

S="/O=dbcert test"
root root rsa "$S/CN=dbcert stacks root CA"
issue int rsa "$S/CN=dbcert stacks intermediate CA" root int

# 1. baseline: SAN DNS db.dbcert.test and IP 127.0.0.1; every client connects.
issue baseline rsa "$S/CN=db.dbcert.test" int leaf
emit baseline root baseline int
# 2. cn-only: no subjectAltName, the name only in the CN (Go >= 1.15 and rustls never read a CN).
issue cn-only rsa "$S/CN=db.dbcert.test" int leaf_nosan
emit cn-only root cn-only int
# 3. sha1-intermediate: the intermediate signed with sha1WithRSAEncryption.
issue int-sha1 rsa "$S/CN=dbcert stacks SHA-1 intermediate CA" root int sha1
issue sha1-int-leaf rsa "$S/CN=db.dbcert.test" int-sha1 leaf
emit sha1-intermediate root sha1-int-leaf int-sha1
# 4. rsa1024-leaf: a 1024-bit RSA server key (OpenSSL security level 2 wants 2048).
issue rsa1024 rsa1024 "$S/CN=db.dbcert.test" int leaf
emit rsa1024-leaf root rsa1024 int
# 5. v1-intermediate: an X.509 v1 intermediate CA (no basicConstraints).
issue int-v1 rsa "$S/CN=dbcert stacks v1 intermediate CA" root v1
issue v1-int-leaf rsa "$S/CN=db.dbcert.test" int-v1 leaf
emit v1-intermediate root v1-int-leaf int-v1
# 6. v1-leaf: an X.509 v1 server certificate (MariaDB 11.4.0/11.4.1's generated ones were v1).
issue v1-leaf rsa "$S/CN=db.dbcert.test" int v1
emit v1-leaf root v1-leaf int
# 7. no-serverauth: the leaf's extendedKeyUsage is clientAuth only.
issue client-leaf rsa "$S/CN=db.dbcert.test" int leaf_client
emit no-serverauth root client-leaf int
# 8. nc-violation: the intermediate permits DNS dbcert.test only; the leaf also names db.example.org.
issue int-nc rsa "$S/CN=dbcert stacks constrained CA" root int_nc
issue nc-leaf rsa "$S/CN=db.dbcert.test" int-nc leaf_nc
emit nc-violation root nc-leaf int-nc
# 9. policy-constraint: requireExplicitPolicy:0 in the intermediate, no certificatePolicies below
#    (Java's PKIX validator refuses; OpenSSL does not check policies unless asked).
issue int-policy rsa "$S/CN=dbcert stacks policy CA" root int_policy
issue policy-leaf rsa "$S/CN=db.dbcert.test" int-policy leaf
emit policy-constraint root policy-leaf int-policy
# 10. ip-in-cn: no subjectAltName, CN=127.0.0.1; clients connect to 127.0.0.1.
issue ip-cn-leaf rsa "$S/CN=127.0.0.1" int leaf_nosan
emit ip-in-cn root ip-cn-leaf int
# 11. wildcard-partial: SAN DNS d*.dbcert.test only (a partial-label wildcard).
issue partial-leaf rsa "$S/CN=dbcert partial wildcard" int leaf_partial
emit wildcard-partial root partial-leaf int
# 12. wildcard-cn: SAN DNS *.dbcert.test, CN=dbcert.test; clients connect to dbcert.test, which
#     the wildcard does not cover: only a client that reads the CN despite a SAN accepts.
issue wildcard-cn-leaf rsa "$S/CN=dbcert.test" int leaf_wildcard_cn
emit wildcard-cn root wildcard-cn-leaf int
# 13. expired-cross: the server sends leaf, intermediate and an expired cross-certificate of the
#     new root by an old root; the client trusts the new root (the Let's Encrypt 2021 shape).
root old-root rsa "$S/CN=dbcert stacks old root CA"
root new-root rsa "$S/CN=dbcert stacks new root CA"
openssl x509 -x509toreq -in "$work/new-root.pem" -signkey "$work/new-root.key" -out "$work/cross.csr" 2>/dev/null
openssl ca -batch -config "$work/ca.cnf" -cert "$work/old-root.pem" -keyfile "$work/old-root.key" -in "$work/cross.csr" \
  -out "$work/cross.pem" -startdate 20000101000000Z -enddate 20100101000000Z -extfile "$work/ext.cnf" -extensions int \
  -notext -subj "$S/CN=dbcert stacks new root CA" 2>/dev/null
issue cross-int rsa "$S/CN=dbcert stacks intermediate CA 2" new-root int
issue cross-leaf rsa "$S/CN=db.dbcert.test" cross-int leaf
emit expired-cross new-root cross-leaf cross-int cross
# 14. p521-sha256: a P-521 intermediate that signs the P-256 leaf with ecdsa-with-SHA256.
issue int-p521 p521 "$S/CN=dbcert stacks P-521 intermediate CA" root int
issue p521-leaf p256 "$S/CN=db.dbcert.test" int-p521 leaf sha256
emit p521-sha256 root p521-leaf int-p521
# 15. int-anchor: the CA file holds the intermediate only, not the root it chains to
#     (OpenSSL without X509_V_FLAG_PARTIAL_CHAIN refuses; Go, Java and rustls take any anchor).
emit int-anchor int baseline int

cat >"$dest/chains.txt" <<'TXT'
baseline db.dbcert.test
cn-only db.dbcert.test
sha1-intermediate db.dbcert.test
rsa1024-leaf db.dbcert.test
v1-intermediate db.dbcert.test
v1-leaf db.dbcert.test
no-serverauth db.dbcert.test
nc-violation db.dbcert.test
policy-constraint db.dbcert.test
ip-in-cn 127.0.0.1
wildcard-partial db.dbcert.test
wildcard-cn dbcert.test
expired-cross db.dbcert.test
p521-sha256 db.dbcert.test
int-anchor db.dbcert.test
TXT
if [ -z "$out" ]; then
  rm -f "$here"/*.chain.pem "$here"/*.ca.pem
  cp "$dest"/*.chain.pem "$dest"/*.ca.pem "$dest/chains.txt" "$here/"
fi
