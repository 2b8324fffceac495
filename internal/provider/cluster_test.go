package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// clusterBucket is the bucket every key of the cluster test may read.
const clusterBucket = "cluster"

// A distributed MinIO behind a load balancer, as production runs it: four
// nodes in one erasure set behind a round-robin proxy. 200 keys applied
// through the proxy work through every node at once; a node lost in the
// middle of an apply of 100 more leaves nothing to repair by hand once it
// is back (the next apply converges: no orphan, no duplicate, no lost
// secret, an empty plan after); a plan with a node down works. make
// test-cluster runs it (TF_ACC_CLUSTER=1).
func TestAccMinIOCluster(t *testing.T) {
	testAccPreCheck(t)
	if os.Getenv("TF_ACC_CLUSTER") == "" {
		t.Skip("the four-node cluster runs with TF_ACC_CLUSTER=1: make test-cluster")
	}
	ctx := context.Background()
	started := time.Now()
	c, err := acctest.StartMinIOCluster(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	t.Logf("four nodes up in %s, proxy at %s", time.Since(started).Round(time.Millisecond), c.Endpoint)
	root, err := c.S3(0, c.User, c.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := root.MakeBucket(ctx, clusterBucket, acctest.ProbeObject, acctest.ProbeContent(clusterBucket)); err != nil {
		t.Fatal(err)
	}

	tf := acctest.NewTerraform(t, clusterConfig(c, 200))
	apply := func() (string, error) { return tf.Run("apply", "-auto-approve", "-input=false") }
	if _, err := apply(); err != nil {
		t.Fatalf("apply of 200 keys through the proxy: %v", err)
	}
	keys := clusterKeys(t, tf, 200)
	if failed := readThroughEveryNode(ctx, c, keys); failed != 0 {
		t.Fatalf("%d of %d reads (200 keys, through each of 4 nodes at once) failed", failed, 4*len(keys))
	}
	t.Logf("200 keys applied; %d reads, every key through every node at once, all worked", 4*len(keys))

	// 100 more, with node 3 killed once 30 of them are asked for.
	tf.WriteConfig(t, clusterConfig(c, 300))
	before := c.Proxy.Creates()
	result := make(chan error, 1)
	go func() {
		_, err := apply()
		result <- err
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for c.Proxy.Creates() < before+30 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.StopNode(3); err != nil {
		t.Fatal(err)
	}
	applyErr := <-result
	if applyErr != nil {
		if out := applyErr.Error(); strings.Contains(out, "panic") || !strings.Contains(out, "Error") {
			t.Fatalf("the apply with a node lost failed without a clear error: %v", applyErr)
		}
		t.Logf("the apply that lost node 3 failed with: %s", firstError(applyErr.Error()))
	} else {
		t.Log("the apply that lost node 3 finished")
	}
	if err := c.StartNode(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := apply(); err != nil {
		t.Fatalf("the apply after node 3 came back: %v", err)
	}
	keys = clusterKeys(t, tf, 300)
	orphans, missing := compareWithServer(t, c, keys)
	if orphans != 0 || missing != 0 {
		t.Fatalf("after the node came back: %d keys on the server that state lacks, %d in state that the server lacks", orphans, missing)
	}
	if failed := readThroughEveryNode(ctx, c, keys); failed != 0 {
		t.Fatalf("%d of %d reads failed after the node came back", failed, 4*len(keys))
	}
	if _, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after convergence is not empty: %v", err)
	}
	t.Logf("converged: 300 keys, 0 orphans, 0 duplicates, 0 lost secrets, empty plan; %d creates sent in all", c.Proxy.Creates())

	if err := c.StopNode(1); err != nil {
		t.Fatal(err)
	}
	if _, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("a plan with node 1 down: %v", err)
	}
	if err := c.StartNode(ctx, 1); err != nil {
		t.Fatal(err)
	}
	t.Logf("a plan with node 1 down was empty; the whole run took %s", time.Since(started).Round(time.Second))
}

// clusterConfig is n keys that may read clusterBucket, on c's proxy.
func clusterConfig(c *acctest.MinIOCluster, n int) string {
	return fmt.Sprintf(`
provider "objectstorage" {
  minio {
    endpoint = %q
    user     = %q
    password = %q
  }
}

resource "objectstorage_access_key" "k" {
  count         = %d
  name          = "cluster-${count.index}"
  bucket_access = [{ bucket = %q, permission = "read_only" }]
}
`, c.Endpoint, c.User, c.Password, n, clusterBucket)
}

// clusterKey is a key in state: its access key and secret.
type clusterKey struct{ accessKey, secret, name string }

// clusterKeys reads the keys from state and checks that there are want,
// each with a secret and a name of its own.
func clusterKeys(t *testing.T, tf *acctest.Terraform, want int) []clusterKey {
	t.Helper()
	resources, err := tf.State()
	if err != nil {
		t.Fatal(err)
	}
	var keys []clusterKey
	names := map[string]bool{}
	for _, r := range resources {
		k := clusterKey{fmt.Sprint(r.Attributes["access_key"]), fmt.Sprint(r.Attributes["secret_key"]), fmt.Sprint(r.Attributes["name"])}
		if k.secret == "" || k.secret == "<nil>" {
			t.Fatalf("key %s lost its secret", k.accessKey)
		}
		if names[k.name] {
			t.Fatalf("two keys in state are named %s", k.name)
		}
		names[k.name] = true
		keys = append(keys, k)
	}
	if len(keys) != want {
		t.Fatalf("state holds %d keys, want %d", len(keys), want)
	}
	return keys
}

// readThroughEveryNode reads the probe object with every key through every
// node, all at once (32 at a time), each retried for up to 10 s while a
// node catches up with IAM changes; it returns how many never worked.
func readThroughEveryNode(ctx context.Context, c *acctest.MinIOCluster, keys []clusterKey) int {
	var failed atomic.Int64
	group := new(errgroup.Group)
	group.SetLimit(32)
	for node := range c.Nodes() {
		for _, k := range keys {
			group.Go(func() error {
				s3, err := c.S3(node, k.accessKey, k.secret)
				if err != nil {
					return err
				}
				deadline := time.Now().Add(10 * time.Second)
				for {
					content, err := s3.Read(ctx, clusterBucket, acctest.ProbeObject)
					if err == nil && content == acctest.ProbeContent(clusterBucket) {
						return nil
					}
					if time.Now().After(deadline) {
						failed.Add(1)
						return nil
					}
					time.Sleep(200 * time.Millisecond)
				}
			})
		}
	}
	if err := group.Wait(); err != nil {
		return len(keys) * c.Nodes()
	}
	return int(failed.Load())
}

// compareWithServer counts the root user's service accounts the state
// lacks (orphans) and the state's keys the server lacks.
func compareWithServer(t *testing.T, c *acctest.MinIOCluster, keys []clusterKey) (orphans, missing int) {
	t.Helper()
	admin, err := c.Admin()
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := admin.ListServiceAccounts(context.Background(), c.User)
	if err != nil {
		t.Fatal(err)
	}
	inState := map[string]bool{}
	for _, k := range keys {
		inState[k.accessKey] = true
	}
	onServer := map[string]bool{}
	for _, a := range accounts {
		onServer[a.AccessKey] = true
		if !inState[a.AccessKey] {
			orphans++
		}
	}
	for _, k := range keys {
		if !onServer[k.accessKey] {
			missing++
		}
	}
	return orphans, missing
}

// firstError is the first "Error:" line of terraform's output.
func firstError(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Error:") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}
