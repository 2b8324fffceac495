package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func testClient(url string) *Client {
	return New(Config{BaseURL: url, UserAgent: "test", MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 20 * time.Millisecond})
}

// answers serves the given statuses in turn, then 200, and counts requests.
func answers(t *testing.T, retryAfter string, statuses ...int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
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
	c := New(Config{BaseURL: srv.URL, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Second})
	start := time.Now()
	if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("waited %s after Retry-After: 1", waited)
	}
}

func TestConnectionErrorsRetryOnlyIdempotent(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	c := testClient(url)
	_, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x"})
	resp := (*Response)(nil)
	if !IsAmbiguous(resp, err) {
		t.Fatalf("a POST without answer must count as ambiguous, got %v", err)
	}
}

func TestAuthorizeAndUserAgent(t *testing.T) {
	var gotAuth, gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotUA = r.Header.Get("Authorization"), r.Header.Get("User-Agent")
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
