package minio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/minio/madmin-go/v3"
)

// The admin writes this backend makes, sent with a PBKDF2-sealed body
// (seal.go) through madmin's ExecuteMethod instead of madmin's own calls,
// whose argon2id derivations (one for the body, one for the answer) cost
// most of a write's time and 64 MiB each. None of these answers is read:
// the backend chose the new key's credentials, so a 200 to a create says
// all it needs, and updates answer with no body.

// addServiceAccount creates a service account with the request's
// credentials.
func (b *Backend) addServiceAccount(ctx context.Context, req madmin.AddServiceAccountReq) error {
	if err := req.Validate(); err != nil {
		return err
	}
	return b.sealedWrite(ctx, http.MethodPut, "/add-service-account", nil, req, http.StatusOK)
}

// updateServiceAccount changes a service account's name and policy.
func (b *Backend) updateServiceAccount(ctx context.Context, accessKey string, req madmin.UpdateServiceAccountReq) error {
	if err := req.Validate(); err != nil {
		return err
	}
	return b.sealedWrite(ctx, http.MethodPost, "/update-service-account", url.Values{"accessKey": {accessKey}}, req, http.StatusNoContent)
}

// sealedWrite sends one admin request whose JSON body is sealed with the
// admin password, and returns nil on the status want and the server's
// error, as madmin decodes it, on any other.
func (b *Backend) sealedWrite(ctx context.Context, method, path string, query url.Values, body any, want int) error {
	plaintext, err := json.Marshal(body)
	if err != nil {
		return err
	}
	sealed, err := seal(b.password, plaintext)
	if err != nil {
		return fmt.Errorf("seal the request: %w", err)
	}
	resp, err := b.admin.ExecuteMethod(ctx, method, madmin.RequestData{
		RelPath:     "/" + madmin.AdminAPIVersion + path,
		QueryValues: query,
		Content:     sealed,
	})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == want {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswerBytes))
		return nil
	}
	return errorResponse(resp)
}

// maxAnswerBytes bounds what is read of an answer.
const maxAnswerBytes = 100 << 10

// errorResponse decodes a MinIO admin error answer the way madmin does:
// its JSON error, or the status line as the code with the body as the
// message when there is none.
func errorResponse(resp *http.Response) error {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return madmin.ErrorResponse{Code: resp.Status, Message: fmt.Sprintf("Failed to read server response: %s.", err)}
	}
	var e madmin.ErrorResponse
	if err := json.Unmarshal(raw, &e); err != nil || e.Code == "" {
		if err == nil {
			err = errors.New("no error code")
		}
		return madmin.ErrorResponse{Code: resp.Status, Message: fmt.Sprintf("Failed to parse server response (%s): %.1024q", err, raw)}
	}
	return e
}
