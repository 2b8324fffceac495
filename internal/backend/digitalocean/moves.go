package digitalocean

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// digitaloceanState is digitalocean_spaces_key's state
// (digitalocean/digitalocean, terraform-plugin-sdk v2, schema version 0).
// Its grant list is [] when the configuration has none: a key that
// reaches no bucket.
type digitaloceanState struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Grant     []Grant `json:"grant"`
	AccessKey string  `json:"access_key"`
	SecretKey *string `json:"secret_key"`
	CreatedAt string  `json:"created_at"`
}

func decodeSpacesKey(raw []byte) (backend.MovedKey, error) {
	var s digitaloceanState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	if s.ID == "" {
		return backend.MovedKey{}, errors.New("its id, the key's access key, is empty")
	}
	key := backend.MovedKey{Key: backend.Key{ID: s.ID, Name: s.Name, AccessKey: s.AccessKey}}
	key.Limited, key.Grants = ReadGrants(s.Grant)
	if t, err := time.Parse(time.RFC3339, s.CreatedAt); err == nil {
		key.CreatedAt = t.UTC()
	}
	peerstate.KeepSecret(&key, "digitalocean_spaces_key", s.SecretKey)
	return key, nil
}
