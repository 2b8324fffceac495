package fake_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/linode/linodego"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
)

func officialClient(s *fake.Server) *linodego.Client {
	c := linodego.NewClient(&http.Client{})
	c.SetToken(s.Token)
	c.SetBaseURL(s.URL)
	c.SetAPIVersion("v4")
	return &c
}

// The official client creates, reads, lists, updates and revokes keys on
// the fake as it would on Linode.
func TestOfficialClientAgainstFake(t *testing.T) {
	s := fake.StartValidated(t)
	c := officialClient(s)
	ctx := context.Background()

	created, err := c.CreateObjectStorageKey(ctx, linodego.ObjectStorageKeyCreateOptions{
		Label:        "fake-check",
		BucketAccess: &[]linodego.ObjectStorageKeyBucketAccess{{Region: "nl-ams", BucketName: "logs", Permissions: "read_only"}},
		Regions:      []string{"nl-ams", "us-iad"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.SecretKey == "" || created.SecretKey == "[REDACTED]" || !created.Limited || len(created.Regions) != 2 {
		t.Fatalf("create answered %+v", created)
	}

	got, err := c.GetObjectStorageKey(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SecretKey != "[REDACTED]" || got.Label != "fake-check" || got.BucketAccess == nil || (*got.BucketAccess)[0].BucketName != "logs" {
		t.Fatalf("get answered %+v", got)
	}

	updated, err := c.UpdateObjectStorageKey(ctx, created.ID, linodego.ObjectStorageKeyUpdateOptions{Label: "fake-renamed", Regions: []string{"nl-ams"}})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Label != "fake-renamed" || updated.BucketAccess != nil {
		t.Fatalf("update answered %+v (the contract's PUT answer has no bucket_access)", updated)
	}

	s.AddKeys("bulk", 600)
	all, err := c.ListObjectStorageKeys(ctx, &linodego.ListOptions{PageSize: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 601 {
		t.Fatalf("listed %d keys over pages of 500, want 601", len(all))
	}
	if n := s.Requests()["GET keys"]; n != 2 {
		t.Fatalf("listing 601 keys in pages of 500 took %d requests, want 2", n)
	}

	if err := c.DeleteObjectStorageKey(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetObjectStorageKey(ctx, created.ID)
	var apiErr *linodego.Error
	if !errors.As(err, &apiErr) || apiErr.Code != http.StatusNotFound {
		t.Fatalf("get after delete: want 404, got %v", err)
	}
}

// The fake refuses what the contract and Linode's rules refuse.
func TestFakeRefusals(t *testing.T) {
	s := fake.Start()
	t.Cleanup(s.Close)
	ctx := context.Background()
	c := officialClient(s)

	cases := map[string]linodego.ObjectStorageKeyCreateOptions{
		"label too short": {Label: "ab"},
		"no region":       {Label: "no-region", BucketAccess: &[]linodego.ObjectStorageKeyBucketAccess{{BucketName: "logs", Permissions: "read_only"}}},
		"regions missing a bucket region": {Label: "narrow", Regions: []string{"us-iad"},
			BucketAccess: &[]linodego.ObjectStorageKeyBucketAccess{{Region: "nl-ams", BucketName: "logs", Permissions: "read_only"}}},
	}
	for name, opts := range cases {
		if _, err := c.CreateObjectStorageKey(ctx, opts); err == nil {
			t.Errorf("%s: the fake accepted it", name)
		}
	}

	unauthenticated := linodego.NewClient(&http.Client{})
	unauthenticated.SetBaseURL(s.URL)
	if _, err := unauthenticated.ListObjectStorageKeys(ctx, nil); err == nil {
		t.Errorf("a request without the token was answered")
	}

	// PUT accepts label and regions only.
	k, err := c.CreateObjectStorageKey(ctx, linodego.ObjectStorageKeyCreateOptions{Label: "put-check"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, s.URL+"/v4/object-storage/keys/"+itoa(k.ID), stringsReader(`{"bucket_access":[]}`))
	req.Header.Set("Authorization", "Bearer "+s.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a PUT of bucket_access answered %d, want 400", resp.StatusCode)
	}
}
