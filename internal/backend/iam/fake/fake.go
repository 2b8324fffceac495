// Package fake is an in-process AWS IAM API for the behaviour of AWS that
// SeaweedFS does not have: paths and tags kept at creation, CreateDate,
// GetAccountAuthorizationDetails, URL-encoded policy documents, two access
// keys per user, paginated lists, and eventual consistency (Lag). It
// speaks the IAM Query protocol (a form POSTed to "/" with Action and
// Version=2010-05-08, signed with Signature Version 4 for the service
// "iam"; XML answers and the ErrorResponse envelope) as AWS documents it,
// and its tests drive it with AWS's own Go client, aws-sdk-go-v2.
package fake

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake.
type Server struct {
	AccessKey, SecretKey string // the caller's credentials

	// Lag is how long a user made or renamed stays invisible to reads
	// (NoSuchEntity), as AWS IAM may answer right after a change.
	Lag time.Duration

	// Server counts requests per Action, holds injected faults and stops
	// with Close.
	*fakeapi.Server

	mu     sync.Mutex
	users  map[string]*User
	denied map[string]bool
	clock  func() time.Time
}

// Deny makes the fake refuse an action with AccessDenied, as AWS does for
// credentials whose policy leaves it out.
func (s *Server) Deny(action string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.denied == nil {
		s.denied = map[string]bool{}
	}
	s.denied[action] = true
}

// User is one IAM user as the fake holds it.
type User struct {
	Name, Path, ID string
	Created        time.Time
	// Visible is when reads first see the user (Lag after its last
	// create or rename).
	Visible  time.Time
	Tags     map[string]string
	Keys     []*AccessKey
	Policies map[string]string // inline policies by name
	Attached []string          // managed policy ARNs
	Groups   []string
}

// AccessKey is one access key of a user.
type AccessKey struct {
	ID, Secret, Status string
	Created            time.Time
}

// maxKeysPerUser is AWS's limit.
const maxKeysPerUser = 2

// Start starts a fake with credentials of its own.
func Start() *Server {
	s := &Server{
		AccessKey: "AKIA" + fakeapi.RandomString(16, upperDigits),
		SecretKey: fakeapi.RandomString(40, upperDigits),
		users:     map[string]*User{},
		clock:     time.Now,
	}
	s.Server = fakeapi.StartServer(api{s})
	return s
}

const upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// Users returns a copy of every user, by name.
func (s *Server) Users() map[string]User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]User{}
	for name, u := range s.users {
		out[name] = *u
	}
	return out
}

// AddUser makes a user as another client would, without the fake's lag.
func (s *Server) AddUser(name, path string, tags map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	s.users[name] = &User{Name: name, Path: path, ID: "AIDA" + fakeapi.RandomString(17, upperDigits), Created: now, Visible: now,
		Tags: tags, Policies: map[string]string{}}
}

// Attach gives a user a managed policy, as another client would.
func (s *Server) Attach(user, arn string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[user].Attached = append(s.users[user].Attached, arn)
}

// api is the fake's part of fakeapi.Server: the Query protocol's one
// path, Signature Version 4 and the ErrorResponse envelope. A fault is
// served before the signature is checked, as a failing front end would.
type api struct{ s *Server }

func (h api) Operation(r *http.Request, a *fakeapi.Answer) (string, bool) {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		writeError(a.Writer(), http.StatusNotFound, "Sender", "NotFound", "the IAM API answers POST / only")
		return "", false
	}
	if err := r.ParseForm(); err != nil {
		writeError(a.Writer(), http.StatusBadRequest, "Sender", "MalformedQueryString", err.Error())
		return "", false
	}
	return r.PostForm.Get("Action"), true
}

func (h api) Refuse(r *http.Request, _ []byte, a *fakeapi.Answer) bool {
	if msg := h.s.checkSignature(r); msg != "" {
		writeError(a.Writer(), http.StatusForbidden, "Sender", "SignatureDoesNotMatch", msg)
		return true
	}
	if v := r.PostForm.Get("Version"); v != "2010-05-08" {
		writeError(a.Writer(), http.StatusBadRequest, "Sender", "InvalidParameterValue", fmt.Sprintf("Version %q is not 2010-05-08", v))
		return true
	}
	return false
}

func (h api) Route(r *http.Request, _ []byte, a *fakeapi.Answer) {
	h.s.handle(a.Writer(), r.PostForm.Get("Action"), r.PostForm)
}

func (h api) Fail(a *fakeapi.Answer, status int) {
	writeError(a.Writer(), status, "Receiver", "ServiceFailure", http.StatusText(status))
}

func (api) Finish(*fakeapi.Answer) {}

// checkSignature checks that the request is signed with Signature Version
// 4 by the fake's access key for the service "iam".
func (s *Server) checkSignature(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	_, credential, ok := strings.Cut(auth, "Credential=")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || !ok {
		return "the request is not signed with AWS4-HMAC-SHA256"
	}
	scope, _, _ := strings.Cut(credential, ",")
	parts := strings.Split(scope, "/")
	if len(parts) != 5 || parts[0] != s.AccessKey || parts[3] != "iam" || parts[4] != "aws4_request" {
		return fmt.Sprintf("the credential scope %q is not this account's key signing for iam", scope)
	}
	return ""
}

// handle answers one action.
func (s *Server) handle(w http.ResponseWriter, action string, form url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.denied[action] {
		writeError(w, http.StatusForbidden, "Sender", "AccessDenied", "User is not authorized to perform: iam:"+action)
		return
	}
	h, ok := handlers[action]
	if !ok {
		writeError(w, http.StatusBadRequest, "Sender", "InvalidAction", "The action "+action+" is not valid for this endpoint")
		return
	}
	result, err := h(s, form)
	if err != nil {
		writeError(w, err.status, "Sender", err.code, err.message)
		return
	}
	writeResult(w, action, result)
}

type apiError struct {
	status        int
	code, message string
}

func noSuchEntity(what string) *apiError {
	return &apiError{http.StatusNotFound, "NoSuchEntity", what + " cannot be found."}
}

func invalid(msg string) *apiError {
	return &apiError{http.StatusBadRequest, "ValidationError", msg}
}

// user returns a user that reads can see (Lag passed), for every action
// but the one that made it.
func (s *Server) user(name string) (*User, *apiError) {
	u, ok := s.users[name]
	if !ok || s.clock().Before(u.Visible) {
		return nil, noSuchEntity("The user with name " + name)
	}
	return u, nil
}

// required returns a form value that must be there.
func required(form url.Values, name string) (string, *apiError) {
	v := form.Get(name)
	if v == "" {
		return "", invalid("1 validation error detected: Value null at '" + lowerFirst(name) + "' failed to satisfy constraint: Member must not be null")
	}
	return v, nil
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// members reads a list parameter: Name.member.1, Name.member.2, ...
func members(form url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := form[name+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// tagsOf reads Tags.member.N.Key and .Value.
func tagsOf(form url.Values) map[string]string {
	tags := map[string]string{}
	for i := 1; ; i++ {
		key := form.Get("Tags.member." + strconv.Itoa(i) + ".Key")
		if key == "" {
			return tags
		}
		tags[key] = form.Get("Tags.member." + strconv.Itoa(i) + ".Value")
	}
}

// page cuts a sorted list of names at Marker and MaxItems (at most 1000,
// 100 by default, as AWS).
func page(names []string, form url.Values) (out []string, truncated bool, next string, err *apiError) {
	maxItems := 100
	if v := form.Get("MaxItems"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > 1000 {
			return nil, false, "", invalid("MaxItems must be 1 to 1000")
		}
		maxItems = n
	}
	slices.Sort(names)
	start := 0
	if marker := form.Get("Marker"); marker != "" {
		start = slices.IndexFunc(names, func(n string) bool { return n > marker })
		if start < 0 {
			start = len(names)
		}
	}
	end := min(start+maxItems, len(names))
	if end < len(names) {
		return names[start:end], true, names[end-1], nil
	}
	return names[start:end], false, "", nil
}
