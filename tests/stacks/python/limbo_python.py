#!/usr/bin/env python3
"""x509-limbo through Python's ssl module, as PyMySQL and mysql-connector-python configure it.

Input: stdin, one JSON testcase per line (tests/stacks/limbo_stacks.py writes them, with the stub
server's ServerHello + Certificate in "flight", base64). Output: id<TAB>SUCCESS|FAILURE<TAB>context.

Each testcase runs a real client handshake of this interpreter's ssl module over memory BIOs
(SSLContext.wrap_bio): the flight is fed in, and the client either raises (the certificate was
refused: SSLCertVerificationError, or another SSLError before ServerKeyExchange) or wants to read
more (the certificate was accepted). No socket, no server key.

Profiles (--profile), the context each client builds:
  default        ssl.create_default_context(cadata=...) of this Python (3.11 here: no extra
                 verify flags); PyMySQL 1.1.2+ on 3.11 is the same (clearing VERIFY_X509_STRICT
                 changes nothing where it is not set).
  py313          what create_default_context adds from Python 3.13 on: VERIFY_X509_STRICT |
                 VERIFY_X509_PARTIAL_CHAIN (Lib/ssl.py, gh-107361), set on this Python's
                 context: emulated, since 3.13 is not installed here; the libssl is the same.
  py313-pymysql  PyMySQL >= 1.1.2 on 3.13: ctx.verify_flags &= ~VERIFY_X509_STRICT, so
                 PARTIAL_CHAIN only (pymysql/connections.py _create_ssl_ctx).
With a peer name, check_hostname stays on (VERIFY_IDENTITY: OpenSSL's host check with
X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, or the IP address check); without one it is off
(VERIFY_CA). CRLs are not loaded (neither client sets VERIFY_CRL_CHECK_*).

Python's ssl cannot set the verification time, so for testcases with a validation_time the
context's X509_VERIFY_PARAM time is set through libssl itself (ctypes: the SSL_CTX pointer is
the first field of the _ssl._SSLContext object; checked against SSL_CTX_get_verify_mode before
use). Nothing else is touched.
"""

import argparse
import base64
import calendar
import ctypes
import ctypes.util
import json
import ssl
import sys
import time

libssl = ctypes.CDLL(ctypes.util.find_library("ssl") or "libssl.so.3")
libcrypto = ctypes.CDLL(ctypes.util.find_library("crypto") or "libcrypto.so.3")
libssl.SSL_CTX_get0_param.restype = ctypes.c_void_p
libssl.SSL_CTX_get0_param.argtypes = [ctypes.c_void_p]
libssl.SSL_CTX_get_verify_mode.restype = ctypes.c_int
libssl.SSL_CTX_get_verify_mode.argtypes = [ctypes.c_void_p]
libssl.SSL_CTX_get_security_level.restype = ctypes.c_int
libssl.SSL_CTX_get_security_level.argtypes = [ctypes.c_void_p]
libcrypto.X509_VERIFY_PARAM_set_time.argtypes = [ctypes.c_void_p, ctypes.c_int64]


def ssl_ctx_ptr(ctx):
    """The SSL_CTX * of an ssl.SSLContext (PySSLContext: PyObject_HEAD, then SSL_CTX *ctx)."""
    ptr = ctypes.c_void_p.from_address(id(ctx) + object.__basicsize__).value
    # CERT_REQUIRED is SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT in _ssl.c.
    if not ptr or libssl.SSL_CTX_get_verify_mode(ptr) != 3:
        raise SystemExit("limbo_python: could not find the SSL_CTX of an SSLContext")
    return ptr


def unix_time(s):
    return calendar.timegm(time.strptime(s.replace("Z", "+00:00")[:19], "%Y-%m-%dT%H:%M:%S"))


def context(profile, tc):
    ctx = ssl.create_default_context(cadata="\n".join(tc["trusted_certs"]))
    if profile in ("py313", "py313-pymysql"):
        ctx.verify_flags |= ssl.VERIFY_X509_STRICT | ssl.VERIFY_X509_PARTIAL_CHAIN
    if profile == "py313-pymysql":
        ctx.verify_flags &= ~ssl.VERIFY_X509_STRICT
    peer = tc.get("expected_peer_name")
    ctx.check_hostname = bool(peer)
    if tc.get("validation_time"):
        param = libssl.SSL_CTX_get0_param(ssl_ctx_ptr(ctx))
        libcrypto.X509_VERIFY_PARAM_set_time(param, unix_time(tc["validation_time"]))
    return ctx, (peer or {}).get("value")


def run(profile, tc):
    try:
        ctx, host = context(profile, tc)
    except ssl.SSLError as e:
        return "FAILURE", f"CA file refused: {e}"
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname=host)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    incoming.write(base64.b64decode(tc["flight"]))
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        return "SUCCESS", ""
    except ssl.SSLCertVerificationError as e:
        return "FAILURE", f"{e.verify_message} ({e.verify_code})"
    except ssl.SSLError as e:
        return "FAILURE", str(e)
    return "FAILURE", "harness: handshake completed against a stub"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", default="default", choices=["default", "py313", "py313-pymysql"])
    ap.add_argument("--print-seclevel", action="store_true")
    a = ap.parse_args()
    if a.print_seclevel:
        print(libssl.SSL_CTX_get_security_level(ssl_ctx_ptr(ssl.create_default_context())))
        return
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        tc = json.loads(line)
        if tc["validation_kind"] != "SERVER" or (tc.get("expected_peer_name") or {}).get("kind") == "RFC822":
            continue
        r, why = run(a.profile, tc)
        out.write(f"{tc['id']}\t{r}\t{why.replace(chr(9), ' ').replace(chr(10), ' ')}\n")


if __name__ == "__main__":
    main()
