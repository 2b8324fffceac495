package backendtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// AnswerFuzz fuzzes how an HTTP backend reads its service's answers. The
// seeds are the answers the backend's fake gives to one key's lifecycle
// (create, read, list, rename, delete, read of the deleted key); the fuzzer
// changes their status and bytes, and every request of an operation gets
// the changed answer.
//
// What must hold for any answer: no panic; no error holds the token, nor a
// secret that a successful answer carries; a key a create returns holds
// the secret the answer holds, or none; a read returns the key asked for
// or an error; an operation ends within its deadline.
type AnswerFuzz struct {
	// Open returns the backend's driver against url through transport,
	// with retries short enough for a fuzzer (milliseconds).
	Open func(url string, transport http.RoundTripper) backend.Driver
	// Fake is the URL of the backend's running fake, for the seeds.
	Fake string
	// Token is the credential the backend sends with every request.
	Token string
	// Spec is the key the seeds' lifecycle creates.
	Spec backend.KeySpec
	// SecretField, where set, names one more answer field that carries a
	// secret (Cloudflare's token "value"), and Derive, where set, is the
	// key's secret as the backend computes it from a carried one (R2's
	// SHA-256 of the value).
	SecretField string
	Derive      func(carried string) string
}

// Operations the fuzzer sends, by number.
const (
	fuzzCreate = iota
	fuzzGet
	fuzzList
	fuzzRename
	fuzzDelete
	fuzzOps
)

// opDeadline bounds one operation against a fuzzed answer; retries are
// milliseconds apart, so only a loop that never ends reaches it.
const opDeadline = 10 * time.Second

// Run seeds f and fuzzes. The fuzz arguments are the operation, the
// answer's status (taken into 200 to 599) and its body.
func (a AnswerFuzz) Run(f *testing.F) {
	id := a.seed(f)
	f.Fuzz(func(t *testing.T, op uint8, status uint16, body []byte) {
		fuzzstat.Count()
		code := 200 + int(status)%400
		keys := backend.Open(a.Open(fuzzURL, cannedAnswer{code, body}))
		ctx, cancel := context.WithTimeout(context.Background(), opDeadline)
		defer cancel()
		started := time.Now()
		key, err := a.do(ctx, keys, int(op)%fuzzOps, id)
		if took := time.Since(started); took >= opDeadline {
			t.Fatalf("operation %d took %s against one answer: a loop without end", op%fuzzOps, took)
		}
		secrets := secretsOf(code, body, a.SecretField)
		if a.Derive != nil {
			for _, carried := range secrets {
				secrets = append(secrets, a.Derive(carried))
			}
		}
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, a.Token) {
				t.Fatalf("the error holds the token: %v", err)
			}
			for _, s := range secrets {
				// Secrets shorter than 8 bytes turn up in any text.
				if len(s) >= 8 && strings.Contains(msg, s) {
					t.Fatalf("the error holds a secret of the answer: %v", err)
				}
			}
			return
		}
		// A backend that chooses a key's credentials itself (Garage's
		// ImportKey) holds a secret no answer carries.
		chosen := int(op)%fuzzOps == fuzzCreate && keys.Capabilities().CallerChosenAccessKey
		if key.SecretKey != "" && !chosen && !slices.Contains(secrets, key.SecretKey) {
			t.Fatalf("the key holds a secret the answer does not carry")
		}
		if int(op)%fuzzOps == fuzzGet && key.ID != id {
			t.Fatalf("a read of key %s returned key %s", id, key.ID)
		}
	})
}

// fuzzURL is the base URL of the fuzzed answers; no request leaves the
// process.
const fuzzURL = "https://api.example.invalid"

// do runs one operation; only a create and a read return a key.
func (a AnswerFuzz) do(ctx context.Context, keys *backend.Keys, op int, id string) (backend.Key, error) {
	switch op {
	case fuzzCreate:
		return keys.CreateKey(ctx, a.Spec)
	case fuzzGet:
		return keys.GetKey(ctx, id)
	case fuzzList:
		_, err := keys.ListKeys(ctx)
		return backend.Key{}, err
	case fuzzRename:
		spec := a.Spec
		spec.Name += "-renamed"
		spec.KeepGrants = true
		_, err := keys.UpdateKey(ctx, id, spec)
		return backend.Key{}, err
	default:
		return backend.Key{}, keys.DeleteKey(ctx, id)
	}
}

// seed runs one key's lifecycle against the fake, records every answer
// and adds each as a seed under the operation that drew it, and returns
// the key's id.
func (a AnswerFuzz) seed(f *testing.F) string {
	f.Helper()
	var mu sync.Mutex
	op := fuzzCreate
	record := recordingTransport(func(status int, body []byte) {
		mu.Lock()
		defer mu.Unlock()
		f.Add(uint8(op), uint16(status-200), body)
	})
	keys := backend.Open(a.Open(a.Fake, record))
	ctx := context.Background()
	step := func(next int) {
		mu.Lock()
		op = next
		mu.Unlock()
	}
	key, err := keys.CreateKey(ctx, a.Spec)
	if err != nil {
		f.Fatalf("create the seeds' key on the fake: %v", err)
	}
	step(fuzzGet)
	if _, err := keys.GetKey(ctx, key.ID); err != nil {
		f.Fatalf("read the seeds' key: %v", err)
	}
	step(fuzzList)
	if _, err := keys.ListKeys(ctx); err != nil {
		f.Fatalf("list the seeds' key: %v", err)
	}
	step(fuzzRename)
	renamed := a.Spec
	renamed.Name += "-renamed"
	renamed.KeepGrants = true
	if _, err := keys.UpdateKey(ctx, key.ID, renamed); err != nil && keys.Capabilities().RenameInPlace {
		f.Fatalf("rename the seeds' key: %v", err)
	}
	step(fuzzDelete)
	if err := keys.DeleteKey(ctx, key.ID); err != nil {
		f.Fatalf("delete the seeds' key: %v", err)
	}
	step(fuzzGet)
	if _, err := keys.GetKey(ctx, key.ID); err == nil {
		f.Fatalf("the seeds' key is still there after its delete")
	}
	return key.ID
}

// cannedAnswer answers every request with one status and body.
type cannedAnswer struct {
	status int
	body   []byte
}

func (c cannedAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: c.status, Status: http.StatusText(c.status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(bytes.NewReader(c.body)),
		Request: r, ContentLength: int64(len(c.body)),
	}, nil
}

// recordingTransport sends requests on Go's default transport and hands
// every answer to record.
type recordingTransport func(status int, body []byte)

func (record recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	record(resp.StatusCode, body)
	return resp, nil
}

// secretFieldNames are the names under which the services' answers carry a
// key's secret, compared without regard to case.
var secretFieldNames = []string{"secret_key", "secretkey", "secret", "secretAccessKey", "applicationKey"}

// secretsOf returns the secrets a successful answer carries: the string
// values of its secret fields, at any depth.
func secretsOf(status int, body []byte, extra string) []string {
	if status >= 300 {
		return nil
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for name, value := range v {
				if s, ok := value.(string); ok && (isSecretField(name) || extra != "" && name == extra) {
					out = append(out, s)
				}
				walk(value)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func isSecretField(name string) bool {
	for _, s := range secretFieldNames {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}
