// Package acctest is the test harness: a real MinIO server on a free
// loopback port, and S3 checks that prove what a key can really do.
package acctest

import (
	"context"
	"fmt"
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

	cmd     *exec.Cmd
	dataDir string
	exited  chan struct{} // closed when the process has exited
	waitErr error         // the process's exit status, once exited is closed
}

const (
	minioStartTimeout = 60 * time.Second
	minioPollInterval = 100 * time.Millisecond
	minioStartTries   = 3
)

// MinIOBinary finds the server built by tools/install-minio.sh: the
// MINIO_SERVER_BIN variable, or .bin/minio at the repository's root.
func MinIOBinary() (string, error) {
	if bin := os.Getenv("MINIO_SERVER_BIN"); bin != "" {
		return bin, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(root, ".bin", "minio")
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("no MinIO server at %s: run `make test` or tools/install-minio.sh to build it", bin)
	}
	return bin, nil
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
	var lastErr error
	for range minioStartTries {
		server, err := startMinIOOnce(ctx, bin, withTLS)
		if err == nil {
			return server, nil
		}
		lastErr = err
	}
	return nil, lastErr
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
	dataDir, err := os.MkdirTemp("", "objectstorage-minio-")
	if err != nil {
		return nil, err
	}
	s := &MinIOServer{
		Endpoint: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		User:     "objectstorage-admin",
		Password: "objectstorage-admin-password",
		dataDir:  dataDir,
		exited:   make(chan struct{}),
	}
	logFile, err := os.Create(filepath.Join(dataDir, "minio.log"))
	if err != nil {
		s.Stop()
		return nil, err
	}
	certsDir := filepath.Join(dataDir, "certs")
	if withTLS {
		if s.CACertPEM, err = writeSelfSignedCertificate(certsDir); err != nil {
			_ = logFile.Close()
			s.Stop()
			return nil, err
		}
	}
	s.cmd = exec.Command(bin, "server", "--quiet",
		"--address", s.Endpoint,
		"--console-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(consolePort)),
		"--certs-dir", certsDir,
		filepath.Join(dataDir, "data"))
	s.cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+s.User,
		"MINIO_ROOT_PASSWORD="+s.Password,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CI_CD=on",
	)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		_ = logFile.Close()
		s.Stop()
		return nil, fmt.Errorf("start MinIO: %w", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		_ = logFile.Close()
		close(s.exited)
	}()
	if err := s.waitReady(ctx); err != nil {
		log, _ := os.ReadFile(logFile.Name())
		s.Stop()
		return nil, fmt.Errorf("%w; server log:\n%s", err, log)
	}
	return s, nil
}

// waitReady polls, bounded in time, until the server answers S3 and admin
// calls: its health endpoint says ready a moment before IAM is loaded.
func (s *MinIOServer) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, minioStartTimeout)
	defer cancel()
	s3, err := s.S3(s.User, s.Password)
	if err != nil {
		return err
	}
	admin, err := s.Admin()
	if err != nil {
		return err
	}
	ticker := time.NewTicker(minioPollInterval)
	defer ticker.Stop()
	for {
		if _, err := s3.ListBuckets(ctx); err == nil {
			if _, err := admin.ListServiceAccounts(ctx, s.User); err == nil {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("MinIO exited before it was ready: %v", s.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("MinIO not ready on %s within %s", s.Endpoint, minioStartTimeout)
		case <-ticker.C:
		}
	}
}

// Stop ends the server and removes its data.
func (s *MinIOServer) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
		}
	}
	_ = os.RemoveAll(s.dataDir)
}

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

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("unexpected listener address %v", l.Addr())
	}
	return addr.Port, nil
}
