// Package fake is an in-process GleSYS API serving the object-storage calls
// of glesys-api.md (in testdata/): basic auth (project, API key), the
// {"response": {"status": {...}, ...}} envelope, 200 as the only success,
// JSON bodies, and the faults of fakeapi's vocabulary for tests.
//
// Where glesys-api.md is silent the fake guesses; each guess is marked
// "Guess:" below.
package fake

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake. Its fakeapi.Server counts requests per call
// name ("instancedetails", ...), holds injected faults and stops with
// Close.
type Server struct {
	*fakeapi.Server
	Project string
	Token   string

	mu        sync.Mutex
	instances map[string]*Instance
	order     []string
	clock     func() time.Time
	perms     fakeapi.Permissions
}

// Instance is an object-storage instance with its credentials; its JSON is
// the shape glesys-api.md gives.
type Instance struct {
	ID          string        `json:"id"`
	Created     string        `json:"created"`
	Description string        `json:"description"`
	DataCenter  string        `json:"datacenter"`
	Credentials []*Credential `json:"credentials"`
}

// Credential is one access key of an instance.
type Credential struct {
	ID          string `json:"id"`
	AccessKey   string `json:"accesskey"`
	SecretKey   string `json:"secretkey"`
	Description string `json:"description"`
	Created     string `json:"created"`
}

// Fault is an answer the fake gives once instead of the normal one; its Op
// is a call name such as "createcredential".
type Fault = fakeapi.Fault

// Start runs a fake on a free loopback port.
func Start() *Server {
	s := &Server{Project: "CL12345", Token: "fake-glesys-key", instances: map[string]*Instance{},
		clock: func() time.Time { return time.Date(2026, 11, 1, 13, 37, 0, 0, time.UTC) }}
	s.Server = fakeapi.StartServer(api{s})
	return s
}

// AddInstance creates an instance directly, without requests.
func (s *Server) AddInstance(id, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.instances[id] = &Instance{ID: id, Created: s.now(), Description: description, DataCenter: "dc-sto1", Credentials: []*Credential{}}
	s.order = append(s.order, id)
}

// AddCredentials creates n credentials directly, described prefix-0, ...
func (s *Server) AddCredentials(instanceID, prefix string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for i := range n {
		ids = append(ids, s.createCredential(s.instances[instanceID], fmt.Sprintf("%s-%d", prefix, i)).ID)
	}
	return ids
}

// AddCredentialDescribed creates one credential directly, as another
// client would, and returns its id.
func (s *Server) AddCredentialDescribed(instanceID, description string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createCredential(s.instances[instanceID], description).ID
}

// DeleteCredential removes a credential behind the client's back.
func (s *Server) DeleteCredential(instanceID, credentialID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if inst, ok := s.instances[instanceID]; ok {
		inst.Credentials = slices.DeleteFunc(inst.Credentials, func(c *Credential) bool { return c.ID == credentialID })
	}
}

// DeleteInstance removes an instance and its credentials behind the
// client's back.
func (s *Server) DeleteInstance(instanceID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.instances, instanceID)
	s.order = slices.DeleteFunc(s.order, func(id string) bool { return id == instanceID })
}

// Credentials returns the description of each of an instance's
// credentials by credential id.
func (s *Server) Credentials(instanceID string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	if inst, ok := s.instances[instanceID]; ok {
		for _, c := range inst.Credentials {
			out[c.ID] = c.Description
		}
	}
	return out
}

// Secrets returns the secret of every credential the fake holds, for tests
// that prove no secret leaks.
func (s *Server) Secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, inst := range s.instances {
		for _, c := range inst.Credentials {
			out = append(out, c.SecretKey)
		}
	}
	return out
}

// Descriptions returns the descriptions of an instance's credentials, sorted.
func (s *Server) Descriptions(instanceID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if inst, ok := s.instances[instanceID]; ok {
		for _, c := range inst.Credentials {
			out = append(out, c.Description)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Server) now() string { return s.clock().Format("2006-01-02T15:04:05-07:00") }

// methods maps each call to its method.
var methods = map[string]string{
	"listinstances": http.MethodGet, "instancedetails": http.MethodPost, "createinstance": http.MethodPost,
	"editinstance": http.MethodPost, "deleteinstance": http.MethodPost, "createcredential": http.MethodPost,
	"deletecredential": http.MethodPost,
}

// api is the fake's part of fakeapi.Server: GleSYS's calls, basic auth,
// the API key's functions and the response envelope.
type api struct{ s *Server }

func callOf(r *http.Request) string {
	call, _ := strings.CutPrefix(r.URL.Path, "/objectstorage/")
	return call
}

func (h api) Operation(r *http.Request, a *fakeapi.Answer) (string, bool) {
	call, ok := strings.CutPrefix(r.URL.Path, "/objectstorage/")
	if !ok || methods[call] == "" {
		answer(a, http.StatusNotFound, "Unknown function", nil)
		return "", false
	}
	return call, true
}

func (h api) Refuse(r *http.Request, body []byte, a *fakeapi.Answer) bool {
	call := callOf(r)
	user, pass, hasAuth := r.BasicAuth()
	switch {
	case !hasAuth || user != h.s.Project || pass != h.s.Token:
		answer(a, http.StatusUnauthorized, "Unauthorized. Invalid username or API key", nil)
	case !h.s.keyMay(call):
		refusedFunction(a)
	case r.Method != methods[call]:
		answer(a, http.StatusMethodNotAllowed, "Method not allowed", nil)
	case r.Method == http.MethodPost && json.Unmarshal(body, new(map[string]any)) != nil:
		answer(a, http.StatusBadRequest, "Invalid JSON in request body", nil)
	default:
		return false
	}
	return true
}

func (h api) Route(r *http.Request, body []byte, a *fakeapi.Answer) {
	var args map[string]any
	_ = json.Unmarshal(body, &args)
	status, text, payload := h.s.handle(callOf(r), args)
	answer(a, status, text, payload)
}

func (h api) Fail(a *fakeapi.Answer, status int) { answer(a, status, http.StatusText(status), nil) }

func (api) Finish(*fakeapi.Answer) {}

// Guess: the texts of error answers are not in glesys-api.md; these follow
// the API's usual wording.
const (
	textNoInstance   = "Object storage instance not found"
	textNoCredential = "Credential not found"
	textMissingArg   = "Missing required argument"
)

func (s *Server) handle(call string, body map[string]any) (int, string, map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	str := func(name string) (string, bool) {
		v, ok := body[name].(string)
		return v, ok && v != ""
	}
	switch call {
	case "listinstances":
		list := []map[string]any{}
		for _, id := range s.order {
			inst := s.instances[id]
			list = append(list, map[string]any{"id": inst.ID, "created": inst.Created, "description": inst.Description, "datacenter": inst.DataCenter})
		}
		return http.StatusOK, "OK", map[string]any{"instances": list}
	case "createinstance":
		dc, ok := str("datacenter")
		if !ok {
			return http.StatusBadRequest, textMissingArg + ": datacenter", nil
		}
		description, _ := str("description")
		id := "os-" + fakeapi.RandomString(5, fakeapi.LowerDigits)
		inst := &Instance{ID: id, Created: s.now(), Description: description, DataCenter: dc, Credentials: []*Credential{}}
		s.instances[id] = inst
		s.order = append(s.order, id)
		s.createCredential(inst, "None")
		return http.StatusOK, "OK", map[string]any{"instance": inst.snapshot()}
	}
	instanceID, ok := str("instanceid")
	if !ok {
		return http.StatusBadRequest, textMissingArg + ": instanceid", nil
	}
	inst, ok := s.instances[instanceID]
	if !ok {
		return http.StatusNotFound, textNoInstance, nil
	}
	switch call {
	case "instancedetails":
		return http.StatusOK, "OK", map[string]any{"instance": inst.snapshot()}
	case "editinstance":
		if d, ok := str("description"); ok {
			inst.Description = d
		}
		return http.StatusOK, "OK", map[string]any{"instance": inst.snapshot()}
	case "deleteinstance":
		delete(s.instances, instanceID)
		s.order = slices.DeleteFunc(s.order, func(id string) bool { return id == instanceID })
		return http.StatusOK, "OK", nil
	case "createcredential":
		// Guess: a description is optional, as on the control panel.
		description, _ := str("description")
		return http.StatusOK, "OK", map[string]any{"credential": *s.createCredential(inst, description)}
	case "deletecredential":
		credentialID, ok := str("credentialid")
		if !ok {
			return http.StatusBadRequest, textMissingArg + ": credentialid", nil
		}
		before := len(inst.Credentials)
		inst.Credentials = slices.DeleteFunc(inst.Credentials, func(c *Credential) bool { return c.ID == credentialID })
		if len(inst.Credentials) == before {
			return http.StatusNotFound, textNoCredential, nil
		}
		return http.StatusOK, "OK", nil
	}
	return http.StatusNotFound, "Unknown function", nil
}

// snapshot copies an instance for an answer: answers are encoded after
// s.mu is released, while other requests change the instance.
func (inst *Instance) snapshot() Instance {
	out := *inst
	out.Credentials = make([]*Credential, len(inst.Credentials))
	for i, c := range inst.Credentials {
		copied := *c
		out.Credentials[i] = &copied
	}
	return out
}

// createCredential adds a credential; the caller holds s.mu.
func (s *Server) createCredential(inst *Instance, description string) *Credential {
	c := &Credential{
		ID:          uuid(),
		AccessKey:   fakeapi.RandomString(20, fakeapi.UpperDigits),
		SecretKey:   fakeapi.RandomString(40, fakeapi.Letters),
		Description: description,
		Created:     s.now(),
	}
	inst.Credentials = append(inst.Credentials, c)
	return c
}

// answer writes the envelope {"response": {"status": {...}, ...payload}}.
func answer(a *fakeapi.Answer, status int, text string, payload map[string]any) {
	response := map[string]any{"status": map[string]any{"code": status, "text": text}}
	for k, v := range payload {
		response[k] = v
	}
	a.JSON(status, map[string]any{"response": response})
}

func uuid() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
