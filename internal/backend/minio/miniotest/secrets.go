package miniotest

import (
	"context"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// secrets is MinIO's part in the scan for secrets, through a fault proxy
// of its own.
func secrets(t *testing.T, shared acctest.Shared) acctest.SecretStory {
	s := shared.MinIO(t)
	proxy := acctest.ProxyFor(t, s.Endpoint)
	outOfBandSecret := acctest.RandomHex(t, 16)
	return acctest.SecretStory{
		Env: []string{"MINIO_ENDPOINT=" + proxy.Endpoint, "MINIO_USER=" + s.User, "MINIO_PASSWORD=" + s.Password},
		Key: func(address, name string) string {
			return acctest.KeyResource(address, name, `bucket_access = [{ bucket = "secrets", permission = "read_only" }]`)
		},
		OutOfBand: func(t *testing.T) (string, string) {
			accessKey, name := strings.ToUpper(acctest.RandomHex(t, 10)), backendtest.UniqueName(t, "oob")
			admin, err := acctest.NewAdmin(s.Endpoint, s.User, s.Password)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := admin.AddServiceAccount(context.Background(), adminapi.AddServiceAccount{
				TargetUser: s.User, AccessKey: accessKey, SecretKey: outOfBandSecret, Name: name,
				Policy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:CreateBucket","s3:ListAllMyBuckets"],"Resource":["arn:aws:s3:::*"]}]}`),
			}); err != nil {
				t.Fatal(err)
			}
			return accessKey, name
		},
		// The key is made but the answer is a 500, and looking it up fails
		// too: the key is kept in state, secret included, for replacement.
		FailCreate: func(string) {
			proxy.Inject(fakeapi.ErrorAfterWork.Fault("add-service-account"))
			proxy.Inject(acctest.EveryTry(fakeapi.ServerError.Fault("info-service-account"))...)
		},
		Secrets:     func(*testing.T) []string { return []string{outOfBandSecret} },
		Credentials: []string{s.Password},
	}
}
