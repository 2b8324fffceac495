package fake_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
)

// The checks can fail: requests the Discovery documents do not allow are
// reported, and those they do are not.
func TestContractChecks(t *testing.T) {
	c, err := fake.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, target, body, want string
	}{
		{"GET", "/storage/v1/projects/p/hmacKeys?maxResults=250", "", ""},
		{"GET", "/storage/v1/projects/p/hmacKeys?pageSize=250", "", `takes no query parameter "pageSize"`},
		{"GET", "/storage/v1/b?maxResults=10", "", "required parameter project is missing"},
		{"PUT", "/storage/v1/b/logs/iam", `{"bindings":[{"role":"r","members":["m"]}],"etag":"CAE="}`, ""},
		{"PUT", "/storage/v1/b/logs/iam", `{"bindings":[{"role":"r","member":"m"}]}`, `no property "member"`},
		{"POST", "/v1/projects/p/serviceAccounts", `{"accountId":"a","serviceAccount":{"email":"x@y"}}`, "read-only"},
		{"PATCH", "/v1/projects/p/serviceAccounts/a@p.iam.gserviceaccount.com", `{"serviceAccount":{"displayName":1},"updateMask":"displayName"}`, "want a string"},
		{"DELETE", "/storage/v1/projects/p/hmacKeys/GOOG1", "", ""},
		{"GET", "/storage/v1/nowhere", "", "no method"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
		err := c.CheckRequest(r, []byte(tc.body))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s %s: %v", tc.method, tc.target, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s %s: %v, want an error saying %q", tc.method, tc.target, err, tc.want)
		}
	}
	r := httptest.NewRequest(http.MethodGet, "/storage/v1/projects/p/hmacKeys/GOOG1", nil)
	if err := c.CheckAnswer(r, http.StatusOK, []byte(`{"accessId":"GOOG1","state":7}`)); err == nil {
		t.Error("an answer with a number for a string passed")
	}
	if err := c.CheckAnswer(r, http.StatusNotFound, []byte(`{"message":"no"}`)); err == nil {
		t.Error("an error outside Google's envelope passed")
	}
}
