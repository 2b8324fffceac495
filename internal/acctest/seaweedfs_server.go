package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
)

// SeaweedFSServer is a SeaweedFS server (`weed mini`) started for one test
// binary: S3 and the IAM API on one loopback port, every other port it
// opens on a free loopback port of its own, and a data directory that Stop
// removes.
type SeaweedFSServer struct {
	Endpoint string // host:port of S3 and the IAM API, on 127.0.0.1
	// AccessKey and SecretKey are the admin identity's, from the S3
	// configuration the server is started with.
	AccessKey, SecretKey string
	// OperatorAccessKey and OperatorSecretKey are an identity with every
	// S3 right but the IAM API's (no Admin action).
	OperatorAccessKey, OperatorSecretKey string

	process *serverProcess
}

const (
	seaweedStartTimeout = 90 * time.Second
	seaweedStopTimeout  = 20 * time.Second // it takes 10 to 15 s to exit after SIGTERM
	seaweedStartTries   = 3
)

// SeaweedFSBinary finds the server built by tools/install-seaweedfs.sh:
// the SEAWEEDFS_BIN variable, or .bin/weed at the repository's root.
func SeaweedFSBinary() (string, error) {
	return pinnedBinary("SEAWEEDFS_BIN", "weed", "SeaweedFS", "`make seaweedfs` (tools/install-seaweedfs.sh)")
}

// StartSeaweedFS runs a SeaweedFS server and waits until its S3 API answers
// the admin identity. Ports are picked by the kernel and released just
// before the server binds them; if another process takes one in between,
// the start is retried.
func StartSeaweedFS(ctx context.Context) (*SeaweedFSServer, error) {
	bin, err := SeaweedFSBinary()
	if err != nil {
		return nil, err
	}
	return startTries(seaweedStartTries, func() (*SeaweedFSServer, error) { return startSeaweedFSOnce(ctx, bin) })
}

// seaweedPortFlags are the listeners `weed mini` opens besides S3's, each
// given a free port so that parallel test binaries never collide; the
// Iceberg, Lance and legacy admin listeners are switched off.
var seaweedPortFlags = []string{
	"master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc",
	"s3.port.grpc", "admin.port", "admin.port.grpc",
}

func startSeaweedFSOnce(ctx context.Context, bin string) (*SeaweedFSServer, error) {
	s3Port, err := freePort()
	if err != nil {
		return nil, err
	}
	process, err := newServerProcess("SeaweedFS", "objectstorage-seaweedfs-")
	if err != nil {
		return nil, err
	}
	dataDir := process.dataDir
	s := &SeaweedFSServer{
		Endpoint:  net.JoinHostPort("127.0.0.1", strconv.Itoa(s3Port)),
		AccessKey: "objectstorage-admin", SecretKey: "objectstorage-admin-secret",
		OperatorAccessKey: "objectstorage-operator", OperatorSecretKey: "objectstorage-operator-secret",
		process: process,
	}
	identities := filepath.Join(dataDir, "s3.json")
	if err := writeSeaweedIdentities(identities, s); err != nil {
		s.Stop()
		return nil, err
	}
	args := []string{"mini",
		"-dir=" + filepath.Join(dataDir, "data"), "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-s3.port=" + strconv.Itoa(s3Port), "-s3.config=" + identities, "-s3.iam.readOnly=false",
		"-s3.port.iceberg=0", "-s3.port.lance=0", "-admin.port.legacy=0",
		"-admin.ui=false", "-webdav=false", "-master.telemetry=false",
	}
	for _, flag := range seaweedPortFlags {
		port, err := freePort()
		if err != nil {
			s.Stop()
			return nil, err
		}
		args = append(args, fmt.Sprintf("-%s=%d", flag, port))
	}
	if err := process.run(exec.Command(bin, args...)); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// writeSeaweedIdentities writes the S3 configuration: the admin identity,
// allowed everything, the IAM API included, and the operator, allowed
// every S3 action but no IAM call.
func writeSeaweedIdentities(path string, s *SeaweedFSServer) error {
	type credential struct {
		AccessKey string `json:"accessKey"`
		SecretKey string `json:"secretKey"`
	}
	type identity struct {
		Name        string       `json:"name"`
		Credentials []credential `json:"credentials"`
		Actions     []string     `json:"actions"`
	}
	raw, err := json.Marshal(map[string][]identity{"identities": {
		{Name: "admin", Credentials: []credential{{s.AccessKey, s.SecretKey}}, Actions: []string{"Admin", "Read", "List", "Tagging", "Write"}},
		{Name: "operator", Credentials: []credential{{s.OperatorAccessKey, s.OperatorSecretKey}}, Actions: []string{"Read", "List", "Tagging", "Write"}},
	}})
	if err != nil {
		return err
	}
	return os.WriteFile(path, raw, 0o600)
}

// waitReady polls, bounded in time, until S3 answers the admin identity.
func (s *SeaweedFSServer) waitReady(ctx context.Context) error {
	s3, err := s.S3(s.AccessKey, s.SecretKey)
	if err != nil {
		return err
	}
	return s.process.waitReady(ctx, s.Endpoint, seaweedStartTimeout, 250*time.Millisecond, func(ctx context.Context) error {
		_, err := s3.ListBuckets(ctx)
		return err
	})
}

// IAMConfig is the iam backend's configuration for the server, as its
// admin identity, with the default path and prefix.
func (s *SeaweedFSServer) IAMConfig() iam.Config {
	return iam.Config{
		Endpoint: "http://" + s.Endpoint, Region: "us-east-1", AccessKey: s.AccessKey, SecretKey: s.SecretKey,
		Path: iam.DefaultPath, NamePrefix: iam.DefaultNamePrefix, Service: iam.SeaweedFS,
	}
}

// S3 returns an S3 client acting as a key.
func (s *SeaweedFSServer) S3(accessKey, secretKey string) (*S3, error) {
	return NewS3(s.Endpoint, accessKey, secretKey)
}

// Stop ends the server (SIGTERM, then a kill if it lingers) and removes
// its data.
func (s *SeaweedFSServer) Stop() { s.process.stop(syscall.SIGTERM, seaweedStopTimeout) }
