package cloudflare

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/create"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// CreateKey makes a token under a pending name (create.PendingName, with
// the mark), then gives it its name with a PUT. After an unclear answer
// the token under the pending name is the create's own: its value was lost
// with the answer, so it is revoked and the create tried once more. The
// secret is the SHA-256 of the value the create answers; the value itself
// is dropped here.
func (b *Backend) CreateKey(ctx context.Context, spec backend.KeySpec) (backend.Key, error) {
	if err := b.ensureShape(ctx); err != nil {
		return backend.Key{}, err
	}
	var pending string
	made, err := create.Once(ctx,
		func(ctx context.Context, _ int) (token, bool, error) {
			name, err := create.PendingName()
			if err != nil {
				return token{}, false, err
			}
			pending = markPrefix + name
			out := b.bodyOf(spec)
			out.Name = pending
			var t token
			unclear, err := b.keys.Create(ctx, httpapi.Request{Method: http.MethodPost, Path: "/tokens", Body: out}, &t)
			if err != nil && !unclear {
				return token{}, false, b.explainRefusal(ctx, err)
			}
			if err != nil {
				return token{}, unclear, err
			}
			if t.ID == "" || t.Value == "" {
				return token{}, true, errors.New("create key: Cloudflare's answer holds no token id and value for the token it made")
			}
			return t, false, nil
		},
		func(ctx context.Context, try int) (create.Settled[token], error) {
			return create.FindMade[token]{
				Noun: "token", Mark: fmt.Sprintf("named %q", pending),
				List: b.keys.Fresh,
				Made: func(_ string, t token) bool { return t.Name == pending },
				Revoke: func(ctx context.Context, id string) error {
					return b.keys.Write(ctx, "delete key "+id, httpapi.Request{Method: http.MethodDelete, Path: tokenPath(id), Body: struct{}{}}, nil)
				},
			}.Settle(ctx, try)
		})
	if err != nil {
		return backend.Key{}, err
	}
	secret := secretOf(made.Value)
	made.Value = ""
	// The token was made with the key's policies, status and expiry: the
	// PUT gives it its name and changes nothing else.
	key, err := b.put(ctx, made.ID, b.bodyOf(spec))
	if err != nil {
		held, _ := ours(b.shape.toKey(made))
		held.Name, held.SecretKey = spec.Name, secret
		return backend.Key{}, &backend.UncertainCreateError{Key: &held, Err: fmt.Errorf(
			"create key: token %s was made under the name %q but could not be given its name (%w)", made.ID, pending, err)}
	}
	key.SecretKey = secret
	return key, nil
}

// maxTokens is Cloudflare's quota of account-owned tokens per account, so
// of R2 keys, less the tokens people have.
const maxTokens = 500

// explainRefusal adds to a refused create what the account's token count
// says: at the quota, that no more tokens can be made.
func (b *Backend) explainRefusal(ctx context.Context, err error) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status >= 500 {
		return err
	}
	all, listErr := b.keys.Fresh(ctx)
	if listErr != nil || len(all) < maxTokens {
		return err
	}
	return fmt.Errorf("%w; the account holds %d API tokens, and Cloudflare allows at most %d account-owned tokens: delete tokens "+
		"nobody uses, or keep R2 keys for more applications in another account", err, len(all), maxTokens)
}
