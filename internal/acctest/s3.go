package acctest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 is an S3 client acting as one access key, to prove what that key can
// and cannot do.
type S3 struct {
	client *minio.Client
}

// NewS3 returns a client for the server at endpoint, on plain HTTP,
// acting as the key.
func NewS3(endpoint, accessKey, secretKey string) (*S3, error) {
	return newS3(endpoint, accessKey, secretKey, nil)
}

// newS3 returns a client for the server at endpoint acting as the key; on
// TLS, trusting caPEM, when it is given.
func newS3(endpoint, accessKey, secretKey string, caPEM []byte) (*S3, error) {
	opts := &minio.Options{
		Creds: credentials.NewStaticV4(accessKey, secretKey, ""),
		// One try: a denied request must fail at once, not be retried.
		MaxRetries: 1,
	}
	if caPEM != nil {
		transport, err := transportTrusting(caPEM)
		if err != nil {
			return nil, err
		}
		opts.Secure, opts.Transport = true, transport
	}
	client, err := minio.New(endpoint, opts)
	if err != nil {
		return nil, err
	}
	return &S3{client: client}, nil
}

// MakeBucket creates a bucket holding one object, as an admin would.
func (s *S3) MakeBucket(ctx context.Context, bucket, object, content string) error {
	if err := s.client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
		return fmt.Errorf("make bucket %s: %w", bucket, err)
	}
	if object == "" {
		return nil
	}
	return s.Write(ctx, bucket, object, content)
}

// Read gets an object and returns its content.
func (s *S3) Read(ctx context.Context, bucket, object string) (string, error) {
	obj, err := s.client.GetObject(ctx, bucket, object, minio.GetObjectOptions{})
	if err != nil {
		return "", err
	}
	defer obj.Close()
	b, err := io.ReadAll(obj)
	return string(b), err
}

// Write puts an object.
func (s *S3) Write(ctx context.Context, bucket, object, content string) error {
	_, err := s.client.PutObject(ctx, bucket, object, bytes.NewReader([]byte(content)), int64(len(content)), minio.PutObjectOptions{})
	return err
}

// List lists a bucket's objects.
func (s *S3) List(ctx context.Context, bucket string) ([]string, error) {
	var names []string
	for obj := range s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			return nil, obj.Err
		}
		names = append(names, obj.Key)
	}
	return names, nil
}

// ListBuckets lists every bucket the key can see.
func (s *S3) ListBuckets(ctx context.Context) ([]string, error) {
	buckets, err := s.client.ListBuckets(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(buckets))
	for i, b := range buckets {
		names[i] = b.Name
	}
	return names, nil
}

// IsAccessDenied reports whether err is the server refusing the key.
func IsAccessDenied(err error) bool {
	return errorCode(err) == "AccessDenied"
}

// IsUnknownKey reports whether err is the server refusing the key itself:
// one it does not know, or (MinIO answers them alike) one switched off or
// expired.
func IsUnknownKey(err error) bool {
	code := errorCode(err)
	return code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch"
}

func errorCode(err error) string {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		return resp.Code
	}
	return ""
}
