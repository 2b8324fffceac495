package fake

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	iam "google.golang.org/api/iam/v1"
	storage "google.golang.org/api/storage/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// api is the Server's part of fakeapi.API.
type api struct{ s *Server }

// Operation names a request by its Discovery method, less the API and
// "projects.": "hmacKeys.create", "buckets.getIamPolicy",
// "serviceAccounts.patch".
func (a api) Operation(r *http.Request, ans *fakeapi.Answer) (string, bool) {
	if r.Method == http.MethodPost && r.URL.Path == TokenPath {
		return "token", true
	}
	id := a.s.contract.Method(r)
	if id == "" {
		fail(ans, http.StatusNotFound, "notFound", "Not Found")
		return "", false
	}
	parts := strings.Split(id, ".")
	return strings.Join(parts[len(parts)-2:], "."), true
}

// Refuse answers 401 to a missing or wrong token and 400 to a body that
// is not JSON.
func (a api) Refuse(r *http.Request, body []byte, ans *fakeapi.Answer) bool {
	if r.URL.Path == TokenPath {
		return false // the token endpoint takes a signed assertion, not a token
	}
	if r.Header.Get("Authorization") != "Bearer "+a.s.Token {
		fail(ans, http.StatusUnauthorized, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access "+
			"token, login cookie or other valid authentication credential.")
		return true
	}
	if len(body) > 0 && !json.Valid(body) {
		fail(ans, http.StatusBadRequest, "parseError", "Invalid JSON payload received.")
		return true
	}
	return false
}

func (a api) Fail(ans *fakeapi.Answer, status int) {
	fail(ans, status, "backendError", http.StatusText(status))
}

func (a api) Finish(*fakeapi.Answer) {}

// statuses are the canonical status names of Google's errors.
var statuses = map[int]string{400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
	409: "ALREADY_EXISTS", 412: "FAILED_PRECONDITION", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE"}

// fail writes Google's error envelope.
func fail(ans *fakeapi.Answer, status int, reason, message string) {
	type item struct {
		Domain  string `json:"domain"`
		Reason  string `json:"reason"`
		Message string `json:"message"`
	}
	ans.JSON(status, map[string]any{"error": map[string]any{"code": status, "message": message, "status": statuses[status],
		"errors": []item{{Domain: "global", Reason: reason, Message: message}}}})
}

// accountIDPattern is a service account id (the IAM API's rule).
var accountIDPattern = regexp.MustCompile(`^[a-z]([-a-z0-9]{4,28}[a-z0-9])$`)

func (a api) Route(r *http.Request, body []byte, ans *fakeapi.Answer) {
	s := a.s
	op, _ := a.Operation(r, fakeapi.NewAnswer())
	if op == "buckets.setIamPolicy" {
		s.mu.Lock()
		hook := s.beforeSet
		s.mu.Unlock()
		if hook != nil {
			hook(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/storage/v1/b/"), "/iam"))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	segments := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	last := segments[len(segments)-1]
	q := r.URL.Query()
	switch op {
	case "token":
		// Guess: the assertion's signature is not checked; the answer is
		// the token the APIs take, as Google's token endpoint gives it.
		if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || r.PostForm.Get("assertion") == "" {
			ans.JSON(http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
			return
		}
		ans.JSON(http.StatusOK, map[string]any{"access_token": s.Token, "token_type": "Bearer", "expires_in": 3600})
	case "serviceAccounts.create":
		s.createAccount(body, ans)
	case "serviceAccounts.get":
		if acct := s.accountByID(last); acct != nil && s.readable(acct.Email) {
			ans.JSON(http.StatusOK, acct)
			return
		}
		fail(ans, http.StatusNotFound, "notFound", "Unknown service account")
	case "serviceAccounts.list":
		s.listAccounts(q, ans)
	case "serviceAccounts.patch":
		s.patchAccount(last, body, ans)
	case "serviceAccounts.delete":
		acct := s.accountByID(last)
		if acct == nil {
			fail(ans, http.StatusNotFound, "notFound", "Service account "+last+" does not exist.")
			return
		}
		s.deleteAccount(acct.Email)
		ans.JSON(http.StatusOK, struct{}{})
	case "hmacKeys.create":
		email := q.Get("serviceAccountEmail")
		if !s.seen(email) {
			// Guess: Cloud Storage answers an account it does not know
			// (or not yet) with 404, as for its other unknown objects.
			fail(ans, http.StatusNotFound, "notFound", "Service Account "+email+" not found.")
			return
		}
		if s.liveKeys(email) >= 5 {
			fail(ans, http.StatusBadRequest, "invalid", "The service account has reached the limit of 5 HMAC keys.")
			return
		}
		ans.JSON(http.StatusOK, s.addKey(email))
	case "hmacKeys.get":
		if k, ok := s.keys[last]; ok {
			ans.JSON(http.StatusOK, k)
			return
		}
		fail(ans, http.StatusNotFound, "notFound", "Access ID not found in project "+s.Project+".")
	case "hmacKeys.list":
		s.listKeys(q, ans)
	case "hmacKeys.update":
		s.updateKey(last, body, ans)
	case "hmacKeys.delete":
		s.deleteKey(last, ans)
	case "buckets.list":
		s.listBuckets(q, ans)
	case "buckets.getIamPolicy":
		s.getPolicy(segments[len(segments)-2], q, ans)
	case "buckets.setIamPolicy":
		s.setPolicy(segments[len(segments)-2], body, ans)
	}
}

func (s *Server) accountByID(id string) *iam.ServiceAccount {
	if acct, ok := s.accounts[id]; ok {
		return acct
	}
	for _, acct := range s.accounts {
		if acct.UniqueId == id {
			return acct
		}
	}
	return nil
}

func (s *Server) createAccount(body []byte, ans *fakeapi.Answer) {
	var req iam.CreateServiceAccountRequest
	if err := json.Unmarshal(body, &req); err != nil || !accountIDPattern.MatchString(req.AccountId) {
		fail(ans, http.StatusBadRequest, "badRequest", "Invalid account id: it must be 6 to 30 lowercase letters, digits and hyphens.")
		return
	}
	sa := req.ServiceAccount
	if sa == nil {
		sa = &iam.ServiceAccount{}
	}
	if len(sa.DisplayName) > 100 || len(sa.Description) > 256 {
		fail(ans, http.StatusBadRequest, "badRequest", "The display name is limited to 100 bytes and the description to 256.")
		return
	}
	if _, ok := s.accounts[req.AccountId+"@"+s.Project+".iam.gserviceaccount.com"]; ok {
		fail(ans, http.StatusConflict, "alreadyExists", "Service account "+req.AccountId+" already exists within project "+s.Project+".")
		return
	}
	ans.JSON(http.StatusOK, s.addAccount(req.AccountId, sa.DisplayName, sa.Description))
}

// page serves one page of sorted ids: the page token is the offset.
func page(ids []string, token string, size int) (items []string, next string) {
	start, _ := strconv.Atoi(token)
	start = min(max(start, 0), len(ids))
	end := min(start+size, len(ids))
	if end < len(ids) {
		next = strconv.Itoa(end)
	}
	return ids[start:end], next
}

func pageSize(q map[string][]string, name string, byDefault, most int) int {
	if v, err := strconv.Atoi(first(q[name])); err == nil && v > 0 {
		return min(v, most)
	}
	return byDefault
}

func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

func (s *Server) listAccounts(q map[string][]string, ans *fakeapi.Answer) {
	var emails []string
	for email := range s.accounts {
		if s.readable(email) {
			emails = append(emails, email)
		}
	}
	slices.Sort(emails)
	items, next := page(emails, first(q["pageToken"]), pageSize(q, "pageSize", 20, 100))
	out := iam.ListServiceAccountsResponse{NextPageToken: next}
	for _, email := range items {
		out.Accounts = append(out.Accounts, s.accounts[email])
	}
	ans.JSON(http.StatusOK, out)
}

func (s *Server) patchAccount(id string, body []byte, ans *fakeapi.Answer) {
	acct := s.accountByID(id)
	if acct == nil {
		fail(ans, http.StatusNotFound, "notFound", "Unknown service account")
		return
	}
	var req iam.PatchServiceAccountRequest
	if err := json.Unmarshal(body, &req); err != nil || req.ServiceAccount == nil || req.UpdateMask == "" {
		fail(ans, http.StatusBadRequest, "badRequest", "The request needs a service account and an update mask.")
		return
	}
	for _, field := range strings.Split(req.UpdateMask, ",") {
		switch field {
		case "displayName":
			if len(req.ServiceAccount.DisplayName) > 100 {
				fail(ans, http.StatusBadRequest, "badRequest", "The display name is limited to 100 bytes.")
				return
			}
			acct.DisplayName = req.ServiceAccount.DisplayName
		case "description":
			acct.Description = req.ServiceAccount.Description
		default:
			fail(ans, http.StatusBadRequest, "badRequest", "Invalid update mask field "+field+".")
			return
		}
	}
	ans.JSON(http.StatusOK, acct)
}

func (s *Server) liveKeys(email string) int {
	n := 0
	for _, k := range s.keys {
		if k.ServiceAccountEmail == email && k.State != "DELETED" {
			n++
		}
	}
	return n
}

// listKeys serves the keys in pages; Guess: as Google says a page may be
// cut short, the fake never serves more than 100 at once.
func (s *Server) listKeys(q map[string][]string, ans *fakeapi.Answer) {
	var ids []string
	for id, k := range s.keys {
		email := first(q["serviceAccountEmail"])
		if (email == "" || k.ServiceAccountEmail == email) && (k.State != "DELETED" || first(q["showDeletedKeys"]) == "true") {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	items, next := page(ids, first(q["pageToken"]), min(pageSize(q, "maxResults", 250, 250), 100))
	out := storage.HmacKeysMetadata{Kind: "storage#hmacKeysMetadata", NextPageToken: next}
	for _, id := range items {
		out.Items = append(out.Items, s.keys[id])
	}
	ans.JSON(http.StatusOK, out)
}

func (s *Server) updateKey(id string, body []byte, ans *fakeapi.Answer) {
	k, ok := s.keys[id]
	if !ok {
		fail(ans, http.StatusNotFound, "notFound", "Access ID not found in project "+s.Project+".")
		return
	}
	var in storage.HmacKeyMetadata
	_ = json.Unmarshal(body, &in)
	switch {
	case in.Etag != "" && in.Etag != k.Etag:
		fail(ans, http.StatusPreconditionFailed, "conditionNotMet", "Precondition Failed")
	case k.State == "DELETED":
		fail(ans, http.StatusBadRequest, "invalid", "Cannot update a deleted key.")
	case in.State != "ACTIVE" && in.State != "INACTIVE":
		fail(ans, http.StatusBadRequest, "invalid", "The state must be ACTIVE or INACTIVE.")
	case in.State == k.State:
		fail(ans, http.StatusBadRequest, "invalid", "The key is already "+k.State+".")
	default:
		k.State = in.State
		k.Updated = now().Format(time.RFC3339Nano)
		k.Etag = randomString(12, upperDigits)
		if in.State == "INACTIVE" {
			s.deactivated[id] = time.Now()
		}
		ans.JSON(http.StatusOK, k)
	}
}

func (s *Server) deleteKey(id string, ans *fakeapi.Answer) {
	k, ok := s.keys[id]
	switch {
	case !ok || k.State == "DELETED":
		fail(ans, http.StatusNotFound, "notFound", "Access ID not found in project "+s.Project+".")
	case k.State == "ACTIVE" || time.Since(s.deactivated[id]) < s.deleteLag:
		fail(ans, http.StatusBadRequest, "invalid", "Cannot delete keys in 'ACTIVE' state.")
	default:
		k.State = "DELETED"
		k.Updated = now().Format(time.RFC3339Nano)
		ans.Status = http.StatusNoContent
	}
}

func (s *Server) listBuckets(q map[string][]string, ans *fakeapi.Answer) {
	if first(q["project"]) != s.Project {
		fail(ans, http.StatusForbidden, "forbidden", "The caller does not have storage.buckets.list access to the Google Cloud project.")
		return
	}
	var names []string
	for name := range s.buckets {
		names = append(names, name)
	}
	slices.Sort(names)
	items, next := page(names, first(q["pageToken"]), pageSize(q, "maxResults", 1000, 1000))
	out := storage.Buckets{Kind: "storage#buckets", NextPageToken: next}
	for _, name := range items {
		b := s.buckets[name]
		out.Items = append(out.Items, &storage.Bucket{Kind: "storage#bucket", Name: name, Id: name, ProjectNumber: 123456789012,
			Location: "EU", StorageClass: "STANDARD", TimeCreated: b.created.Format(time.RFC3339Nano)})
	}
	ans.JSON(http.StatusOK, out)
}

func (s *Server) policyAnswer(b *bucket) storage.Policy {
	out := b.policy
	out.Kind = "storage#policy"
	out.ResourceId = "projects/_/buckets/" + b.name
	return out
}

func (s *Server) getPolicy(name string, q map[string][]string, ans *fakeapi.Answer) {
	b, ok := s.buckets[name]
	if !ok {
		fail(ans, http.StatusNotFound, "notFound", "The specified bucket does not exist.")
		return
	}
	if version, _ := strconv.Atoi(first(q["optionsRequestedPolicyVersion"])); version < 3 && hasCondition(b.policy) {
		fail(ans, http.StatusBadRequest, "invalid", "Conditional bindings need policy version 3.")
		return
	}
	ans.JSON(http.StatusOK, s.policyAnswer(b))
}

func hasCondition(p storage.Policy) bool {
	return slices.ContainsFunc(p.Bindings, func(bd *storage.PolicyBindings) bool { return bd.Condition != nil })
}

func (s *Server) setPolicy(name string, body []byte, ans *fakeapi.Answer) {
	b, ok := s.buckets[name]
	if !ok {
		fail(ans, http.StatusNotFound, "notFound", "The specified bucket does not exist.")
		return
	}
	var in storage.Policy
	if err := json.Unmarshal(body, &in); err != nil {
		fail(ans, http.StatusBadRequest, "invalid", "Invalid policy.")
		return
	}
	if in.Etag != "" && in.Etag != b.policy.Etag {
		fail(ans, http.StatusPreconditionFailed, "conditionNotMet", "Precondition Failed")
		return
	}
	if hasCondition(in) && in.Version < 3 {
		fail(ans, http.StatusBadRequest, "invalid", "Conditional bindings need policy version 3.")
		return
	}
	for _, bd := range in.Bindings {
		if len(bd.Members) == 0 {
			fail(ans, http.StatusBadRequest, "invalid", "A binding of role "+bd.Role+" has no members.")
			return
		}
		for _, m := range bd.Members {
			email, isAccount := strings.CutPrefix(m, "serviceAccount:")
			if isAccount && strings.HasSuffix(email, "@"+s.Project+".iam.gserviceaccount.com") && !s.seen(email) {
				fail(ans, http.StatusBadRequest, "invalid", "Invalid argument: service account "+email+" does not exist.")
				return
			}
		}
	}
	b.policy = storage.Policy{Bindings: in.Bindings, Version: max(in.Version, 1)}
	s.newEtag(b)
	ans.JSON(http.StatusOK, s.policyAnswer(b))
}
