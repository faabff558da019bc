// x509-limbo through Go's crypto/x509 and crypto/tls, as go-sql-driver/mysql gets them.
//
// Input: stdin, one JSON testcase per line (written by tests/stacks/limbo_stacks.py, with the
// server's first flight in "flight", base64). Output: "id<TAB>SUCCESS|FAILURE|SKIPPED<TAB>context".
//
// Modes (first argument):
//
//	ref        upstream x509-limbo's harness/gocryptox509/main.go, for the agreement check with
//	           its results: skips max-chain-depth, CLIENT, signature_algorithms and key usages
//	           other than digitalSignature; Verify with the EKUs the testcase asks for.
//	verify     what crypto/tls's verifyServerCertificate (handshake_client.go) does with a
//	           tls.Config{RootCAs, ServerName, Time}: every certificate the server sent parsed
//	           (one that does not parse fails the handshake), the rest of the chain as the
//	           intermediate pool, Verify with DNSName = ServerName and the default serverAuth
//	           usage, then the leaf's key type (RSA, ECDSA or Ed25519 only).
//	handshake  a real crypto/tls client over an in-memory connection that returns the stub's
//	           ServerHello + Certificate + ServerHelloDone: the chain was accepted when
//	           crypto/tls calls Config.VerifyConnection, refused when the handshake fails first.
package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

type peerName struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type testcase struct {
	ID                  string    `json:"id"`
	ValidationKind      string    `json:"validation_kind"`
	Features            []string  `json:"features"`
	ValidationTime      *string   `json:"validation_time"`
	SignatureAlgorithms []string  `json:"signature_algorithms"`
	KeyUsage            []string  `json:"key_usage"`
	ExtendedKeyUsage    []string  `json:"extended_key_usage"`
	MaxChainDepth       *int      `json:"max_chain_depth"`
	ExpectedPeerName    *peerName `json:"expected_peer_name"`
	Trusted             []string  `json:"trusted_certs"`
	Untrusted           []string  `json:"untrusted_intermediates"`
	Peer                string    `json:"peer_certificate"`
	Flight              []byte    `json:"flight"`
}

func concat(pems []string) []byte {
	var b bytes.Buffer
	for _, p := range pems {
		b.WriteString(p)
	}
	return b.Bytes()
}

func at(tc *testcase) (time.Time, error) {
	if tc.ValidationTime == nil {
		return time.Now(), nil
	}
	return time.Parse(time.RFC3339, *tc.ValidationTime)
}

func ref(tc *testcase) (string, error) {
	for _, f := range tc.Features {
		if f == "max-chain-depth" {
			return "SKIPPED", errors.New("max chain depth not supported")
		}
	}
	ts, err := at(tc)
	if err != nil {
		return "SKIPPED", err
	}
	if len(tc.SignatureAlgorithms) != 0 {
		return "SKIPPED", errors.New("signature algorithm checks not supported yet")
	}
	hasDS := false
	for _, k := range tc.KeyUsage {
		hasDS = hasDS || k == "digitalSignature"
	}
	if len(tc.KeyUsage) != 0 && !hasDS {
		return "SKIPPED", errors.New("key usage checks not supported yet")
	}
	if tc.MaxChainDepth != nil {
		return "SKIPPED", errors.New("max chain depth not supported")
	}
	ekuMap := map[string]x509.ExtKeyUsage{
		"anyExtendedKeyUsage": x509.ExtKeyUsageAny, "clientAuth": x509.ExtKeyUsageClientAuth,
		"codeSigning": x509.ExtKeyUsageCodeSigning, "emailProtection": x509.ExtKeyUsageEmailProtection,
		"OCSPSigning": x509.ExtKeyUsageOCSPSigning, "serverAuth": x509.ExtKeyUsageServerAuth,
		"timeStamping": x509.ExtKeyUsageTimeStamping,
	}
	var ekus []x509.ExtKeyUsage
	for _, e := range tc.ExtendedKeyUsage {
		ekus = append(ekus, ekuMap[e])
	}
	if tc.ValidationKind != "SERVER" {
		return "SKIPPED", errors.New("unimplemented validationKindClient")
	}
	var dnsName string
	if tc.ExpectedPeerName != nil && tc.ExpectedPeerName.Kind == "DNS" {
		dnsName = tc.ExpectedPeerName.Value
	} else {
		v := ""
		if tc.ExpectedPeerName != nil {
			v = tc.ExpectedPeerName.Value
		}
		dnsName = fmt.Sprintf("[%s]", v)
	}
	roots, inter := x509.NewCertPool(), x509.NewCertPool()
	roots.AppendCertsFromPEM(concat(tc.Trusted))
	inter.AppendCertsFromPEM(concat(tc.Untrusted))
	block, rest := pem.Decode([]byte(tc.Peer))
	if block == nil || block.Type != "CERTIFICATE" || len(rest) > 0 {
		return "FAILURE", errors.New("unexpected peer PEM")
	}
	peer, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return "FAILURE", err
	}
	_, err = peer.Verify(x509.VerifyOptions{DNSName: dnsName, Intermediates: inter, Roots: roots, CurrentTime: ts, KeyUsages: ekus})
	if err != nil {
		return "FAILURE", err
	}
	return "SUCCESS", nil
}

// The server name a go-sql-driver DSN gives crypto/tls: the host, an IP address as it is.
func serverName(tc *testcase) string {
	if tc.ExpectedPeerName == nil {
		return ""
	}
	return tc.ExpectedPeerName.Value
}

func ders(tc *testcase) [][]byte {
	var out [][]byte
	for _, p := range append([]string{tc.Peer}, tc.Untrusted...) {
		if b, _ := pem.Decode([]byte(p)); b != nil {
			out = append(out, b.Bytes)
		}
	}
	return out
}

// verifyChain parses every certificate sent (one that does not parse fails, as in crypto/tls)
// and verifies the first with the rest as the intermediate pool.
func verifyChain(raw [][]byte, roots *x509.CertPool, ts time.Time, name string) (*x509.Certificate, error) {
	var certs []*x509.Certificate
	for _, d := range raw {
		c, err := x509.ParseCertificate(d)
		if err != nil {
			return nil, fmt.Errorf("tls: failed to parse certificate from server: %w", err)
		}
		certs = append(certs, c)
	}
	opts := x509.VerifyOptions{Roots: roots, CurrentTime: ts, DNSName: name, Intermediates: x509.NewCertPool()}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err := certs[0].Verify(opts)
	return certs[0], err
}

// crypto/tls handshake_client.go verifyServerCertificate, for a client with a tls.Config.
func verify(tc *testcase) (string, error) {
	ts, err := at(tc)
	if err != nil {
		return "SKIPPED", err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(concat(tc.Trusted))
	leaf, err := verifyChain(ders(tc), roots, ts, serverName(tc))
	if err != nil {
		return "FAILURE", err
	}
	switch leaf.PublicKey.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return "SUCCESS", nil
	default:
		return "FAILURE", fmt.Errorf("tls: server's certificate contains an unsupported type of public key: %T", leaf.PublicKey)
	}
}

// stubConn reads back the stub's flight, then EOF; what the client writes is dropped.
type stubConn struct {
	net.Conn
	r io.Reader
}

func (c stubConn) Read(b []byte) (int, error)       { return c.r.Read(b) }
func (c stubConn) Write(b []byte) (int, error)      { return len(b), nil }
func (c stubConn) Close() error                     { return nil }
func (c stubConn) SetDeadline(time.Time) error      { return nil }
func (c stubConn) SetReadDeadline(time.Time) error  { return nil }
func (c stubConn) SetWriteDeadline(time.Time) error { return nil }
func (c stubConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c stubConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }

func handshake(tc *testcase) (string, error) {
	ts, err := at(tc)
	if err != nil {
		return "SKIPPED", err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(concat(tc.Trusted))
	name := serverName(tc)
	cfg := &tls.Config{RootCAs: roots, ServerName: name, Time: func() time.Time { return ts }, MaxVersion: tls.VersionTLS12}
	if name == "" {
		// VERIFY_CA: the chain without a name, as a VerifyPeerCertificate callback does it.
		cfg.InsecureSkipVerify = true
		cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			_, err := verifyChain(raw, roots, ts, "")
			return err
		}
	}
	// crypto/tls calls VerifyConnection once the server's certificate is accepted
	// (verifyServerCertificate's last step); what fails after it is the stub's missing key.
	accepted := false
	cfg.VerifyConnection = func(tls.ConnectionState) error {
		accepted = true
		return nil
	}
	// Go reads the message after Certificate (a CertificateStatus or not) before it verifies
	// the chain: a ServerHelloDone follows the stub's flight.
	flight := append(append([]byte{}, tc.Flight...), 0x16, 0x03, 0x03, 0x00, 0x04, 0x0e, 0x00, 0x00, 0x00)
	err = tls.Client(stubConn{r: bytes.NewReader(flight)}, cfg).Handshake()
	if accepted {
		return "SUCCESS", nil
	}
	if err == nil {
		err = errors.New("harness: handshake completed against a stub")
	}
	return "FAILURE", err
}

func main() {
	mode := "verify"
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var tc testcase
			if e := json.Unmarshal(line, &tc); e != nil {
				fmt.Fprintln(os.Stderr, "bad testcase line:", e)
				os.Exit(2)
			}
			var r string
			var why error
			switch mode {
			case "ref":
				r, why = ref(&tc)
			case "handshake":
				r, why = handshake(&tc)
			default:
				r, why = verify(&tc)
			}
			ctx := ""
			if why != nil {
				ctx = strings.NewReplacer("\t", " ", "\n", " ").Replace(why.Error())
			}
			fmt.Fprintf(out, "%s\t%s\t%s\n", tc.ID, r, ctx)
		}
		if err != nil {
			break
		}
	}
}
