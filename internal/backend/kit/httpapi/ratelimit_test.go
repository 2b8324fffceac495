package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// rateLimited answers 429 with a RateLimit-Reset of reset (Unix seconds)
// until that time, then 200, and counts requests.
func rateLimited(t *testing.T, reset time.Time) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		if time.Now().Before(reset) {
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"id":"too_many_requests","message":"API Rate limit exceeded."}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// A 429 that says when its limit resets is waited out until then, longer
// than the client's longest backoff, in one wait: the second try succeeds.
func TestRateLimitResetIsWaitedFor(t *testing.T) {
	reset := time.Now().Add(2 * time.Second).Truncate(time.Second)
	srv, n := rateLimited(t, reset)
	c := New(Config{BaseURL: srv.URL, Retries: Retries{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/x", Body: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK || n.Load() != 2 {
		t.Fatalf("status %d after %d tries, want 200 after 2", resp.Status, n.Load())
	}
	if time.Now().Before(reset) {
		t.Fatal("the retry came before the reset")
	}
}

// A limit that resets after the operation's deadline is not waited for:
// the 429 is answered at once, with the reset, for the backend's error.
func TestRateLimitResetAfterDeadlineAnswersAtOnce(t *testing.T) {
	reset := time.Now().Add(time.Hour)
	srv, n := rateLimited(t, reset)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	resp, err := testClient(srv.URL).Do(ctx, Request{Method: http.MethodGet, Path: "/x"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusTooManyRequests || n.Load() != 1 || time.Since(start) > 5*time.Second {
		t.Fatalf("status %d after %d tries in %s, want one 429 at once", resp.Status, n.Load(), time.Since(start))
	}
	if !resp.RateLimitReset.Equal(reset.Truncate(time.Second)) {
		t.Fatalf("reset %s, want %s", resp.RateLimitReset, reset.Truncate(time.Second))
	}
}

// A burst limit's 429 carries Retry-After, and DigitalOcean's
// RateLimit-Reset then names when the hour's oldest request expires: the
// Retry-After is honoured and the far reset neither waited for nor taken
// as a reason to give up.
func TestRetryAfterWinsOverAFarReset(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Ratelimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	c := New(Config{BaseURL: srv.URL, Retries: Retries{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Second}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/x"})
	if err != nil || resp.Status != http.StatusOK || n.Load() != 2 {
		t.Fatalf("%v, %d tries: want 200 after the Retry-After", err, n.Load())
	}
	if waited := time.Since(start); waited < 900*time.Millisecond || waited > 10*time.Second {
		t.Fatalf("waited %s, want about the Retry-After's second", waited)
	}
}

func TestRateLimitResetForms(t *testing.T) {
	now := time.Now()
	for header, want := range map[string]time.Time{
		"":                                   {},
		"soon":                               {},
		"30":                                 now.Add(30 * time.Second),
		strconv.FormatInt(now.Unix()+90, 10): time.Unix(now.Unix()+90, 0),
	} {
		got := rateLimitReset(http.Header{"Ratelimit-Reset": {header}})
		if got.IsZero() != want.IsZero() || got.Sub(want).Abs() > 2*time.Second {
			t.Errorf("RateLimit-Reset %q read as %s, want %s", header, got, want)
		}
	}
}
