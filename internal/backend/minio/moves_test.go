package minio_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/backendtest"
)

const (
	serviceAccountType = "minio_iam_service_account"
	accessKeyType      = "minio_accesskey"
)

// movedState reads a source state from testdata/moves, with {{policy}}
// replaced by the policy this provider writes for grants.
func movedState(t *testing.T, file string, grants ...backend.Grant) []byte {
	t.Helper()
	policy, err := minio.PolicyOf(grants)
	if err != nil {
		t.Fatal(err)
	}
	quoted, _ := json.Marshal(string(policy))
	return []byte(strings.ReplaceAll(string(backendtest.MoveState(t, file)), "{{policy}}", string(quoted)))
}

func TestMovedServiceAccount(t *testing.T) {
	grants := []backend.Grant{{Bucket: "logs", Permission: backend.ReadOnly}, {Bucket: "uploads", Permission: backend.ReadWrite}}
	key := backendtest.Moved(t, minio.Kind, serviceAccountType, movedState(t, "minio_iam_service_account.json", grants...))
	if key.ID != "svcacct-app" || key.Name != "app-writer" || key.SecretKey != "p4ssw0rd-of-the-service-account" {
		t.Fatalf("moved %+v", key.Key)
	}
	if !key.Limited || !slices.Equal(key.Grants, grants) || !key.Disabled {
		t.Fatalf("limited %v, grants %v, disabled %v; want limited, %v, disabled", key.Limited, key.Grants, key.Disabled, grants)
	}
	if want := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC); !key.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v, want %v", key.ExpiresAt, want)
	}
}

// An empty grant list is MinIO's deny-all policy of ours: limited, no bucket.
func TestMovedServiceAccountWithNoBucket(t *testing.T) {
	key := backendtest.Moved(t, minio.Kind, serviceAccountType, movedState(t, "minio_iam_service_account.json"))
	if !key.Limited || key.Grants == nil || len(key.Grants) != 0 {
		t.Fatalf("limited %v, grants %#v; want limited with an empty grant list", key.Limited, key.Grants)
	}
}

// A policy this provider would not write stops the move, shows the policy
// and says how to go on.
func TestMovedForeignPolicyIsRefused(t *testing.T) {
	_, err := backendtest.MoveDecode(t, minio.Kind, serviceAccountType, movedState(t, "minio_iam_service_account_foreign.json"))
	if err == nil {
		t.Fatal("a foreign policy moved")
	}
	for _, want := range []string{`"arn:aws:s3:::logs-*/*"`, "change the key's policy", "keep this key under the minio provider"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "p4ssw0rd") {
		t.Fatal("the error shows the secret")
	}
}

func TestMovedAccessKeyWithoutSecret(t *testing.T) {
	key := backendtest.Moved(t, minio.Kind, accessKeyType, movedState(t, "minio_accesskey.json"))
	if key.ID != "AKEXAMPLE0000000001" || key.Limited || !key.Disabled || key.Name != "" {
		t.Fatalf("moved %+v; want unrestricted, disabled, no name", key.Key)
	}
	if key.SecretKey != "" || len(key.Warnings) != 1 || !strings.Contains(key.Warnings[0], "-replace") {
		t.Fatalf("secret %q, warnings %q; want none and a warning that says how to get one", key.SecretKey, key.Warnings)
	}
}

// The policies that mean "no policy of its own" on MinIO move as an
// unrestricted key: what the MinIO provider stores for a service account
// configured without one (""), and the documents MinIO keeps as its
// parent's policy. A version without a statement is a deny-all policy on
// MinIO, which this provider does not write: the move is refused.
func TestMovedServiceAccountPolicyShapes(t *testing.T) {
	for policy, unrestricted := range map[string]bool{
		``:     true,
		`null`: true,
		`{}`:   true,
		"{\n\"Version\": \"\",\n\"Statement\": null\n}": true,
		`{"Version":"2012-10-17","Statement":[]}`:       false,
	} {
		raw := []byte(fmt.Sprintf(`{"id":"svcacct-app","access_key":"svcacct-app","secret_key":"s3cret-of-it","status":"on","policy":%q,"name":"app"}`, policy))
		key, err := backendtest.MoveDecode(t, minio.Kind, serviceAccountType, raw)
		switch {
		case unrestricted && (err != nil || key.Limited):
			t.Errorf("policy %q: %+v, %v; want an unrestricted key", policy, key.Key, err)
		case !unrestricted && err == nil:
			t.Errorf("policy %q moved as %+v; want the move refused", policy, key.Key)
		}
	}
}
