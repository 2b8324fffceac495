package minio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

// cluster stands for a MinIO cluster in front of the test server, as one
// client behind a load balancer meets it when a node fails: a create that
// never gets its answer (lost: the node wrote the account and died; or
// held: the request lands only after the client gave up), and nodes that
// do not show an account the server holds (they never heard of it).
// Everything else reaches the server.
type cluster struct {
	next http.RoundTripper
	// answerAdd decides each add-service-account: forward it, or keep it
	// for later (land), and whether its answer is lost.
	answerAdd func(n int) (forward, lost bool)
	// stale is the set of access keys whose info and delete are answered
	// as a node that does not know them answers: 404, and 204 removing
	// nothing.
	stale map[string]bool
	// learns is set when the adds reach the node that does not know the
	// stale accounts: it writes such an account (the server holds it
	// already) and tells every node, which then know it. Otherwise the
	// adds reach a node that knows every account.
	learns bool

	mu    sync.Mutex
	adds  int
	held  []*http.Request
	calls []string
}

func (c *cluster) RoundTrip(r *http.Request) (*http.Response, error) {
	op := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	c.mu.Lock()
	c.calls = append(c.calls, op)
	accessKey := r.URL.Query().Get("accessKey")
	switch {
	case op == "add-service-account" && c.learns && c.stale[addedKey(body)]:
		delete(c.stale, addedKey(body))
		c.mu.Unlock()
		return answer(r, http.StatusOK, nil), nil
	case op == "add-service-account":
		c.adds++
		forward, lost := c.answerAdd(c.adds)
		if !forward {
			held := r.Clone(context.Background())
			held.Body = io.NopCloser(bytes.NewReader(body))
			c.held = append(c.held, held)
		}
		c.mu.Unlock()
		if !forward {
			return nil, io.ErrUnexpectedEOF
		}
		resp, err := c.next.RoundTrip(r)
		if err != nil || !lost {
			return resp, err
		}
		_ = resp.Body.Close()
		return nil, io.ErrUnexpectedEOF
	case c.stale[accessKey] && op == "info-service-account":
		c.mu.Unlock()
		return answer(r, http.StatusNotFound, noSuchAccount), nil
	case c.stale[accessKey] && op == "delete-service-account":
		c.mu.Unlock()
		return answer(r, http.StatusNoContent, nil), nil
	default:
		c.mu.Unlock()
	}
	return c.next.RoundTrip(r)
}

// land sends the first held create to the server, as a node that held it
// would carry it out after the client gave up; from then on every add
// reaches the server.
func (c *cluster) land(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	resp, err := c.next.RoundTrip(c.held[0])
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the held create landed with HTTP %d", resp.StatusCode)
	}
	c.held = nil
	c.answerAdd = func(int) (bool, bool) { return true, false }
}

func (c *cluster) count(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, call := range c.calls {
		if call == op {
			n++
		}
	}
	return n
}

// addedKey is the access key a sealed add-service-account body asks for.
func addedKey(body []byte) string {
	plain, err := adminapi.Open(server.Password, body)
	if err != nil {
		return ""
	}
	var req adminapi.AddServiceAccount
	if json.Unmarshal(plain, &req) != nil {
		return ""
	}
	return req.AccessKey
}

// noSuchAccount is MinIO's answer to info-service-account for an account
// the node does not know, as the pinned server gives it (adminapi's
// golden answers).
var noSuchAccount = func() []byte {
	b, err := os.ReadFile("adminapi/testdata/answers/error-info-missing.json")
	if err != nil {
		panic(err)
	}
	return b
}()

func answer(r *http.Request, status int, body []byte) *http.Response {
	return &http.Response{
		StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: r,
	}
}

func clusterBackend(t *testing.T, c *cluster, gen minio.CredentialGenerator) *minio.Backend {
	t.Helper()
	if server == nil {
		t.Skip("needs a MinIO server: set TF_ACC=1 (make test does)")
	}
	c.next = http.DefaultTransport
	b, err := minio.New(minio.Config{Endpoint: server.Endpoint, User: server.User, Password: server.Password, NewCredentials: gen, Transport: c})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Both tries of a create go unanswered and the server shows nothing of
// them, until the first lands after the create gave up. The key is kept
// (its credentials are the backend's own), so the account that appears is
// the one the error hands back, not an orphan; deleting it as unconfirmed
// removes it.
func TestUnclearCreateKeepsAKeyThatLandsLater(t *testing.T) {
	ctx := context.Background()
	const accessKey, secret = "LATELANDING000000001", "late-landing-secret-00000000000000001"
	c := &cluster{answerAdd: func(int) (bool, bool) { return false, true }}
	b := clusterBackend(t, c, fixedCredentials(accessKey, secret))
	t.Cleanup(func() { _ = rootAdmin(t).DeleteServiceAccount(context.Background(), accessKey) })

	_, err := b.CreateKey(ctx, backend.KeySpec{Name: backendtest.UniqueName(t, "late")})
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || !uncertain.MayExist || uncertain.Key == nil {
		t.Fatalf("want an uncertain create that keeps its key, got %v", err)
	}
	if uncertain.Key.ID != accessKey || uncertain.Key.SecretKey != secret {
		t.Fatalf("the kept key is %q, not the create's own", uncertain.Key.ID)
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatal("the error shows the secret")
	}

	c.land(t)
	info, err := rootAdmin(t).InfoServiceAccount(ctx, accessKey)
	if err != nil || info.ParentUser != server.User {
		t.Fatalf("the create that landed late made no account of ours: %+v, %v", info, err)
	}
	if err := b.DeleteUnconfirmed(ctx, accessKey); err != nil {
		t.Fatal(err)
	}
	if _, err := rootAdmin(t).InfoServiceAccount(ctx, accessKey); err == nil {
		t.Fatal("the unconfirmed key survived its delete")
	}
}

// The first try is carried out but its answer is lost, and the node the
// reads reach never heard of the account (the node that wrote it failed
// before telling the others). The second try is refused as taken, which no
// read can explain: the key is kept, not given up as "nothing made".
func TestTakenKeyThatNoNodeShowsIsKept(t *testing.T) {
	ctx := context.Background()
	const accessKey, secret = "UNSHOWNTAKEN00000001", "unshown-taken-secret-000000000000001"
	c := &cluster{answerAdd: func(n int) (bool, bool) { return true, n == 1 }, stale: map[string]bool{accessKey: true}}
	b := clusterBackend(t, c, fixedCredentials(accessKey, secret))
	t.Cleanup(func() { _ = rootAdmin(t).DeleteServiceAccount(context.Background(), accessKey) })

	_, err := b.CreateKey(ctx, backend.KeySpec{Name: backendtest.UniqueName(t, "unshown")})
	var uncertain *backend.UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Key == nil || uncertain.Key.ID != accessKey {
		t.Fatalf("want the create's key kept, got %v", err)
	}
	if _, err := rootAdmin(t).InfoServiceAccount(ctx, accessKey); err != nil {
		t.Fatalf("the server should hold the first try's account: %v", err)
	}
}

// A node that does not know an account removes nothing on a delete yet
// answers success, so a plain delete of an account whose writer failed
// before telling the other nodes leaves it behind. Deleting it as
// unconfirmed first adds it: the node that does not know it writes it and
// tells every node, and the delete then removes it.
func TestDeleteUnconfirmedReachesAnAccountAStaleNodeHides(t *testing.T) {
	ctx := context.Background()
	const accessKey = "STALEHIDDEN000000001"
	admin := rootAdmin(t)
	if _, err := admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{
		TargetUser: server.User, AccessKey: accessKey, SecretKey: "stale-hidden-secret-000000000000001",
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.DeleteServiceAccount(context.Background(), accessKey) })
	c := &cluster{answerAdd: func(int) (bool, bool) { return true, false }, stale: map[string]bool{accessKey: true}, learns: true}
	b := clusterBackend(t, c, fixedCredentials(accessKey, "stale-hidden-secret-000000000000002"))

	if err := b.DeleteKey(ctx, accessKey); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.InfoServiceAccount(ctx, accessKey); err != nil {
		t.Fatalf("a plain delete through the stale node should remove nothing: %v", err)
	}
	if err := b.DeleteUnconfirmed(ctx, accessKey); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.InfoServiceAccount(ctx, accessKey); err == nil {
		t.Fatal("the account survived its unconfirmed delete")
	}
	if adds, deletes := c.count("add-service-account"), c.count("delete-service-account"); adds != 1 || deletes != 2 {
		t.Fatalf("want 1 add and 2 deletes (the plain one and the one after the add), saw %d and %d", adds, deletes)
	}
}
