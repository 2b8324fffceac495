package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

// No key secret and no backend credential ever appears in what Terraform
// shows or logs, at TF_LOG=TRACE, through create, import, plan, a create
// that fails half-way, the apply that recovers, and destroy: every byte of
// every command's output, the TRACE log (the provider's own log lines
// included) and any crash log.
func TestAccSecretsNeverShown(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	for _, f := range fixtures.All {
		kind, _ := backends.Named(f.Backend)
		t.Run(kind.Title, func(t *testing.T) {
			t.Parallel()
			checkSecretsNeverShown(t, f.Secrets(t, sharedServers))
		})
	}
}

func checkSecretsNeverShown(t *testing.T, story acctest.SecretStory) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	prefix := uniqueName(t, "secret")
	two := story.Key("a", prefix+"-a") + story.Key("b", prefix+"-b")
	tf := acctest.NewTerraform(t, two, append(story.Env, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)...)

	secrets := map[string]bool{}
	collect := func() {
		for _, s := range story.Secrets(t) {
			secrets[s] = true
		}
		resources, err := tf.State()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range resources {
			if s, _ := r.Attributes["secret_key"].(string); s != "" {
				secrets[s] = true
			}
		}
	}
	run := func(wantErr bool, args ...string) {
		t.Helper()
		_, err := tf.Run(args...)
		if (err != nil) != wantErr {
			t.Fatalf("terraform %s: error %v, want an error: %v", strings.Join(args, " "), err, wantErr)
		}
		collect()
	}

	run(false, "apply", "-auto-approve", "-input=false")
	importID, importName := story.OutOfBand(t)
	collect()
	withImported := two + story.Key("imported", importName)
	tf.WriteConfig(t, withImported)
	run(false, "import", "-input=false", "objectstorage_access_key.imported", importID)
	run(false, "plan", "-input=false")
	tf.WriteConfig(t, withImported+story.Key("c", prefix+"-c"))
	story.FailCreate(prefix + "-c")
	// Without a refresh, the create is the first call the fault meets.
	run(true, "apply", "-auto-approve", "-input=false", "-refresh=false")
	run(false, "apply", "-auto-approve", "-input=false")
	run(false, "destroy", "-auto-approve", "-input=false")

	trace, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	crashes, err := tf.CrashLogs()
	if err != nil {
		t.Fatal(err)
	}
	// The log must hold the provider's own lines, or this test proves nothing.
	for _, line := range []string{"created access key", "deleted access key", "ApplyResourceChange", "ImportResourceState"} {
		if !strings.Contains(string(trace), line) {
			t.Fatalf("the TRACE log (%d bytes) lacks %q: it does not capture what it should", len(trace), line)
		}
	}
	if len(secrets) < 5 {
		t.Fatalf("only %d secrets seen; the story makes at least five keys", len(secrets))
	}
	everything := map[string]string{"output": tf.Output(), "TRACE log": string(trace), "crash logs": crashes}
	for where, text := range everything {
		for s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("the %s contains a key's secret", where)
			}
		}
		for _, c := range story.Credentials {
			if strings.Contains(text, c) {
				t.Errorf("the %s contains the backend's credential", where)
			}
		}
	}
	t.Logf("scanned %d bytes of output, %d of TRACE log and %d of crash logs for %d secrets and %d credentials",
		len(everything["output"]), len(trace), len(crashes), len(secrets), len(story.Credentials))
}

func randomHex(t *testing.T, n int) string { return acctest.RandomHex(t, n) }
