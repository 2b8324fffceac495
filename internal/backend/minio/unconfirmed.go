package minio

import (
	"context"
	"fmt"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

var _ backend.UnconfirmedDeleter = (*Backend)(nil)

// unconfirmedRounds bounds DeleteUnconfirmed. A round is an add and a
// delete: one round ends it where no node knew the account, and each node
// that knew it while another did not may cost one more.
const unconfirmedRounds = 6

// denyAll is the policy of the stand-in account DeleteUnconfirmed adds:
// it may do nothing for the moment it exists.
var denyAll = []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}`)

// DeleteUnconfirmed removes an account an unclear create may have made,
// which some nodes of a cluster may know of and others not. MinIO reads
// IAM from each node's memory; a node learns of an account from the node
// that wrote it, or at its next refresh 5 to 15 minutes on, and answers a
// delete of an account it does not know with success, removing nothing.
// So each round first adds an account under the access key, with a new
// secret that never leaves this call and a policy that allows nothing: a
// node that does not know the access key writes the account and tells
// every node, and a node that does refuses it as taken. The delete after
// an add that was taken in therefore reaches a node that knows the
// account and removes it everywhere; after a refusal, another round runs.
//
// The access key is the provider's own beyond doubt: the caller made it
// at random for a create of this backend's user (the state's mark of an
// unclear create says so). An account under it that another user holds
// is still refused.
func (b *Backend) DeleteUnconfirmed(ctx context.Context, id string) error {
	for range unconfirmedRounds {
		_, secret, err := b.newCredentials()
		if err != nil {
			return err
		}
		err = b.call(ctx, func(ctx context.Context) error {
			_, err := b.admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{
				TargetUser: b.user, AccessKey: id, SecretKey: secret, Policy: denyAll,
			})
			return err
		})
		taken := ErrorCode(err) == codeNotAllowed
		if err != nil && !taken {
			return b.mapError("create", account(id), err)
		}
		if taken {
			if info, err := b.info(ctx, id); err == nil && info.ParentUser != b.user {
				return b.notOurs(id, info.ParentUser)
			}
		}
		if err := b.DeleteKey(ctx, id); err != nil {
			return err
		}
		if !taken {
			return nil
		}
	}
	return fmt.Errorf("service account %q: after %d rounds of adding and deleting it, MinIO nodes still disagree about it; "+
		"it stays in state and the next apply tries again", id, unconfirmedRounds)
}
