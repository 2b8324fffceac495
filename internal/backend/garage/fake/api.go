package fake

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// api is the Server's part of fakeapi.API.
type api struct{ s *Server }

// methods is each operation's method (garage-admin.md, "Key operations"
// and "Bucket operations used for grants").
var methods = map[string]string{
	"CreateKey": http.MethodPost, "ImportKey": http.MethodPost, "GetKeyInfo": http.MethodGet, "ListKeys": http.MethodGet,
	"UpdateKey": http.MethodPost, "DeleteKey": http.MethodPost, "ListBuckets": http.MethodGet, "GetBucketInfo": http.MethodGet,
	"AllowBucketKey": http.MethodPost, "DenyBucketKey": http.MethodPost,
}

func (a api) Operation(r *http.Request, ans *fakeapi.Answer) (string, bool) {
	op, ok := strings.CutPrefix(r.URL.Path, "/v2/")
	if method, known := methods[op]; !ok || !known || r.Method != method {
		// Guess: Garage answers an unknown route with 404 and its error.
		fail(ans, http.StatusNotFound, "InvalidRequest", "unknown operation "+r.Method+" "+r.URL.Path)
		return "", false
	}
	return op, true
}

// Refuse answers 403 AccessDenied to a missing, malformed or wrong token.
func (a api) Refuse(r *http.Request, body []byte, ans *fakeapi.Answer) bool {
	if r.Header.Get("Authorization") != "Bearer "+a.s.Token {
		fail(ans, http.StatusForbidden, "AccessDenied", "Forbidden: Invalid authorization token")
		return true
	}
	if len(body) > 0 && !json.Valid(body) {
		fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: the body is not JSON")
		return true
	}
	return false
}

func (a api) Fail(ans *fakeapi.Answer, status int) {
	fail(ans, status, "InternalError", http.StatusText(status))
}

func (a api) Finish(*fakeapi.Answer) {}

func fail(ans *fakeapi.Answer, status int, code, message string) {
	ans.JSON(status, map[string]string{"code": code, "message": message, "region": "garage", "path": ""})
}

// keyIDPattern and secretPattern are Garage's shapes of an access key id
// and a secret.
var (
	keyIDPattern  = regexp.MustCompile(`^GK[0-9a-f]{24}$`)
	secretPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// keyUpdate is a CreateKey or UpdateKey body.
type keyUpdate struct {
	Name         *string    `json:"name"`
	Allow        *rights    `json:"allow"`
	Deny         *rights    `json:"deny"`
	Expiration   *time.Time `json:"expiration"`
	NeverExpires bool       `json:"neverExpires"`
}

type rights struct {
	CreateBucket bool `json:"createBucket"`
}

type grantBody struct {
	BucketID    *string      `json:"bucketId"`
	AccessKeyID *string      `json:"accessKeyId"`
	Permissions *Permissions `json:"permissions"`
}

func (a api) Route(r *http.Request, body []byte, ans *fakeapi.Answer) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	op := strings.TrimPrefix(r.URL.Path, "/v2/")
	q := r.URL.Query()
	switch op {
	case "CreateKey":
		var u keyUpdate
		if !decode(body, &u, ans) {
			return
		}
		k := &Key{ID: "GK" + randomHex(12), Name: "Unnamed key", Secret: randomHex(32), Created: s.clock()}
		if !s.apply(k, u, ans) {
			return
		}
		s.add(k)
		ans.JSON(http.StatusOK, s.keyInfo(k, true))
	case "ImportKey":
		var in struct {
			AccessKeyID     *string `json:"accessKeyId"`
			SecretAccessKey *string `json:"secretAccessKey"`
			Name            *string `json:"name"`
		}
		if !decode(body, &in, ans) {
			return
		}
		if in.AccessKeyID == nil || in.SecretAccessKey == nil || !keyIDPattern.MatchString(*in.AccessKeyID) || !secretPattern.MatchString(*in.SecretAccessKey) {
			fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: invalid access key id or secret")
			return
		}
		if s.keys[*in.AccessKeyID] != nil || s.gone[*in.AccessKeyID] {
			fail(ans, http.StatusConflict, "KeyAlreadyExists", "Key "+*in.AccessKeyID+" already exists in data store. Even if it is deleted, we can't let you create a new key with the same ID. Sorry.")
			return
		}
		k := &Key{ID: *in.AccessKeyID, Secret: *in.SecretAccessKey, Name: "Imported key", Created: s.clock()}
		if in.Name != nil {
			k.Name = *in.Name
		}
		s.add(k)
		ans.JSON(http.StatusOK, s.keyInfo(k, false))
	case "GetKeyInfo":
		if q.Has("id") == q.Has("search") {
			fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: either id or search must be provided (but not both)")
			return
		}
		k := s.keys[q.Get("id")]
		if q.Has("search") {
			k = s.search(q.Get("search"))
		}
		if k == nil {
			fail(ans, http.StatusNotFound, "NoSuchAccessKey", "Access key not found")
			return
		}
		ans.JSON(http.StatusOK, s.keyInfo(k, q.Get("showSecretKey") == "true"))
	case "ListKeys":
		var ids []string
		for id := range s.keys {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		list := []map[string]any{}
		for _, id := range ids {
			k := s.keys[id]
			list = append(list, map[string]any{"id": k.ID, "name": k.Name, "created": k.Created, "expiration": k.Expiration, "expired": s.expired(k)})
		}
		ans.JSON(http.StatusOK, list)
	case "UpdateKey":
		k := s.keys[q.Get("id")]
		if k == nil {
			fail(ans, http.StatusNotFound, "NoSuchAccessKey", "Access key not found")
			return
		}
		var u keyUpdate
		if !decode(body, &u, ans) || !s.apply(k, u, ans) {
			return
		}
		ans.JSON(http.StatusOK, s.keyInfo(k, false))
	case "DeleteKey":
		if s.keys[q.Get("id")] == nil {
			fail(ans, http.StatusNotFound, "NoSuchAccessKey", "Access key not found")
			return
		}
		s.deleteKey(q.Get("id"))
		ans.Status = http.StatusOK
	case "ListBuckets":
		list := []map[string]any{}
		for _, b := range s.sortedBuckets() {
			list = append(list, map[string]any{"id": b.ID, "created": b.Created, "globalAliases": aliases(b), "localAliases": []any{}})
		}
		ans.JSON(http.StatusOK, list)
	case "GetBucketInfo":
		var b *Bucket
		switch {
		case q.Has("id") && !q.Has("globalAlias"):
			b = s.buckets[q.Get("id")]
		case q.Has("globalAlias") && !q.Has("id"):
			b = s.bucketByAlias(q.Get("globalAlias"))
		default:
			fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: exactly one of id, globalAlias or search must be provided")
			return
		}
		if b == nil {
			fail(ans, http.StatusNotFound, "NoSuchBucket", "Bucket not found")
			return
		}
		ans.JSON(http.StatusOK, s.bucketInfo(b))
	case "AllowBucketKey", "DenyBucketKey":
		var in grantBody
		if !decode(body, &in, ans) {
			return
		}
		if in.BucketID == nil || in.AccessKeyID == nil || in.Permissions == nil {
			fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: bucketId, accessKeyId and permissions are required")
			return
		}
		b, k := s.buckets[*in.BucketID], s.keys[*in.AccessKeyID]
		switch {
		case b == nil:
			fail(ans, http.StatusNotFound, "NoSuchBucket", "Bucket not found")
			return
		case k == nil:
			fail(ans, http.StatusNotFound, "NoSuchAccessKey", "Access key not found")
			return
		}
		p, set := b.Keys[k.ID], op == "AllowBucketKey"
		if in.Permissions.Read {
			p.Read = set
		}
		if in.Permissions.Write {
			p.Write = set
		}
		if in.Permissions.Owner {
			p.Owner = set
		}
		// Guess: a key with no flag left is no longer listed on the bucket.
		if p == (Permissions{}) {
			delete(b.Keys, k.ID)
		} else {
			b.Keys[k.ID] = p
		}
		ans.JSON(http.StatusOK, s.bucketInfo(b))
	}
}

// apply makes the changes of a KeyUpdate; false when it answered an error.
func (s *Server) apply(k *Key, u keyUpdate, ans *fakeapi.Answer) bool {
	if u.Expiration != nil && u.NeverExpires {
		fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: cannot specify `expiration` and `neverExpires` at the same time")
		return false
	}
	if u.Name != nil {
		k.Name = *u.Name
	}
	if u.Allow != nil && u.Allow.CreateBucket {
		k.CreateBucket = true
	}
	if u.Deny != nil && u.Deny.CreateBucket {
		k.CreateBucket = false
	}
	if u.Expiration != nil {
		at := u.Expiration.UTC()
		k.Expiration = &at
	}
	if u.NeverExpires {
		k.Expiration = nil
	}
	return true
}

func (s *Server) expired(k *Key) bool { return k.Expiration != nil && !k.Expiration.After(s.clock()) }

// search finds a key by id prefix or name (Guess: the first in id order).
func (s *Server) search(pattern string) *Key {
	var ids []string
	for id, k := range s.keys {
		if strings.HasPrefix(id, pattern) || k.Name == pattern {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		return nil
	}
	return s.keys[ids[0]]
}

func (s *Server) keyInfo(k *Key, withSecret bool) map[string]any {
	buckets := []map[string]any{}
	for _, b := range s.sortedBuckets() {
		if p, ok := b.Keys[k.ID]; ok {
			buckets = append(buckets, map[string]any{"id": b.ID, "globalAliases": aliases(b), "localAliases": []string{}, "permissions": p})
		}
	}
	info := map[string]any{
		"accessKeyId": k.ID, "name": k.Name, "expired": s.expired(k), "created": k.Created, "expiration": k.Expiration,
		"permissions": map[string]bool{"createBucket": k.CreateBucket}, "buckets": buckets,
	}
	if withSecret {
		info["secretAccessKey"] = k.Secret
	} else {
		info["secretAccessKey"] = nil
	}
	return info
}

func (s *Server) bucketInfo(b *Bucket) map[string]any {
	keys := []map[string]any{}
	var ids []string
	for id := range b.Keys {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		name := ""
		if k := s.keys[id]; k != nil {
			name = k.Name
		}
		keys = append(keys, map[string]any{"accessKeyId": id, "name": name, "permissions": b.Keys[id], "bucketLocalAliases": []string{}})
	}
	return map[string]any{
		"id": b.ID, "created": b.Created, "globalAliases": aliases(b), "websiteAccess": false, "websiteConfig": nil, "keys": keys,
		"objects": 0, "bytes": 0, "unfinishedUploads": 0, "unfinishedMultipartUploads": 0, "unfinishedMultipartUploadParts": 0,
		"unfinishedMultipartUploadBytes": 0, "quotas": map[string]any{"maxSize": nil, "maxObjects": nil},
	}
}

func aliases(b *Bucket) []string {
	if b.Alias == "" {
		return []string{}
	}
	return []string{b.Alias}
}

// decode reads a JSON body into v; an empty body is an empty object.
func decode(body []byte, v any, ans *fakeapi.Answer) bool {
	if len(body) == 0 {
		return true
	}
	if err := json.Unmarshal(body, v); err != nil {
		fail(ans, http.StatusBadRequest, "InvalidRequest", "Bad request: "+err.Error())
		return false
	}
	return true
}
