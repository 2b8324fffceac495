package ceph

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"maps"
	"os"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// The policy read from a real gateway's metadata answer is exactly the one
// the backend wrote.
func TestRecordHoldsThePolicyAsWritten(t *testing.T) {
	raw, err := os.ReadFile("testdata/metadata-user.json")
	if err != nil {
		t.Fatal(err)
	}
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	want, err := policyOf(true, []backend.Grant{{Bucket: "data", Permission: backend.ReadWrite}, {Bucket: "logs", Permission: backend.ReadOnly}})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := r.policy(policyName)
	if !ok || got != want {
		t.Fatalf("policy read %v:\n%s\nwant\n%s", ok, got, want)
	}
	if !r.Data.ours() || r.Data.DisplayName != "app key" {
		t.Errorf("the user reads as %+v", r.Data.user)
	}
	if k, ok := r.Data.key("0555B35654AD1656D804"); !ok || k.SecretKey == "" {
		t.Errorf("the user's key reads as %+v", k)
	}
	if doc, ok := (record{}).policy(policyName); !ok || doc != "" {
		t.Errorf("a user without attributes reads a policy %q (%v)", doc, ok)
	}
}

// encodeStringMap is Ceph's encoding of a map<string, string>.
func encodeStringMap(m map[string]string) []byte {
	var b bytes.Buffer
	put := func(n int) { _ = binary.Write(&b, binary.LittleEndian, uint32(n)) }
	put(len(m))
	for k, v := range m {
		put(len(k))
		b.WriteString(k)
		put(len(v))
		b.WriteString(v)
	}
	return b.Bytes()
}

// Any bytes decode without a panic, to a map no larger than the input;
// what encodes decodes back to itself.
func FuzzDecodeStringMap(f *testing.F) {
	f.Add(encodeStringMap(map[string]string{"objectstorage": `{"Version":"2012-10-17"}`}))
	f.Add(encodeStringMap(map[string]string{}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := decodeStringMap(raw)
		if err != nil {
			return
		}
		size := 4
		for k, v := range m {
			size += 8 + len(k) + len(v)
		}
		if size > len(raw) {
			t.Fatalf("%d bytes decoded to %d bytes of map", len(raw), size)
		}
		again, err := decodeStringMap(encodeStringMap(m))
		if err != nil || !maps.Equal(again, m) {
			t.Fatalf("a map does not read back: %v", err)
		}
	})
}
