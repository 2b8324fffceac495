package httpapi

import (
	"net/http"

	"github.com/minio/minio-go/v7/pkg/s3utils"
	"github.com/minio/minio-go/v7/pkg/signer"
)

// SigV4 signs every try of a request with AWS Signature Version 4, as S3
// and the admin APIs beside it (MinIO's, Ceph RGW's) take them, so that a
// retry carries a fresh date. The query is sent in S3's encoding (%20 for
// a space), which is what the signature covers; a request without a
// payload hash is sent as UNSIGNED-PAYLOAD.
type SigV4 struct {
	Next                 http.RoundTripper
	AccessKey, SecretKey string
	// Region is the signature's scope: empty for MinIO's admin API,
	// "default" for Ceph RGW's.
	Region string
}

func (t SigV4) RoundTrip(r *http.Request) (*http.Response, error) {
	// A RoundTripper must not change the request it was given; the clone
	// shares its body, which this try alone reads.
	signed := r.Clone(r.Context())
	if signed.URL.RawQuery != "" {
		signed.URL.RawQuery = s3utils.QueryEncode(signed.URL.Query())
	}
	if signed.Header.Get("X-Amz-Content-Sha256") == "" {
		signed.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	}
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(signer.SignV4(*signed, t.AccessKey, t.SecretKey, "", t.Region))
}
