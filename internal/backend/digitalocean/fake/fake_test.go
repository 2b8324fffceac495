package fake_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
)

func officialClient(t *testing.T, s *fake.Server) *godo.Client {
	t.Helper()
	c, err := godo.New(http.DefaultClient, godo.SetBaseURL(s.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	c.OnRequestCompleted(nil)
	return withToken(c, s.Token)
}

// withToken makes the client send the token as godo's oauth2 transport
// would.
func withToken(c *godo.Client, token string) *godo.Client {
	c.HTTPClient = &http.Client{Transport: bearer{token}}
	return c
}

type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// The official client creates, reads, lists, renames and revokes keys on
// the fake as it would on DigitalOcean, and reads its rate-limit headers.
func TestOfficialClientAgainstFake(t *testing.T) {
	s := fake.StartValidated(t)
	c := officialClient(t, s)
	ctx := context.Background()

	created, resp, err := c.SpacesKeys.Create(ctx, &godo.SpacesKeyCreateRequest{
		Name:   "fake-check",
		Grants: []*godo.Grant{{Bucket: "logs", Permission: godo.SpacesKeyRead}, {Bucket: "media", Permission: godo.SpacesKeyReadWrite}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.SecretKey == "" || created.AccessKey == "" || len(created.Grants) != 2 || created.CreatedAt == "" {
		t.Fatalf("create answered %+v", created)
	}
	if resp.StatusCode != http.StatusCreated || resp.Limit != 5000 || resp.Reset.IsZero() {
		t.Fatalf("create's status %d and rate %+v", resp.StatusCode, resp.Rate)
	}

	got, _, err := c.SpacesKeys.Get(ctx, created.AccessKey)
	if err != nil {
		t.Fatal(err)
	}
	if got.SecretKey != "" || got.Name != "fake-check" || len(got.Grants) != 2 {
		t.Fatalf("get answered %+v", got)
	}

	updated, _, err := c.SpacesKeys.Update(ctx, created.AccessKey, &godo.SpacesKeyUpdateRequest{Name: "fake-renamed", Grants: created.Grants})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != "fake-renamed" || updated.SecretKey != "" || updated.AccessKey != created.AccessKey {
		t.Fatalf("update answered %+v", updated)
	}
	_, _, err = c.SpacesKeys.Update(ctx, created.AccessKey, &godo.SpacesKeyUpdateRequest{Name: "fake-renamed", Grants: []*godo.Grant{}})
	if !strings.Contains(errorMessage(err), "only update the name") {
		t.Fatalf("a grant change was not refused: %v", err)
	}

	s.AddKeys("bulk", 450)
	seen := map[string]bool{}
	opts := &godo.ListOptions{Page: 1, PerPage: 200}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("the list does not end")
		}
		keys, resp, err := c.SpacesKeys.List(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			seen[k.AccessKey] = true
			if k.SecretKey != "" {
				t.Fatalf("the list shows %s's secret", k.AccessKey)
			}
		}
		if resp.Meta == nil || resp.Meta.Total != 451 {
			t.Fatalf("meta %+v, want a total of 451", resp.Meta)
		}
		if resp.Links == nil || resp.Links.IsLastPage() {
			break
		}
		page, err := resp.Links.CurrentPage()
		if err != nil {
			t.Fatal(err)
		}
		opts.Page = page + 1
	}
	if len(seen) != 451 || !seen[created.AccessKey] {
		t.Fatalf("the pages hold %d keys, want 451 with the created one", len(seen))
	}

	if _, err := c.SpacesKeys.Delete(ctx, created.AccessKey); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.SpacesKeys.Get(ctx, created.AccessKey)
	var apiErr *godo.ErrorResponse
	if !errors.As(err, &apiErr) || apiErr.Response.StatusCode != http.StatusNotFound || apiErr.Message == "" || apiErr.RequestID == "" {
		t.Fatalf("get after delete: %v", err)
	}
}

// A wrong token is refused with DigitalOcean's error object.
func TestWrongTokenRefused(t *testing.T) {
	s := fake.StartValidated(t)
	c := withToken(officialClient(t, s), "wrong")
	_, _, err := c.SpacesKeys.List(context.Background(), nil)
	var apiErr *godo.ErrorResponse
	if !errors.As(err, &apiErr) || apiErr.Response.StatusCode != http.StatusUnauthorized || apiErr.Message == "" {
		t.Fatalf("want 401 unauthorized, got %v", err)
	}
}

// A full-access grant mixed with scoped ones gives the key full access,
// as the contract says; grants: [] makes a key that reaches no bucket.
func TestGrantShapes(t *testing.T) {
	s := fake.StartValidated(t)
	c := officialClient(t, s)
	ctx := context.Background()
	full, _, err := c.SpacesKeys.Create(ctx, &godo.SpacesKeyCreateRequest{Name: "mixed", Grants: []*godo.Grant{
		{Bucket: "logs", Permission: godo.SpacesKeyRead}, {Bucket: "", Permission: godo.SpacesKeyFullAccess},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Grants) != 1 || full.Grants[0].Permission != godo.SpacesKeyFullAccess || full.Grants[0].Bucket != "" {
		t.Fatalf("mixed grants became %+v, want the one full-access grant", full.Grants)
	}
	none, _, err := c.SpacesKeys.Create(ctx, &godo.SpacesKeyCreateRequest{Name: "none", Grants: []*godo.Grant{}})
	if err != nil {
		t.Fatal(err)
	}
	if grants, _ := s.GrantsOf(none.AccessKey); len(grants) != 0 {
		t.Fatalf("grants: [] became %+v", grants)
	}
	_, _, err = c.SpacesKeys.Create(ctx, &godo.SpacesKeyCreateRequest{Name: "bad", Grants: []*godo.Grant{{Bucket: "logs", Permission: "write"}}})
	if !strings.Contains(errorMessage(err), "invalid permission") {
		t.Fatalf("an unknown permission was not refused: %v", err)
	}
}

// A spent rate limit answers 429 until its reset, and then serves again.
func TestRateLimitUntilReset(t *testing.T) {
	s := fake.StartValidated(t)
	c := officialClient(t, s)
	reset := time.Now().Add(time.Second).Truncate(time.Second).Add(time.Second) // a whole second, as the API gives it
	s.SetRateLimit(0, reset)
	_, _, err := c.SpacesKeys.List(context.Background(), nil)
	var limited *godo.ErrorResponse
	if !errors.As(err, &limited) || limited.Response.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("want 429 while the limit is spent, got %v", err)
	}
	if got := limited.Response.Header.Get("Ratelimit-Reset"); got != strconvUnix(reset) {
		t.Fatalf("ratelimit-reset %q, want %s", got, strconvUnix(reset))
	}
	time.Sleep(time.Until(reset))
	if _, _, err := c.SpacesKeys.List(context.Background(), nil); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
}

func errorMessage(err error) string {
	var apiErr *godo.ErrorResponse
	if errors.As(err, &apiErr) {
		return apiErr.Message
	}
	return ""
}

// The request that spends the hourly limit fixes its reset an hour ahead;
// until then every answer is 429 with that reset.
func TestHourlyLimitSpent(t *testing.T) {
	s := fake.StartValidated(t)
	s.SetHourlyLimit(3)
	c := officialClient(t, s)
	for range 3 {
		if _, _, err := c.SpacesKeys.List(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	_, resp, err := c.SpacesKeys.List(context.Background(), nil)
	if resp == nil || resp.StatusCode != http.StatusTooManyRequests || err == nil {
		t.Fatalf("the fourth request: %v, want 429", err)
	}
	if until := time.Until(resp.Reset.Time); until < 59*time.Minute || until > time.Hour {
		t.Fatalf("reset in %s, want an hour", until)
	}
}
