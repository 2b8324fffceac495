package httpapi

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
)

// TLS are the settings of a self-hosted service's block for HTTPS: a
// private CA to trust, or, for tests only, no verification at all.
type TLS struct {
	// CAPEM holds PEM certificates to trust besides the system's.
	CAPEM []byte
	// Insecure skips the verification of the server's certificate.
	Insecure bool
}

// Transport is Go's default transport with these TLS settings, kept open
// for as many parallel requests as a plan sends (terraform's -parallelism,
// 10 by default).
func (s TLS) Transport() (*http.Transport, error) {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("net/http's default transport is not an *http.Transport")
	}
	base = base.Clone()
	base.MaxIdleConnsPerHost = 16
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if len(s.CAPEM) > 0 && !roots.AppendCertsFromPEM(s.CAPEM) {
		return nil, errors.New("the CA file holds no PEM certificate")
	}
	base.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots, InsecureSkipVerify: s.Insecure} //nolint:gosec // insecure is the user's explicit choice, warned about
	return base, nil
}
