// Go's crypto/x509, as Go MySQL clients (go-sql-driver/mysql with tls.Config) get it: parses each
// certificate and verifies it against the root for the host name, at a fixed time.
// Prints "OK FILE", "FAIL FILE parse: reason" or "FAIL FILE verify: reason" per certificate.
// Run: go run x509check.go ROOT.pem HOST UNIX_SECONDS CERT.pem…
package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func read(path string) (*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("no PEM block")
	}
	return x509.ParseCertificate(block.Bytes)
}

func main() {
	root, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "root:", err)
		os.Exit(2)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root)
	secs, err := strconv.ParseInt(os.Args[3], 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "time:", err)
		os.Exit(2)
	}
	for _, path := range os.Args[4:] {
		name := filepath.Base(path)
		cert, err := read(path)
		if err != nil {
			fmt.Printf("FAIL %s parse: %v\n", name, err)
			continue
		}
		_, err = cert.Verify(x509.VerifyOptions{
			Roots:       roots,
			DNSName:     os.Args[2],
			CurrentTime: time.Unix(secs, 0),
		})
		if err != nil {
			fmt.Printf("FAIL %s verify: %v\n", name, err)
			continue
		}
		fmt.Printf("OK %s\n", name)
	}
}
