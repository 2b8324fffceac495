package acctest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// serverProcess is a server program the harness runs (MinIO, SeaweedFS):
// its process, and a data directory of its own that holds its log and that
// stop removes.
type serverProcess struct {
	name    string // the server's name in messages
	dataDir string
	log     string // the server's output, in dataDir
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited
	waitErr error         // the process's exit status, once exited is closed
}

// stopWait bounds each wait for a server to exit.
const stopWait = 10 * time.Second

// pinnedBinary finds a server an install script built into .bin/: the
// environment variable env, or .bin/file at the repository's root.
func pinnedBinary(env, file, name, install string) (string, error) {
	if bin := os.Getenv(env); bin != "" {
		return bin, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(root, ".bin", file)
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("no %s server at %s: run %s to build it", name, bin, install)
	}
	return bin, nil
}

// startTries calls start up to tries times, until it succeeds: a server's
// ports are picked by the kernel and released just before the server binds
// them, so another process may take one in between.
func startTries[T any](tries int, start func() (T, error)) (T, error) {
	var server T
	var err error
	for range tries {
		if server, err = start(); err == nil {
			return server, nil
		}
	}
	return server, err
}

// newServerProcess makes the data directory of a server about to start.
func newServerProcess(name, dirPattern string) (*serverProcess, error) {
	dataDir, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		return nil, err
	}
	return &serverProcess{name: name, dataDir: dataDir, log: filepath.Join(dataDir, "server.log"), exited: make(chan struct{})}, nil
}

// run starts cmd with its output in the log.
func (p *serverProcess) run(cmd *exec.Cmd) error {
	logFile, err := os.Create(p.log)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return fmt.Errorf("start %s: %w", p.name, err)
	}
	p.cmd = cmd
	go func() {
		p.waitErr = cmd.Wait()
		_ = logFile.Close()
		close(p.exited)
	}()
	return nil
}

// waitReady calls ready every interval, bounded by timeout, until it
// succeeds or the process exits; a failure carries the server's log.
func (p *serverProcess) waitReady(ctx context.Context, endpoint string, timeout, interval time.Duration, ready func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if ready(ctx) == nil {
			return nil
		}
		var err error
		select {
		case <-p.exited:
			err = fmt.Errorf("%s exited before it was ready: %v", p.name, p.waitErr)
		case <-ctx.Done():
			err = fmt.Errorf("%s not ready on %s within %s", p.name, endpoint, timeout)
		case <-ticker.C:
			continue
		}
		log, _ := os.ReadFile(p.log)
		return fmt.Errorf("%w; server log:\n%s", err, log)
	}
}

// stop sends the process sig, gives it grace to exit, then kills it, and
// removes the data directory.
func (p *serverProcess) stop(sig os.Signal, grace time.Duration) {
	if p.cmd != nil {
		_ = p.cmd.Process.Signal(sig)
		select {
		case <-p.exited:
		case <-time.After(grace):
			_ = p.cmd.Process.Kill()
			select {
			case <-p.exited:
			case <-time.After(stopWait):
			}
		}
	}
	if err := os.RemoveAll(p.dataDir); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "remove the data of %s: %v\n", p.name, err)
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
