package s3policy

import (
	"errors"
	"net/url"
	"strings"
)

// FromIAMAnswer reads a policy as the IAM API's GetUserPolicy answers it:
// URL-encoded on AWS (RFC 3986), plain JSON on some other services
// (SeaweedFS, Ceph RGW).
func FromIAMAnswer(answer string) ([]byte, error) {
	if trimmed := strings.TrimSpace(answer); strings.HasPrefix(trimmed, "{") {
		return []byte(trimmed), nil
	}
	doc, err := url.PathUnescape(answer)
	if err != nil {
		return nil, errors.New("the policy document is neither JSON nor URL-encoded JSON")
	}
	return []byte(doc), nil
}
