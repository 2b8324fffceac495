// Package fake is an in-process Google Cloud Storage JSON API (HMAC keys,
// buckets and their IAM policies) and IAM API (service accounts), both on
// one loopback server, written from the Discovery documents in testdata/
// and the facts of the provider's guide: bearer tokens, Google's JSON
// errors, etags on bucket policies and HMAC keys, deleted keys that linger
// as DELETED, a new account that Cloud Storage sees only after a while
// (Propagation), and a delete refused while a deactivation spreads
// (DeleteLag). Requests are counted by method ("hmacKeys.create",
// "buckets.setIamPolicy", ...) and take fakeapi's faults. Where the facts
// are silent the fake guesses; each guess is marked "Guess:".
package fake

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	iam "google.golang.org/api/iam/v1"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake. URL + "/storage/v1/" is the storage API's base
// URL, URL + "/" the IAM API's.
type Server struct {
	*fakeapi.Server
	Token, Project string

	contract *Contract

	mu          sync.Mutex
	accounts    map[string]*iam.ServiceAccount // by email
	accountMade map[string]time.Time
	keys        map[string]*storage.HmacKeyMetadata // by access id
	deactivated map[string]time.Time
	secrets     []string
	buckets     map[string]*bucket
	etags       int
	propagation time.Duration
	readLag     time.Duration
	deleteLag   time.Duration
	beforeSet   func(bucket string)
}

type bucket struct {
	name     string
	created  time.Time
	policy   storage.Policy
	policies int // writes so far, for the etag
}

// Fault is an answer the fake gives once instead of the normal one; its Op
// is a method such as "hmacKeys.create".
type Fault = fakeapi.Fault

// Start runs a fake of project "fake-project" on a free loopback port.
func Start() *Server {
	s := &Server{Token: "ya29.fake-gcs-access-token", Project: "fake-project",
		accounts: map[string]*iam.ServiceAccount{}, accountMade: map[string]time.Time{}, keys: map[string]*storage.HmacKeyMetadata{},
		deactivated: map[string]time.Time{}, buckets: map[string]*bucket{}}
	c, err := LoadContract()
	if err != nil {
		panic(err)
	}
	s.contract = c
	s.Server = fakeapi.StartServer(api{s})
	return s
}

// TokenPath is the fake's OAuth token endpoint: a service account key file
// whose token_uri is URL + TokenPath gets the fake's token there.
const TokenPath = "/token"

// StorageURL and IAMURL are the APIs' base URLs, as the backend takes them.
func (s *Server) StorageURL() string { return s.URL + "/storage/v1/" }
func (s *Server) IAMURL() string     { return s.URL + "/" }

// SetPropagation makes a new service account unknown to Cloud Storage (its
// HMAC keys and bucket policies) for d after it was made.
func (s *Server) SetPropagation(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.propagation = d
}

// SetReadLag makes a new service account unknown to the IAM API's reads
// (get and list) for d after it was made.
func (s *Server) SetReadLag(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readLag = d
}

// SetDeleteLag makes the fake refuse to delete an HMAC key for d after it
// was deactivated, as Google does until the change has spread.
func (s *Server) SetDeleteLag(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteLag = d
}

// BeforeSetPolicy calls f with the bucket of every setIamPolicy, before
// the fake checks its etag: another writer's change made there lands
// between the caller's read and write.
func (s *Server) BeforeSetPolicy(f func(bucket string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beforeSet = f
}

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

func randomString(n int, alphabet string) string {
	out := make([]byte, n)
	for i := range out {
		v, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		out[i] = alphabet[v.Int64()]
	}
	return string(out)
}

// AddBucket makes a bucket with the project's default policy: its owners
// and editors own it, its viewers read it.
func (s *Server) AddBucket(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := &bucket{name: name, created: now(), policy: storage.Policy{Version: 1, Bindings: []*storage.PolicyBindings{
		{Role: "roles/storage.legacyBucketOwner", Members: []string{"projectEditor:" + s.Project, "projectOwner:" + s.Project}},
		{Role: "roles/storage.legacyBucketReader", Members: []string{"projectViewer:" + s.Project}},
	}}}
	s.buckets[name] = b
	s.newEtag(b)
}

func (s *Server) newEtag(b *bucket) {
	s.etags++
	b.policies++
	b.policy.Etag = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("CA%d", s.etags)))
}

// RemoveBucket deletes a bucket behind the provider's back.
func (s *Server) RemoveBucket(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.buckets, name)
}

// Bind adds member to role on a bucket as another client would, with a
// condition when given.
func (s *Server) Bind(bucketName, role, member string, condition *storage.Expr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buckets[bucketName]
	for _, bd := range b.policy.Bindings {
		if bd.Role == role && bd.Condition == nil && condition == nil {
			bd.Members = append(bd.Members, member)
			s.newEtag(b)
			return
		}
	}
	b.policy.Bindings = append(b.policy.Bindings, &storage.PolicyBindings{Role: role, Members: []string{member}, Condition: condition})
	if condition != nil {
		b.policy.Version = 3
	}
	s.newEtag(b)
}

// Bindings returns a bucket's bindings as "role member" lines, with
// " if TITLE" for a conditional one, sorted.
func (s *Server) Bindings(bucketName string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, bd := range s.buckets[bucketName].policy.Bindings {
		for _, m := range bd.Members {
			line := bd.Role + " " + m
			if bd.Condition != nil {
				line += " if " + bd.Condition.Title
			}
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out
}

// RolesOf returns the roles of member's unconditional bindings on a
// bucket, sorted.
func (s *Server) RolesOf(bucketName, member string) []string {
	var roles []string
	for _, line := range s.Bindings(bucketName) {
		role, m, _ := strings.Cut(line, " ")
		if m == member {
			roles = append(roles, role)
		}
	}
	return roles
}

// AddAccount makes a service account as another client would and returns
// its email.
func (s *Server) AddAccount(accountID, displayName, description string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAccount(accountID, displayName, description).Email
}

func (s *Server) addAccount(accountID, displayName, description string) *iam.ServiceAccount {
	email := accountID + "@" + s.Project + ".iam.gserviceaccount.com"
	unique := randomString(21, "0123456789")
	a := &iam.ServiceAccount{Name: "projects/" + s.Project + "/serviceAccounts/" + email, ProjectId: s.Project, UniqueId: unique,
		Email: email, DisplayName: displayName, Description: description, Oauth2ClientId: unique, Etag: "MDEwMjE5MjA="}
	s.accounts[email] = a
	s.accountMade[email] = time.Now()
	return a
}

// AddHMACKey makes an HMAC key of an account as another client would and
// returns its access id.
func (s *Server) AddHMACKey(email string) string {
	k := s.AddHMACKeyWithSecret(email)
	return k.Metadata.AccessId
}

// AddHMACKeyWithSecret makes an HMAC key of an account as another client
// would and returns it with its secret.
func (s *Server) AddHMACKeyWithSecret(email string) *storage.HmacKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addKey(email)
}

// Names returns the display name of the account of every HMAC key not
// deleted, by access id.
func (s *Server) Names() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, k := range s.keys {
		if a, ok := s.accounts[k.ServiceAccountEmail]; ok && k.State != "DELETED" {
			out[id] = a.DisplayName
		}
	}
	return out
}

const upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func (s *Server) addKey(email string) *storage.HmacKey {
	id := "GOOG1E" + randomString(55, upperDigits)
	at := now().Format(time.RFC3339Nano)
	k := &storage.HmacKeyMetadata{Kind: "storage#hmacKeyMetadata", AccessId: id, Id: s.Project + "/" + id, ProjectId: s.Project,
		ServiceAccountEmail: email, State: "ACTIVE", TimeCreated: at, Updated: at, Etag: randomString(12, upperDigits),
		SelfLink: "https://www.googleapis.com/storage/v1/projects/" + s.Project + "/hmacKeys/" + id}
	secret := randomString(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
	s.keys[id] = k
	s.secrets = append(s.secrets, secret)
	return &storage.HmacKey{Kind: "storage#hmacKey", Metadata: k, Secret: secret}
}

// RemoveKey deletes an HMAC key behind the provider's back.
func (s *Server) RemoveKey(accessID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[accessID]; ok {
		k.State = "DELETED"
	}
}

// RemoveAccount deletes a service account behind the provider's back.
func (s *Server) RemoveAccount(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteAccount(email)
}

// Accounts returns every service account's display name, by email.
func (s *Server) Accounts() map[string]string {
	return fakeapi.Index(&s.mu, s.accounts, func(email string) string { return email }, func(a *iam.ServiceAccount) string { return a.DisplayName })
}

// Keys returns the state of every HMAC key not deleted, by access id.
func (s *Server) Keys() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, k := range s.keys {
		if k.State != "DELETED" {
			out[id] = k.State
		}
	}
	return out
}

// AccountOf is the email of an HMAC key's account.
func (s *Server) AccountOf(accessID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[accessID]; ok {
		return k.ServiceAccountEmail
	}
	return ""
}

// Secrets returns every secret an HMAC key of the fake held.
func (s *Server) Secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.secrets)
}

// deleteAccount removes an account; its bindings then name it deleted,
// as Google shows them.
func (s *Server) deleteAccount(email string) {
	a, ok := s.accounts[email]
	if !ok {
		return
	}
	delete(s.accounts, email)
	for _, b := range s.buckets {
		changed := false
		for _, bd := range b.policy.Bindings {
			for i, m := range bd.Members {
				if m == "serviceAccount:"+email {
					bd.Members[i] = "deleted:serviceAccount:" + email + "?uid=" + a.UniqueId
					changed = true
				}
			}
		}
		if changed {
			s.newEtag(b)
		}
	}
}

// seen reports whether Cloud Storage sees an account yet.
func (s *Server) seen(email string) bool {
	_, ok := s.accounts[email]
	return ok && time.Since(s.accountMade[email]) >= s.propagation
}

// readable reports whether the IAM API's reads show an account yet.
func (s *Server) readable(email string) bool { return time.Since(s.accountMade[email]) >= s.readLag }
