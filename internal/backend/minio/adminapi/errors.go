package adminapi

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"unicode/utf8"
)

// Error is an admin call's answer with a status other than the one
// wanted: MinIO's JSON error, or, from something between the client and
// MinIO (a proxy, a load balancer), a status and a body in another format.
type Error struct {
	Status int
	// Code and Message are MinIO's; Code is empty for an answer that does
	// not carry a MinIO error.
	Code, Message string
	// Body is the start of an answer without a MinIO error.
	Body string
}

func (e *Error) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("HTTP %d %s without a MinIO error: %q", e.Status, http.StatusText(e.Status), e.Body)
	}
	return fmt.Sprintf("%s (%s, HTTP %d)", e.Message, e.Code, e.Status)
}

// maxErrorBody bounds what an Error keeps of an answer that is not
// MinIO's.
const maxErrorBody = 256

func errorOf(status int, answer []byte) *Error {
	var minio struct{ Code, Message string }
	if json.Unmarshal(answer, &minio) == nil && minio.Code != "" {
		return &Error{Status: status, Code: minio.Code, Message: minio.Message}
	}
	// Admin handlers answer with JSON, but export-iam can fail with S3's
	// XML error (a node of a cluster did: 404 XMinioInvalidIAMCredentials
	// while another node had just been lost).
	if status >= 300 && xml.Unmarshal(answer, &minio) == nil && minio.Code != "" {
		return &Error{Status: status, Code: minio.Code, Message: minio.Message}
	}
	body := answer[:min(len(answer), maxErrorBody)]
	// A success other than the one wanted carries the API's own answer,
	// which may hold secrets (an IAM export does): it is not kept.
	if status < 300 || !utf8.Valid(body) {
		return &Error{Status: status, Body: fmt.Sprintf("%d bytes, not shown", len(answer))}
	}
	return &Error{Status: status, Body: string(body)}
}
