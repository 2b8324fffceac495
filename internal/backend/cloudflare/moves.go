package cloudflare

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
)

// accountTokenState is cloudflare_account_token's state (cloudflare/cloudflare
// v5, plugin framework; schema versions 0, 1, 500 and 501 store it alike in
// JSON, sets and lists both as arrays). A policy's resources are a JSON
// string from version 500 on, a map before.
type accountTokenState struct {
	ID        string  `json:"id"`
	AccountID string  `json:"account_id"`
	Name      string  `json:"name"`
	Status    string  `json:"status"`
	ExpiresOn string  `json:"expires_on"`
	IssuedOn  string  `json:"issued_on"`
	Value     *string `json:"value"`
	Policies  []struct {
		Effect           string `json:"effect"`
		PermissionGroups []struct {
			ID string `json:"id"`
		} `json:"permission_groups"`
		Resources json.RawMessage `json:"resources"`
	} `json:"policies"`
}

// accountTokenVersions are the schema versions of cloudflare_account_token
// whose state decodeAccountToken reads.
var accountTokenVersions = []int64{0, 1, 500, 501}

// decodeAccountToken reads the key of a cloudflare_account_token: the
// token is adopted (its id becomes adopted/ID, so the provider manages it
// without its name mark), its secret is the SHA-256 of the value the state
// holds, and its grants name the buckets its policies reach, as custom
// until the first refresh reads the permission groups' names.
func decodeAccountToken(raw []byte) (backend.MovedKey, error) {
	var s accountTokenState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	if !tokenIDPattern.MatchString(s.ID) || strings.HasPrefix(s.ID, adoptedPrefix) {
		return backend.MovedKey{}, errors.New("its id is not an API token's id")
	}
	key := backend.MovedKey{Key: backend.Key{ID: adoptedPrefix + s.ID, AccessKey: s.ID, Name: s.Name, Disabled: s.Status == "disabled",
		Limited: true, Grants: []backend.Grant{}}}
	if t, err := time.Parse(time.RFC3339, s.ExpiresOn); err == nil {
		key.ExpiresAt = t.UTC()
	}
	if t, err := time.Parse(time.RFC3339, s.IssuedOn); err == nil {
		key.CreatedAt = t.UTC()
	}
	for _, p := range s.Policies {
		resources := map[string]any{}
		var asString string
		if json.Unmarshal(p.Resources, &asString) == nil {
			_ = json.Unmarshal([]byte(asString), &resources)
		} else {
			_ = json.Unmarshal(p.Resources, &resources)
		}
		for resource := range resources {
			// com.cloudflare.edge.r2.bucket.ACCOUNT_JURISDICTION_BUCKET
			bucket := backend.WildcardBucket
			if rest, ok := strings.CutPrefix(resource, "com.cloudflare.edge.r2.bucket."); ok {
				if parts := strings.SplitN(rest, "_", 3); len(parts) == 3 {
					bucket = parts[2]
				}
			}
			key.Grants = append(key.Grants, backend.Grant{Bucket: bucket, Permission: backend.Custom})
		}
	}
	backend.SortGrants(key.Grants)
	if secret, why := peerstate.UsableSecret(s.Value); secret != "" {
		key.SecretKey = secretOf(secret)
	} else {
		key.Warnings = append(key.Warnings, peerstate.NoSecret("cloudflare_account_token", why))
	}
	return key, nil
}

// decodeAPIToken refuses a cloudflare_api_token: it is a user-owned token
// (/user/tokens), which dies with its user, and the backend manages
// account-owned tokens only.
func decodeAPIToken([]byte) (backend.MovedKey, error) {
	return backend.MovedKey{}, errors.New("cloudflare_api_token is a token owned by a user, not by the account, and the cloudflare " +
		"backend manages account-owned tokens only: keep it under Cloudflare's provider, or make an objectstorage_access_key " +
		"instead and remove the cloudflare_api_token once applications use the new key")
}
