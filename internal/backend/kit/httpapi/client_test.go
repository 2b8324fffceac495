package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testClient(url string) *Client {
	return New(Config{BaseURL: url, UserAgent: "test", Retries: Retries{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 20 * time.Millisecond}})
}

// answers serves the given statuses in turn, then 200, and counts requests.
func answers(t *testing.T, retryAfter string, statuses ...int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		w.Header().Set("Content-Type", "application/json")
		if i < len(statuses) {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(statuses[i])
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRetryPolicy(t *testing.T) {
	cases := []struct {
		name       string
		method     string
		statuses   []int
		wantStatus int
		wantTries  int32
	}{
		{"429 is retried even for POST", http.MethodPost, []int{429, 429}, 200, 3},
		{"503 is retried even for POST", http.MethodPost, []int{503}, 200, 2},
		{"500 is never retried for POST", http.MethodPost, []int{500}, 500, 1},
		{"500 is retried for GET", http.MethodGet, []int{500, 502}, 200, 3},
		{"500 is retried for DELETE", http.MethodDelete, []int{500}, 200, 2},
		{"4xx is not retried", http.MethodGet, []int{400}, 400, 1},
		{"retries are bounded", http.MethodGet, []int{500, 500, 500, 500, 500}, 500, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := answers(t, "0", tc.statuses...)
			resp, err := testClient(srv.URL).Do(context.Background(), Request{Method: tc.method, Path: "/x", Body: map[string]string{"a": "b"}})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != tc.wantStatus || n.Load() != tc.wantTries {
				t.Fatalf("status %d after %d tries, want %d after %d", resp.Status, n.Load(), tc.wantStatus, tc.wantTries)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv, _ := answers(t, "1", 429)
	c := New(Config{BaseURL: srv.URL, Retries: Retries{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Second}})
	start := time.Now()
	if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("waited %s after Retry-After: 1", waited)
	}
}

// A closed port fails at once, whatever the method: nothing listens, so
// nothing was sent and waiting would not help.
func TestClosedPortFailsAtOnce(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	c := New(Config{BaseURL: url, Retries: Retries{MaxRetries: 3, RetryWaitMin: time.Second, RetryWaitMax: time.Second}})
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		start := time.Now()
		resp, err := c.Do(context.Background(), Request{Method: method, Path: "/x"})
		if err == nil || !strings.Contains(err.Error(), "nothing listens there (connection refused)") || !strings.Contains(err.Error(), url+"/x") {
			t.Fatalf("%s: want an error naming the URL and the refused connection, got %v", method, err)
		}
		if Unclear(resp, err) {
			t.Errorf("%s: a refused connection was never sent, so it is not unclear", method)
		}
		if took := time.Since(start); took > 500*time.Millisecond {
			t.Errorf("%s: took %s; a closed port must fail at once, not after retries", method, took)
		}
	}
}

// dropping answers by closing the connection without a word, and counts
// requests.
func dropping(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		hijacker, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server cannot hand over its connection")
			return
		}
		conn, _, err := hijacker.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// A request that got no answer is retried when it is idempotent; a POST is
// not, and counts as unclear (the service may have acted on it).
func TestDroppedConnectionsRetryOnlyIdempotent(t *testing.T) {
	cases := []struct {
		name      string
		req       Request
		wantTries int32
	}{
		{"GET", Request{Method: http.MethodGet, Path: "/x"}, 4},
		{"idempotent POST", Request{Method: http.MethodPost, Path: "/x", Idempotent: true}, 4},
		{"POST", Request{Method: http.MethodPost, Path: "/x"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := dropping(t)
			resp, err := testClient(srv.URL).Do(context.Background(), tc.req)
			if !Unclear(resp, err) {
				t.Fatalf("want an unclear failure, got %v, %v", resp, err)
			}
			if got := n.Load(); got != tc.wantTries {
				t.Fatalf("%d tries, want %d", got, tc.wantTries)
			}
		})
	}
}

// A server that accepts and never answers fails the try within the bound,
// with an error that says so and names the request.
func TestHungServerIsBounded(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	c := New(Config{BaseURL: srv.URL, Retries: Retries{MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}, Timeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/keys"})
	if err == nil || !strings.Contains(err.Error(), "GET "+srv.URL+"/keys: no answer within 200ms") {
		t.Fatalf("want an error naming the request and the bound, got %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("took %s for two tries of 200ms", took)
	}
}

// An answer that is not JSON comes from something that is not the API, such
// as a web server at the configured URL; it is never parsed as the API's.
func TestNonJSONAnswerIsNotTheAPI(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html>not here</html>"))
	}))
	t.Cleanup(srv.Close)
	_, err := testClient(srv.URL).Do(context.Background(), Request{Method: http.MethodGet, Path: "/v4/keys/1"})
	var notAPI *NotAPIError
	if !errors.As(err, &notAPI) || !strings.Contains(err.Error(), "answered HTTP 404 with text/html; charset=utf-8, not the API's JSON") {
		t.Fatalf("want a not-the-API error, got %v", err)
	}
}

func TestAuthorizeAndUserAgent(t *testing.T) {
	var gotAuth, gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotUA = r.Header.Get("Authorization"), r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, UserAgent: "terraform-provider-objectstorage/test", Authorize: func(r *http.Request) { r.Header.Set("Authorization", "Bearer t") }})
	if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	if gotAuth != "Bearer t" || gotUA != "terraform-provider-objectstorage/test" {
		t.Fatalf("authorization %q, user agent %q", gotAuth, gotUA)
	}
}
