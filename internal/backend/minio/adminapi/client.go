// Package adminapi is a client of MinIO's admin API (/minio/admin/v3),
// written from its protocol: requests signed with AWS Signature Version 4
// as the S3 API's are, bodies that carry credentials sealed with the
// admin user's password (seal.go), and MinIO's JSON errors (errors.go).
// It offers the calls the MinIO backend makes (serviceaccounts.go) and a
// generic Call for any other.
package adminapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/minio/minio-go/v7/pkg/s3utils"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// pathPrefix is where MinIO serves the admin API's version 3.
const pathPrefix = "/minio/admin/v3/"

// Config configures a Client.
type Config struct {
	// Endpoint is the server's host:port.
	Endpoint string
	// Secure sends requests over HTTPS.
	Secure bool
	// AccessKey and SecretKey are the admin user's name and password.
	AccessKey, SecretKey string
	// Transport carries the requests (TLS settings, tests' proxies); Go's
	// default when nil.
	Transport http.RoundTripper
	// UserAgent names the program and its version to the server.
	UserAgent string

	httpapi.Retries
	// Timeout bounds one try, answer body included (default 60 s). The
	// caller's context bounds the whole call, retries included.
	Timeout time.Duration
}

// Client sends admin calls to one MinIO server as one user.
type Client struct {
	base      string // scheme://host:port/minio/admin/v3/
	secretKey string // seals bodies and opens answers
	userAgent string
	http      *retryablehttp.Client
}

// New returns a client for cfg. It makes no call.
func New(cfg Config) (*Client, error) {
	scheme := "http"
	if cfg.Secure {
		scheme = "https"
	}
	base, err := url.Parse(scheme + "://" + cfg.Endpoint + pathPrefix)
	if err != nil || base.Host != cfg.Endpoint || cfg.Endpoint == "" {
		return nil, fmt.Errorf("%q is not a host:port", cfg.Endpoint)
	}
	next := cfg.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	// An empty region in the signature's scope, as MinIO's own admin
	// client signs.
	sign := httpapi.SigV4{Next: next, AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey}
	return &Client{
		base: base.String(), secretKey: cfg.SecretKey, userAgent: cfg.UserAgent,
		http: httpapi.NewRetryClient(cfg.Retries, cfg.Timeout, sign),
	}, nil
}

// Request is one admin call.
type Request struct {
	Method string
	// Op is the call's path below the API's prefix, as "info-service-account".
	Op    string
	Query url.Values
	// Body is sent as it is, or sealed with the admin password when
	// Sealed: MinIO takes every body that carries credentials or policies
	// of service accounts and users sealed.
	Body   []byte
	Sealed bool
	// MayRepeat marks a call that may be sent again after an unclear answer
	// (a lost connection, a server error): one that reads, sets a value or
	// deletes, not one that creates.
	MayRepeat bool
	// AnswerLimit bounds the answer's body (default 1 MiB).
	AnswerLimit int64
}

const defaultAnswerLimit = 1 << 20

// Call sends r and returns the answer's body when its status is want. Any
// other status is an *Error; a call that got no answer after the retries
// it allows is an *httpapi.TransportError.
func (c *Client) Call(ctx context.Context, r Request, want int) ([]byte, error) {
	body := r.Body
	if r.Sealed {
		var err error
		if body, err = Seal(c.secretKey, body); err != nil {
			return nil, fmt.Errorf("seal the %s request: %w", r.Op, err)
		}
	}
	target := c.base + r.Op
	if len(r.Query) > 0 {
		// S3's encoding (%20 for a space), which the signature covers.
		target += "?" + s3utils.QueryEncode(r.Query)
	}
	req, err := retryablehttp.NewRequestWithContext(httpapi.MayRepeat(ctx, r.MayRepeat), r.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("build the %s request: %w", r.Op, err)
	}
	if r.Sealed {
		// Some calls (attaching a policy) refuse a sealed body without it.
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	sum := sha256.Sum256(body)
	req.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.noAnswer(ctx, r, err)
	}
	defer resp.Body.Close()
	limit := r.AnswerLimit
	if limit == 0 {
		limit = defaultAnswerLimit
	}
	answer, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.noAnswer(ctx, r, err)
	}
	if resp.StatusCode != want {
		return nil, errorOf(resp.StatusCode, answer)
	}
	if int64(len(answer)) > limit {
		return nil, fmt.Errorf("the %s answer is larger than %d bytes", r.Op, limit)
	}
	return answer, nil
}

func (c *Client) noAnswer(ctx context.Context, r Request, err error) error {
	return &httpapi.TransportError{
		Method: r.Method, URL: c.base + r.Op, Timeout: c.http.HTTPClient.Timeout, Deadline: ctx.Err() != nil, Err: err,
	}
}

// Open opens an answer the server sealed with the admin password.
func (c *Client) Open(answer []byte) ([]byte, error) {
	return Open(c.secretKey, answer)
}
