package b2

import (
	"encoding/json"
	"errors"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// applicationKeyState is b2_application_key's state (Backblaze/b2,
// terraform-plugin-sdk v2, schema version 0): buckets by id, in bucket_ids
// or, in older configurations, bucket_id.
type applicationKeyState struct {
	ID                  string   `json:"id"`
	ApplicationKeyID    string   `json:"application_key_id"`
	KeyName             string   `json:"key_name"`
	Capabilities        []string `json:"capabilities"`
	BucketID            *string  `json:"bucket_id"`
	BucketIDs           []string `json:"bucket_ids"`
	NamePrefix          *string  `json:"name_prefix"`
	ApplicationKey      *string  `json:"application_key"`
	ExpirationTimestamp *int64   `json:"expiration_timestamp"`
}

// decodeApplicationKey reads the key of a b2_application_key. Its grants
// name buckets by id until the first refresh reads their names; a key
// whose capabilities are neither permission's, or that has a name prefix,
// moves with a custom grant.
func decodeApplicationKey(raw []byte) (backend.MovedKey, error) {
	var s applicationKeyState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	id := s.ApplicationKeyID
	if id == "" {
		id = s.ID
	}
	if id == "" {
		return backend.MovedKey{}, errors.New("its application_key_id is empty")
	}
	k := apiKey{ApplicationKeyID: id, KeyName: s.KeyName, Capabilities: s.Capabilities, BucketIDs: s.BucketIDs,
		NamePrefix: s.NamePrefix, ExpirationTimestamp: s.ExpirationTimestamp}
	if len(k.BucketIDs) == 0 && s.BucketID != nil && *s.BucketID != "" {
		k.BucketIDs = []string{*s.BucketID}
	}
	if len(k.BucketIDs) == 0 {
		k.BucketIDs = nil
	}
	key := backend.MovedKey{Key: k.toKey(nil)}
	if s.NamePrefix != nil && *s.NamePrefix != "" {
		key.Warnings = append(key.Warnings, "The key reaches only files whose names begin with "+*s.NamePrefix+
			", which objectstorage_access_key cannot express: its grants read as custom. Replace the key to give it whole buckets.")
	}
	peerstate.KeepSecret(&key, "b2_application_key", s.ApplicationKey)
	return key, nil
}
