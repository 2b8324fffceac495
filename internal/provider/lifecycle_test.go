package provider

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/digitaloceantest"
	dofake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/digitalocean/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/glesystest"
	linodefake "github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/fake"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode/linodetest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/miniotest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/memory"
)

// testClock is a provider clock a test moves by hand.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// advance moves the clock forward by d.
func (c *testClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// clockedProviderFactories run the real provider, configured from HCL, on
// the test's clock.
func clockedProviderFactories(clock *testClock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"objectstorage": providerserver.NewProtocol6WithError(&objectStorageProvider{version: "test", now: clock.now}),
	}
}

func lifecycleKeyConfig(name, bucket, attributes string) string {
	return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %q
  bucket_access = [{ bucket = %q, permission = "read_only" }]
  %s
}
`, name, bucket, attributes)
}

// serviceAccount is the MinIO server's own view of a key in state.
func serviceAccount(t *testing.T, s *terraform.State, address string) adminapi.ServiceAccount {
	t.Helper()
	info, err := adminAPI(t).InfoServiceAccount(context.Background(), s.RootModule().Resources[address].Primary.ID)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// enabled = false switches a MinIO key off in place and S3 refuses it;
// true switches it on again with the same secret; a key switched off
// behind Terraform's back shows as drift and is switched on again.
func TestAccAccessKey_enabled(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "enabled")
	makeBuckets(t, bucket)
	const address = "objectstorage_access_key.test"
	name := uniqueName(t, "switch")
	var id string
	statusIs := func(want string) func(*terraform.State) error {
		return func(s *terraform.State) error {
			if got := serviceAccount(t, s, address).AccountStatus; got != want {
				return fmt.Errorf("MinIO reports the key's status as %q, want %q", got, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config: lifecycleKeyConfig(name, bucket, "enabled = false"),
				Check: resource.ComposeTestCheckFunc(
					statusIs("off"), checkKeyRefused(address),
					func(s *terraform.State) error { id = s.RootModule().Resources[address].Primary.ID; return nil },
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
			},
			{
				Config: lifecycleKeyConfig(name, bucket, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					statusIs("on"),
					resource.TestCheckResourceAttrWith(address, "id", func(v string) error {
						if v != id {
							return fmt.Errorf("switching the key on replaced it: id %s, was %s", v, id)
						}
						return nil
					}),
					checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly}),
				),
			},
			{
				// Switched off behind Terraform's back, with its policy
				// resent (MinIO drops a policy an update does not carry).
				PreConfig: func() {
					ctx := context.Background()
					info, err := adminAPI(t).InfoServiceAccount(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if err := adminAPI(t).UpdateServiceAccount(ctx, id, adminapi.UpdateServiceAccount{
						NewStatus: "off", NewPolicy: []byte(info.Policy),
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: lifecycleKeyConfig(name, bucket, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(statusIs("on"), checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly})),
			},
		},
	})
}

// A key asked for switched off that MinIO made but would not switch off
// is kept in state with its secret, marked for replacement; the next apply
// replaces it, and exactly one key of the name is left, switched off.
func TestAccAccessKey_disabledCreateUnfinished(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	const address = "objectstorage_access_key.test"
	proxy := minioProxy(t)
	name := uniqueName(t, "unfinished")
	config := minioProviderAt(proxy.Endpoint) + rotatingKeyConfig(name, "enabled = false")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				// Every try of the switch fails.
				PreConfig:   func() { proxy.Inject(acctest.EveryTry(fakeapi.ServerError.Fault("update-service-account"))...) },
				Config:      config,
				ExpectError: errorPattern(`was made but could not be switched off.*kept in state, marked for replacement`),
			},
			replacesKeptKey(t, config, name, func(s *terraform.State) error {
				if got := serviceAccount(t, s, address).AccountStatus; got != "off" {
					return fmt.Errorf("the replacement's status is %q, want off", got)
				}
				return nil
			}),
		},
	})
}

// A create whose two tries both go unanswered, and that no read explains,
// keeps its key in state with its secret, marked for replacement: MinIO
// may hold it without showing it (a cluster node that wrote it and failed
// before telling the others, a request carried out after the client gave
// up). The next apply keeps it through the refresh that does not find it,
// replaces it, and leaves exactly one key of the name.
func TestAccAccessKey_unclearCreateKept(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	proxy := minioProxy(t)
	name := uniqueName(t, "unclear")
	config := minioProviderAt(proxy.Endpoint) + rotatingKeyConfig(name, "")
	replaced := replacesKeptKey(t, config, name, nil)
	replaced.PreConfig = func() {
		if keys := miniotest.KeysNamed(t, minioServer, name); len(keys) != 0 {
			t.Fatalf("the unanswered tries made keys: %v", keys)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				// Both tries are cut off before MinIO sees them.
				PreConfig: func() {
					reset := fakeapi.ResetBeforeSeen.Fault("add-service-account")
					proxy.Inject(reset, reset)
				},
				Config:      config,
				ExpectError: errorPattern(`no clear answer to 2 create request\(s\).*may still appear.*kept in state, marked for replacement`),
			},
			replaced,
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// replacesKeptKey is the apply after a create that kept its key for
// replacement: the plan replaces objectstorage_access_key.test, and
// exactly one key named name is left on MinIO, the one in state; then
// checks the rest, when given.
func replacesKeptKey(t *testing.T, config, name string, then resource.TestCheckFunc) resource.TestStep {
	const address = "objectstorage_access_key.test"
	return resource.TestStep{
		Config: config,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
		},
		Check: func(s *terraform.State) error {
			id := s.RootModule().Resources[address].Primary.ID
			if keys := miniotest.KeysNamed(t, minioServer, name); len(keys) != 1 || keys[id] == "" {
				return fmt.Errorf("want exactly the key in state, %s, named %s on MinIO: %v", id, name, keys)
			}
			if then != nil {
				return then(s)
			}
			return nil
		},
	}
}

// expires_at sets, changes and removes a MinIO key's expiration in place;
// once the provider's clock passes it, the plan replaces the key.
func TestAccAccessKey_expiresAt(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "expiry")
	makeBuckets(t, bucket)
	const address = "objectstorage_access_key.test"
	name := uniqueName(t, "expiring")
	clock := &testClock{}
	start := time.Now().UTC().Truncate(time.Second)
	at := func(d time.Duration) string { return start.Add(d).Format(time.RFC3339) }
	expiresAt := func(d time.Duration) string { return fmt.Sprintf("expires_at = %q", at(d)) }
	expirationIs := func(want string) func(*terraform.State) error {
		return func(s *terraform.State) error {
			got := "never"
			if e := serviceAccount(t, s, address).Expiration; e != nil {
				got = e.UTC().Format(time.RFC3339)
			}
			if got != want {
				return fmt.Errorf("MinIO reports the key's expiration as %s, want %s", got, want)
			}
			return nil
		}
	}
	var id string
	inPlace := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: clockedProviderFactories(clock),
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config: lifecycleKeyConfig(name, bucket, expiresAt(2*time.Hour)),
				Check: resource.ComposeTestCheckFunc(
					expirationIs(at(2*time.Hour)), checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly}),
					func(s *terraform.State) error { id = s.RootModule().Resources[address].Primary.ID; return nil },
				),
			},
			{
				Config:           lifecycleKeyConfig(name, bucket, expiresAt(3*time.Hour)),
				ConfigPlanChecks: inPlace,
				Check:            expirationIs(at(3 * time.Hour)),
			},
			{
				Config:           lifecycleKeyConfig(name, bucket, ""),
				ConfigPlanChecks: inPlace,
				Check:            expirationIs("never"),
			},
			{
				Config:           lifecycleKeyConfig(name, bucket, expiresAt(time.Hour)),
				ConfigPlanChecks: inPlace,
				Check:            expirationIs(at(time.Hour)),
			},
			{
				// Two hours later by the provider's clock the key has
				// expired: a new time replaces it.
				PreConfig: func() { clock.advance(2 * time.Hour) },
				Config:    lifecycleKeyConfig(name, bucket, expiresAt(6*time.Hour)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					expirationIs(at(6*time.Hour)),
					resource.TestCheckResourceAttrWith(address, "id", func(v string) error {
						if v == id {
							return fmt.Errorf("the expired key %s was kept", id)
						}
						return nil
					}),
				),
			},
			{
				// The same past time is refused: the new key would be born
				// expired.
				Config:      lifecycleKeyConfig(name, bucket, expiresAt(time.Hour)),
				ExpectError: errorPattern(`Invalid Expires At.*expires_at is [0-9]+ minutes in the past: set a time in the future`),
			},
		},
	})
}

func rotatingKeyConfig(name, attributes string) string {
	return fmt.Sprintf(`
resource "objectstorage_access_key" "test" {
  name          = %q
  bucket_access = []
  %s
}
`, name, attributes)
}

// rotation_days replaces a key once it is due by the provider's clock, and
// not before; rotation_triggers replaces it at any change; a change of
// rotation_days alone moves rotate_at in place.
func TestAccAccessKey_rotation(t *testing.T) {
	t.Parallel()
	const address = "objectstorage_access_key.test"
	clock := &testClock{}
	var id string
	rememberID := func(s *terraform.State) error { id = s.RootModule().Resources[address].Primary.ID; return nil }
	replaced := func(s *terraform.State) error {
		if now := s.RootModule().Resources[address].Primary.ID; now == id {
			return fmt.Errorf("key %s was kept", id)
		}
		return rememberID(s)
	}
	rotateAtIs := func(days int) func(*terraform.State) error {
		return func(s *terraform.State) error {
			attrs := s.RootModule().Resources[address].Primary.Attributes
			created, err := time.Parse(time.RFC3339, attrs["created_at"])
			if err != nil {
				return fmt.Errorf("created_at %q: %w", attrs["created_at"], err)
			}
			if d := clock.now().Sub(created); d < 0 || d > time.Minute {
				return fmt.Errorf("created_at %s is not the provider's clock at create (%s)", created, clock.now())
			}
			if want := created.Add(time.Duration(days) * day).Format(time.RFC3339); attrs["rotate_at"] != want {
				return fmt.Errorf("rotate_at %q, want %q", attrs["rotate_at"], want)
			}
			return nil
		}
	}
	replace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: memoryProviderFactoriesAt(memory.New(minio.Kind.Capabilities), clock),
		Steps: []resource.TestStep{
			{
				Config: rotatingKeyConfig("rotating", "rotation_days = 30"),
				Check:  resource.ComposeTestCheckFunc(rememberID, rotateAtIs(30)),
			},
			{
				PreConfig: func() { clock.advance(29 * day) },
				Config:    rotatingKeyConfig("rotating", "rotation_days = 30"),
				PlanOnly:  true,
			},
			{
				PreConfig:        func() { clock.advance(2 * day) },
				Config:           rotatingKeyConfig("rotating", "rotation_days = 30"),
				ConfigPlanChecks: replace,
				Check:            resource.ComposeTestCheckFunc(replaced, rotateAtIs(30)),
			},
			{
				Config: rotatingKeyConfig("rotating", "rotation_days = 90"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(rotateAtIs(90), resource.TestCheckResourceAttrPtr(address, "id", &id)),
			},
			{
				Config:           rotatingKeyConfig("rotating", "rotation_days = 90\n  rotation_triggers = { release = \"v1\" }"),
				ConfigPlanChecks: replace,
				Check:            replaced,
			},
			{
				Config:           rotatingKeyConfig("rotating", "rotation_days = 90\n  rotation_triggers = { release = \"v2\" }"),
				ConfigPlanChecks: replace,
				Check:            replaced,
			},
			{
				Config: rotatingKeyConfig("rotating", "rotation_triggers = { release = \"v2\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: resource.TestCheckNoResourceAttr(address, "rotate_at"),
			},
		},
	})
}

// With create_before_destroy, a rotation makes the new MinIO key before it
// revokes the old one: MinIO answered the create before the delete
// reached it, so a valid key existed at every moment of the apply.
// Afterwards the new secret works and the old one is refused.
func TestAccAccessKey_rotationCreateBeforeDestroy(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "rotation")
	makeBuckets(t, bucket)
	const address = "objectstorage_access_key.test"
	proxy := minioProxy(t)
	config := minioProviderAt(proxy.Endpoint) +
		lifecycleKeyConfig(uniqueName(t, "rotated"), bucket, "rotation_days = 1\n  lifecycle {\n    create_before_destroy = true\n  }")
	clock := &testClock{}
	var old struct{ accessKey, secret string }
	var rotationStart time.Time
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: clockedProviderFactories(clock),
		CheckDestroy:             checkKeysRevoked,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					attrs := s.RootModule().Resources[address].Primary.Attributes
					old.accessKey, old.secret = attrs["access_key"], attrs["secret_key"]
					return nil
				},
			},
			{
				PreConfig: func() {
					clock.advance(2 * day)
					rotationStart = time.Now()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreateBeforeDestroy)},
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error { return createAnsweredBeforeDelete(proxy.Calls(), rotationStart) },
					checkAccess(address, map[string]acctest.Access{bucket: acctest.ReadOnly}),
					func(*terraform.State) error {
						s3, err := acctest.NewS3(minioServer.Endpoint, old.accessKey, old.secret)
						if err != nil {
							return err
						}
						if _, err := s3.ListBuckets(context.Background()); !acctest.IsUnknownKey(err) {
							return fmt.Errorf("the old key %s still works after the rotation (err %v)", old.accessKey, err)
						}
						return nil
					},
				),
			},
		},
	})
}

// createAnsweredBeforeDelete checks, in the admin calls since start, that
// there was one create and one delete, and that MinIO answered the create
// before the delete arrived.
func createAnsweredBeforeDelete(calls []acctest.Call, since time.Time) error {
	var creates, deletes []acctest.Call
	for _, c := range calls {
		switch {
		case c.Start.Before(since):
		case c.Op == "add-service-account":
			creates = append(creates, c)
		case c.Op == "delete-service-account":
			deletes = append(deletes, c)
		}
	}
	if len(creates) != 1 || len(deletes) != 1 {
		return fmt.Errorf("the rotation made %d creates and %d deletes, want 1 and 1", len(creates), len(deletes))
	}
	if !creates[0].End.Before(deletes[0].Start) {
		return fmt.Errorf("the delete reached MinIO at %s, before the create was answered at %s",
			deletes[0].Start.Format(time.StampMicro), creates[0].End.Format(time.StampMicro))
	}
	return nil
}

// A MinIO key made with a secret the configuration brings through an
// ephemeral variable: the secret is in neither the plan file nor the state
// file, secret_key stays null, S3 takes the secret, and a new version gives
// the key a new secret in place (the old one is then refused).
func TestAccAccessKey_writeOnlySecret(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	bucket := uniqueName(t, "wo")
	makeBuckets(t, bucket)
	name := uniqueName(t, "brought")
	tf := acctest.NewTerraform(t, fmt.Sprintf(`
variable "secret" {
  type      = string
  ephemeral = true
}

variable "secret_version" {
  type = number
}

resource "objectstorage_access_key" "test" {
  name                  = %q
  bucket_access         = [{ bucket = %q, permission = "read_only" }]
  secret_key_wo         = var.secret
  secret_key_wo_version = var.secret_version
}
`, name, bucket))
	first, second := "wo-first-"+randomHex(t, 10), "wo-second-"+randomHex(t, 10)
	// Through the environment, so that no command line, and no error
	// message quoting one, shows a secret.
	use := func(secret string, version int) {
		tf.Setenv("TF_VAR_secret", secret)
		tf.Setenv("TF_VAR_secret_version", fmt.Sprint(version))
	}
	use(first, 1)
	defer func() {
		if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
			t.Error(err)
		}
	}()

	// planAndApply applies config through a saved plan and returns the
	// plan's JSON and the one key's attributes in the state file, after
	// checking that neither holds a secret of the test's.
	planAndApply := func(wantAction string) map[string]any {
		t.Helper()
		changes, planJSON := savedPlan(t, tf, 1)
		if got := strings.Join(changes[0].Change.Actions, ","); got != wantAction {
			t.Fatalf("the plan %ss the key, want %s", got, wantAction)
		}
		// An ephemeral variable is not in the plan: apply reads it again.
		if _, err := tf.Run("apply", "-input=false", "tfplan"); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{"the plan's JSON": planJSON}
		state, err := os.ReadFile(filepath.Join(tf.Dir, "terraform.tfstate"))
		if err != nil {
			t.Fatal(err)
		}
		files["the state file"] = string(state)
		// The plan file is a zip archive: every file in it, uncompressed.
		zr, err := zip.OpenReader(filepath.Join(tf.Dir, "tfplan"))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			files["the plan file's "+f.Name] = string(b)
		}
		for what, content := range files {
			for _, secret := range []string{first, second} {
				if strings.Contains(content, secret) {
					t.Fatalf("%s holds a secret the configuration brought", what)
				}
			}
		}
		resources, err := tf.State()
		if err != nil || len(resources) != 1 {
			t.Fatalf("state: %v, %d resources", err, len(resources))
		}
		if resources[0].Attributes["secret_key"] != nil {
			t.Fatalf("secret_key is set in state; want null when the configuration brings the secret")
		}
		return resources[0].Attributes
	}
	works := func(accessKey, secret string) error {
		s3, err := acctest.NewS3(minioServer.Endpoint, accessKey, secret)
		if err != nil {
			return err
		}
		got, err := s3.Probe(context.Background(), bucket)
		if err == nil && got != acctest.ReadOnly {
			err = fmt.Errorf("the key reads %s on %s, want %s", got, bucket, acctest.ReadOnly)
		}
		return err
	}

	attrs := planAndApply("create")
	accessKey, _ := attrs["access_key"].(string)
	if err := works(accessKey, first); err != nil {
		t.Fatalf("S3 with the brought secret: %v", err)
	}

	use(second, 2)
	if attrs := planAndApply("update"); attrs["access_key"] != accessKey {
		t.Fatalf("a new secret replaced the key: access key %v, was %s", attrs["access_key"], accessKey)
	}
	if err := works(accessKey, second); err != nil {
		t.Fatalf("S3 with the new secret: %v", err)
	}
	s3, err := acctest.NewS3(minioServer.Endpoint, accessKey, first)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s3.ListBuckets(context.Background()); err == nil {
		t.Fatal("the old secret still works after the new version")
	}

	// Nothing changes without a new version, even with another secret.
	use("wo-third-"+randomHex(t, 10), 2)
	if out, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("a new secret without a new version planned a change: %v\n%s", err, out)
	}
}

// expiryWait is how far ahead the expiry test sets expires_at: MinIO takes
// no expiry sooner than 15 minutes ahead of its clock when the create
// arrives, so this test waits that long and a minute more.
const expiryWait = 16 * time.Minute

// MinIO itself refuses a key once its expires_at has passed. The expired
// key blocks nothing: a plan of the unchanged configuration, with another
// resource added, plans that resource and leaves the key as it is, with a
// warning that names the key and when it expired; a new expires_at then
// replaces it with a key that works. A run killed with SIGKILL while it
// holds an ephemeral key leaves that key behind, working, until its ttl
// ends it the same way. A slow proof: make test-slow runs it.
func TestAccAccessKey_expiryEndsTheKey(t *testing.T) {
	testAccPreCheck(t)
	slowTest(t, expiryWait)
	if strings.Contains(os.Getenv("TF_ACC_TERRAFORM_PATH"), "tofu") {
		t.Skip("MinIO's clock ends the key, whichever CLI set it: the 16-minute wait runs once, under terraform")
	}
	t.Parallel()
	bucket := uniqueName(t, "expires")
	makeBuckets(t, bucket)
	const address = "objectstorage_access_key.test"
	name := uniqueName(t, "ending")
	leftover := killedRunLeftover(t, name+"-job")
	// The expiry is counted from now, after the killed run, not from the
	// test's start: that run takes a minute or more on a cold server, and
	// MinIO refuses an expiry less than 15 minutes ahead.
	start := time.Now().UTC().Truncate(time.Second)
	expires := start.Add(expiryWait)

	config := lifecycleKeyConfig(name, bucket, fmt.Sprintf("expires_at = %q", expires.Format(time.RFC3339)))
	tf := acctest.NewTerraform(t, config)
	defer func() {
		if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
			t.Error(err)
		}
	}()
	if _, err := tf.Run("apply", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	first := keyNamed(t, tf, name)
	checkKeyAccess(t, first, map[string]acctest.Access{bucket: acctest.ReadOnly})

	// At a known instant, not by hope: two seconds after both expiries,
	// MinIO must refuse both keys.
	end := expires
	if leftover.expires.After(end) {
		end = leftover.expires
	}
	time.Sleep(time.Until(end.Add(2 * time.Second)))
	for what, key := range map[string][2]string{
		"the resource's key": {first.accessKey, first.secret}, "the killed run's ephemeral key": {leftover.accessKey, leftover.secret},
	} {
		s3, err := acctest.NewS3(minioServer.Endpoint, key[0], key[1])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s3.ListBuckets(context.Background()); !acctest.IsUnknownKey(err) {
			t.Errorf("two seconds after its expiry %s still works (err %v)", what, err)
		}
	}

	// The workspace goes on: another key is planned, the expired one is
	// left as it is, and the warning says what happened and what to do.
	other := fmt.Sprintf("\nresource \"objectstorage_access_key\" \"other\" {\n  name = %q\n}\n", uniqueName(t, "beside"))
	tf.WriteConfig(t, config+other)
	changes, _ := savedPlan(t, tf, 2)
	actions := map[string]string{}
	for _, c := range changes {
		actions[c.Address] = strings.Join(c.Change.Actions, ",")
	}
	if actions[address] != "no-op" || actions["objectstorage_access_key.other"] != "create" {
		t.Fatalf("the plan after the expiry: %v, want the expired key no-op and the other created", actions)
	}
	flat := oneLine(tf.Output())
	for _, want := range []string{"Access Key Expired", fmt.Sprintf("Key %q expired at %s", first.id, expires.Format(time.RFC3339)),
		"set expires_at to a time in the future"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the plan's output lacks %q", want)
		}
	}
	t.Logf("the plan after the expiry (removed by MinIO by then: %v) warned:\n%s",
		strings.Contains(flat, "Expired Access Key Removed by the Service"), strings.Join(warningsIn(tf.Output()), "\n"))
	if _, err := tf.Run("apply", "-input=false", "tfplan"); err != nil {
		t.Fatal(err)
	}

	// A new expires_at replaces the key with one that works.
	tf.WriteConfig(t, lifecycleKeyConfig(name, bucket, fmt.Sprintf("expires_at = %q", start.Add(2*time.Hour).Format(time.RFC3339)))+other)
	changes, _ = savedPlan(t, tf, 2)
	for _, c := range changes {
		if c.Address == address && !slices.Contains(c.Change.Actions, "create") {
			t.Fatalf("a new expires_at on the expired key plans %v, want a replacement", c.Change.Actions)
		}
	}
	applySavedPlan(t, tf)
	second := keyNamed(t, tf, name)
	if second.accessKey == first.accessKey {
		t.Fatalf("the expired key %s was kept", first.accessKey)
	}
	checkKeyAccess(t, second, map[string]acctest.Access{bucket: acctest.ReadOnly})
}

// warningsIn returns each warning box in a CLI output, without the
// provider development overrides' own, as one line of words.
func warningsIn(output string) []string {
	var out []string
	for _, box := range strings.Split(ansiColor.ReplaceAllString(output, ""), "Warning: ")[1:] {
		box, _, _ = strings.Cut(box, "╵")
		if words := oneLine(box); !strings.HasPrefix(words, "Provider development overrides") {
			out = append(out, "Warning: "+words)
		}
	}
	return out
}

// stateKey is a key as a runner's state holds it.
type stateKey struct{ id, accessKey, secret string }

// keyNamed is the key with that name in the runner's state.
func keyNamed(t *testing.T, tf *acctest.Terraform, name string) stateKey {
	t.Helper()
	resources, err := tf.State()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range resources {
		if r.Type == "objectstorage_access_key" && r.Attributes["name"] == name {
			attrs := r.Attributes
			id, _ := attrs["id"].(string)
			accessKey, _ := attrs["access_key"].(string)
			secret, _ := attrs["secret_key"].(string)
			return stateKey{id, accessKey, secret}
		}
	}
	t.Fatalf("no key named %s in state", name)
	return stateKey{}
}

// checkKeyAccess proves with S3 what a key may do on each bucket.
func checkKeyAccess(t *testing.T, key stateKey, want map[string]acctest.Access) {
	t.Helper()
	s3, err := minioServer.S3(key.accessKey, key.secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := probeAll(s3, "key "+key.id, want); err != nil {
		t.Error(err)
	}
}

// leftoverKey is the ephemeral key a killed run left behind.
type leftoverKey struct {
	accessKey, secret string
	expires           time.Time
}

// killedRunLeftover runs an apply that opens an ephemeral key named name
// with a ttl of expiryWait, hands it to a provisioner that writes it to a
// file, and kills the run with SIGKILL there. The key is left on MinIO and
// works; its expiry is MinIO's own.
func killedRunLeftover(t *testing.T, name string) leftoverKey {
	t.Helper()
	tf := acctest.NewTerraform(t, fmt.Sprintf(`
ephemeral "objectstorage_access_key" "job" {
  name = %q
  ttl  = %q
}

resource "terraform_data" "hold" {
  provisioner "local-exec" {
    command = "printf '%%s %%s' \"$AK\" \"$SK\" > key.part && mv key.part key.txt && sleep 20"
    environment = {
      AK = ephemeral.objectstorage_access_key.job.access_key
      SK = ephemeral.objectstorage_access_key.job.secret_key
    }
  }
}
`, name, expiryWait.String()))
	keyFile := filepath.Join(tf.Dir, "key.txt")
	_, killed, _ := tf.Kill(func(string) bool { _, err := os.Stat(keyFile); return err == nil }, "apply", "-auto-approve", "-input=false")
	if !killed {
		t.Fatal("the run ended before its provisioner held the ephemeral key")
	}
	raw, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	var k leftoverKey
	if _, err := fmt.Sscan(string(raw), &k.accessKey, &k.secret); err != nil {
		t.Fatalf("the provisioner wrote no key: %v", err)
	}
	info, err := adminAPI(t).InfoServiceAccount(context.Background(), k.accessKey)
	if err != nil || info.Expiration == nil {
		t.Fatalf("the killed run's key is not on MinIO with an expiry: %v", err)
	}
	k.expires = *info.Expiration
	s3, err := acctest.NewS3(minioServer.Endpoint, k.accessKey, k.secret)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s3.ListBuckets(context.Background()); err != nil {
		t.Fatalf("the key the killed run left behind does not work before its ttl: %v", err)
	}
	return k
}

// The ephemeral resource makes a key for one run: a second provider
// configured with it reaches MinIO during the run (the proxy in front of
// it sees admin calls signed by the key), and when the run ends the key is
// gone from MinIO and from state.
func TestAccEphemeralAccessKey(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	proxy := minioProxy(t)
	name := uniqueName(t, "ci")
	config := fmt.Sprintf(`
ephemeral "objectstorage_access_key" "ci" {
  name = %[1]q
  ttl  = "20m"
}

provider "objectstorage" {
  alias = "as_ci"
  minio {
    endpoint = %[2]q
    user     = ephemeral.objectstorage_access_key.ci.access_key
    password = ephemeral.objectstorage_access_key.ci.secret_key
  }
}

data "objectstorage_access_keys" "seen_by_ci" {
  provider = objectstorage.as_ci
}
`, name, proxy.Endpoint)
	plan := &acctest.CapturedPlan{}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plan}},
			Check: func(s *terraform.State) error {
				used := map[string]bool{}
				for _, c := range proxy.Calls() {
					if c.AccessKey != "" && c.Op != "s3" {
						used[c.AccessKey] = true
					}
				}
				if len(used) == 0 || used[minioServer.User] {
					return fmt.Errorf("the second provider signed its admin calls with %v, want ephemeral keys only", used)
				}
				list, err := adminAPI(t).ListServiceAccounts(context.Background(), minioServer.User)
				if err != nil {
					return err
				}
				for _, a := range list {
					if a.Name == name || used[a.AccessKey] {
						return fmt.Errorf("ephemeral key %s (%s) is still on MinIO after the run", a.AccessKey, a.Name)
					}
				}
				for address, rs := range s.RootModule().Resources {
					for attribute, value := range rs.Primary.Attributes {
						if used[value] {
							return fmt.Errorf("state holds the ephemeral key in %s.%s", address, attribute)
						}
					}
				}
				for accessKey := range used {
					if strings.Contains(plan.JSON, accessKey) {
						return fmt.Errorf("the plan holds ephemeral key %s", accessKey)
					}
				}
				return nil
			},
		}},
	})
}

// An ephemeral key whose create had no clear answer, and which MinIO made,
// is removed before the failed run ends: nothing would ever close it.
// The first try's answer is lost after MinIO made the key, and the read
// that would settle it hangs past the search's bound, so the create cannot
// tell what it made.
func TestAccEphemeralAccessKey_unclearCreateRemoved(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	proxy := minioProxy(t)
	name := uniqueName(t, "unclear-ci")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				proxy.Inject(fakeapi.DropAfterWork.Fault("add-service-account"))
				proxy.Inject(fakeapi.Hang.Fault("info-service-account"))
			},
			Config: minioProviderAt(proxy.Endpoint) + fmt.Sprintf(`
ephemeral "objectstorage_access_key" "ci" {
  name = %q
  ttl  = "20m"
}
`, name),
			ExpectError: errorPattern(`Open Ephemeral Access Key Error.*which it made or may have made, was removed`),
		}},
	})
	if keys := miniotest.KeysNamed(t, minioServer, name); len(keys) != 0 {
		t.Fatalf("the key the failed open made is still on MinIO: %v", keys)
	}
}

// Where keys cannot expire, the ephemeral key is still made for the run
// and revoked at its end: a provisioner gets it, and afterwards the
// service holds no key of its name, and a make for every revoke.
func TestAccEphemeralAccessKey_withoutExpiry(t *testing.T) {
	t.Parallel()
	linode := linodefake.StartValidated(t)
	glesys := glesystest.Start(t)
	digitalocean := dofake.StartValidated(t)
	for _, tc := range []struct {
		name, provider, attributes string
		left                       func() int
		made, revoked              func() int
	}{
		{
			name: "Linode", provider: linodetest.Provider(linode), attributes: `bucket_access = [{ bucket = "ci-cache", permission = "read_only", region = "nl-ams" }]`,
			left:    func() int { return len(linode.Labels()) },
			made:    func() int { return linode.Requests()["POST keys"] },
			revoked: func() int { return linode.Requests()["DELETE key"] },
		},
		{
			name: "DigitalOcean", provider: digitaloceantest.Provider(digitalocean), attributes: `bucket_access = [{ bucket = "ci-cache", permission = "read_only" }]`,
			left:    func() int { return len(digitalocean.Names()) },
			made:    func() int { return digitalocean.Requests()["POST keys"] },
			revoked: func() int { return digitalocean.Requests()["DELETE key"] },
		},
		{
			name: "GleSYS", provider: glesystest.Provider(glesys), attributes: fmt.Sprintf("instance_id = %q", glesystest.Instance),
			left:    func() int { return len(glesys.Credentials(glesystest.Instance)) },
			made:    func() int { return glesys.Requests()["createcredential"] },
			revoked: func() int { return glesys.Requests()["deletecredential"] },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: tc.provider + fmt.Sprintf(`
ephemeral "objectstorage_access_key" "job" {
  name = "ci-job-key"
  %s
}

resource "terraform_data" "job" {
  provisioner "local-exec" {
    command     = "test -n \"$AK\" && test -n \"$SK\""
    environment = {
      AK = ephemeral.objectstorage_access_key.job.access_key
      SK = ephemeral.objectstorage_access_key.job.secret_key
    }
  }
}
`, tc.attributes),
					Check: func(*terraform.State) error {
						if n := tc.left(); n != 0 {
							return fmt.Errorf("%d keys left on %s after the run", n, tc.name)
						}
						if made, revoked := tc.made(), tc.revoked(); made == 0 || made != revoked {
							return fmt.Errorf("the run made %d keys and revoked %d on %s", made, revoked, tc.name)
						}
						return nil
					},
				}},
			})
		})
	}
}
