package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	dofake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/glesystest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/iamtest"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// secretStory is one backend's part in TestAccSecretsNeverShown.
type secretStory struct {
	env []string // the backend's settings, credentials included, as a user gives them
	// key is a resource block named address with a key named name.
	key func(address, name string) string
	// outOfBand makes a key behind Terraform's back and returns its
	// import id and name.
	outOfBand func(t *testing.T) (id, name string)
	// failCreate makes the next create, of a key named name, fail half-way.
	failCreate func(name string)
	// secrets returns every secret the service holds now.
	secrets func(t *testing.T) []string
	// credentials are the backend's own secrets.
	credentials []string
}

// No key secret and no backend credential ever appears in what Terraform
// shows or logs, at TF_LOG=TRACE, through create, import, plan, a create
// that fails half-way, the apply that recovers, and destroy: every byte of
// every command's output, the TRACE log (the provider's own log lines
// included) and any crash log.
func TestAccSecretsNeverShown(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	for name, start := range map[string]func(t *testing.T) secretStory{
		"MinIO": minioSecretStory, "Linode": linodeSecretStory, "GleSYS": glesysSecretStory, "IAM": iamSecretStory,
		"DigitalOcean": digitaloceanSecretStory,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkSecretsNeverShown(t, start(t))
		})
	}
}

func checkSecretsNeverShown(t *testing.T, story secretStory) {
	logPath := filepath.Join(t.TempDir(), "trace.log")
	prefix := uniqueName(t, "secret")
	two := story.key("a", prefix+"-a") + story.key("b", prefix+"-b")
	tf := acctest.NewTerraform(t, two, append(story.env, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)...)

	secrets := map[string]bool{}
	collect := func() {
		for _, s := range story.secrets(t) {
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
	importID, importName := story.outOfBand(t)
	collect()
	withImported := two + story.key("imported", importName)
	tf.WriteConfig(t, withImported)
	run(false, "import", "-input=false", "objectstorage_access_key.imported", importID)
	run(false, "plan", "-input=false")
	tf.WriteConfig(t, withImported+story.key("c", prefix+"-c"))
	story.failCreate(prefix + "-c")
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
		for _, c := range story.credentials {
			if strings.Contains(text, c) {
				t.Errorf("the %s contains the backend's credential", where)
			}
		}
	}
	t.Logf("scanned %d bytes of output, %d of TRACE log and %d of crash logs for %d secrets and %d credentials",
		len(everything["output"]), len(trace), len(crashes), len(secrets), len(story.credentials))
}

func minioSecretStory(t *testing.T) secretStory {
	proxy := minioProxy(t)
	outOfBandSecret := randomHex(t, 16)
	return secretStory{
		env: []string{"MINIO_ENDPOINT=" + proxy.Endpoint, "MINIO_USER=" + minioServer.User, "MINIO_PASSWORD=" + minioServer.Password},
		key: func(address, name string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" %q {\n  name = %q\n  bucket_access = [{ bucket = \"secrets\", permission = \"read_only\" }]\n}\n", address, name)
		},
		outOfBand: func(t *testing.T) (string, string) {
			accessKey, name := strings.ToUpper(randomHex(t, 10)), uniqueName(t, "oob")
			if _, err := adminAPI(t).AddServiceAccount(context.Background(), adminapi.AddServiceAccount{
				TargetUser: minioServer.User, AccessKey: accessKey, SecretKey: outOfBandSecret, Name: name,
				Policy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:CreateBucket","s3:ListAllMyBuckets"],"Resource":["arn:aws:s3:::*"]}]}`),
			}); err != nil {
				t.Fatal(err)
			}
			return accessKey, name
		},
		// The key is made but the answer is a 500, and looking it up fails
		// too: the key is kept in state, secret included, for replacement.
		failCreate: func(string) {
			proxy.Inject(fakeapi.ErrorAfterWork.Fault("add-service-account"))
			proxy.Inject(everyTry(fakeapi.ServerError.Fault("info-service-account"))...)
		},
		secrets:     func(*testing.T) []string { return []string{outOfBandSecret} },
		credentials: []string{minioServer.Password},
	}
}

func linodeSecretStory(t *testing.T) secretStory {
	s := linodefake.StartValidated(t)
	return secretStory{
		env: []string{"MINIO_ENDPOINT=", "LINODE_URL=" + s.URL, "LINODE_TOKEN=" + s.Token},
		key: func(address, name string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" %q {\n  name = %q\n}\n", address, name)
		},
		outOfBand: func(t *testing.T) (string, string) {
			name := uniqueName(t, "oob")
			return strconv.Itoa(s.AddLimitedKey(name, linodefake.Grant{Bucket: "secrets", Permission: "read_only", Region: "nl-ams"})), name
		},
		// The key is made but its label cannot be set: it is kept in state,
		// secret included, for replacement.
		failCreate:  func(string) { s.Inject(linodefake.Fault{Op: "PUT key", Status: 400}) },
		secrets:     func(*testing.T) []string { return s.Secrets() },
		credentials: []string{s.Token},
	}
}

func digitaloceanSecretStory(t *testing.T) secretStory {
	s := dofake.StartValidated(t)
	return secretStory{
		// The token by its second name, which DigitalOcean's tools read too.
		env: []string{"MINIO_ENDPOINT=", "DIGITALOCEAN_API_URL=" + s.URL, "DIGITALOCEAN_TOKEN=", "DIGITALOCEAN_ACCESS_TOKEN=" + s.Token},
		key: func(address, name string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" %q {\n  name = %q\n}\n", address, name)
		},
		outOfBand: func(t *testing.T) (string, string) {
			name := uniqueName(t, "oob")
			accessKey, _ := s.AddKey(name, dofake.Grant{Bucket: "secrets", Permission: "read"})
			return accessKey, name
		},
		// The key is made but its name cannot be set: it is kept in state,
		// secret included, for replacement.
		failCreate:  func(string) { s.Inject(dofake.Fault{Op: "PUT key", Status: 400}) },
		secrets:     func(*testing.T) []string { return s.Secrets() },
		credentials: []string{s.Token},
	}
}

func glesysSecretStory(t *testing.T) secretStory {
	s := glesystest.Start(t)
	return secretStory{
		env: []string{"MINIO_ENDPOINT=", "GLESYS_API_URL=" + s.URL, "GLESYS_USERID=" + s.Project, "GLESYS_TOKEN=" + s.Token},
		key: func(address, name string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" %q {\n  name = %q\n  instance_id = %q\n}\n", address, name, glesystest.Instance)
		},
		outOfBand: func(t *testing.T) (string, string) {
			name := uniqueName(t, "oob")
			return glesystest.Instance + "/" + s.AddCredentialDescribed(glesystest.Instance, name), name
		},
		// The credential is made but the answer is a 500, and a colleague
		// made one with the same description meanwhile: neither is
		// adopted, and the error lists both.
		failCreate: func(name string) {
			f := fakeapi.ErrorAfterWork.Fault("createcredential")
			f.During = func() { s.AddCredentialDescribed(glesystest.Instance, name) }
			s.Inject(f)
		},
		secrets:     func(*testing.T) []string { return s.Secrets() },
		credentials: []string{s.Token},
	}
}

func iamSecretStory(t *testing.T) secretStory {
	proxy, s := iamtest.Proxy(t, seaweedServer(t))
	// SeaweedFS never shows a secret again: the proxy keeps each one as it
	// passes.
	proxy.KeepAnswers("CreateAccessKey")
	cfg := s.IAMConfig()
	return secretStory{
		env: []string{"MINIO_ENDPOINT=", "AWS_ENDPOINT_URL_IAM=" + cfg.Endpoint, "AWS_ACCESS_KEY_ID=" + s.AccessKey,
			"AWS_SECRET_ACCESS_KEY=" + s.SecretKey, "OBJECTSTORAGE_IAM_SERVICE=seaweedfs"},
		key: func(address, name string) string {
			return fmt.Sprintf("resource \"objectstorage_access_key\" %q {\n  name = %q\n  bucket_access = [{ bucket = \"secrets\", permission = \"read_only\" }]\n}\n", address, name)
		},
		outOfBand: func(t *testing.T) (string, string) {
			name := uniqueName(t, "oob")
			key, err := iam.New(cfg).CreateKey(context.Background(), backend.KeySpec{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			return key.ID, name
		},
		// The access key is made, but the user cannot be given its final
		// name: the create removes what it made and fails.
		failCreate: func(string) { proxy.Inject(fakeapi.Fault{Op: "UpdateUser", Status: http.StatusBadRequest}) },
		secrets: func(*testing.T) []string {
			var secrets []string
			for _, answer := range proxy.Answers("CreateAccessKey") {
				if m := secretAccessKeyXML.FindSubmatch(answer); m != nil {
					secrets = append(secrets, string(m[1]))
				}
			}
			return secrets
		},
		credentials: []string{s.SecretKey},
	}
}

// secretAccessKeyXML finds the secret in a CreateAccessKey answer.
var secretAccessKeyXML = regexp.MustCompile(`<SecretAccessKey>([^<]+)</SecretAccessKey>`)

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
