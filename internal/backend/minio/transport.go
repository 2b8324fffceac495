package minio

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// newTransport is the transport admin calls and the preflight go
// through: Go's default with the TLS settings of cfg, or cfg.Transport.
func newTransport(cfg Config) (http.RoundTripper, error) {
	if cfg.Transport != nil {
		return cfg.Transport, nil
	}
	if !cfg.SSL {
		// Plans read keys in parallel (terraform's -parallelism, 10 by
		// default).
		base, err := httpapi.TLS{}.Transport()
		if err != nil {
			return nil, err
		}
		base.TLSClientConfig = nil
		return base, nil
	}
	return httpapi.TLS{CAPEM: cfg.CACertPEM, Insecure: cfg.Insecure}.Transport()
}

// preflight checks once per process, before the first admin call, that
// the endpoint is MinIO and reachable with these TLS settings: an admin
// call cannot tell a web server from MinIO, nor a refused certificate
// from a lost connection, so a wrong endpoint or certificate would
// otherwise show late and vaguely. A failed check is tried again at the
// next call.
type preflight struct {
	client   *http.Client // on the admin calls' transport
	url      string       // the health check's
	endpoint string
	ssl      bool

	mu     sync.Mutex
	passed bool
}

func newPreflight(transport http.RoundTripper, endpoint string, ssl bool, timeout time.Duration) *preflight {
	if timeout == 0 {
		timeout = httpapi.DefaultTimeout
	}
	scheme := "http://"
	if ssl {
		scheme = "https://"
	}
	return &preflight{
		client: &http.Client{
			Transport: transport, Timeout: timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		url:      scheme + endpoint + "/minio/health/live",
		endpoint: endpoint,
		ssl:      ssl,
	}
}

func (p *preflight) check(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.passed {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url, nil)
	if err != nil {
		return err
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return reachError(p.endpoint, p.ssl, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.Header.Get("X-Amz-Request-Id") == "" {
		hint := "check minio.endpoint (MINIO_ENDPOINT): it must be the host:port of MinIO's S3 API (port 9000 by default), not of its console (9001) or of another server"
		if resp.StatusCode == http.StatusBadRequest && !p.ssl {
			hint = "the server may expect HTTPS: set minio.ssl = true (MINIO_ENABLE_HTTPS), or " + hint
		}
		return fmt.Errorf("%s is not MinIO's S3 API: it answered HTTP %d (%s) without MinIO's headers; %s",
			p.endpoint, resp.StatusCode, contentType(resp), hint)
	}
	p.passed = true
	return nil
}

func contentType(resp *http.Response) string {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		return ct
	}
	return "no content type"
}

// reachError explains why the endpoint could not be reached.
func reachError(endpoint string, ssl bool, err error) error {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("nothing listens at %s (connection refused): check minio.endpoint (MINIO_ENDPOINT) and that MinIO runs", endpoint)
	case errors.As(err, &unknownAuthority):
		return fmt.Errorf("MinIO at %s presents a certificate this machine does not trust (%v): set minio.ca_file (MINIO_CACERT_FILE) "+
			"to the PEM file of the CA that signed it, or, for tests only, minio.insecure = true (MINIO_INSECURE)", endpoint, unknownAuthority)
	case errors.As(err, &hostname):
		return fmt.Errorf("MinIO at %s presents a certificate for another name (%v): use the host name the certificate is for in "+
			"minio.endpoint, or, for tests only, minio.insecure = true (MINIO_INSECURE)", endpoint, hostname)
	case errors.As(err, &invalid):
		return fmt.Errorf("MinIO at %s presents an invalid certificate (%v): renew it, or, for tests only, set minio.insecure = true "+
			"(MINIO_INSECURE)", endpoint, invalid)
	case errors.As(err, &record) || ssl && strings.Contains(err.Error(), "first record does not look like a TLS handshake"):
		return fmt.Errorf("%s does not speak TLS: set minio.ssl = false (MINIO_ENABLE_HTTPS)", endpoint)
	}
	return fmt.Errorf("MinIO at %s: %w", endpoint, err)
}
