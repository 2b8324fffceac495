package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/miniotest"
)

// A terraform apply of 30 MinIO keys interrupted part-way (SIGINT, as
// Ctrl-C) leaves every key it made in state with its secret; the next
// apply makes the rest without a duplicate, and destroy leaves nothing. A
// create the interrupt cut off before its answer may still be carried out
// by the server, so its key may be kept in state, marked for replacement,
// without being on the server yet; the next apply replaces it.
func TestAccAccessKey_interruptedApply(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	// Interrupted after 8 creates, with at most Terraform's 10 more under
	// way, an apply of 30 is cut short with room to spare.
	const n = 30
	prefix := uniqueName(t, "sigint")
	config := fmt.Sprintf(`
resource "objectstorage_access_key" "k" {
  count         = %d
  name          = "%s-${count.index}"
  bucket_access = [{ bucket = "interrupted", permission = "read_only" }]
}
`, n, prefix)
	tf := acctest.NewTerraform(t, config)
	onServer := func() map[string]string { return miniotest.KeysNamed(t, minioServer, prefix) }

	// Terraform's own account of the creates is read in-process, so the
	// signal follows the eighth within 20 ms however busy the machine is.
	madeEight := func(output string) bool { return strings.Count(output, "Creation complete") >= 8 }
	out, sent, err := tf.Interrupt(madeEight, "apply", "-auto-approve", "-input=false")
	if !sent {
		t.Fatalf("the apply ended before 8 keys were made, so it was never interrupted: %v\n%s", err, out)
	}
	if err == nil || !strings.Contains(out, "Interrupt received") {
		t.Fatalf("the interrupted apply did not stop as interrupted: %v\n%s", err, out)
	}
	made := onServer()
	t.Logf("interrupted with %d of %d keys made", len(made), n)
	if len(made) == n {
		t.Fatalf("all %d keys were made: the interrupt came too late to prove anything", n)
	}
	expectStateMatchesServer(t, tf, made, true)

	if _, err := tf.Run("apply", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	all := onServer()
	if len(all) != n {
		t.Fatalf("%d keys on the server after the second apply, want %d", len(all), n)
	}
	expectStateMatchesServer(t, tf, all, false)

	if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	if left := onServer(); len(left) != 0 {
		t.Fatalf("destroy left %d keys on the server: %v", len(left), left)
	}
}

// expectStateMatchesServer fails unless the state holds exactly the keys
// on the server, each with its secret, each name once; with cutOff, the
// state may also hold keys marked for replacement that the server does
// not have (creates cut off before their answer).
func expectStateMatchesServer(t *testing.T, tf *acctest.Terraform, onServer map[string]string, cutOff bool) {
	t.Helper()
	resources, err := tf.State()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	inState := 0
	for _, r := range resources {
		if r.Type != "objectstorage_access_key" {
			continue
		}
		id, _ := r.Attributes["id"].(string)
		name, _ := r.Attributes["name"].(string)
		if secret, _ := r.Attributes["secret_key"].(string); secret == "" {
			t.Errorf("state holds key %s without its secret", id)
		}
		_, ok := onServer[id]
		switch {
		case !ok && cutOff && r.Tainted:
			t.Logf("state keeps key %s (%s), cut off before its answer, for replacement", id, name)
		case !ok:
			t.Errorf("state holds key %s, which is not on the server", id)
		default:
			inState++
		}
		if names[name] {
			t.Errorf("two keys in state are named %s", name)
		}
		names[name] = true
	}
	if inState != len(onServer) {
		t.Fatalf("state holds %d of the server's %d keys: a key on the server is not in state", inState, len(onServer))
	}
}
