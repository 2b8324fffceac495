package fake

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// api is the Server's part of fakeapi.API.
type api struct{ s *Server }

var calls = []string{"b2_authorize_account", "b2_create_key", "b2_list_keys", "b2_delete_key", "b2_list_buckets"}

func (a api) Operation(r *http.Request, ans *fakeapi.Answer) (string, bool) {
	call, ok := strings.CutPrefix(r.URL.Path, "/b2api/v4/")
	if !ok || !slices.Contains(calls, call) || (r.Method != http.MethodPost && r.Method != http.MethodGet) {
		fail(ans, http.StatusNotFound, "not_found", "unknown call "+r.URL.Path)
		return "", false
	}
	return call, true
}

// Refuse checks the credentials: Basic for the authorization, the token
// (sent raw) for every other call.
func (a api) Refuse(r *http.Request, body []byte, ans *fakeapi.Answer) bool {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	auth := r.Header.Get("Authorization")
	if strings.HasSuffix(r.URL.Path, "/b2_authorize_account") {
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.KeyID+":"+s.Key))
		if auth != want {
			fail(ans, http.StatusUnauthorized, "unauthorized", "invalid application key id or application key")
			return true
		}
		return false
	}
	valid, known := s.tokens[auth]
	switch {
	case !known:
		fail(ans, http.StatusUnauthorized, "bad_auth_token", "Invalid authorization token")
		return true
	case !valid:
		fail(ans, http.StatusUnauthorized, "expired_auth_token", "Authorization token has expired")
		return true
	case len(body) > 0 && !json.Valid(body):
		fail(ans, http.StatusBadRequest, "bad_json", "the body is not JSON")
		return true
	}
	return false
}

func (a api) Fail(ans *fakeapi.Answer, status int) {
	code := "internal_error"
	switch status {
	case http.StatusTooManyRequests:
		code = "too_many_requests"
	case http.StatusServiceUnavailable:
		code = "service_unavailable"
	}
	fail(ans, status, code, http.StatusText(status))
}

func (a api) Finish(*fakeapi.Answer) {}

func fail(ans *fakeapi.Answer, status int, code, message string) {
	ans.JSON(status, map[string]any{"status": status, "code": code, "message": message})
}

// keyNamePattern is what b2_create_key takes as a key name.
var keyNamePattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,100}$`)

// restricted are the capabilities a key restricted to buckets may hold.
var restricted = []string{"listAllBucketNames", "listBuckets", "readBuckets", "readBucketEncryption", "writeBucketEncryption",
	"readBucketRetentions", "writeBucketRetentions", "readBucketNotifications", "writeBucketNotifications", "listFiles",
	"readFiles", "shareFiles", "writeFiles", "deleteFiles", "readFileLegalHolds", "writeFileLegalHolds", "readFileRetentions",
	"writeFileRetentions", "bypassGovernance"}

// maxDuration is 1,000 days in seconds.
const maxDuration = 86_400_000

func (a api) Route(r *http.Request, body []byte, ans *fakeapi.Answer) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	call := strings.TrimPrefix(r.URL.Path, "/b2api/v4/")
	var in map[string]any
	if len(body) > 0 {
		_ = json.Unmarshal(body, &in)
	}
	if call != "b2_authorize_account" && call != "b2_delete_key" && in["accountId"] != s.AccountID {
		fail(ans, http.StatusBadRequest, "bad_request", "accountId is missing or not this account's")
		return
	}
	switch call {
	case "b2_authorize_account":
		token := "4_" + randomHex(24)
		s.tokens[token] = true
		ans.JSON(http.StatusOK, map[string]any{
			"accountId": s.AccountID, "authorizationToken": token, "applicationKeyExpirationTimestamp": nil,
			"apiInfo": map[string]any{"storageApi": map[string]any{
				"apiUrl": s.URL, "downloadUrl": s.URL, "s3ApiUrl": "https://s3.us-west-004.backblazeb2.com",
				"recommendedPartSize": 100000000, "absoluteMinimumPartSize": 5000000,
				"allowed": map[string]any{"capabilities": []string{"listKeys", "writeKeys", "deleteKeys", "listBuckets"}, "buckets": nil, "namePrefix": nil},
			}},
		})
	case "b2_create_key":
		a.createKey(in, ans)
	case "b2_list_keys":
		limit := 100
		if n, ok := in["maxKeyCount"].(float64); ok && n > 0 {
			limit = int(n)
		}
		if limit > 10000 {
			fail(ans, http.StatusBadRequest, "bad_request", "maxKeyCount must be at most 10000")
			return
		}
		start, _ := in["startApplicationKeyId"].(string)
		ids := s.sortedIDs()
		i, _ := slices.BinarySearch(ids, start)
		keys := []map[string]any{}
		next := any(nil)
		for ; i < len(ids); i++ {
			if len(keys) == limit {
				next = ids[i]
				break
			}
			keys = append(keys, s.keyObject(s.keys[ids[i]], false))
		}
		ans.JSON(http.StatusOK, map[string]any{"keys": keys, "nextApplicationKeyId": next})
	case "b2_delete_key":
		id, _ := in["applicationKeyId"].(string)
		k := s.keys[id]
		if k == nil {
			fail(ans, http.StatusBadRequest, "bad_request", "application key does not exist: "+id)
			return
		}
		delete(s.keys, id)
		ans.JSON(http.StatusOK, s.keyObject(k, false))
	case "b2_list_buckets":
		var ids []string
		for id := range s.buckets {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		name, _ := in["bucketName"].(string)
		buckets := []map[string]any{}
		for _, id := range ids {
			if name == "" || s.buckets[id] == name {
				buckets = append(buckets, map[string]any{"accountId": s.AccountID, "bucketId": id, "bucketName": s.buckets[id], "bucketType": "allPrivate"})
			}
		}
		ans.JSON(http.StatusOK, map[string]any{"buckets": buckets})
	}
}

func (a api) createKey(in map[string]any, ans *fakeapi.Answer) {
	s := a.s
	name, _ := in["keyName"].(string)
	if !keyNamePattern.MatchString(name) {
		fail(ans, http.StatusBadRequest, "bad_request", "keyName must be 1 to 100 letters, digits and -")
		return
	}
	capabilities := stringList(in["capabilities"])
	if len(capabilities) == 0 {
		fail(ans, http.StatusBadRequest, "bad_request", "at least one capability is required")
		return
	}
	k := &Key{Name: name, Capabilities: capabilities}
	if raw, ok := in["bucketIds"]; ok && raw != nil {
		k.BucketIDs = stringList(raw)
		for _, id := range k.BucketIDs {
			if _, ok := s.buckets[id]; !ok {
				fail(ans, http.StatusBadRequest, "bad_bucket_id", "Invalid bucketId: "+id)
				return
			}
		}
		for _, c := range capabilities {
			if !slices.Contains(restricted, c) {
				fail(ans, http.StatusBadRequest, "bad_request", "capability "+c+" is not allowed on a key restricted to buckets")
				return
			}
		}
	}
	if d, ok := in["validDurationInSeconds"].(float64); ok {
		if d < 1 || d > maxDuration {
			fail(ans, http.StatusBadRequest, "bad_request", "validDurationInSeconds must be between 1 and 86400000")
			return
		}
		at := s.clock().UnixMilli() + int64(d)*1000
		k.Expiration = &at
	}
	s.add(k)
	ans.JSON(http.StatusOK, s.keyObject(k, true))
}

func (s *Server) keyObject(k *Key, withSecret bool) map[string]any {
	var buckets any
	if k.BucketIDs != nil {
		buckets = k.BucketIDs
	}
	o := map[string]any{
		"accountId": s.AccountID, "applicationKeyId": k.ID, "keyName": k.Name, "capabilities": k.Capabilities,
		"bucketIds": buckets, "namePrefix": k.NamePrefix, "expirationTimestamp": k.Expiration, "options": []string{"s3"},
	}
	if withSecret {
		o["applicationKey"] = k.Secret
	}
	return o
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
