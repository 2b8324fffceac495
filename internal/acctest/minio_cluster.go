package acctest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// MinIOCluster is a distributed MinIO as production runs it: nodes on
// loopback forming one erasure set, a drive each, behind a round-robin
// proxy that stands in for the load balancer. Nodes can be stopped and
// started again with their data.
type MinIOCluster struct {
	Endpoint string // the proxy's host:port, where clients go
	User     string // the root user, an admin
	Password string
	Proxy    *RoundRobinProxy

	bin    string
	dir    string // every node's drive and log
	nodes  []clusterNode
	drives []string // the command line's drive list, the same on every node
}

type clusterNode struct {
	endpoint, console string
	process           *serverProcess
}

// clusterStartTimeout bounds the wait for the nodes to form the cluster.
const clusterStartTimeout = 120 * time.Second

// StartMinIOCluster starts n MinIO nodes that form one cluster and the
// proxy in front of them, and waits until the cluster answers through
// the proxy and through every node.
func StartMinIOCluster(ctx context.Context, n int) (*MinIOCluster, error) {
	bin, err := MinIOBinary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "objectstorage-minio-cluster-")
	if err != nil {
		return nil, err
	}
	c := &MinIOCluster{User: "objectstorage-admin", Password: "objectstorage-admin-password", bin: bin, dir: dir}
	for i := range n {
		port, err := freePort()
		if err != nil {
			c.Stop()
			return nil, err
		}
		console, err := freePort()
		if err != nil {
			c.Stop()
			return nil, err
		}
		node := clusterNode{
			endpoint: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
			console:  net.JoinHostPort("127.0.0.1", strconv.Itoa(console)),
		}
		c.nodes = append(c.nodes, node)
		c.drives = append(c.drives, fmt.Sprintf("http://%s%s", node.endpoint, filepath.Join(dir, "drive"+strconv.Itoa(i))))
	}
	for i := range c.nodes {
		if err := c.run(i); err != nil {
			c.Stop()
			return nil, err
		}
	}
	nodes := make([]string, len(c.nodes))
	for i, node := range c.nodes {
		nodes[i] = node.endpoint
	}
	if c.Proxy, err = StartRoundRobinProxy(nodes); err != nil {
		c.Stop()
		return nil, err
	}
	c.Endpoint = c.Proxy.Endpoint
	for i := range c.nodes {
		if err := c.WaitNode(ctx, i); err != nil {
			c.Stop()
			return nil, err
		}
	}
	return c, nil
}

// run starts node i with the cluster's command line.
func (c *MinIOCluster) run(i int) error {
	node := &c.nodes[i]
	node.process = &serverProcess{
		name: "MinIO node " + strconv.Itoa(i), dataDir: c.dir,
		log: filepath.Join(c.dir, fmt.Sprintf("node%d.log", i)), exited: make(chan struct{}),
	}
	args := append([]string{"server", "--quiet", "--address", node.endpoint, "--console-address", node.console}, c.drives...)
	cmd := exec.Command(c.bin, args...)
	cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+c.User, "MINIO_ROOT_PASSWORD="+c.Password,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off", "MINIO_CI_CD=on",
		// In a container (/.dockerenv) MinIO waits for its nodes' hosts to
		// resolve to something other than loopback, which 127.0.0.1 never
		// does; this names the node's own endpoint, the one way it takes
		// to tell which of the drives is local (cmd/endpoint.go,
		// UpdateIsLocal).
		"_MINIO_SERVER_LOCAL="+node.endpoint,
	)
	return node.process.run(cmd)
}

// WaitNode waits, bounded in time, until node i answers S3 and admin calls
// as part of the cluster.
func (c *MinIOCluster) WaitNode(ctx context.Context, i int) error {
	node := c.nodes[i]
	s3, err := NewS3(node.endpoint, c.User, c.Password)
	if err != nil {
		return err
	}
	admin, err := NewAdmin(node.endpoint, c.User, c.Password)
	if err != nil {
		return err
	}
	return node.process.waitReady(ctx, node.endpoint, clusterStartTimeout, minioPollInterval, minioReady(s3, admin, c.User))
}

// Nodes is how many nodes the cluster has.
func (c *MinIOCluster) Nodes() int { return len(c.nodes) }

// NodeEndpoint is node i's own host:port, past the proxy.
func (c *MinIOCluster) NodeEndpoint(i int) string { return c.nodes[i].endpoint }

// StopNode kills node i, as a crash or a lost machine would; its drive
// stays.
func (c *MinIOCluster) StopNode(i int) error {
	p := c.nodes[i].process
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-p.exited:
		return nil
	case <-time.After(stopWait):
		return fmt.Errorf("MinIO node %d did not exit within %s", i, stopWait)
	}
}

// StartNode starts node i again on its drive and waits until it is back
// in the cluster.
func (c *MinIOCluster) StartNode(ctx context.Context, i int) error {
	if err := c.run(i); err != nil {
		return err
	}
	return c.WaitNode(ctx, i)
}

// Admin returns an admin client acting as the root user through the proxy.
func (c *MinIOCluster) Admin() (*Admin, error) { return NewAdmin(c.Endpoint, c.User, c.Password) }

// S3 returns an S3 client acting as a key through node i.
func (c *MinIOCluster) S3(i int, accessKey, secretKey string) (*S3, error) {
	return NewS3(c.nodes[i].endpoint, accessKey, secretKey)
}

// Stop ends the proxy and every node and removes the drives.
func (c *MinIOCluster) Stop() {
	if c.Proxy != nil {
		c.Proxy.Close()
	}
	for _, node := range c.nodes {
		if node.process == nil || node.process.cmd == nil {
			continue
		}
		select {
		case <-node.process.exited:
		default:
			_ = node.process.cmd.Process.Kill()
			select {
			case <-node.process.exited:
			case <-time.After(stopWait):
			}
		}
	}
	if err := os.RemoveAll(c.dir); err != nil {
		fmt.Fprintf(os.Stderr, "remove the MinIO cluster's drives: %v\n", err)
	}
}
