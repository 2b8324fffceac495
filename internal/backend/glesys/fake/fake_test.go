package fake_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys/fake"
)

// docShape reads the instance example of testdata/glesys-api.md (a copy of
// the team's page of GleSYS API facts; see testdata/README.md).
func docShape(t *testing.T) map[string]any {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", "glesys-api.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no json example in glesys-api.md")
	}
	var shape map[string]any
	if err := json.Unmarshal([]byte(block), &shape); err != nil {
		t.Fatalf("the example in glesys-api.md: %v", err)
	}
	return shape
}

func call(t *testing.T, s *fake.Server, method, name string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, s.URL+"/objectstorage/"+name, bytes.NewReader(b))
	if body == nil {
		req, _ = http.NewRequest(method, s.URL+"/objectstorage/"+name, nil)
	}
	req.SetBasicAuth(s.Project, s.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// sameShape compares the keys of two JSON values, recursively; lists
// compare their first elements.
func sameShape(path string, want, got any) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", path, got)
		}
		if wk, gk := keys(w), keys(g); !slices.Equal(wk, gk) {
			return fmt.Errorf("%s: keys %v, the document has %v", path, gk, wk)
		}
		for k := range w {
			if err := sameShape(path+"."+k, w[k], g[k]); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) == 0 || len(w) == 0 {
			return fmt.Errorf("%s: want a non-empty list, got %v", path, got)
		}
		return sameShape(path+"[0]", w[0], g[0])
	}
	return nil
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The fake's instance and credential JSON have exactly the fields of the
// document's example, inside the documented envelope.
func TestGoldenShapes(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	s.AddInstance("os-ab123", "OSI Test")
	s.AddCredentials("os-ab123", "cred", 1)

	status, out := call(t, s, http.MethodPost, "instancedetails", map[string]string{"instanceid": "os-ab123"})
	if status != http.StatusOK {
		t.Fatalf("instancedetails answered %d", status)
	}
	response, _ := out["response"].(map[string]any)
	if got := keys(response); !slices.Equal(got, []string{"instance", "status"}) {
		t.Fatalf("response keys %v", got)
	}
	if st, _ := response["status"].(map[string]any); st["code"] != float64(200) || st["text"] != "OK" {
		t.Fatalf("status %v", response["status"])
	}
	if err := sameShape("instance", docShape(t), response["instance"]); err != nil {
		t.Fatal(err)
	}

	_, out = call(t, s, http.MethodPost, "createcredential", map[string]string{"instanceid": "os-ab123", "description": "new"})
	response, _ = out["response"].(map[string]any)
	docCredentials, ok := docShape(t)["credentials"].([]any)
	if !ok || len(docCredentials) == 0 {
		t.Fatal("the document's example has no credentials")
	}
	credShape := docCredentials[0]
	if err := sameShape("credential", credShape, response["credential"]); err != nil {
		t.Fatal(err)
	}

	_, out = call(t, s, http.MethodGet, "listinstances", nil)
	response, _ = out["response"].(map[string]any)
	instances, _ := response["instances"].([]any)
	if len(instances) != 1 {
		t.Fatalf("listinstances: %v", response)
	}
	if _, has := instances[0].(map[string]any)["credentials"]; has {
		t.Fatal("listinstances carries credentials; the document says it does not")
	}
}

// Errors: any status other than 200, with the reason in status.text.
func TestErrorAnswers(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	status, out := call(t, s, http.MethodPost, "instancedetails", map[string]string{"instanceid": "os-none"})
	response, _ := out["response"].(map[string]any)
	st, _ := response["status"].(map[string]any)
	if status != http.StatusNotFound || st["code"] != float64(404) || st["text"] == "" {
		t.Fatalf("missing instance answered %d %v", status, st)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/objectstorage/listinstances", nil)
	req.SetBasicAuth(s.Project, "wrong")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong API key answered %d", resp.StatusCode)
	}
}

// Creates and reads of one instance at the same time: every answer is
// encoded from a copy taken under the fake's lock. Run with -race (make
// test does), which reported the live instance being encoded while a
// create appended to it.
func TestConcurrentCreatesAndReads(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	s.AddInstance("os-ab123", "OSI Test")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, body := "instancedetails", map[string]string{"instanceid": "os-ab123"}
			if i%2 == 0 {
				name, body = "createcredential", map[string]string{"instanceid": "os-ab123", "description": fmt.Sprint("c", i)}
			}
			if status, _ := call(t, s, http.MethodPost, name, body); status != http.StatusOK {
				t.Errorf("%s answered %d", name, status)
			}
		}()
	}
	wg.Wait()
	if n := len(s.Descriptions("os-ab123")); n != 10 {
		t.Fatalf("%d credentials after 10 creates", n)
	}
}
