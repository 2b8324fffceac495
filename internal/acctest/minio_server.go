// Package acctest is the test harness: real MinIO and SeaweedFS servers on
// free loopback ports, and S3 checks that prove what a key can really do.
package acctest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// MinIOServer is a MinIO server started for one test binary, with a data
// directory of its own that Stop removes.
type MinIOServer struct {
	Endpoint string // host:port on 127.0.0.1
	User     string // the root user, an admin
	Password string
	// CACertPEM is the certificate of a server started with TLS, which
	// clients must trust; nil for a server on plain HTTP.
	CACertPEM []byte

	process *serverProcess
}

const (
	minioStartTimeout = 60 * time.Second
	minioPollInterval = 100 * time.Millisecond
	minioStartTries   = 3
)

// MinIOBinary finds the server built by tools/install-minio.sh: the
// MINIO_SERVER_BIN variable, or .bin/minio at the repository's root.
func MinIOBinary() (string, error) {
	return pinnedBinary("MINIO_SERVER_BIN", "minio", "MinIO", "`make test` or tools/install-minio.sh")
}

// StartMinIO runs a MinIO server on a free loopback port and waits until it
// answers. The port is picked by the kernel and released just before MinIO
// binds it; if another process takes it in between, the start is retried.
func StartMinIO(ctx context.Context) (*MinIOServer, error) {
	return startMinIO(ctx, false)
}

// StartMinIOWithTLS runs a MinIO server that speaks HTTPS only, with a
// self-signed certificate made for it (CACertPEM).
func StartMinIOWithTLS(ctx context.Context) (*MinIOServer, error) {
	return startMinIO(ctx, true)
}

func startMinIO(ctx context.Context, withTLS bool) (*MinIOServer, error) {
	bin, err := MinIOBinary()
	if err != nil {
		return nil, err
	}
	return startTries(minioStartTries, func() (*MinIOServer, error) { return startMinIOOnce(ctx, bin, withTLS) })
}

func startMinIOOnce(ctx context.Context, bin string, withTLS bool) (*MinIOServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	consolePort, err := freePort()
	if err != nil {
		return nil, err
	}
	process, err := newServerProcess("MinIO", "objectstorage-minio-")
	if err != nil {
		return nil, err
	}
	s := &MinIOServer{
		Endpoint: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		User:     "objectstorage-admin",
		Password: "objectstorage-admin-password",
		process:  process,
	}
	certsDir := filepath.Join(process.dataDir, "certs")
	if withTLS {
		if s.CACertPEM, err = writeSelfSignedCertificate(certsDir); err != nil {
			s.Stop()
			return nil, err
		}
	}
	cmd := exec.Command(bin, "server", "--quiet",
		"--address", s.Endpoint,
		"--console-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(consolePort)),
		"--certs-dir", certsDir,
		filepath.Join(process.dataDir, "data"))
	cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+s.User,
		"MINIO_ROOT_PASSWORD="+s.Password,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CI_CD=on",
	)
	if err := process.run(cmd); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// waitReady polls, bounded in time, until the server answers S3 and admin
// calls: its health endpoint says ready a moment before IAM is loaded.
func (s *MinIOServer) waitReady(ctx context.Context) error {
	s3, err := s.S3(s.User, s.Password)
	if err != nil {
		return err
	}
	admin, err := s.Admin()
	if err != nil {
		return err
	}
	return s.process.waitReady(ctx, s.Endpoint, minioStartTimeout, minioPollInterval, minioReady(s3, admin, s.User))
}

// minioReady is a MinIO server's readiness as the tests need it: S3 and
// admin calls both answered as user.
func minioReady(s3 *S3, admin *Admin, user string) func(context.Context) error {
	return func(ctx context.Context) error {
		if _, err := s3.ListBuckets(ctx); err != nil {
			return err
		}
		_, err := admin.ListServiceAccounts(ctx, user)
		return err
	}
}

// Stop ends the server and removes its data.
func (s *MinIOServer) Stop() { s.process.stop(os.Kill, stopWait) }

// Admin returns an admin client acting as the root user, over TLS where
// the server speaks it.
func (s *MinIOServer) Admin() (*Admin, error) {
	cfg := adminapi.Config{Endpoint: s.Endpoint, AccessKey: s.User, SecretKey: s.Password}
	if s.CACertPEM != nil {
		transport, err := transportTrusting(s.CACertPEM)
		if err != nil {
			return nil, err
		}
		cfg.Secure, cfg.Transport = true, transport
	}
	return newAdmin(cfg)
}

// S3 returns an S3 client acting as a key, over TLS where the server
// speaks it.
func (s *MinIOServer) S3(accessKey, secretKey string) (*S3, error) {
	return newS3(s.Endpoint, accessKey, secretKey, s.CACertPEM)
}

// Env returns the provider's MinIO environment variables for this server.
func (s *MinIOServer) Env() map[string]string {
	return map[string]string{
		"MINIO_ENDPOINT":     s.Endpoint,
		"MINIO_USER":         s.User,
		"MINIO_PASSWORD":     s.Password,
		"MINIO_ENABLE_HTTPS": "false",
	}
}
