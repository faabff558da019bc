#!/usr/bin/env bash
# Makes the CRL fixtures with openssl (3.0+): two CA hierarchies (RSA, EC), their leaves, and CRLs
# made by `openssl ca -gencrl` (with and without reasons, certificateHold, a delta CRL with
# removeFromCRL, an issuing distribution point, expired, not yet valid, a bad signature, DER, PEM
# and P7B), plus an indirect CRL that `openssl ca` cannot make (its entries need the
# certificateIssuer extension): its TBSCertList is written by `openssl asn1parse -genconf` and
# signed by `openssl dgst`.
#
# Usage: ./make.sh           rewrites the fixtures of this directory (commit them). Every date is
#                            fixed (certificates 2020-01-01 .. 2049-12-31, CRLs around
#                            2030-01-01, the tests' verification time); keys are fresh and not kept.
#        ./make.sh OUTDIR    writes the same set into OUTDIR with the CRLs' dates around now and
#                            every private key beside its certificate (for tests that serve a
#                            certificate: tests/realserver/crl_matrix.py). CRL_URL_BASE (default
#                            http://crl.dbcert.test) is where the certificates' CRL distribution
#                            points say the CRLs are (`<base>/<ca>.crl`, DER).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
URL=${CRL_URL_BASE:-http://crl.dbcert.test}

START=20200101000000Z
END=20491231235959Z
if [ $# -ge 1 ]; then
  out=$(mkdir -p "$1" && cd "$1" && pwd)
  keep_keys=1
  # YYYYMMDDHHMMSSZ, days from now.
  at() { date -u -d "$1 days" +%Y%m%d%H%M%SZ; }
  THIS=$(at -1); NEXT=$(at 30)             # current CRLs
  OLD_THIS=$(at -60); OLD_NEXT=$(at -30)   # expired CRL
  NEW_THIS=$(at 30); NEW_NEXT=$(at 60)     # not yet valid CRL
  REVOKED_AT=$(at -10)                      # revocation date of every entry
  COMPROMISED_AT=$(at -20)                  # invalidity date of the key compromise
else
  out=$here
  keep_keys=0
  THIS=20290601000000Z; NEXT=20300601000000Z
  OLD_THIS=20290101000000Z; OLD_NEXT=20291201000000Z
  NEW_THIS=20310101000000Z; NEW_NEXT=20320101000000Z
  REVOKED_AT=20290301000000Z
  COMPROMISED_AT=20290215000000Z
fi
cd "$out"

cat >"$work/req.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
CNF

cat >"$work/ext.cnf" <<CNF
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[int]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$URL/ISSUER.crl
[crl_issuer]
basicConstraints = critical,CA:FALSE
keyUsage = critical,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.example.com,DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$URL/ISSUER.crl
[leaf_indirect]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.example.com,DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = indirect_dp
[indirect_dp]
fullname = URI:$URL/indirect.crl
CRLissuer = dirName:crl_issuer_dn
[crl_issuer_dn]
O = dbcert test
CN = dbcert CRL Issuer
[crl_ext]
authorityKeyIdentifier = keyid:always
[crl_base]
authorityKeyIdentifier = keyid:always
freshestCRL = URI:$URL/rsa-int-delta.crl
[crl_idp]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp
[idp]
fullname = URI:$URL/rsa-int.crl
onlyuser = TRUE
[crl_delta]
authorityKeyIdentifier = keyid:always
deltaCRL = critical,ASN1:INTEGER:1
CNF

# ca_cnf NAME: the `openssl ca` configuration of CA NAME (its own database and CRL number).
ca_cnf() {
  local name=$1
  mkdir -p "$work/$name.new"
  : >"$work/$name.index"
  echo 01 >"$work/$name.crlnumber"
  cat >"$work/$name.cnf" <<CNF
[ca]
default_ca = ca_default
[ca_default]
database = $work/$name.index
new_certs_dir = $work/$name.new
crlnumber = $work/$name.crlnumber
rand_serial = yes
policy = policy_any
default_md = sha256
unique_subject = no
email_in_dn = no
[policy_any]
organizationName = optional
commonName = optional
CNF
  # `openssl ca -gencrl` reads -crlexts sections from the CA's own configuration.
  cat "$work/ext.cnf" >>"$work/$name.cnf"
}

# key NAME ALGORITHM: a fresh private key.
key() {
  case $2 in
    rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" -out "$work/$1.key" 2>/dev/null ;;
    P-*) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve -out "$work/$1.key" ;;
  esac
}

# cert NAME ISSUER SUBJECT EXTENSIONS [openssl ca options…]: NAME.pem issued by CA ISSUER ("self":
# a root). The CRL distribution point names the issuer's CRL.
cert() {
  local name=$1 issuer=$2 subject=$3 ext=$4
  shift 4
  sed "s/ISSUER/$issuer/" "$work/ext.cnf" >"$work/ext-$name.cnf"
  openssl req -new -config "$work/req.cnf" -key "$work/$name.key" -out "$work/$name.csr" 2>/dev/null
  local ca=$issuer
  local args=(-batch -notext -startdate "$START" -enddate "$END" -subj "$subject"
    -extfile "$work/ext-$name.cnf" -extensions "$ext")
  if [ "$issuer" = self ]; then
    ca=$name
    ca_cnf "$name"
    args+=(-selfsign -keyfile "$work/$name.key")
  else
    args+=(-cert "$issuer.pem" -keyfile "$work/$issuer.key")
  fi
  openssl ca -config "$work/$ca.cnf" "${args[@]}" "$@" -in "$work/$name.csr" -out "$name.pem" 2>/dev/null
  case $ext in root | int) ca_cnf "$name" ;; esac
}

# revoke CA NAME [openssl ca reason options…]: marks NAME revoked in CA's database, on $REVOKED_AT.
revoke() {
  local ca=$1 name=$2
  shift 2
  openssl ca -config "$work/$ca.cnf" -cert "$ca.pem" -keyfile "$work/$ca.key" -revoke "$name.pem" "$@" 2>/dev/null
  local serial
  serial=$(openssl x509 -in "$name.pem" -noout -serial | cut -d= -f2)
  # `openssl ca -revoke` records now; the fixtures need a fixed date (UTCTime, YYMMDDHHMMSSZ).
  awk -F'\t' -v OFS='\t' -v s="$serial" -v d="${REVOKED_AT:2}" \
    '$4 == s { sub(/^[0-9]+Z/, d, $3) } { print }' "$work/$ca.index" >"$work/$ca.index.tmp"
  mv "$work/$ca.index.tmp" "$work/$ca.index"
}

# crl CA OUT THIS NEXT [openssl ca options…]: CA's CRL (PEM) from its database, valid THIS..NEXT.
crl() {
  local ca=$1 file=$2 this=$3 next=$4
  shift 4
  openssl ca -config "$work/$ca.cnf" -cert "$ca.pem" -keyfile "$work/$ca.key" -gencrl \
    -crl_lastupdate "$this" -crl_nextupdate "$next" "$@" -out "$file" 2>/dev/null
}

# ---- RSA: root → intermediate → leaves; an intermediate the root revoked.
O="/O=dbcert test"
key rsa-root rsa2048; cert rsa-root self "$O/CN=dbcert CRL RSA Root" root
key rsa-int rsa2048; cert rsa-int rsa-root "$O/CN=dbcert CRL RSA Intermediate" int
key rsa-revoked-int rsa2048; cert rsa-revoked-int rsa-root "$O/CN=dbcert CRL Revoked Intermediate" int
for leaf in good revoked revoked-noreason hold delta-revoked; do
  key "rsa-$leaf" rsa2048; cert "rsa-$leaf" rsa-int "$O/CN=db.example.com" leaf
done
key rsa-under-revoked-int rsa2048; cert rsa-under-revoked-int rsa-revoked-int "$O/CN=db.example.com" leaf

revoke rsa-root rsa-revoked-int -crl_CA_compromise "$COMPROMISED_AT"
crl rsa-root rsa-root.crl.pem "$THIS" "$NEXT" -crlexts crl_ext
crl rsa-revoked-int rsa-revoked-int.crl.pem "$THIS" "$NEXT" -crlexts crl_ext

revoke rsa-int rsa-revoked -crl_compromise "$COMPROMISED_AT"
revoke rsa-int rsa-revoked-noreason
revoke rsa-int rsa-hold -crl_hold holdInstructionReject
# The base CRL (number 01, its freshestCRL names the delta CRL) in PEM and DER, then variants of it.
crl rsa-int rsa-int.crl.pem "$THIS" "$NEXT" -crlexts crl_base
openssl crl -in rsa-int.crl.pem -outform DER -out rsa-int.crl
crl rsa-int rsa-int-expired.crl.pem "$OLD_THIS" "$OLD_NEXT" -crlexts crl_ext
crl rsa-int rsa-int-notyet.crl.pem "$NEW_THIS" "$NEW_NEXT" -crlexts crl_ext
crl rsa-int rsa-int-idp.crl.pem "$THIS" "$NEXT" -crlexts crl_idp
# Bad signature: the base CRL with the last byte of its signature incremented.
openssl crl -in rsa-int.crl.pem -outform DER -out "$work/bad.der"
size=$(stat -c %s "$work/bad.der")
last=$(od -An -tu1 -j $((size - 1)) -N1 "$work/bad.der" | tr -d ' ')
printf "$(printf '\\%03o' $(((last + 1) % 256)))" | dd of="$work/bad.der" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
openssl crl -inform DER -in "$work/bad.der" -out rsa-int-badsig.crl.pem

# The delta CRL on base 01: its own database holds what changed since: one new revocation and
# the held certificate released (removeFromCRL).
cp "$work/rsa-int.index" "$work/rsa-int.index.base"
: >"$work/rsa-int.index"
openssl ca -config "$work/rsa-int.cnf" -cert rsa-int.pem -keyfile "$work/rsa-int.key" -valid rsa-delta-revoked.pem 2>/dev/null
openssl ca -config "$work/rsa-int.cnf" -cert rsa-int.pem -keyfile "$work/rsa-int.key" -valid rsa-hold.pem 2>/dev/null
revoke rsa-int rsa-delta-revoked -crl_reason superseded
revoke rsa-int rsa-hold -crl_reason removeFromCRL
crl rsa-int rsa-int-delta.crl.pem "$THIS" "$NEXT" -crlexts crl_delta
mv "$work/rsa-int.index.base" "$work/rsa-int.index"

# ---- EC: P-384 root → P-256 intermediate → leaves; the root's CRL is a v1 CRL (no extensions,
# no CRL number), the intermediate's is signed with ecdsa-with-SHA256.
key ec-root P-384; cert ec-root self "$O/CN=dbcert CRL EC Root" root -md sha384
key ec-int P-256; cert ec-int ec-root "$O/CN=dbcert CRL EC Intermediate" int -md sha384
key ec-good P-256; cert ec-good ec-int "$O/CN=db.example.com" leaf
key ec-revoked P-256; cert ec-revoked ec-int "$O/CN=db.example.com" leaf
sed -i '/^crlnumber/d' "$work/ec-root.cnf" # no CRL number: `openssl ca` then writes a v1 CRL
crl ec-root ec-root.crl.pem "$THIS" "$NEXT" -md sha384
revoke ec-int ec-revoked -crl_reason affiliationChanged
crl ec-int ec-int.crl.pem "$THIS" "$NEXT" -crlexts crl_ext

# ---- Indirect CRL: a CRL issuer (certified by the RSA root, keyUsage cRLSign only) signs a CRL
# marked indirectCRL that revokes a leaf of the RSA intermediate (entry extension
# certificateIssuer); the leaf's CRL distribution point names the CRL issuer (cRLIssuer).
key crl-issuer rsa2048; cert crl-issuer rsa-root "$O/CN=dbcert CRL Issuer" crl_issuer
key rsa-indirect-revoked rsa2048; cert rsa-indirect-revoked rsa-int "$O/CN=db.example.com" leaf_indirect
serial=$(openssl x509 -in rsa-indirect-revoked.pem -noout -serial | cut -d= -f2)
aki=$(openssl x509 -in crl-issuer.pem -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' :')
utc() { echo "${1:2}"; }
cat >"$work/indirect.cnf" <<CNF
asn1 = SEQUENCE:crl
[crl]
tbs = SEQUENCE:tbs
alg = SEQUENCE:alg
sig = FORMAT:HEX,BITSTRING:SIGNATURE
[tbs]
version = INTEGER:1
alg = SEQUENCE:alg
issuer = SEQUENCE:issuer
thisUpdate = UTCTIME:$(utc "$THIS")
nextUpdate = UTCTIME:$(utc "$NEXT")
revoked = SEQUENCE:revoked
exts = EXPLICIT:0,SEQUENCE:crl_exts
[alg]
oid = OID:sha256WithRSAEncryption
null = NULL
[issuer]
o = SET:o
cn = SET:cn_issuer
[o]
a = SEQUENCE:o_attr
[o_attr]
oid = OID:organizationName
v = UTF8:dbcert test
[cn_issuer]
a = SEQUENCE:cn_issuer_attr
[cn_issuer_attr]
oid = OID:commonName
v = UTF8:dbcert CRL Issuer
[revoked]
entry = SEQUENCE:entry
[entry]
serial = INTEGER:0x$serial
date = UTCTIME:$(utc "$REVOKED_AT")
exts = SEQUENCE:entry_exts
[entry_exts]
reason = SEQUENCE:reason
cert_issuer = SEQUENCE:cert_issuer
[reason]
oid = OID:CRLReason
v = OCTWRAP,ENUMERATED:1
[cert_issuer]
oid = OID:certificateIssuer
critical = BOOLEAN:TRUE
v = OCTWRAP,SEQUENCE:cert_issuer_names
[cert_issuer_names]
dn = EXPLICIT:4,SEQUENCE:int_name
[int_name]
o = SET:o
cn = SET:cn_int
[cn_int]
a = SEQUENCE:cn_int_attr
[cn_int_attr]
oid = OID:commonName
v = UTF8:dbcert CRL RSA Intermediate
[crl_exts]
aki = SEQUENCE:aki
number = SEQUENCE:number
idp = SEQUENCE:idp
[aki]
oid = OID:authorityKeyIdentifier
v = OCTWRAP,SEQUENCE:aki_val
[aki_val]
keyid = IMPLICIT:0,FORMAT:HEX,OCTETSTRING:$aki
[number]
oid = OID:crlNumber
v = OCTWRAP,INTEGER:1
[idp]
oid = OID:issuingDistributionPoint
critical = BOOLEAN:TRUE
v = OCTWRAP,SEQUENCE:idp_val
[idp_val]
dp = EXPLICIT:0,IMPLICIT:0,SEQUENCE:idp_fullname
indirect = IMPLICIT:4,BOOLEAN:TRUE
[idp_fullname]
uri = IMPLICIT:6,IA5STRING:$URL/indirect.crl
CNF
# The TBSCertList alone (the [crl] section's first field), signed, then the whole CertificateList.
sed -e 's/^asn1 = SEQUENCE:crl$/asn1 = SEQUENCE:tbs/' "$work/indirect.cnf" >"$work/tbs.cnf"
openssl asn1parse -genconf "$work/tbs.cnf" -out "$work/tbs.der" >/dev/null
openssl dgst -sha256 -sign "$work/crl-issuer.key" -out "$work/tbs.sig" "$work/tbs.der"
sed -i "s/SIGNATURE/$(od -An -tx1 -v "$work/tbs.sig" | tr -d ' \n')/" "$work/indirect.cnf"
openssl asn1parse -genconf "$work/indirect.cnf" -out "$work/indirect.der" >/dev/null
openssl crl -inform DER -in "$work/indirect.der" -out indirect.crl.pem
# The parts must be what OpenSSL reads back: the signature checks with the issuer's key.
openssl crl -in indirect.crl.pem -CAfile crl-issuer.pem -noout 2>&1 | grep -q "verify OK"

# ---- Containers: the CRLs a MySQL client's --ssl-crl file holds under CRL_CHECK_ALL (every CA's
# CRL, PEM, concatenated), and a P7B (DER and PEM) carrying the intermediate's CRL with the chain.
cat rsa-root.crl.pem rsa-int.crl.pem >rsa-chain.crls.pem
openssl crl2pkcs7 -in rsa-int.crl.pem -certfile rsa-root.pem -certfile rsa-int.pem -outform DER -out rsa-int-crl.p7b
openssl crl2pkcs7 -in rsa-int.crl.pem -outform PEM -out rsa-int-crl-only.p7b.pem

if [ "$keep_keys" = 1 ]; then
  cp "$work"/*.key .
fi
echo "made $(ls ./*.pem | grep -vc 'crl\.pem\|crls\|p7b') certificates and $(ls ./*.crl ./*.crl.pem ./*.crls.pem ./*.p7b* | wc -l) CRL files in $out"
