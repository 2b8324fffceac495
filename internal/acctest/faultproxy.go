package acctest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// FaultProxy is a loopback proxy in front of a MinIO, SeaweedFS or Ceph
// RGW server.
// It counts every request by operation and serves the faults of fakeapi's
// vocabulary to the next request for an operation, as the fakes of the
// cloud APIs do, so that one fault table runs against every backend.
//
// A MinIO admin call's operation is the last element of its path
// ("add-service-account", "info-service-account", "export-iam",
// "update-service-account", "delete-service-account", ...); a Ceph RGW
// admin call's its method and resource ("PUT user", "DELETE user key");
// an IAM API call's is its Action ("CreateUser", "CreateAccessKey", ...);
// MinIO's health check is "health", every S3 request "s3".
type FaultProxy struct {
	// Endpoint is the proxy's host:port, to configure instead of the server's.
	Endpoint string

	fakeapi.Recorder
	srv *httptest.Server

	mu    sync.Mutex
	calls []Call
	// kept are the answer bodies of the operations KeepAnswers named.
	kept map[string][][]byte
}

// KeepAnswers makes the proxy keep the body of every answer to op that it
// forwards from now on (a test reads the secrets a service sends once).
func (p *FaultProxy) KeepAnswers(op string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.kept == nil {
		p.kept = map[string][][]byte{}
	}
	if _, ok := p.kept[op]; !ok {
		p.kept[op] = [][]byte{}
	}
}

// Answers returns the kept answer bodies of op.
func (p *FaultProxy) Answers(op string) [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.kept[op]...)
}

// keep stores an answer's body, when its operation is kept, and puts the
// body back for the client.
func (p *FaultProxy) keep(resp *http.Response) error {
	op, _ := resp.Request.Context().Value(opKey{}).(string)
	p.mu.Lock()
	_, wanted := p.kept[op]
	p.mu.Unlock()
	if !wanted {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.kept[op] = append(p.kept[op], body)
	p.mu.Unlock()
	return nil
}

// opKey carries a request's operation to the answer's handling.
type opKey struct{}

// Call is one request the proxy forwarded: its operation, the access key
// that signed it (none for the health check), when it arrived and when
// its answer was sent.
type Call struct {
	Op, AccessKey string
	Start, End    time.Time
}

// Calls returns the requests forwarded so far, in the order they ended.
func (p *FaultProxy) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.calls...)
}

// StartFaultProxy starts a proxy to the server at target (host:port).
func StartFaultProxy(target string) (*FaultProxy, error) {
	u, err := url.Parse("http://" + target)
	if err != nil {
		return nil, err
	}
	p := &FaultProxy{}
	// The Host header is left as the client signed it, so the server's
	// signature check passes.
	forward := httputil.NewSingleHostReverseProxy(u)
	forward.ModifyResponse = p.keep
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		op := operationOf(r)
		r = r.WithContext(context.WithValue(r.Context(), opKey{}, op))
		fault, faulted := p.Record(op)
		if faulted && fakeapi.Serve(w, r, fault,
			func() { forward.ServeHTTP(httptest.NewRecorder(), r) },
			func(status int) {
				// What a proxy or load balancer in front of MinIO answers:
				// a status and a line of text, not MinIO's error format.
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(http.StatusText(status)))
			}) {
			return
		}
		forward.ServeHTTP(w, r)
		p.mu.Lock()
		p.calls = append(p.calls, Call{Op: op, AccessKey: signer(r), Start: start, End: time.Now()})
		p.mu.Unlock()
	}))
	p.Endpoint = strings.TrimPrefix(p.srv.URL, "http://")
	return p, nil
}

// AdminCalls counts the admin calls the proxy forwarded, the health check
// and S3 requests left out.
func (p *FaultProxy) AdminCalls() int {
	n := 0
	for op, count := range p.Requests() {
		if op != "health" && op != "s3" {
			n += count
		}
	}
	return n
}

// Close stops the proxy.
func (p *FaultProxy) Close() { p.srv.Close() }

// signer is the access key in a request's AWS signature (its Credential,
// "AKEXAMPLE/20261130/us-east-1/s3/aws4_request"), or "".
func signer(r *http.Request) string {
	_, credential, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return ""
	}
	accessKey, _, _ := strings.Cut(credential, "/")
	return accessKey
}

// maxFormBytes bounds the IAM API request body the proxy reads to find
// its Action.
const maxFormBytes = 1 << 20

func operationOf(r *http.Request) string {
	if action := iamAction(r); action != "" {
		return action
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/minio/admin/"):
		return r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	case strings.HasPrefix(r.URL.Path, "/minio/health/"):
		return "health"
	case strings.HasPrefix(r.URL.Path, "/admin/"):
		// Ceph RGW's admin API: the method and the resource, "PUT user",
		// and a user's key as "DELETE user key".
		op := r.Method + " " + strings.TrimPrefix(r.URL.Path, "/admin/")
		if r.URL.Path == "/admin/user" && r.URL.Query().Has("key") {
			op += " key"
		}
		return op
	}
	return "s3"
}

// iamAction is the Action of an IAM API call: a form POSTed to "/". The
// body is read and put back, byte for byte, for the server's signature
// check.
func iamAction(r *http.Request) string {
	if r.Method != http.MethodPost || r.URL.Path != "/" ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return ""
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxFormBytes))
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return ""
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return ""
	}
	return form.Get("Action")
}
