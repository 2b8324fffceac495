package cephtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/ceph"
)

// Server is a throw-away single-node Ceph cluster (a monitor, a memstore
// OSD and the RADOS Gateway) started for one test binary from the Debian
// packages tools/install-ceph.sh installs: no systemd, no disk, no
// authentication between the daemons, everything on loopback and under one
// temporary folder that Stop removes. It starts in about 15 seconds and
// holds about 150 MB.
type Server struct {
	// Endpoint is the gateway's host:port, S3 and the admin API.
	Endpoint string
	// AccessKey and SecretKey are the admin user's, with the caps users=*
	// and user-policy=* (and buckets and metadata, for the tests' own
	// checks).
	AccessKey, SecretKey string

	dir     string
	conf    string
	daemons []*daemon // in start order
}

// AdminUID is the admin user's uid.
const AdminUID = "objectstorage-tests-admin"

const (
	startTries    = 3
	daemonTimeout = 60 * time.Second // each daemon's readiness
	commandLimit  = 60 * time.Second // each setup command
	stopGrace     = 10 * time.Second
	pollInterval  = 250 * time.Millisecond
)

// Start runs a cluster and waits until the gateway answers its admin user.
// Ports are picked by the kernel and released just before the daemons bind
// them; if another process takes one in between, the start is retried.
func Start(ctx context.Context) (*Server, error) {
	if _, err := exec.LookPath("radosgw"); err != nil {
		return nil, errors.New("no radosgw on PATH: run `make ceph` (tools/install-ceph.sh) to install Ceph from Debian's packages")
	}
	var err error
	for range startTries {
		var s *Server
		if s, err = startOnce(ctx); err == nil {
			return s, nil
		}
	}
	return nil, err
}

// URL is the gateway's URL, as the ceph block's endpoint takes it.
func (s *Server) URL() string { return "http://" + s.Endpoint }

// Config is the backend's configuration for the cluster, as its admin
// user, with the default prefix.
func (s *Server) Config() ceph.Config {
	return ceph.Config{Endpoint: s.URL(), AccessKey: s.AccessKey, SecretKey: s.SecretKey, UserPrefix: ceph.DefaultUserPrefix}
}

// S3 returns an S3 client acting as a key.
func (s *Server) S3(accessKey, secretKey string) (*acctest.S3, error) {
	return acctest.NewS3(s.Endpoint, accessKey, secretKey)
}

func startOnce(ctx context.Context) (*Server, error) {
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "objectstorage-ceph-")
	if err != nil {
		return nil, err
	}
	s := &Server{
		Endpoint: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[2])), dir: dir, conf: filepath.Join(dir, "ceph.conf"),
		AccessKey: "OBJECTSTORAGETESTS01", SecretKey: "objectstorage-tests-admin-secret",
	}
	if err := s.start(ctx, ports[0], ports[1]); err != nil {
		logs := s.logs()
		s.Stop()
		return nil, fmt.Errorf("%w\n%s", err, logs)
	}
	return s, nil
}

func (s *Server) start(ctx context.Context, monV1, monV2 int) error {
	fsid, osdUUID := uuid(), uuid()
	monAddr := fmt.Sprintf("[v2:127.0.0.1:%d,v1:127.0.0.1:%d]", monV2, monV1)
	for _, sub := range []string{"run", "log", "mon/mon.a", "osd/osd.0", "rgw"} {
		if err := os.MkdirAll(filepath.Join(s.dir, sub), 0o700); err != nil {
			return err
		}
	}
	if err := os.WriteFile(s.conf, []byte(s.config(fsid, monAddr)), 0o600); err != nil {
		return err
	}
	monmap := filepath.Join(s.dir, "monmap")
	steps := [][]string{
		{"monmaptool", "--create", "--fsid", fsid, "--addv", "a", monAddr, monmap},
		{"ceph-mon", "-c", s.conf, "--mkfs", "-i", "a", "--monmap", monmap},
	}
	if err := s.run(ctx, steps...); err != nil {
		return err
	}
	if err := s.spawn("mon", "ceph-mon", "-c", s.conf, "-i", "a", "-f"); err != nil {
		return err
	}
	if err := s.run(ctx,
		[]string{"ceph", "-c", s.conf, "--connect-timeout", "30", "osd", "new", osdUUID},
		[]string{"ceph-osd", "-c", s.conf, "-i", "0", "--mkfs", "--osd-uuid", osdUUID},
	); err != nil {
		return err
	}
	if err := s.spawn("osd", "ceph-osd", "-c", s.conf, "-i", "0", "-f"); err != nil {
		return err
	}
	if err := s.poll(ctx, "the OSD", s.osdUp); err != nil {
		return err
	}
	if err := s.spawn("rgw", "radosgw", "-c", s.conf, "-n", "client.rgw.gw", "-f"); err != nil {
		return err
	}
	if err := s.poll(ctx, "the gateway", s.gatewayAnswers); err != nil {
		return err
	}
	return s.run(ctx,
		[]string{"radosgw-admin", "-c", s.conf, "user", "create", "--uid=" + AdminUID, "--display-name=tests' admin",
			"--access-key=" + s.AccessKey, "--secret-key=" + s.SecretKey},
		[]string{"radosgw-admin", "-c", s.conf, "caps", "add", "--uid=" + AdminUID, "--caps=users=*;buckets=*;metadata=*;user-policy=*"},
	)
}

// config is ceph.conf: no authentication between the daemons (so the
// monitor client's mode must be crc, not the default secure), one memstore
// OSD that holds every pool, and every path under the cluster's folder.
func (s *Server) config(fsid, monAddr string) string {
	return strings.NewReplacer("DIR", s.dir, "FSID", fsid, "MON", monAddr, "RGW", s.Endpoint).Replace(`[global]
fsid = FSID
mon host = MON
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon max pg per osd = 1000
osd objectstore = memstore
memstore device bytes = 1073741824
run dir = DIR/run
admin socket = DIR/run/$name.asok
pid file = DIR/run/$name.pid
log file = DIR/log/$name.log
mon data = DIR/mon/$name
osd data = DIR/osd/$name
keyring = DIR/keyring
[client.rgw.gw]
rgw frontends = beast endpoint=RGW
rgw thread pool size = 32
rgw data = DIR/rgw
`)
}

// run runs setup commands one after the other, each bounded in time.
func (s *Server) run(ctx context.Context, commands ...[]string) error {
	for _, c := range commands {
		cctx, cancel := context.WithTimeout(ctx, commandLimit)
		out, err := exec.CommandContext(cctx, c[0], c[1:]...).CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("%s: %w: %s", strings.Join(c[:min(len(c), 4)], " "), err, out)
		}
	}
	return nil
}

// osdUp reports whether the OSD is up, from the monitor's OSD map.
func (s *Server) osdUp(ctx context.Context) error {
	out, err := exec.CommandContext(ctx, "ceph", "-c", s.conf, "--connect-timeout", "5", "osd", "dump", "-f", "json").Output()
	if err != nil {
		return err
	}
	var dump struct {
		OSDs []struct {
			Up int `json:"up"`
		} `json:"osds"`
	}
	if err := json.Unmarshal(out, &dump); err != nil {
		return err
	}
	if len(dump.OSDs) == 0 || dump.OSDs[0].Up != 1 {
		return errors.New("the OSD is not up yet")
	}
	return nil
}

func (s *Server) gatewayAnswers(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL(), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// poll calls ready until it succeeds, bounded by daemonTimeout, or a
// daemon exits.
func (s *Server) poll(ctx context.Context, what string, ready func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, daemonTimeout)
	defer cancel()
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		tryCtx, tryCancel := context.WithTimeout(ctx, 10*time.Second)
		err := ready(tryCtx)
		tryCancel()
		if err == nil {
			return nil
		}
		for _, d := range s.daemons {
			if d.hasExited() {
				return fmt.Errorf("ceph's %s exited before %s was ready: %v", d.name, what, d.waitErr)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready within %s: %v", what, daemonTimeout, err)
		case <-ticker.C:
		}
	}
}

// logs are the daemons' logs, for a failed start.
func (s *Server) logs() string {
	var b strings.Builder
	entries, _ := os.ReadDir(filepath.Join(s.dir, "log"))
	for _, e := range entries {
		raw, _ := os.ReadFile(filepath.Join(s.dir, "log", e.Name()))
		if len(raw) > 4000 {
			raw = raw[len(raw)-4000:]
		}
		fmt.Fprintf(&b, "--- %s (end)\n%s\n", e.Name(), raw)
	}
	return b.String()
}

// Stop ends the daemons, the gateway first and the monitor last, and
// removes the cluster's folder.
func (s *Server) Stop() {
	for i := len(s.daemons) - 1; i >= 0; i-- {
		s.daemons[i].stop()
	}
	if err := os.RemoveAll(s.dir); err != nil {
		fmt.Fprintf(os.Stderr, "remove the Ceph cluster's folder: %v\n", err)
	}
}

func uuid() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// freePorts picks n free loopback ports, held open together so that they
// differ.
func freePorts(n int) ([]int, error) {
	var ports []int
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		addr, ok := l.Addr().(*net.TCPAddr)
		if !ok {
			return nil, fmt.Errorf("unexpected listener address %v", l.Addr())
		}
		ports = append(ports, addr.Port)
	}
	return ports, nil
}

// daemon is one of the cluster's processes.
type daemon struct {
	name    string
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
}

// spawn starts a daemon in the foreground of its own process, its output
// in the cluster's log folder.
func (s *Server) spawn(name string, command ...string) error {
	log, err := os.Create(filepath.Join(s.dir, "log", name+".out"))
	if err != nil {
		return err
	}
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("start %s: %w", command[0], err)
	}
	d := &daemon{name: name, cmd: cmd, exited: make(chan struct{})}
	go func() {
		d.waitErr = cmd.Wait()
		log.Close()
		close(d.exited)
	}()
	s.daemons = append(s.daemons, d)
	return nil
}

func (d *daemon) hasExited() bool {
	select {
	case <-d.exited:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM, waits stopGrace, then kills.
func (d *daemon) stop() {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(stopGrace):
		_ = d.cmd.Process.Kill()
		select {
		case <-d.exited:
		case <-time.After(stopGrace):
		}
	}
}

// RadosgwAdmin runs radosgw-admin on the cluster, as an operator of the
// gateway would, behind the backend's back.
func (s *Server) RadosgwAdmin(ctx context.Context, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, commandLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, "radosgw-admin", append([]string{"-c", s.conf}, args...)...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("radosgw-admin %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return out, nil
}
