package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/linodetest"
	miniobackend "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/peers"
)

func TestAccAccessKey_movedFromPeers(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	stories := map[string]func(t *testing.T) acctest.MoveStory{
		"minio_iam_service_account":              minioServiceAccountMoveStory,
		"minio_iam_service_account/unrestricted": minioUnrestrictedServiceAccountMoveStory,
		"minio_accesskey":                        minioAccessKeyMoveStory,
	}
	for name, story := range stories {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testMove(t, story(t))
		})
	}
	for _, f := range fixtures.All {
		for _, declared := range f.Moves {
			t.Run(f.Backend, func(t *testing.T) {
				t.Parallel()
				testMove(t, declared(t))
			})
		}
	}
}

func testMove(t *testing.T, story acctest.MoveStory) {
	tf, key := applySource(t, story)
	defer func() {
		if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
			t.Error(err)
		}
	}()
	story.ResetWrites()
	changes, _ := savedPlan(t, tf, 1)
	if n := story.Writes(); n != 0 {
		t.Fatalf("the plan of the move sent %d write requests to the service, want 0", n)
	}
	if warned := strings.Contains(tf.Output(), "Secret Key Not Moved"); warned != (key.Secret == "") {
		t.Fatalf("warned that the secret did not move: %v; the source held a secret: %v", warned, key.Secret != "")
	}
	change := changes[0]
	if change.PreviousAddress != story.Source+".key" || strings.Join(change.Change.Actions, ",") != story.AfterMove {
		t.Fatalf("the plan %ss %s (from %q), want %s from %s.key", strings.Join(change.Change.Actions, ","), change.Address,
			change.PreviousAddress, story.AfterMove, story.Source)
	}
	if _, err := tf.Run("apply", "-input=false", "tfplan"); err != nil {
		t.Fatal(err)
	}
	if story.AfterMove == "no-op" {
		if n := story.Writes(); n != 0 {
			t.Fatalf("applying the move sent %d write requests to the service, want 0", n)
		}
	}
	// Empty from now on: exit code 0 of -detailed-exitcode.
	if _, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the move is not empty: %v", err)
	}

	resources, err := tf.State()
	if err != nil || len(resources) != 1 || resources[0].Type != "objectstorage_access_key" {
		t.Fatalf("state after the move: %v %+v", err, resources)
	}
	got := resources[0].Attributes
	if got["id"] != key.ID {
		t.Fatalf("moved key's id %v, want %s", got["id"], key.ID)
	}
	switch secret, _ := got["secret_key"].(string); {
	case key.Secret == "" && got["secret_key"] != nil:
		t.Fatal("a secret appeared in state where the source held none")
	case key.Secret != "" && secret != key.Secret:
		t.Fatal("the secret did not move")
	case story.Works != nil:
		accessKey, _ := got["access_key"].(string)
		story.Works(t, accessKey, secret)
	}
	t.Logf("moved %s.key: 0 write requests for the move, secret kept: %v, plan after the move: %s, then empty",
		story.Source, key.Secret != "", story.AfterMove)
}

// applySource has the stand-in make or store the source resource's state
// and returns the runner with the moved block's configuration written.
func applySource(t *testing.T, story acctest.MoveStory) (*acctest.Terraform, acctest.MovedKey) {
	t.Helper()
	key := story.Made(t)
	env := story.Env
	if key.State != nil {
		statesFile := filepath.Join(t.TempDir(), "peer-states.json")
		name, _ := key.State[keyAttributeOf(story.Source)].(string)
		states, _ := json.Marshal(map[string]any{story.Source + ":" + name: key.State})
		if err := os.WriteFile(statesFile, states, 0o600); err != nil {
			t.Fatal(err)
		}
		env = append(env, "OBJECTSTORAGE_PEER_STATES="+statesFile)
	}
	source, _ := peers.Find(story.Source)
	local := source.Provider[strings.Index(source.Provider, "/")+1:]
	requirement := fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n\n", local, source.Provider)
	tf := acctest.NewTerraform(t, requirement+key.SourceConfig, env...)
	tf.UsePeerProviders(t, fixtures.Peers())
	if _, err := tf.Run("apply", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	if key.State == nil {
		resources, err := tf.State()
		if err != nil || len(resources) != 1 {
			t.Fatalf("the source's State: %v %+v", err, resources)
		}
		key.State = resources[0].Attributes
		key.ID, _ = key.State["id"].(string)
		key.Secret, _ = key.State["secret_key"].(string)
		if story.Cleanup != nil {
			story.Cleanup(t, key.ID)
		}
	}
	tf.WriteConfig(t, requirement+key.OurBlock+fmt.Sprintf("\nmoved {\n  from = %s.key\n  to   = objectstorage_access_key.key\n}\n", story.Source))
	return tf, key
}

// A move that cannot be right stops the plan with an error that says why,
// before any request, and leaves the source's state as it was.
func TestAccAccessKey_moveRefused(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	cases := map[string]struct {
		story func(t *testing.T) acctest.MoveStory
		want  []string
	}{
		// The key is Linode's; the provider is configured for MinIO.
		"to another backend": {
			story: func(t *testing.T) acctest.MoveStory {
				story := linodetest.Fixture.Moves[0](t)
				proxy := minioProxy(t)
				story.Env = append(story.Env, minioMoveEnv(proxy)...)
				story.Env = append(story.Env, "LINODE_TOKEN=")
				return story
			},
			want: []string{"Moved Access Key On Another Backend", "moved from linode_object_storage_key, which manages Linode keys",
				"configured for MinIO", `configured with a "linode" block`},
		},
		"a policy of someone else's": {
			story: func(t *testing.T) acctest.MoveStory {
				custom := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs-*/*"]}]}`
				return serviceAccountStory(t, minioServer.User, fmt.Sprintf("  policy = %q\n", custom), "", nil)
			},
			want: []string{"Move Access Key Error", "is not one objectstorage_access_key writes", "arn:aws:s3:::logs-*/*",
				"keep this key under the minio provider"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			story := tc.story(t)
			tf, key := applySource(t, story)
			story.ResetWrites()
			out, err := tf.Run("plan", "-input=false", "-no-color")
			if err == nil {
				t.Fatal("the plan of the move succeeded")
			}
			flat := oneLine(out)
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Errorf("the error lacks %q:\n%s", want, out)
				}
			}
			if key.Secret != "" && strings.Contains(out, key.Secret) {
				t.Fatal("the error shows the secret")
			}
			if n := story.Writes(); n != 0 {
				t.Fatalf("%d write requests, want 0", n)
			}
			resources, err := tf.State()
			if err != nil || len(resources) != 1 || resources[0].Type != story.Source || resources[0].Attributes["access_key"] != key.State[accessKeyAttributeOf(story.Source)] {
				t.Fatalf("state after the refused move: %v %+v, want the %s as it was", err, resources, story.Source)
			}
		})
	}
}

func accessKeyAttributeOf(source string) string {
	if source == "glesys_objectstorage_credential" {
		return "accesskey"
	}
	return "access_key"
}

// keyAttributeOf is the attribute the stand-in finds a resource's state by.
func keyAttributeOf(source string) string {
	for _, p := range fixtures.Peers() {
		for _, r := range p.Resources {
			if r.Type == source {
				return r.KeyAttribute
			}
		}
	}
	return "description"
}

func minioMoveEnv(proxy *acctest.FaultProxy) []string {
	return []string{"MINIO_ENDPOINT=" + proxy.Endpoint, "MINIO_USER=" + minioServer.User, "MINIO_PASSWORD=" + minioServer.Password}
}

// minioWrites counts the admin calls that change something.
func minioWrites(proxy *acctest.FaultProxy) int {
	n := 0
	for op, count := range proxy.Requests() {
		if strings.HasPrefix(op, "add-") || strings.HasPrefix(op, "update-") || strings.HasPrefix(op, "delete-") || strings.HasPrefix(op, "set-") {
			n += count
		}
	}
	return n
}

// minioReadsItsBucket checks that the moved secret Works: S3 reads the
// bucket the grant names and may not write it.
func minioReadsItsBucket(bucket string) func(t *testing.T, accessKey, secret string) {
	return func(t *testing.T, accessKey, secret string) {
		s3, err := minioServer.S3(accessKey, secret)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s3.Probe(context.Background(), bucket)
		if err != nil || got != acctest.ReadOnly {
			t.Fatalf("the moved key on %s: %v %v, want %v", bucket, got, err, acctest.ReadOnly)
		}
	}
}

// minioServiceAccountMoveStory moves a service account that the MinIO
// provider made with this provider's policy for one read_only bucket.
func minioServiceAccountMoveStory(t *testing.T) acctest.MoveStory {
	bucket := uniqueName(t, "moved")
	makeBuckets(t, bucket)
	policy, err := miniobackend.PolicyOf([]backend.Grant{{Bucket: bucket, Permission: backend.ReadOnly}})
	if err != nil {
		t.Fatal(err)
	}
	return serviceAccountStory(t, minioServer.User, fmt.Sprintf("  policy = %q\n", policy),
		fmt.Sprintf("  bucket_access = [{ bucket = %q, permission = \"read_only\" }]\n", bucket), minioReadsItsBucket(bucket))
}

// minioUnrestrictedServiceAccountMoveStory moves the most common service
// account there is: the MinIO provider's, with no policy, for the admin
// user. The provider sends its "no policy" document for it, which MinIO
// stores as a policy without version or statement.
func minioUnrestrictedServiceAccountMoveStory(t *testing.T) acctest.MoveStory {
	bucket := uniqueName(t, "moved-open")
	makeBuckets(t, bucket)
	return serviceAccountStory(t, minioServer.User, "", "", func(t *testing.T, accessKey, secret string) {
		s3, err := minioServer.S3(accessKey, secret)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s3.Probe(context.Background(), bucket); err != nil || got != acctest.ReadWrite {
			t.Fatalf("the moved unrestricted key on %s: %v %v, want %v", bucket, got, err, acctest.ReadWrite)
		}
	})
}

// serviceAccountStory is a minio_iam_service_account of targetUser with
// the source attributes sourceAttrs, made by the stand-in with the MinIO
// provider's own admin request, moved into a key with ourAttrs.
func serviceAccountStory(t *testing.T, targetUser, sourceAttrs, ourAttrs string, works func(t *testing.T, accessKey, secret string)) acctest.MoveStory {
	proxy := minioProxy(t)
	name := uniqueName(t, "moved-sa")
	return acctest.MoveStory{
		Source: "minio_iam_service_account", Env: minioMoveEnv(proxy),
		Made: func(*testing.T) acctest.MovedKey {
			return acctest.MovedKey{
				SourceConfig: fmt.Sprintf("resource \"minio_iam_service_account\" \"key\" {\n  target_user = %q\n  name = %q\n%s}\n",
					targetUser, name, sourceAttrs),
				OurBlock: fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n%s}\n", name, ourAttrs),
			}
		},
		Writes: func() int { return minioWrites(proxy) }, ResetWrites: proxy.ResetRequests,
		AfterMove: "no-op", Works: works, Cleanup: removeServiceAccountAtCleanup,
	}
}

// minio_accesskey never names its key and keeps no secret after its first
// refresh: the move brings the key without a secret (with a warning), and
// the next plan names it, in place.
func minioAccessKeyMoveStory(t *testing.T) acctest.MoveStory {
	proxy := minioProxy(t)
	description := uniqueName(t, "moved-ak")
	return acctest.MoveStory{
		Source: "minio_accesskey", Env: minioMoveEnv(proxy),
		Made: func(t *testing.T) acctest.MovedKey {
			creds, err := adminAPI(t).AddServiceAccount(context.Background(), adminapi.AddServiceAccount{
				TargetUser: minioServer.User, Description: description,
			})
			if err != nil {
				t.Fatal(err)
			}
			removeServiceAccountAtCleanup(t, creds.AccessKey)
			return acctest.MovedKey{
				ID:           creds.AccessKey,
				SourceConfig: fmt.Sprintf("resource \"minio_accesskey\" \"key\" {\n  user = %q\n  description = %q\n}\n", minioServer.User, description),
				OurBlock:     fmt.Sprintf("resource \"objectstorage_access_key\" \"key\" {\n  name = %q\n}\n", "named-"+description[len("moved-ak-"):]),
				State: map[string]any{
					"id": creds.AccessKey, "user": minioServer.User, "access_key": creds.AccessKey, "secret_key": "",
					"secret_key_version": "", "status": "enabled", "policy": "", "description": description,
				},
			}
		},
		Writes: func() int { return minioWrites(proxy) }, ResetWrites: proxy.ResetRequests,
		AfterMove: "update",
	}
}

// removeServiceAccountAtCleanup deletes a service account the test made,
// unless the test's destroy did.
func removeServiceAccountAtCleanup(t *testing.T, accessKey string) {
	t.Helper()
	t.Cleanup(func() {
		err := adminAPI(t).DeleteServiceAccount(context.Background(), accessKey)
		if code := miniobackend.ErrorCode(err); err != nil && code != "XMinioInvalidIAMCredentials" && code != "XMinioAdminServiceAccountNotFound" {
			t.Errorf("remove service account %s: %v (%s)", accessKey, err, code)
		}
	})
}
