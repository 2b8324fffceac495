package fake

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// api is the Server's part of fakeapi.API.
type api struct{ s *Server }

const base = "/client/v4/accounts/"

// operation names a request: "POST tokens", "GET tokens", "GET token",
// "PUT token", "DELETE token", "PUT token value", "GET permission_groups",
// "GET verify"; id is the token's.
func operation(s *Server, r *http.Request) (op, id string, ok bool) {
	rest, found := strings.CutPrefix(r.URL.Path, base+s.AccountID+"/tokens")
	if !found {
		return "", "", false
	}
	parts := strings.Split(strings.TrimPrefix(rest, "/"), "/")
	switch {
	case rest == "" && (r.Method == http.MethodGet || r.Method == http.MethodPost):
		return r.Method + " tokens", "", true
	case len(parts) == 1 && parts[0] == "permission_groups" && r.Method == http.MethodGet:
		return "GET permission_groups", "", true
	case len(parts) == 1 && parts[0] == "verify" && r.Method == http.MethodGet:
		return "GET verify", "", true
	case len(parts) == 1 && parts[0] != "" && (r.Method == http.MethodGet || r.Method == http.MethodPut || r.Method == http.MethodDelete):
		return r.Method + " token", parts[0], true
	case len(parts) == 2 && parts[1] == "value" && r.Method == http.MethodPut:
		return "PUT token value", parts[0], true
	}
	return "", "", false
}

func (a api) Operation(r *http.Request, ans *fakeapi.Answer) (string, bool) {
	op, _, ok := operation(a.s, r)
	if !ok {
		// Guess: Cloudflare's 404 for a route it has not, in its envelope.
		fail(ans, http.StatusNotFound, 7003, "Could not route to "+r.URL.Path+", perhaps your object identifier is invalid?")
	}
	return op, ok
}

func (a api) Refuse(r *http.Request, body []byte, ans *fakeapi.Answer) bool {
	if r.Header.Get("Authorization") != "Bearer "+a.s.Token {
		fail(ans, http.StatusForbidden, 9109, "Invalid access token")
		return true
	}
	if len(body) > 0 && !json.Valid(body) {
		fail(ans, http.StatusBadRequest, 6007, "Malformed JSON in request body")
		return true
	}
	return false
}

func (a api) Fail(ans *fakeapi.Answer, status int) {
	fail(ans, status, 1000+status, http.StatusText(status))
}

func (a api) Finish(*fakeapi.Answer) {}

func fail(ans *fakeapi.Answer, status, code int, message string) {
	ans.JSON(status, map[string]any{"success": false, "errors": []map[string]any{{"code": code, "message": message}},
		"messages": []any{}, "result": nil})
}

func ok(ans *fakeapi.Answer, result any, info map[string]any) {
	body := map[string]any{"success": true, "errors": []any{}, "messages": []any{}, "result": result}
	if info != nil {
		body["result_info"] = info
	}
	ans.JSON(http.StatusOK, body)
}

// payload is a create or update body.
type payload struct {
	Name      *string    `json:"name"`
	Status    *string    `json:"status"`
	ExpiresOn *time.Time `json:"expires_on"`
	Policies  *[]Policy  `json:"policies"`
}

func (a api) Route(r *http.Request, body []byte, ans *fakeapi.Answer) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	op, id, _ := operation(s, r)
	var in payload
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			fail(ans, http.StatusBadRequest, 6003, "Invalid request: "+err.Error())
			return
		}
	}
	switch op {
	case "POST tokens":
		if in.Name == nil || in.Policies == nil || *in.Name == "" || len(*in.Name) > 120 {
			fail(ans, http.StatusBadRequest, 6003, "Invalid request: name (1 to 120 characters) and policies are required")
			return
		}
		if !s.knownGroups(*in.Policies, ans) {
			return
		}
		if len(s.tokens) >= MaxTokens {
			// Guess: the quota's refusal, in the envelope of a 4xx.
			fail(ans, http.StatusBadRequest, 1000, "Exceeded the maximum number of tokens for this account")
			return
		}
		t := s.add(*in.Name, *in.Policies, in.ExpiresOn)
		ok(ans, s.tokenJSON(t, true), nil)
	case "GET tokens":
		page, perPage := atoi(r.URL.Query().Get("page"), 1), atoi(r.URL.Query().Get("per_page"), 20)
		if page < 1 || perPage < 5 || perPage > 50 {
			fail(ans, http.StatusBadRequest, 6003, "Invalid request: page must be 1 or more and per_page 5 to 50")
			return
		}
		ids := s.sortedIDs()
		list := []any{}
		for i := (page - 1) * perPage; i < len(ids) && i < page*perPage; i++ {
			list = append(list, s.tokenJSON(s.tokens[ids[i]], false))
		}
		ok(ans, list, map[string]any{"page": page, "per_page": perPage, "count": len(list), "total_count": len(ids)})
	case "GET permission_groups":
		list := []any{}
		for _, g := range s.groups {
			if name := r.URL.Query().Get("name"); name == "" || name == g.Name {
				list = append(list, map[string]any{"id": g.ID, "name": g.Name, "scopes": g.Scopes, "category": "developer_platform"})
			}
		}
		ok(ans, list, map[string]any{"page": 1, "per_page": len(list), "count": len(list), "total_count": len(list)})
	case "GET verify":
		ok(ans, map[string]any{"id": s.OwnTokenID, "status": "active"}, nil)
	case "GET token", "PUT token", "DELETE token", "PUT token value":
		t := s.tokens[id]
		if t == nil {
			fail(ans, http.StatusNotFound, 1003, "Invalid API Token: token not found")
			return
		}
		switch op {
		case "GET token":
			ok(ans, s.tokenJSON(t, false), nil)
		case "PUT token":
			if in.Policies != nil && !s.knownGroups(*in.Policies, ans) {
				return
			}
			if in.Name != nil {
				t.Name = *in.Name
			}
			if in.Status != nil {
				t.Status = *in.Status
			}
			if in.Policies != nil {
				t.Policies = *in.Policies
				for i := range t.Policies {
					if t.Policies[i].ID == "" {
						t.Policies[i].ID = randomHex(16)
					}
				}
			}
			t.ExpiresOn = in.ExpiresOn
			t.ModifiedOn = s.clock()
			ok(ans, s.tokenJSON(t, false), nil)
		case "DELETE token":
			delete(s.tokens, id)
			ok(ans, map[string]any{"id": id}, nil)
		case "PUT token value":
			t.Value = randomHex(20)
			s.values = append(s.values, t.Value)
			ok(ans, t.Value, nil)
		}
	}
}

// knownGroups refuses a policy that names a permission group the account
// has not.
func (s *Server) knownGroups(policies []Policy, ans *fakeapi.Answer) bool {
	for _, p := range policies {
		for _, g := range p.PermissionGroups {
			if !s.hasGroup(g.ID) {
				fail(ans, http.StatusBadRequest, 400, "Invalid permission group: "+g.ID)
				return false
			}
		}
	}
	return true
}

func (s *Server) hasGroup(id string) bool {
	for _, g := range s.groups {
		if g.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) tokenJSON(t *Token, withValue bool) map[string]any {
	policies := []map[string]any{}
	for _, p := range t.Policies {
		groups := []map[string]any{}
		for _, g := range p.PermissionGroups {
			entry := map[string]any{"id": g.ID}
			for _, known := range s.groups {
				if known.ID == g.ID {
					entry["name"] = known.Name
				}
			}
			groups = append(groups, entry)
		}
		policies = append(policies, map[string]any{"id": p.ID, "effect": p.Effect, "permission_groups": groups, "resources": p.Resources})
	}
	out := map[string]any{
		"id": t.ID, "name": t.Name, "status": t.Status, "issued_on": t.IssuedOn.Format(time.RFC3339),
		"modified_on": t.ModifiedOn.Format(time.RFC3339), "policies": policies,
	}
	if t.ExpiresOn != nil {
		out["expires_on"] = t.ExpiresOn.UTC().Format(time.RFC3339)
	}
	if withValue {
		out["value"] = t.Value
	}
	return out
}

func atoi(s string, fallback int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return fallback
}
