package gcs

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// failedAt says what went wrong with operation op on the API at base in
// the provider's terms: Google's answer (its code and message; an answer
// never holds a secret but a create's, which succeeded), a hint for the
// codes a user can act on, and the typed error for a missing or existing
// object. Where no answer came it names the API's URL: Google's clients
// report a deadline without it.
func failedAt(base, op string, err error) error {
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		return fmt.Errorf("%s: %w (the API at %s)", op, err, base)
	}
	text := fmt.Sprintf("%s: Google Cloud answered %d", op, gerr.Code)
	if reason := reasonOf(gerr); reason != "" {
		text += " " + reason
	}
	if gerr.Message != "" {
		text += ": " + gerr.Message
	}
	switch gerr.Code {
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w", text, backend.ErrNotFound)
	case http.StatusConflict:
		return fmt.Errorf("%s: %w", text, backend.ErrAlreadyExists)
	case http.StatusUnauthorized:
		return errors.New(text + ". Check gcs.credentials or gcs.access_token (a token lasts an hour).")
	case http.StatusForbidden:
		return errors.New(text + ". The identity of gcs.credentials or gcs.access_token needs, on the project, HMAC Key Admin " +
			"and iam.serviceAccounts.create, get, list, update and delete, storage.buckets.list, storage.buckets.getIamPolicy " +
			"and storage.buckets.setIamPolicy (the least-privilege guide).")
	}
	return errors.New(text)
}

// reasonOf is the first reason Google gives, such as "conditionNotMet".
func reasonOf(err *googleapi.Error) string {
	if len(err.Errors) > 0 {
		return err.Errors[0].Reason
	}
	return ""
}

// codeOf is the HTTP status of Google's answer; 0 when none came.
func codeOf(err error) int {
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		return gerr.Code
	}
	return 0
}

// unclear reports whether a request may have been carried out though no
// clear answer says so: no answer came, or a server error.
func unclear(err error) bool {
	var token *tokenError
	if err == nil || errors.Is(err, context.Canceled) || errors.As(err, &token) {
		return false
	}
	if code := codeOf(err); code != 0 {
		return code >= 500
	}
	return !httpapi.NeverSent(err)
}

// reading and writing mark a call's context: reads, updates that set a
// value and deletes may be sent again after an unclear answer; creates
// may not (httpapi.MayRepeat).
func reading(ctx context.Context) context.Context  { return httpapi.MayRepeat(ctx, true) }
func creating(ctx context.Context) context.Context { return httpapi.MayRepeat(ctx, false) }

// tokenError is a failure to get an access token: no request was sent.
type tokenError struct{ err error }

func (e *tokenError) Error() string { return "get an access token for Google Cloud: " + e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

// markedSource marks its source's errors as tokenErrors.
type markedSource struct{ source oauth2.TokenSource }

func (m markedSource) Token() (*oauth2.Token, error) {
	t, err := m.source.Token()
	if err != nil {
		return nil, &tokenError{err}
	}
	return t, nil
}

// noToken is the token source of a backend configured without one.
type noToken struct{}

func (noToken) Token() (*oauth2.Token, error) {
	return nil, errors.New("no credentials are configured")
}
