"""A TLS 1.2 server's first flight without its private key: ServerHello + Certificate.

A real client that receives it verifies the certificate chain (OpenSSL in
tls_post_process_server_certificate, JSSE in T12CertificateConsumer, Go in verifyServerCertificate)
and then either fails the handshake with a certificate error or waits for ServerKeyExchange,
which a stub cannot sign. That is how the stack harnesses run a real client's own verification on
an x509-limbo case whose leaf has no key, and how the chain corpus checks its chains offline.

The flight does not depend on the ClientHello: TLS 1.2, an empty session id (never a resumption),
ECDHE_RSA or ECDHE_ECDSA with AES-128-GCM by the leaf's key type, and only the
renegotiation_info extension (RFC 5746), which every client here offers (by extension or SCSV)
and OpenSSL 3 requires. Stdlib only.
"""

import os

RSA_SUITE = 0xC02F  # TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
ECDSA_SUITE = 0xC02B  # TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
RSA_OIDS = {"1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10"}
ECDSA_OIDS = {"1.2.840.10045.2.1", "1.3.101.112", "1.3.101.113"}


def _tlv(data, pos):
    """(tag, content start, end) of the DER element at pos."""
    tag = data[pos]
    n = data[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[pos:pos + k], "big")
        pos += k
    return tag, pos, pos + n


def _oid(body):
    first = body[0]
    parts, v = [first // 40 if first < 80 else 2, first % 40 if first < 80 else first - 80], 0
    for b in body[1:]:
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(v)
            v = 0
    return ".".join(map(str, parts))


def spki_algorithm(der):
    """The leaf's SubjectPublicKeyInfo algorithm OID (dotted), or None if it cannot be read."""
    try:
        _, p, _ = _tlv(der, 0)  # Certificate
        _, p, tbs_end = _tlv(der, p)  # TBSCertificate
        fields = []
        while p < tbs_end and len(fields) < 7:
            tag, s, e = _tlv(der, p)
            fields.append((tag, s, e))
            p = e
        if fields[0][0] == 0xA0:  # [0] version
            fields = fields[1:]
        _, s, _ = fields[5]  # serial, sigalg, issuer, validity, subject, spki
        _, s2, _ = _tlv(der, s)  # AlgorithmIdentifier
        tag, os_, oe = _tlv(der, s2)
        return _oid(der[os_:oe]) if tag == 6 else None
    except (IndexError, ValueError):
        return None


def validity(der):
    """(notBefore, notAfter) of a certificate, as Unix times."""
    import calendar
    import time
    _, p, _ = _tlv(der, 0)
    _, p, end = _tlv(der, p)
    fields = []
    while p < end and len(fields) < 5:
        tag, s, e = _tlv(der, p)
        fields.append((tag, s, e))
        p = e
    if fields[0][0] == 0xA0:
        fields = fields[1:]
    _, p, _ = fields[3]
    out = []
    for _ in range(2):
        tag, s, e = _tlv(der, p)
        text = der[s:e].decode("ascii")
        p = e
        if tag == 0x17:  # UTCTime: two-digit year, 1950..2049
            text = ("19" if int(text[:2]) >= 50 else "20") + text
        out.append(calendar.timegm(time.strptime(text[:14], "%Y%m%d%H%M%S")))
    return out


def _u24(n):
    return n.to_bytes(3, "big")


def _handshake(kind, body):
    return bytes([kind]) + _u24(len(body)) + body


def flight(chain_der):
    """Records of ServerHello + Certificate for the chain (leaf first), as sent on the wire."""
    suite = ECDSA_SUITE if spki_algorithm(chain_der[0]) in ECDSA_OIDS else RSA_SUITE
    ext = b"\xff\x01\x00\x01\x00"  # renegotiation_info, empty
    hello = (b"\x03\x03" + os.urandom(32) + b"\x00" + suite.to_bytes(2, "big") + b"\x00"
             + len(ext).to_bytes(2, "big") + ext)
    certs = b"".join(_u24(len(c)) + c for c in chain_der)
    msgs = _handshake(2, hello) + _handshake(11, _u24(len(certs)) + certs)
    out = b""
    for i in range(0, len(msgs), 16384):
        frag = msgs[i:i + 16384]
        out += b"\x16\x03\x03" + len(frag).to_bytes(2, "big") + frag
    return out
