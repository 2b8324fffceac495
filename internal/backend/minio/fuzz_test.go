package minio

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// FuzzParseExport reads IAM exports whose service-account list the
// fuzzer changed (the seed is the pinned server's export), as a refresh
// reads them: no panic, and no error holds a secret the export carries.
func FuzzParseExport(f *testing.F) {
	golden, err := os.ReadFile("testdata/export-iam.zip")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(svcAcctsOf(f, golden))
	f.Add([]byte(`{"A1B2C3":{"parent":"admin","accessKey":"A1B2C3","secretKey":"s3cr3t-s3cr3t-s3cr3t","sessionPolicy":"not a document","status":"off","expiration":"1970-01-01T00:00:00Z"}}`))
	f.Fuzz(func(t *testing.T, svcAccts []byte) {
		fuzzstat.Count()
		accounts, err := parseExport(zipWith(t, svcAccts))
		secrets := exportSecrets(svcAccts)
		if err == nil {
			for accessKey, a := range accounts {
				_, err = keyFromInfo(accessKey, exportedInfo(a))
				if err != nil {
					break
				}
			}
		}
		if err == nil {
			return
		}
		for _, s := range secrets {
			if len(s) >= 8 && strings.Contains(err.Error(), s) {
				t.Fatalf("the error holds a secret of the export: %v", err)
			}
		}
	})
}

// svcAcctsOf returns the service-account list of an export.
func svcAcctsOf(f *testing.F, export []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(export), int64(len(export)))
	if err != nil {
		f.Fatal(err)
	}
	r, err := zr.Open(svcAcctsFile)
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	raw, err := io.ReadAll(r)
	if err != nil {
		f.Fatal(err)
	}
	return raw
}

// zipWith returns an export whose service-account list is svcAccts.
func zipWith(t *testing.T, svcAccts []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(svcAcctsFile)
	if err == nil {
		_, err = w.Write(svcAccts)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exportSecrets are the secretKey values of a service-account list.
func exportSecrets(svcAccts []byte) []string {
	var accounts map[string]struct {
		SecretKey string `json:"secretKey"`
	}
	_ = json.Unmarshal(svcAccts, &accounts)
	var out []string
	for _, a := range accounts {
		out = append(out, a.SecretKey)
	}
	return out
}
