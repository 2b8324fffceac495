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
	"sync/atomic"
	"syscall"
	"time"

	"github.com/minio/madmin-go/v3"
)

// defaultRequestTimeout bounds one request, its answer's body included.
const defaultRequestTimeout = 60 * time.Second

// newTransport is madmin's transport with the TLS settings of cfg, each
// request bounded in time and its HTTP status recorded (see callStatus).
func newTransport(cfg Config) (http.RoundTripper, error) {
	next := cfg.Transport
	if next == nil {
		base, ok := madmin.DefaultTransport(cfg.SSL).(*http.Transport)
		if !ok {
			return nil, errors.New("madmin's default transport is not an *http.Transport")
		}
		if cfg.SSL {
			roots, err := x509.SystemCertPool()
			if err != nil {
				roots = x509.NewCertPool()
			}
			if len(cfg.CACertPEM) > 0 && !roots.AppendCertsFromPEM(cfg.CACertPEM) {
				return nil, errors.New("the CA file holds no PEM certificate")
			}
			base.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots, InsecureSkipVerify: cfg.Insecure} //nolint:gosec // insecure is the user's explicit choice, warned about
		}
		next = base
	}
	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = defaultRequestTimeout
	}
	return boundedTransport{next: next, timeout: timeout}, nil
}

// boundedTransport gives every request its own deadline, covering the
// answer's body, and records its HTTP status where the caller asked.
type boundedTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (t boundedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), t.timeout)
	resp, err := t.next.RoundTrip(r.WithContext(ctx))
	if err != nil {
		cancel()
		if ctx.Err() != nil && r.Context().Err() == nil {
			return nil, fmt.Errorf("no answer within %s: %w", t.timeout, err)
		}
		return nil, err
	}
	if status, ok := r.Context().Value(callStatusKey{}).(*atomic.Int32); ok {
		status.Store(int32(resp.StatusCode)) //nolint:gosec // HTTP status codes fit
	}
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	defer c.cancel()
	return c.ReadCloser.Close()
}

type callStatusKey struct{}

// withCallStatus returns a context whose requests record the HTTP status
// of their last answer in status (0 while no answer came).
func withCallStatus(ctx context.Context, status *atomic.Int32) context.Context {
	return context.WithValue(ctx, callStatusKey{}, status)
}

// preflight checks once per process, before the first admin call, that
// the endpoint is MinIO and reachable with these TLS settings: madmin
// retries every network error for minutes and cannot tell a web server
// from MinIO, so a wrong endpoint or certificate would otherwise show late
// and vaguely. A failed check is tried again at the next call.
type preflight struct {
	client   *http.Client // on the admin client's transport
	url      string       // the health check's
	endpoint string
	ssl      bool

	mu     sync.Mutex
	passed bool
}

func newPreflight(transport http.RoundTripper, endpoint string, ssl bool) *preflight {
	scheme := "http://"
	if ssl {
		scheme = "https://"
	}
	return &preflight{
		client:   &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
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
