/*
 * x509-limbo through the system libssl, configured as a MySQL client configures it.
 *
 * Input (stdin, written by tests/stacks/limbo_stacks.py): per testcase one header line
 *   CASE <id> <peer kind: DNS|IP|-> <peer name|-> <unix time|-> <max depth|-> <required EKU|-> <ntrusted>
 *        <nuntrusted> <ncrls> <flight hex>
 * then the PEM blocks: trusted certificates, untrusted intermediates, the peer, CRLs.
 * Output (stdout): per testcase "id<TAB>SUCCESS|FAILURE|SKIPPED<TAB>context".
 *
 * Configurations (--config):
 *   ref          upstream x509-limbo's harness/openssl/main.cpp, for the agreement check with
 *                its OpenSSL 3.0.19 results: X509_V_FLAG_X509_STRICT | PARTIAL_CHAIN, CRL check
 *                when CRLs are given, auth level 2, NO_PARTIAL_WILDCARDS host check, purpose
 *                from the required EKU, depth = max_chain_depth, NO_CHECK_TIME when no validation time.
 *   libmysqlclient  Oracle's client library (vio/viosslfactories.cc new_VioSSLFd): SSL_VERIFY_PEER,
 *                the CA in the context's store, X509_STORE CRL_CHECK|CRL_CHECK_ALL with --ssl-crl,
 *                X509_VERIFY_PARAM_set1_ip_asc(host) else set1_host(host, 0) with no host flags;
 *                nothing else: purpose, trust and auth level are what libssl applies itself.
 *   python       Python's ssl with check_hostname (Modules/_ssl.c): set1_ip for an address, else
 *                set1_host with X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS; no CRLs; --flags adds the
 *                verify flags of Python 3.13's create_default_context (strict, partial). Only to
 *                cross-check tests/stacks/python, which runs Python's own ssl module.
 *   mariadb-cc   MariaDB Connector/C 3.3 (libmariadb/secure/openssl.c): SSL_VERIFY_PEER, the
 *                same store and CRL flags, no host in the verify parameters; after the chain,
 *                X509_check_host(cert, host, len, 0, 0) == 1 or X509_check_ip_asc(cert, host, 0) == 1.
 * --no-host      VERIFY_CA: no host check whatever the testcase names.
 * --seclevel N   SSL_CTX_set_security_level (Debian's build default is 2).
 * --mode emulate   X509_verify_cert on an X509_STORE_CTX set up as ssl_verify_cert_chain does
 *                  (ssl/ssl_cert.c: auth level = security level, X509_STORE_CTX_set_default
 *                  "ssl_server", then the SSL's parameters);
 *        handshake a real SSL client over memory BIOs: the ClientHello is written, the server's
 *                  flight (ServerHello + Certificate, made by tests/stacks/tlsstub.py) is fed in,
 *                  and the client either fails the certificate or waits for ServerKeyExchange.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

enum config { REF, LIBMYSQLCLIENT, MARIADB_CC, PYTHON };
static int no_host;             /* --no-host: VERIFY_CA, the chain only */
static unsigned long extra_flags; /* --flags strict,partial: X509_V_FLAG_X509_STRICT, PARTIAL_CHAIN */

static void die(const char *msg) {
    fprintf(stderr, "limbo_openssl: %s\n", msg);
    exit(2);
}

static STACK_OF(X509) *read_certs(BIO *in, int n) {
    STACK_OF(X509) *sk = sk_X509_new_null();
    for (int i = 0; i < n; i++) {
        X509 *x = PEM_read_bio_X509(in, NULL, NULL, NULL);
        if (!x) die("bad certificate PEM");
        sk_X509_push(sk, x);
    }
    return sk;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

struct tc {
    char id[512], kind[16], name[512], time[32], depth[16], eku[32];
    STACK_OF(X509) *trusted, *untrusted, *crls_dummy;
    STACK_OF(X509_CRL) *crls;
    X509 *peer;
    unsigned char *flight;
    size_t flight_len;
};

static void set_host(X509_VERIFY_PARAM *param, enum config cfg, const struct tc *t) {
    if (strcmp(t->kind, "-") == 0 || no_host) return;
    if (cfg == REF) {
        if (strcmp(t->kind, "IP") == 0) {
            X509_VERIFY_PARAM_set1_ip_asc(param, t->name);
        } else {
            X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            X509_VERIFY_PARAM_set1_host(param, t->name, strlen(t->name));
        }
    } else if (cfg == PYTHON) {
        if (X509_VERIFY_PARAM_set1_ip_asc(param, t->name) != 1) {
            X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            X509_VERIFY_PARAM_set1_host(param, t->name, 0);
        }
    } else if (cfg == LIBMYSQLCLIENT) {
        /* new_VioSSLFd: an IP address literal goes to set1_ip_asc, anything else to set1_host. */
        if (X509_VERIFY_PARAM_set1_ip_asc(param, t->name) != 1)
            X509_VERIFY_PARAM_set1_host(param, t->name, 0);
    }
    /* MARIADB_CC: checked after the chain (post_host_check). */
}

/* MariaDB Connector/C's ma_tls_verify_server_cert. */
static const char *post_host_check(enum config cfg, const struct tc *t, X509 *cert) {
    if (cfg != MARIADB_CC || strcmp(t->kind, "-") == 0 || no_host) return NULL;
    if (X509_check_host(cert, t->name, strlen(t->name), 0, 0) != 1 &&
        X509_check_ip_asc(cert, t->name, 0) != 1)
        return "Validation of SSL server certificate failed (host name)";
    return NULL;
}

static X509_STORE *make_store(enum config cfg, const struct tc *t) {
    X509_STORE *store = X509_STORE_new();
    if (cfg == REF) {
        X509_STORE_set_flags(store, X509_V_FLAG_X509_STRICT);
        X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
    }
    if (extra_flags) X509_STORE_set_flags(store, extra_flags);
    for (int i = 0; i < sk_X509_num(t->trusted); i++) X509_STORE_add_cert(store, sk_X509_value(t->trusted, i));
    if (sk_X509_CRL_num(t->crls) > 0 && cfg != PYTHON) {
        for (int i = 0; i < sk_X509_CRL_num(t->crls); i++) X509_STORE_add_crl(store, sk_X509_CRL_value(t->crls, i));
        X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    }
    if (cfg == REF && strcmp(t->time, "-") == 0) X509_STORE_set_flags(store, X509_V_FLAG_NO_CHECK_TIME);
    return store;
}

static void set_time_depth(X509_VERIFY_PARAM *param, enum config cfg, const struct tc *t) {
    if (strcmp(t->time, "-") != 0) X509_VERIFY_PARAM_set_time(param, (time_t)strtoll(t->time, NULL, 10));
    if (cfg == REF && strcmp(t->depth, "-") != 0) X509_VERIFY_PARAM_set_depth(param, atoi(t->depth));
}

/* The chain as the server sends it: the peer, then the intermediates in the testcase's order. */
static STACK_OF(X509) *sent_chain(const struct tc *t) {
    STACK_OF(X509) *sk = sk_X509_new_null();
    sk_X509_push(sk, t->peer);
    for (int i = 0; i < sk_X509_num(t->untrusted); i++) sk_X509_push(sk, sk_X509_value(t->untrusted, i));
    return sk;
}

static int emulate(enum config cfg, int seclevel, const struct tc *t, char *ctx_out, size_t n) {
    X509_STORE *store = make_store(cfg, t);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    int ok;
    if (cfg == REF) {
        /* harness/openssl/main.cpp: peer + untrusted pool, purpose from the EKU (serverAuth). */
        X509_STORE_CTX_init(ctx, store, t->peer, t->untrusted);
        X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
        set_time_depth(param, cfg, t);
        X509_VERIFY_PARAM_set_auth_level(param, 2);
        set_host(param, cfg, t);
        if (!strcmp(t->eku, "serverAuth")) X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
        else if (!strcmp(t->eku, "clientAuth")) X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
        else if (!strcmp(t->eku, "anyExtendedKeyUsage")) X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
    } else {
        /* ssl/ssl_cert.c ssl_verify_cert_chain, a client verifying its server. */
        STACK_OF(X509) *sk = sent_chain(t);
        X509_STORE_CTX_init(ctx, store, t->peer, sk);
        X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
        X509_VERIFY_PARAM_set_auth_level(param, seclevel);
        X509_STORE_CTX_set_default(ctx, "ssl_server");
        X509_VERIFY_PARAM *sslparam = X509_VERIFY_PARAM_new();
        set_time_depth(sslparam, cfg, t);
        set_host(sslparam, cfg, t);
        X509_VERIFY_PARAM_set1(param, sslparam);
        X509_VERIFY_PARAM_free(sslparam);
        ok = X509_verify_cert(ctx) == 1;
        sk_X509_free(sk);
    }
    if (cfg == REF) ok = X509_verify_cert(ctx) == 1;
    if (!ok) {
        snprintf(ctx_out, n, "%s", X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
    } else {
        const char *h = post_host_check(cfg, t, t->peer);
        if (h) { ok = 0; snprintf(ctx_out, n, "%s", h); }
    }
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    return ok;
}

/* One client context for the run (SSL_CTX_new costs milliseconds); each testcase's trust store
 * is the connection's verify store, which ssl_verify_cert_chain prefers to the context's. */
static SSL_CTX *client_ctx(int seclevel) {
    static SSL_CTX *sctx;
    if (!sctx) {
        sctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_security_level(sctx, seclevel);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
    }
    return sctx;
}

static int handshake(enum config cfg, int seclevel, const struct tc *t, char *ctx_out, size_t n) {
    SSL *ssl = SSL_new(client_ctx(seclevel));
    X509_STORE *store = make_store(cfg, t);
    SSL_set1_verify_cert_store(ssl, store);
    X509_STORE_free(store);
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    set_time_depth(param, cfg, t);
    set_host(param, cfg, t);
    BIO *rbio = BIO_new(BIO_s_mem()), *wbio = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl, rbio, wbio);
    int r = SSL_connect(ssl);
    int ok = 0;
    if (r != -1 || SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ) {
        snprintf(ctx_out, n, "harness: the client did not wait for the server");
        goto out;
    }
    BIO_write(rbio, t->flight, (int)t->flight_len);
    r = SSL_connect(ssl);
    if (r == -1 && SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ) {
        /* Waiting for ServerKeyExchange: the certificate was accepted. */
        X509 *peer = SSL_get0_peer_certificate(ssl);
        const char *h = peer ? post_host_check(cfg, t, peer) : "no peer certificate";
        if (h) snprintf(ctx_out, n, "%s", h);
        else ok = 1;
    } else {
        long v = SSL_get_verify_result(ssl);
        unsigned long e = ERR_peek_error();
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        snprintf(ctx_out, n, "%s (%s)", v != X509_V_OK ? X509_verify_cert_error_string(v) : "handshake", buf);
    }
out:
    ERR_clear_error();
    SSL_free(ssl);
    return ok;
}

int main(int argc, char **argv) {
    enum config cfg = LIBMYSQLCLIENT;
    int seclevel = 2, hs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            const char *c = argv[++i];
            cfg = !strcmp(c, "ref") ? REF : !strcmp(c, "mariadb-cc") ? MARIADB_CC : !strcmp(c, "python") ? PYTHON : LIBMYSQLCLIENT;
        } else if (!strcmp(argv[i], "--flags") && i + 1 < argc) {
            const char *f = argv[++i];
            if (strstr(f, "strict")) extra_flags |= X509_V_FLAG_X509_STRICT;
            if (strstr(f, "partial")) extra_flags |= X509_V_FLAG_PARTIAL_CHAIN;
        } else if (!strcmp(argv[i], "--no-host")) {
            no_host = 1;
        } else if (!strcmp(argv[i], "--seclevel") && i + 1 < argc) {
            seclevel = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
            hs = !strcmp(argv[++i], "handshake");
        } else {
            die("usage: limbo_openssl [--config ref|libmysqlclient|mariadb-cc|python] [--flags strict,partial] [--no-host] [--seclevel N] [--mode emulate|handshake]");
        }
    }
    if (cfg == REF && hs) die("the ref configuration has no handshake mode");
    BIO *in = BIO_new_fp(stdin, BIO_NOCLOSE);
    static char line[1 << 22];
    while (BIO_gets(in, line, sizeof line) > 0) {
        if (strncmp(line, "CASE ", 5) != 0) continue;
        struct tc t;
        int nt, nu, nc;
        static char hex[1 << 22];
        memset(&t, 0, sizeof t);
        if (sscanf(line + 5, "%511s %15s %511s %31s %15s %31s %d %d %d %4194303s", t.id, t.kind, t.name,
                   t.time, t.depth, t.eku, &nt, &nu, &nc, hex) != 10)
            die("bad CASE line");
        size_t hl = strlen(hex);
        t.flight = malloc(hl / 2 + 1);
        for (size_t i = 0; i + 1 < hl; i += 2) t.flight[i / 2] = (unsigned char)(hexval(hex[i]) * 16 + hexval(hex[i + 1]));
        t.flight_len = hl / 2;
        t.trusted = read_certs(in, nt);
        t.untrusted = read_certs(in, nu);
        t.peer = PEM_read_bio_X509(in, NULL, NULL, NULL);
        if (!t.peer) die("bad peer PEM");
        t.crls = sk_X509_CRL_new_null();
        for (int i = 0; i < nc; i++) {
            X509_CRL *c = PEM_read_bio_X509_CRL(in, NULL, NULL, NULL);
            if (!c) die("bad CRL PEM");
            sk_X509_CRL_push(t.crls, c);
        }
        char context[1024] = "";
        int ok = hs ? handshake(cfg, seclevel, &t, context, sizeof context)
                    : emulate(cfg, seclevel, &t, context, sizeof context);
        for (char *p = context; *p; p++)
            if (*p == '\t' || *p == '\n') *p = ' ';
        printf("%s\t%s\t%s\n", t.id, ok ? "SUCCESS" : "FAILURE", context);
        fflush(stdout);
        sk_X509_pop_free(t.trusted, X509_free);
        sk_X509_pop_free(t.untrusted, X509_free);
        sk_X509_CRL_pop_free(t.crls, X509_CRL_free);
        X509_free(t.peer);
        free(t.flight);
        ERR_clear_error();
    }
    return 0;
}
