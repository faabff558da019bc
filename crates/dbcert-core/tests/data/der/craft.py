#!/usr/bin/env python3
"""DER surgery for make.sh: fixed validity for root.pem and leaf.pem (both re-signed by the root
key), then one copy of leaf.pem per BER-in-DER form, each changing exactly one encoding.

Usage: craft.py ROOT_KEY   (in this directory; reads and rewrites root.pem and leaf.pem)
"""
import base64
import subprocess
import sys
import tempfile

ROOT_KEY = sys.argv[1]


def pem_der(path):
    text = open(path).read()
    body = text.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
    return base64.b64decode("".join(body.split()))


def write_pem(path, der):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    with open(path, "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n")


def length(n, pad=0):
    """A DER length; pad > 0 gives a long form with `pad` extra leading zero octets (or the long
    form of a length under 128)."""
    if n < 0x80 and pad == 0:
        return bytes([n])
    body = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    if n < 0x80:
        pad -= 1
    body = b"\x00" * pad + body
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content, pad=0):
    return bytes([tag]) + length(len(content), pad) + content


def parse(data):
    """The TLVs of a buffer: (tag, content) pairs (short tags, definite lengths)."""
    out, i = [], 0
    while i < len(data):
        tag, l0 = data[i], data[i + 1]
        i += 2
        if l0 & 0x80:
            n = l0 & 0x7F
            ln = int.from_bytes(data[i:i + n], "big")
            i += n
        else:
            ln = l0
        out.append((tag, data[i:i + ln]))
        i += ln
    return out


def sign(tbs):
    with tempfile.NamedTemporaryFile() as f:
        f.write(tbs)
        f.flush()
        return subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", ROOT_KEY, f.name],
            check=True, capture_output=True).stdout


def certificate(tbs, alg, unused_bits=0, need_zero_bits=0, sig_pad=0, outer_pad=0):
    """Signs `tbs` (encoded) and wraps it; with `need_zero_bits`, signs again until the last
    signature octet has that many low zero bits (ECDSA signatures are randomised)."""
    while True:
        sig = sign(tbs)
        if sig[-1] & ((1 << need_zero_bits) - 1) == 0:
            break
    bits = tlv(0x03, bytes([unused_bits]) + sig, sig_pad)
    return tlv(0x30, tbs + alg + bits, outer_pad)


def fields(der):
    """(TBS fields as (tag, content) pairs, the encoded signature AlgorithmIdentifier, signature
    BIT STRING content)."""
    (_, outer), = parse(der)
    (t_tag, tbs), (a_tag, alg), (s_tag, sig) = parse(outer)
    return parse(tbs), tlv(a_tag, alg), sig


def encode(parts):
    return tlv(0x30, b"".join(tlv(t, c) for t, c in parts))


VALIDITY = tlv(0x17, b"200101000000Z") + tlv(0x18, b"20491231235959Z")


def fixed_dates(path):
    tbs, alg, _ = fields(pem_der(path))
    tbs[4] = (0x30, VALIDITY)
    der = certificate(encode(tbs), alg)
    write_pem(path, der)
    return der


fixed_dates("root.pem")
leaf = fixed_dates("leaf.pem")
TBS, ALG, SIG = fields(leaf)
# TBS: [0] version, serial, signature, issuer, validity, subject, spki, [3] extensions
EXTS = parse(parse(TBS[7][1])[0][1])


def ext(oid_hex, value, critical=None):
    body = tlv(0x06, bytes.fromhex(oid_hex))
    if critical is not None:
        body += tlv(0x01, critical)
    return (0x30, body + tlv(0x04, value))


def with_exts(exts):
    tbs = list(TBS)
    tbs[7] = (0xA3, tlv(0x30, b"".join(tlv(t, c) for t, c in exts)))
    return tbs


def ext_index(oid_hex):
    return next(i for i, (_, c) in enumerate(EXTS) if parse(c)[0][1] == bytes.fromhex(oid_hex))


BASIC_CONSTRAINTS, EKU = "551d13", "551d25"
forms = {}

# Non-minimal lengths: of the outer SEQUENCE (outside the signature), of the TBSCertificate
# and of the subject Name (inside it), of the signature BIT STRING (outside).
forms["len-outer"] = certificate(encode(TBS), ALG, outer_pad=1)
tbs = b"".join(tlv(t, c) for t, c in TBS)
forms["len-tbs"] = certificate(tlv(0x30, tbs, pad=1), ALG)
forms["len-name"] = certificate(
    tlv(0x30, b"".join(tlv(t, c, pad=1 if i == 5 else 0) for i, (t, c) in enumerate(TBS))), ALG)
forms["len-sig"] = certificate(encode(TBS), ALG, sig_pad=1)

# The signature BIT STRING: unused-bits count 1 with a zero padding bit (valid BER and DER for a
# BIT STRING, but the signature is then one bit short), and with a set padding bit.
forms["sig-unused-bits"] = certificate(encode(TBS), ALG, unused_bits=1, need_zero_bits=1)
while True:
    c = certificate(encode(TBS), ALG, unused_bits=1)
    if c[-1] & 1:
        forms["sig-padding-bits"] = c
        break

# The subject public key BIT STRING with unused-bits count 1: the EC point is then one bit short.
spki = parse(TBS[6][1])
key = spki[1][1]
tbs_key = list(TBS)
tbs_key[6] = (0x30, tlv(spki[0][0], spki[0][1]) + tlv(0x03, b"\x01" + key[1:]))
assert key[-1] & 1 == 0, "make.sh picks a key whose point ends in an even octet"
forms["key-unused-bits"] = certificate(encode(tbs_key), ALG)

# BOOLEAN TRUE as 0x01 (DER: 0xFF): basicConstraints' critical flag.
i = ext_index(BASIC_CONSTRAINTS)
exts = list(EXTS)
exts[i] = ext(BASIC_CONSTRAINTS, tlv(0x30, b""), b"\x01")
forms["bool-true-01"] = certificate(encode(with_exts(exts)), ALG)

# DEFAULT values encoded: extendedKeyUsage critical FALSE written out; basicConstraints cA FALSE
# written out; version v1's [0] written out is not tried (it needs a certificate without
# extensions).
i = ext_index(EKU)
exts = list(EXTS)
eku_value = parse(EXTS[i][1])[-1][1]
exts[i] = ext(EKU, eku_value, b"\x00")
forms["default-critical-false"] = certificate(encode(with_exts(exts)), ALG)
i = ext_index(BASIC_CONSTRAINTS)
exts = list(EXTS)
exts[i] = ext(BASIC_CONSTRAINTS, tlv(0x30, tlv(0x01, b"\x00")), b"\xff")
forms["default-ca-false"] = certificate(encode(with_exts(exts)), ALG)

# INTEGER with a redundant leading zero octet: the serial number.
tbs_serial = list(TBS)
tbs_serial[1] = (0x02, b"\x00" + TBS[1][1])
forms["serial-leading-zero"] = certificate(encode(tbs_serial), ALG)

# Indefinite length (BER) of the outer SEQUENCE.
(_, outer), = parse(leaf)
forms["indefinite-outer"] = b"\x30\x80" + outer + b"\x00\x00"

# UTCTime without seconds (DER requires them).
tbs_time = list(TBS)
tbs_time[4] = (0x30, tlv(0x17, b"2001010000Z") + tlv(0x18, b"20491231235959Z"))
forms["utctime-no-seconds"] = certificate(encode(tbs_time), ALG)

for name, der in forms.items():
    write_pem(name + ".pem", der)
print(" ".join(sorted(forms)))
