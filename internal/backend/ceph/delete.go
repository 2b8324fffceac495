package ceph

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// DeleteKey removes the key's user, and with it the key and its policy. A
// user that owns buckets (the key made them) keeps them: RGW refuses to
// delete it without its data, which the backend never purges, so only its
// key is revoked and the user stays, keyless, holding its buckets. Only a
// user the backend proves its own (own, read.go) is touched.
func (b *Backend) DeleteKey(ctx context.Context, id string) error {
	uid := b.uidOf(id)
	_, _, _, err := b.own(ctx, id)
	if backend.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	err = b.removeUser(ctx, uid)
	switch {
	case err == nil, backend.IsNotFound(err):
		return nil
	case httpapi.CodeOf(err) != codeUserOwnsBuckets:
		return err
	}
	if err := b.removeKey(ctx, uid, id); err != nil && httpapi.CodeOf(err) != codeInvalidAccessKey {
		// InvalidAccessKeyId: the key is gone already.
		return err
	}
	tflog.Warn(ctx, "revoked the key; its user owns buckets and stays, without a key, holding them", map[string]any{"uid": uid})
	return nil
}
