package fake_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/b2/fake"
)

// post sends a B2 call as b2sdk does (a POST with a JSON body) and decodes
// the answer.
func post(t *testing.T, s *fake.Server, token, call string, body map[string]any) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/b2api/v4/"+call, bytes.NewReader(raw))
	req.Header.Set("Authorization", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func authorize(t *testing.T, s *fake.Server) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/b2api/v4/b2_authorize_account", nil)
	req.SetBasicAuth(s.KeyID, s.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct{ AuthorizationToken string }
	_ = json.NewDecoder(resp.Body).Decode(&a)
	return a.AuthorizationToken
}

// The contract's list: sorted by id, startApplicationKeyId inclusive, the
// next id where a page ends; a delete of an unknown key is bad_request; a
// key restricted to buckets cannot hold writeBuckets.
func TestFakeFollowsTheContract(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	token := authorize(t, s)
	bucket := s.AddBucket("logs")
	var ids []string
	for range 3 {
		ids = append(ids, s.AddKey("k", []string{"readFiles"}, nil))
	}
	status, page := post(t, s, token, "b2_list_keys", map[string]any{"accountId": s.AccountID, "maxKeyCount": 2, "startApplicationKeyId": ids[1]})
	keys, _ := page["keys"].([]any)
	first, _ := keys[0].(map[string]any)
	if status != 200 || len(keys) != 2 || first["applicationKeyId"] != ids[1] || page["nextApplicationKeyId"] != nil {
		t.Errorf("list from %s: %d %v", ids[1], status, page)
	}
	if status, answer := post(t, s, token, "b2_delete_key", map[string]any{"applicationKeyId": "nope"}); status != 400 || answer["code"] != "bad_request" {
		t.Errorf("delete of an unknown key: %d %v", status, answer)
	}
	status, answer := post(t, s, token, "b2_create_key", map[string]any{"accountId": s.AccountID, "keyName": "k",
		"capabilities": []string{"writeBuckets"}, "bucketIds": []string{bucket}})
	if status != 400 {
		t.Errorf("a restricted key with writeBuckets: %d %v", status, answer)
	}
	if status, answer := post(t, s, "not-a-token", "b2_list_keys", map[string]any{"accountId": s.AccountID}); status != 401 || answer["code"] != "bad_auth_token" {
		t.Errorf("an unknown token: %d %v", status, answer)
	}
}
