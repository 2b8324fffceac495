package linode_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const peerType = "linode_object_storage_key"

func TestMovedKeyKeepsItsSecretAndGrants(t *testing.T) {
	key := backendtest.Moved(t, linode.Kind, peerType, backendtest.MoveState(t, "linode_object_storage_key.json"))
	if key.ID != "4711" || key.Name != "app-reader" || key.AccessKey != "KVAKUTGBA4WTR2NSJQ81" {
		t.Fatalf("moved %+v", key.Key)
	}
	if key.SecretKey != "OiA6F5r0niLs3QA2stbyq7mY5VCV7KqOzcmitmHw" || len(key.Warnings) != 0 {
		t.Fatalf("secret not kept (warnings %q)", key.Warnings)
	}
	want := []backend.Grant{
		{Bucket: "logs", Permission: backend.ReadOnly, Region: "us-mia"},
		// No region in state: the cluster us-mia-1 names it.
		{Bucket: "uploads", Permission: backend.ReadWrite, Region: "us-mia"},
	}
	if !key.Limited || !slices.Equal(key.Grants, want) || !slices.Equal(key.Regions, []string{"us-mia"}) {
		t.Fatalf("limited %v, grants %v, regions %v; want limited, %v, [us-mia]", key.Limited, key.Grants, key.Regions, want)
	}
}

// A 2.x release wrote the id as a JSON number and kept the [REDACTED]
// that reads answer: the key moves, without a secret, with a warning.
func TestMovedKeyFromAnOldRelease(t *testing.T) {
	key := backendtest.Moved(t, linode.Kind, peerType, backendtest.MoveState(t, "linode_object_storage_key_v2.json"))
	if key.ID != "4712" || key.Limited || key.Grants != nil {
		t.Fatalf("moved %+v, want id 4712, unrestricted", key.Key)
	}
	if key.SecretKey != "" || len(key.Warnings) != 1 || !strings.Contains(key.Warnings[0], "[REDACTED]") {
		t.Fatalf("secret %q, warnings %q; want none and a warning naming [REDACTED]", key.SecretKey, key.Warnings)
	}
}

// A key stored without bucket_access (null or an empty set, limited
// false) is unrestricted, with the regions Linode chose.
func TestMovedKeyWithoutBucketAccess(t *testing.T) {
	for _, grants := range []string{`null`, `[]`} {
		raw := []byte(`{"id":"4712","label":"app-open","access_key":"AK4712","secret_key":"secret-of-4712","limited":false,` +
			`"regions":["us-mia"],"regions_details":[{"id":"us-mia","s3_endpoint":"us-mia-1.linodeobjects.com","endpoint_type":"E1"}],` +
			`"bucket_access":` + grants + `}`)
		key := backendtest.Moved(t, linode.Kind, peerType, raw)
		if key.Limited || len(key.Grants) != 0 || len(key.Regions) != 1 || key.SecretKey != "secret-of-4712" {
			t.Errorf("bucket_access %s: moved %+v; want an unrestricted key in us-mia with its secret", grants, key.Key)
		}
	}
}
