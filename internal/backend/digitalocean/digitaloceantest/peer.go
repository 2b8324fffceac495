package digitaloceantest

import (
	"context"
	"net/http"
	"testing"

	"github.com/digitalocean/godo"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
)

// Env is the environment that configures the digitalocean block for s,
// with MinIO's variables emptied.
func Env(s *fake.Server) []string {
	return []string{"MINIO_ENDPOINT=", "DIGITALOCEAN_API_URL=" + s.URL, "DIGITALOCEAN_TOKEN=" + s.Token}
}

// CreateAsPeer makes a key with the request digitalocean_spaces_key sends
// for a configuration without grant blocks: godo's SpacesKeys.Create with
// an empty grant list.
func CreateAsPeer(t *testing.T, s *fake.Server, name string) *godo.SpacesKey {
	t.Helper()
	client, err := godo.New(&http.Client{Transport: bearerTransport(s.Token)}, godo.SetBaseURL(s.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := client.SpacesKeys.Create(context.Background(), &godo.SpacesKeyCreateRequest{Name: name, Grants: []*godo.Grant{}})
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// bearerTransport sends a token as godo's oauth2 transport would.
type bearerTransport string

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}
