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
// through the proxy work through every node at once. A node lost in the
// middle of an apply of 100 more leaves nothing to repair by hand: the
// next apply, with the node still down, converges (every live node lists
// exactly the state's keys: no orphan, none missing, no duplicate, no lost
// secret; every key works through every live node; the plan after it is
// empty). make test-cluster runs it (TF_ACC_CLUSTER=1).
//
// The node that comes back is then measured, not judged: it may not know
// some of the accounts made while it was down until its IAM refresh, many
// minutes on (reliability.md, "MinIO clusters").
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
	all := []int{0, 1, 2, 3}

	tf := acctest.NewTerraform(t, clusterConfig(c, 200))
	apply := func() (string, error) { return tf.Run("apply", "-auto-approve", "-input=false") }
	if _, err := apply(); err != nil {
		t.Fatalf("apply of 200 keys through the proxy: %v", err)
	}
	keys := clusterKeys(t, tf, 200)
	if failed := readThroughNodes(ctx, c, all, keys); failed != 0 {
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

	// The next apply, node 3 still down, converges.
	if _, err := apply(); err != nil {
		t.Fatalf("the apply after node 3 was lost: %v", err)
	}
	keys = clusterKeys(t, tf, 300)
	live := []int{0, 1, 2}
	if err := nodesMatchState(ctx, c, live, keys); err != nil {
		diagnoseOrphans(t, c, live, keys)
		t.Fatalf("after the apply that converged: %v", err)
	}
	if failed := readThroughNodes(ctx, c, live, keys); failed != 0 {
		t.Fatalf("%d of %d reads through the live nodes failed", failed, len(live)*len(keys))
	}
	if _, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after convergence, node 3 down, is not empty: %v", err)
	}
	t.Logf("converged with node 3 down: 300 keys, each of nodes 0-2 lists exactly them, %d reads worked, empty plan; %d creates sent in all",
		len(live)*len(keys), c.Proxy.Creates())

	restarted := time.Now()
	if err := c.StartNode(ctx, 3); err != nil {
		t.Fatal(err)
	}
	unknown, extra, err := nodeAgainstState(ctx, c, 3, keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("node 3 back in %s; it does not know %d of the state's keys and knows %d that state lacks (MinIO's own catching up); the whole run took %s",
		time.Since(restarted).Round(time.Millisecond), unknown, len(extra), time.Since(started).Round(time.Second))
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

// readThroughNodes reads the probe object with every key through each of
// nodes, all at once (32 at a time), each retried for up to 10 s while a
// node catches up with IAM changes; it returns how many never worked.
func readThroughNodes(ctx context.Context, c *acctest.MinIOCluster, nodes []int, keys []clusterKey) int {
	var failed atomic.Int64
	group := new(errgroup.Group)
	group.SetLimit(32)
	for _, node := range nodes {
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
		return len(keys) * len(nodes)
	}
	return int(failed.Load())
}

// nodesMatchState checks that each of nodes lists the root user's service
// accounts as exactly the state's keys.
func nodesMatchState(ctx context.Context, c *acctest.MinIOCluster, nodes []int, keys []clusterKey) error {
	for _, node := range nodes {
		unknown, extra, err := nodeAgainstState(ctx, c, node, keys)
		if err != nil {
			return err
		}
		if unknown != 0 || len(extra) != 0 {
			return fmt.Errorf("node %d lists %d keys that state lacks (orphans) and lacks %d of state's", node, len(extra), unknown)
		}
	}
	return nil
}

// nodeAgainstState counts the state's keys node does not list, and
// returns the root user's service accounts it lists that state lacks.
func nodeAgainstState(ctx context.Context, c *acctest.MinIOCluster, node int, keys []clusterKey) (unknown int, extra []string, err error) {
	admin, err := acctest.NewAdmin(c.NodeEndpoint(node), c.User, c.Password)
	if err != nil {
		return 0, nil, err
	}
	accounts, err := admin.ListServiceAccounts(ctx, c.User)
	if err != nil {
		return 0, nil, fmt.Errorf("node %d: %w", node, err)
	}
	listed := map[string]bool{}
	for _, a := range accounts {
		listed[a.AccessKey] = true
	}
	inState := map[string]bool{}
	for _, k := range keys {
		inState[k.accessKey] = true
		if !listed[k.accessKey] {
			unknown++
		}
	}
	for a := range listed {
		if !inState[a] {
			extra = append(extra, a)
		}
	}
	return unknown, extra, nil
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

// diagnoseOrphans logs the accounts each of nodes lists that state lacks:
// each one's name, and the access key state holds under that name.
func diagnoseOrphans(t *testing.T, c *acctest.MinIOCluster, nodes []int, keys []clusterKey) {
	t.Helper()
	ctx := context.Background()
	byName := map[string]string{}
	for _, k := range keys {
		byName[k.name] = k.accessKey
	}
	for _, node := range nodes {
		_, extra, err := nodeAgainstState(ctx, c, node, keys)
		if err != nil {
			t.Fatal(err)
		}
		admin, err := acctest.NewAdmin(c.NodeEndpoint(node), c.User, c.Password)
		if err != nil {
			t.Fatal(err)
		}
		for _, accessKey := range extra {
			info, err := admin.InfoServiceAccount(ctx, accessKey)
			t.Logf("node %d lists %s, named %q (%v); state holds %q under that name", node, accessKey, info.Name, err, byName[info.Name])
		}
	}
}
