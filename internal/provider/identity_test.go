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
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// Terraform 1.12 and later import by identity: an import block that names
// the key's id as its identity adopts it, and the state records the
// identity.
func TestAccAccessKey_importByIdentity(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	name := uniqueName(t, "identity")
	creds, err := adminAPI(t).AddServiceAccount(context.Background(), adminapi.AddServiceAccount{TargetUser: minioServer.User, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	removeServiceAccountAtCleanup(t, creds.AccessKey)
	tf := acctest.NewTerraform(t, fmt.Sprintf(`
import {
  to       = objectstorage_access_key.k
  identity = { id = %q }
}

resource "objectstorage_access_key" "k" {
  name = %q
}
`, creds.AccessKey, name))
	tf.UsePinnedTerraform(t)
	expectImportsOnly(t, tf, 1)
	if _, err := tf.Run("apply", "-input=false", "tfplan"); err != nil {
		t.Fatal(err)
	}
	if got := stateIdentities(t, tf); len(got) != 1 || got[0] != creds.AccessKey {
		t.Fatalf("identities in state: %v, want [%s]", got, creds.AccessKey)
	}
	if _, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the import is not empty: %v", err)
	}
}

// A key created by the provider gets its identity too, and a refresh of a
// state without one (written before identities) adds it.
func TestAccAccessKey_identityOfCreatedKeys(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	tf := acctest.NewTerraform(t, fmt.Sprintf("resource \"objectstorage_access_key\" \"k\" {\n  name = %q\n}\n", uniqueName(t, "identity")))
	tf.UsePinnedTerraform(t)
	defer func() {
		if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
			t.Error(err)
		}
	}()
	if _, err := tf.Run("apply", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	resources, err := tf.State()
	if err != nil || len(resources) != 1 {
		t.Fatalf("state: %v %v", err, resources)
	}
	id, _ := resources[0].Attributes["id"].(string)
	if got := stateIdentities(t, tf); len(got) != 1 || got[0] != id {
		t.Fatalf("identities after create: %v, want [%s]", got, id)
	}
	// Drop the identity, as a state written by Terraform 1.11 has none.
	path := filepath.Join(tf.Dir, "terraform.tfstate")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	stored, _ := state["resources"].([]any)
	for _, r := range stored {
		resource, _ := r.(map[string]any)
		instances, _ := resource["instances"].([]any)
		for _, i := range instances {
			instance, _ := i.(map[string]any)
			delete(instance, "identity")
			delete(instance, "identity_schema_version")
		}
	}
	raw, _ = json.Marshal(state)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := stateIdentities(t, tf); len(got) != 1 || got[0] != "" {
		t.Fatalf("identities after dropping them: %v", got)
	}
	if _, err := tf.Run("apply", "-auto-approve", "-input=false", "-refresh-only"); err != nil {
		t.Fatal(err)
	}
	if got := stateIdentities(t, tf); len(got) != 1 || got[0] != id {
		t.Fatalf("identities after a refresh: %v, want [%s]", got, id)
	}
}

// stateIdentities returns the identity id of each resource instance in
// the state file.
func stateIdentities(t *testing.T, tf *acctest.Terraform) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(tf.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Instances []struct {
				Identity map[string]string `json:"identity"`
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range state.Resources {
		for _, i := range r.Instances {
			ids = append(ids, i.Identity["id"])
		}
	}
	return ids
}

// terraform query finds keys by name prefix and writes an import block and
// a resource block for each; that configuration plans the imports and no
// change, and after them the plan is empty.
func TestAccAccessKey_query(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	prefix := uniqueName(t, "queried") + "-"
	var accessKeys []string
	for i := range 2 {
		creds, err := adminAPI(t).AddServiceAccount(context.Background(), adminapi.AddServiceAccount{
			TargetUser: minioServer.User, Name: fmt.Sprintf("%s%d", prefix, i),
		})
		if err != nil {
			t.Fatal(err)
		}
		removeServiceAccountAtCleanup(t, creds.AccessKey)
		accessKeys = append(accessKeys, creds.AccessKey)
	}
	tf := acctest.NewTerraform(t, "provider \"objectstorage\" {}\n")
	tf.UsePinnedTerraform(t)
	query := fmt.Sprintf("list \"objectstorage_access_key\" \"found\" {\n  provider = objectstorage\n  config {\n    name_prefix = %q\n  }\n}\n", prefix)
	if err := os.WriteFile(filepath.Join(tf.Dir, "search.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := tf.Run("query", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	for _, ak := range accessKeys {
		if !strings.Contains(out, ak) {
			t.Errorf("terraform query does not show %s:\n%s", ak, out)
		}
	}
	if _, err := tf.Run("query", "-generate-config-out=generated.tf"); err != nil {
		t.Fatal(err)
	}
	generated, err := os.ReadFile(filepath.Join(tf.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated:\n%s", generated)
	expectImportsOnly(t, tf, len(accessKeys))
	applySavedPlan(t, tf)
}
