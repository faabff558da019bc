#!/usr/bin/env bash
# Makes the chain fixtures of tests/verify.rs with openssl (3.0+). Keys are fresh on every run,
# so the bytes change, but every date is fixed (2020-01-01 .. 2049-12-31 unless a test needs
# otherwise) and the tests pin the verification time, so results never depend on today.
# Usage: ./make.sh   (rewrites the *.pem files of this directory; commit them)
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"
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
authorityKeyIdentifier = keyid
[int_pathlen0]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[int_notca]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[int_nocertsign]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[int_nc]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
nameConstraints = critical,permitted;DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[int_require_policy]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
policyConstraints = critical,requireExplicitPolicy:0
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.example.com,IP:192.0.2.10,IP:2001:db8::10
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_wildcard]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.example.com
authorityKeyIdentifier = keyid
[leaf_other]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.other.org
authorityKeyIdentifier = keyid
[leaf_cn_only]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
[leaf_client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:db.example.com
authorityKeyIdentifier = keyid
[leaf_empty_eku]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
2.5.29.37 = DER:30:00
subjectAltName = DNS:db.example.com
authorityKeyIdentifier = keyid
[leaf_critical]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.example.com
1.3.6.1.4.1.55555.1 = critical,DER:05:00
authorityKeyIdentifier = keyid
CNF

# key NAME ALGORITHM: a fresh private key in $work/NAME.key
key() {
  case $2 in
    rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" -out "$work/$1.key" 2>/dev/null ;;
    P-*) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve -out "$work/$1.key" ;;
    ed25519 | ed448) openssl genpkey -algorithm "$2" -out "$work/$1.key" ;;
  esac
}

# cert NAME ISSUER SUBJECT EXTENSIONS [openssl ca options…]: NAME.pem, issued by ISSUER
# ("self" for a root). EXTENSIONS "none" makes an X.509 v1 certificate.
cert() {
  local name=$1 issuer=$2 subject=$3 ext=$4
  shift 4
  local args=(-batch -notext -config "$work/ca.cnf" -startdate "$START" -enddate "$END" -subj "$subject")
  [ "$ext" != none ] && args+=(-extfile "$work/ext.cnf" -extensions "$ext")
  if [ "$issuer" = self ]; then
    args+=(-selfsign -keyfile "$work/$name.key")
  else
    args+=(-cert "$issuer.pem" -keyfile "$work/$issuer.key")
  fi
  openssl req -new -config "$work/ca.cnf" -key "$work/$name.key" -out "$work/$name.csr" 2>/dev/null
  openssl ca "${args[@]}" "$@" -in "$work/$name.csr" -out "$name.pem" 2>/dev/null
}

O="/O=dbcert test"

# RSA: root → intermediate → leaf (DNS and IP SANs), the main chain.
key rsa-root rsa2048; cert rsa-root self "$O/CN=dbcert RSA Root" root
key rsa-int rsa2048; cert rsa-int rsa-root "$O/CN=dbcert RSA Intermediate" int
key rsa-leaf rsa2048; cert rsa-leaf rsa-int "$O/CN=db.example.com" leaf
# RSA-PSS signature (SHA-256, salt 32) by the RSA intermediate.
key pss-leaf rsa2048
cert pss-leaf rsa-int "$O/CN=db.example.com" leaf -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
# RSA PKCS#1 v1.5 with SHA-384 and SHA-512.
key sha384-leaf P-256; cert sha384-leaf rsa-int "$O/CN=db.example.com" leaf -md sha384
key sha512-leaf P-256; cert sha512-leaf rsa-int "$O/CN=db.example.com" leaf -md sha512
key sha224-leaf P-256; cert sha224-leaf rsa-int "$O/CN=db.example.com" leaf -md sha224

# EC: P-384 root → P-256 intermediate (ecdsa-with-SHA384) → P-256 leaf (SHA-256).
key ec-root P-384; cert ec-root self "$O/CN=dbcert EC Root" root -md sha384
key ec-int P-256; cert ec-int ec-root "$O/CN=dbcert EC Intermediate" int -md sha384
key ec-leaf P-256; cert ec-leaf ec-int "$O/CN=db.example.com" leaf
# P-521 root (SHA-512) → leaf.
key p521-root P-521; cert p521-root self "$O/CN=dbcert P-521 Root" root -md sha512
key p521-leaf P-256; cert p521-leaf p521-root "$O/CN=db.example.com" leaf -md sha512

# Ed25519 root → Ed25519 leaf.
key ed25519-root ed25519; cert ed25519-root self "$O/CN=dbcert Ed25519 Root" root
key ed25519-leaf ed25519; cert ed25519-leaf ed25519-root "$O/CN=db.example.com" leaf
# Ed448 root → leaf: an algorithm dbcert (and MySQL clients) do not verify.
key ed448-root ed448; cert ed448-root self "$O/CN=dbcert Ed448 Root" root
key ed448-leaf P-256; cert ed448-leaf ed448-root "$O/CN=db.example.com" leaf

# Validity: expired (2000–2010), not yet valid (2040–2049), expiring 2030-01-15.
key expired-leaf P-256
cert expired-leaf rsa-int "$O/CN=db.example.com" leaf -startdate 20000101000000Z -enddate 20100101000000Z
key notyet-leaf P-256
cert notyet-leaf rsa-int "$O/CN=db.example.com" leaf -startdate 20400101000000Z -enddate 20491231235959Z
key expiring-leaf P-256
cert expiring-leaf rsa-int "$O/CN=db.example.com" leaf -startdate 20200101000000Z -enddate 20300115000000Z

# Not a CA: an intermediate with CA:FALSE that issued a leaf.
key notca-int P-256; cert notca-int rsa-root "$O/CN=dbcert Not A CA" int_notca
key notca-leaf P-256; cert notca-leaf notca-int "$O/CN=db.example.com" leaf
# A CA whose keyUsage lacks keyCertSign.
key nocertsign-int P-256; cert nocertsign-int rsa-root "$O/CN=dbcert No CertSign" int_nocertsign
key nocertsign-leaf P-256; cert nocertsign-leaf nocertsign-int "$O/CN=db.example.com" leaf
# pathLen: root → int (pathlen 0) → sub-int → leaf.
key pathlen0-int P-256; cert pathlen0-int rsa-root "$O/CN=dbcert Pathlen 0" int_pathlen0
key pathlen-sub-int P-256; cert pathlen-sub-int pathlen0-int "$O/CN=dbcert Below Pathlen 0" int
key pathlen-leaf P-256; cert pathlen-leaf pathlen-sub-int "$O/CN=db.example.com" leaf
# Name constraints: permitted DNS:example.com; one leaf inside, one outside.
key nc-int P-256; cert nc-int rsa-root "$O/CN=dbcert Constrained" int_nc
key nc-leaf-ok P-256; cert nc-leaf-ok nc-int "$O/CN=db.example.com" leaf
key nc-leaf-bad P-256; cert nc-leaf-bad nc-int "$O/CN=db.other.org" leaf_other

# Certificate policies: a root → an intermediate that requires an explicit policy
# (policyConstraints requireExplicitPolicy:0) → a leaf with no certificatePolicies. Java's PKIX
# validation refuses it; OpenSSL by default does not check policies.
key policy-root P-256; cert policy-root self "$O/CN=dbcert Policy Root" root
key policy-int P-256; cert policy-int policy-root "$O/CN=dbcert Requires Policy" int_require_policy
key policy-leaf P-256; cert policy-leaf policy-int "$O/CN=db.example.com" leaf

# Cross-signing: a new root, the same root (same name and key) cross-signed by an old root,
# and an intermediate and leaf under the new root.
key cross-old-root P-256; cert cross-old-root self "$O/CN=dbcert Old Root" root
key cross-new-root P-256; cert cross-new-root self "$O/CN=dbcert New Root" root
cp "$work/cross-new-root.key" "$work/cross-new-by-old.key"
cert cross-new-by-old cross-old-root "$O/CN=dbcert New Root" int
key cross-int P-256; cert cross-int cross-new-root "$O/CN=dbcert Cross Intermediate" int
key cross-leaf P-256; cert cross-leaf cross-int "$O/CN=db.example.com" leaf

# Leaves of the RSA intermediate with one defect each.
key wildcard-leaf P-256; cert wildcard-leaf rsa-int "$O/CN=*.example.com" leaf_wildcard
key cn-only-leaf P-256; cert cn-only-leaf rsa-int "$O/CN=db.example.com" leaf_cn_only
key v1-leaf P-256; cert v1-leaf rsa-int "$O/CN=db.example.com" none
key sha1-leaf P-256; cert sha1-leaf rsa-int "$O/CN=db.example.com" leaf -md sha1
key rsa1024-leaf rsa1024; cert rsa1024-leaf rsa-int "$O/CN=db.example.com" leaf
key client-leaf P-256; cert client-leaf rsa-int "$O/CN=db.example.com" leaf_client
key critical-leaf P-256; cert critical-leaf rsa-int "$O/CN=db.example.com" leaf_critical
key empty-eku-leaf P-256; cert empty-eku-leaf rsa-int "$O/CN=db.example.com" leaf_empty_eku

# Signature rules clients accept: P-521 roots signed with SHA-256 and SHA-384 (a hash shorter
# than the curve order: OpenSSL and Go accept it), and RSA-PSS with SHA-256 whose MGF1 uses SHA-1
# (salt 32; OpenSSL accepts it), each self-signed.
key p521-sha256-root P-521; cert p521-sha256-root self "$O/CN=dbcert P-521 SHA-256 Root" root -md sha256
key p521-sha384-root P-521; cert p521-sha384-root self "$O/CN=dbcert P-521 SHA-384 Root" root -md sha384
key pss-mgf1-root rsa2048
cert pss-mgf1-root self "$O/CN=dbcert PSS MGF1-SHA1 Root" root -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha1
# RSA 512, self-signed: ring, Go and OpenSSL at security level 1+ refuse keys under 1024 bits.
key rsa512-root rsa512; cert rsa512-root self "$O/CN=dbcert RSA-512 Root" root

# Crafted (python3, below): rsa-root with both copies of its signature algorithm replaced by
# RSASSA-PSS (SHA-256, MGF1-SHA-256) with saltLength 2^64 - 1, which crashed dbcert before issue 22
# ("range end index … out of range"); only a public key is needed to make one. The signature
# bits are rsa-root's own. Every surface must give a clean bad_signature.
python3 - rsa-root.pem pss-huge-salt-root.pem <<'PY'
import base64, sys
def tlv(tag, v):
    n = len(v)
    head = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + head + v
def parse(b):
    out, i = [], 0
    while i < len(b):
        tag, n, j = b[i], b[i + 1], i + 2
        if n & 0x80:
            k = n & 0x7F
            n, j = int.from_bytes(b[j:j + k], "big"), j + k
        out.append((tag, b[j:j + n]))
        i = j + n
    return out
text = open(sys.argv[1]).read()
der = base64.b64decode("".join(l for l in text.splitlines() if l and not l.startswith("-----")))
(_, cert), = parse(der)
(_, tbs), _, (_, sig) = parse(cert)
sha256 = tlv(0x30, tlv(0x06, bytes.fromhex("608648016503040201")) + b"\x05\x00")
params = tlv(0xA0, sha256) + tlv(0xA1, tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d010108")) + sha256))
params += tlv(0xA2, tlv(0x02, b"\x00" + b"\xff" * 8))
alg = tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d01010a")) + tlv(0x30, params))
fields = parse(tbs)
at = 2 if fields[0][0] == 0xA0 else 1
fields[at] = (0x30, alg[2:])
new_tbs = tlv(0x30, b"".join(tlv(t, v) for t, v in fields))
out = tlv(0x30, new_tbs + alg + tlv(0x03, sig))
b64 = base64.b64encode(out).decode()
with open(sys.argv[2], "w") as f:
    f.write("-----BEGIN CERTIFICATE-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) + "\n-----END CERTIFICATE-----\n")
PY

# Tampered: the RSA leaf with the last byte of its signature flipped.
openssl x509 -in rsa-leaf.pem -outform DER -out "$work/t.der"
size=$(stat -c %s "$work/t.der")
last=$(od -An -tu1 -j $((size - 1)) -N1 "$work/t.der" | tr -d ' ')
printf "$(printf '\\%03o' $(((last + 1) % 256)))" | dd of="$work/t.der" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
openssl x509 -inform DER -in "$work/t.der" -out tampered-leaf.pem

echo "made $(ls ./*.pem | wc -l) certificates"
