package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// otherMinIOUser makes a MinIO user other than the provider's, with the
// readwrite canned policy, and one service account of its own.
func otherMinIOUser(t *testing.T) (user, accessKey string) {
	t.Helper()
	ctx := context.Background()
	admin := adminAPI(t)
	user = uniqueName(t, "other-owner")
	if err := admin.AddUser(ctx, user, "other-owner-password"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.RemoveUser(context.Background(), user) })
	if err := admin.AttachPolicy(ctx, user, "readwrite"); err != nil {
		t.Fatal(err)
	}
	creds, err := admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{TargetUser: user, Name: uniqueName(t, "theirs")})
	if err != nil {
		t.Fatal(err)
	}
	removeServiceAccountAtCleanup(t, creds.AccessKey)
	return user, creds.AccessKey
}

// The provider never adopts a service account of another MinIO user: an
// import, an import by identity, a moved block and a data-source lookup of
// one each stop the plan with an error that names the owning user and says
// what to do, before any write, and the key stays as it was.
func TestAccAccessKey_anotherUsersKeyIsRefused(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	owner, theirs := otherMinIOUser(t)
	resourceBlock := fmt.Sprintf("resource \"objectstorage_access_key\" \"k\" {\n  name = %q\n}\n", uniqueName(t, "adopted"))
	cases := map[string]struct {
		config        string
		pinned, moved bool
	}{
		"import":          {config: fmt.Sprintf("import {\n  to = objectstorage_access_key.k\n  id = %q\n}\n", theirs) + resourceBlock},
		"identity import": {config: fmt.Sprintf("import {\n  to       = objectstorage_access_key.k\n  identity = { id = %q }\n}\n", theirs) + resourceBlock, pinned: true},
		"data source":     {config: fmt.Sprintf("data \"objectstorage_access_key\" \"k\" {\n  id = %q\n}\n", theirs)},
		"moved block":     {moved: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var tf *acctest.Terraform
			var writes func() int
			var resetWrites func()
			id := theirs
			if tc.moved {
				story := serviceAccountStory(t, owner, "", "", nil)
				var key acctest.MovedKey
				tf, key = applySource(t, story)
				id, writes, resetWrites = key.ID, story.Writes, story.ResetWrites
			} else {
				proxy := minioProxy(t)
				tf = acctest.NewTerraform(t, tc.config, minioMoveEnv(proxy)...)
				writes, resetWrites = func() int { return minioWrites(proxy) }, proxy.ResetRequests
			}
			if tc.pinned {
				tf.UsePinnedTerraform(t)
			}
			resetWrites()
			out, err := tf.Run("plan", "-input=false", "-no-color")
			if err == nil {
				t.Fatal("the plan succeeded")
			}
			flat := oneLine(out)
			for _, want := range []string{fmt.Sprintf("key %q belongs to MinIO user %q", id, owner), "not to MinIO user",
				"never adopts, changes or revokes", "Nothing was changed", "remove the import or moved block"} {
				if !strings.Contains(flat, want) {
					t.Errorf("the error lacks %q:\n%s", want, out)
				}
			}
			if n := writes(); n != 0 {
				t.Fatalf("%d write requests, want 0", n)
			}
			info, err := adminAPI(t).InfoServiceAccount(context.Background(), id)
			if err != nil || info.ParentUser != owner {
				t.Fatalf("the other user's key after the refusal: %+v, %v", info, err)
			}
		})
	}
}
