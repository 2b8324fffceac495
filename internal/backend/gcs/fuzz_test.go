package gcs_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/gcstest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// FuzzAnswers feeds the backend Google's answers changed: truncated,
// malformed, of the wrong types, with any status (backendtest.AnswerFuzz).
func FuzzAnswers(f *testing.F) {
	s := gcstest.StartFake()
	f.Cleanup(s.Close)
	backendtest.AnswerFuzz{
		Open: func(url string, t http.RoundTripper) backend.Driver {
			cfg := gcstest.Config(s)
			cfg.StorageURL, cfg.IAMURL, cfg.Transport = url+"/storage/v1/", url+"/", t
			// Waits short enough for a fuzzer.
			cfg.NewAccountWait, cfg.DeleteWait = 50*time.Millisecond, 10*time.Millisecond
			return gcs.New(cfg)
		},
		Fake:  s.URL,
		Token: s.Token,
		Spec: backend.KeySpec{Name: "fuzz", Limited: true,
			Grants: []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}}},
	}.Run(f)
}
