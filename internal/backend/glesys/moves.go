package glesys

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// glesysState is glesys_objectstorage_credential's state (glesys/glesys,
// terraform-plugin-sdk v2, schema version 0).
type glesysState struct {
	ID          string  `json:"id"`
	InstanceID  string  `json:"instanceid"`
	AccessKey   string  `json:"accesskey"`
	SecretKey   *string `json:"secretkey"`
	Created     string  `json:"created"`
	Description string  `json:"description"`
}

func decodePeerCredential(raw []byte) (backend.MovedKey, error) {
	var s glesysState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	if s.InstanceID == "" || s.ID == "" {
		return backend.MovedKey{}, fmt.Errorf("it lacks the instance id or the credential id (instanceid %q, id %q)", s.InstanceID, s.ID)
	}
	key := backend.MovedKey{Key: backend.Key{
		ID: s.InstanceID + "/" + s.ID, Name: s.Description, AccessKey: s.AccessKey, InstanceID: s.InstanceID,
	}}
	if t, err := time.Parse(time.RFC3339, s.Created); err == nil {
		key.CreatedAt = t.UTC()
	}
	secret, why := peerstate.UsableSecret(s.SecretKey)
	key.SecretKey = secret
	if secret == "" {
		// GleSYS shows a credential's secret again: the first read after
		// the move brings it back.
		key.Warnings = append(key.Warnings, fmt.Sprintf("The glesys_objectstorage_credential state holds no secret for this credential (%s); "+
			"the first refresh after the move reads it back from GleSYS.", why))
	}
	return key, nil
}
