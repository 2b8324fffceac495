package provider

import (
	"errors"
	"testing"
)

// A detail names the failed operation once: the driver's own name of it
// at the start of its error is dropped, and nothing else is.
func TestWithoutOperation(t *testing.T) {
	for _, tc := range []struct{ doing, err, want string }{
		{"create the key", "create key: Linode refused the token", "Linode refused the token"},
		{`read key "4711"`, "read key 4711: Linode answered 500", "Linode answered 500"},
		{`read key "4711"`, "read key: the answer is not one of Linode's", "the answer is not one of Linode's"},
		{`delete key "AK1"`, "delete key AK1 at once: no answer", "delete key AK1 at once: no answer"},
		{"create the key", "createcredential: GleSYS refused the API key", "createcredential: GleSYS refused the API key"},
		{"list the keys", "list keys: DigitalOcean answered 503", "DigitalOcean answered 503"},
	} {
		if got := withoutOperation(tc.doing, errors.New(tc.err)); got != tc.want {
			t.Errorf("withoutOperation(%q, %q) = %q, want %q", tc.doing, tc.err, got, tc.want)
		}
	}
}
