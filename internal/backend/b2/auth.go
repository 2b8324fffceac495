package b2

import (
	"context"
	"net/http"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// authorization is what b2_authorize_account answers: the account, the
// token and the URL every later call goes to, with a client for that URL.
type authorization struct {
	AccountID          string `json:"accountId"`
	AuthorizationToken string `json:"authorizationToken"`
	APIInfo            struct {
		StorageAPI struct {
			APIURL string `json:"apiUrl"`
		} `json:"storageApi"`
	} `json:"apiInfo"`

	api *httpapi.Client
}

// authorized returns the run's authorization, made on first use; with
// stale set, a new one in its place (unless another call renewed it
// already).
func (b *Backend) authorized(ctx context.Context, stale *authorization) (*authorization, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.auth != nil && b.auth != stale {
		return b.auth, nil
	}
	var a authorization
	resp, err := b.authorize.Do(ctx, httpapi.Request{Method: http.MethodGet, Path: "/b2api/v4/b2_authorize_account"})
	if err := decode("authorize with B2", resp, err, &a); err != nil {
		return nil, err
	}
	token := a.AuthorizationToken
	a.api = httpapi.New(httpapi.Config{
		BaseURL:   strings.TrimRight(a.APIInfo.StorageAPI.APIURL, "/") + "/b2api/v4",
		UserAgent: b.cfg.UserAgent,
		// B2 takes the token as it is, without a scheme.
		Authorize: func(r *http.Request) { r.Header.Set("Authorization", token) },
		URLHint:   urlHint,
		Retries:   b.cfg.Retries,
		Transport: b.cfg.Transport,
	})
	b.auth = &a
	return b.auth, nil
}

// call sends one B2 call (a POST with a JSON body, as B2's own SDK sends
// them) with the run's authorization. A token B2 says has expired, or no
// longer knows, is renewed once and the call sent again. Only a create is
// never repeated after an unclear answer (create.go settles it).
func (b *Backend) call(ctx context.Context, op, name string, body func(accountID string) any, out any) error {
	auth, err := b.authorized(ctx, nil)
	if err != nil {
		return err
	}
	err = b.send(ctx, auth, op, name, body, out)
	if code := httpapi.CodeOf(err); code == codeExpiredToken || code == codeBadToken {
		if auth, err = b.authorized(ctx, auth); err != nil {
			return err
		}
		err = b.send(ctx, auth, op, name, body, out)
	}
	return err
}

func (b *Backend) send(ctx context.Context, auth *authorization, op, name string, body func(string) any, out any) error {
	req := httpapi.Request{Method: http.MethodPost, Path: "/" + name, Body: body(auth.AccountID), Idempotent: name != "b2_create_key"}
	resp, err := auth.api.Do(ctx, req)
	return decode(op, resp, err, out)
}
