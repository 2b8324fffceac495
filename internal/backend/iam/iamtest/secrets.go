package iamtest

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// secretAccessKeyXML finds the secret in a CreateAccessKey answer.
var secretAccessKeyXML = regexp.MustCompile(`<SecretAccessKey>([^<]+)</SecretAccessKey>`)

// secrets is the iam backend's part in the scan for secrets, on the shared
// SeaweedFS behind a fault proxy of its own.
func secrets(t *testing.T, _ acctest.Shared) acctest.SecretStory {
	proxy, s := Proxy(t, acctest.SharedSeaweedFS(t))
	// SeaweedFS never shows a secret again: the proxy keeps each one as it
	// passes.
	proxy.KeepAnswers("CreateAccessKey")
	cfg := s.IAMConfig()
	return acctest.SecretStory{
		Env: []string{"MINIO_ENDPOINT=", "AWS_ENDPOINT_URL_IAM=" + cfg.Endpoint, "AWS_ACCESS_KEY_ID=" + s.AccessKey,
			"AWS_SECRET_ACCESS_KEY=" + s.SecretKey, "OBJECTSTORAGE_IAM_SERVICE=seaweedfs"},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			name := backendtest.UniqueName(t, "oob")
			key, err := iam.New(cfg).CreateKey(context.Background(), backend.KeySpec{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			return key.ID, name
		},
		// The access key is made, but the user cannot be given its final
		// name: the create removes what it made and fails.
		FailCreate: func(string) { proxy.Inject(fakeapi.Fault{Op: "UpdateUser", Status: http.StatusBadRequest}) },
		Secrets: func(*testing.T) []string {
			var secrets []string
			for _, answer := range proxy.Answers("CreateAccessKey") {
				if m := secretAccessKeyXML.FindSubmatch(answer); m != nil {
					secrets = append(secrets, string(m[1]))
				}
			}
			return secrets
		},
		Credentials: []string{s.SecretKey},
	}
}
