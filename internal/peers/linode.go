package peers

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// linodeState is linode_object_storage_key's state (linode/linode,
// terraform-plugin-framework, schema version 0).
type linodeState struct {
	// ID is a decimal string; some 2.x releases wrote a JSON number.
	ID           json.Number   `json:"id"`
	Label        string        `json:"label"`
	AccessKey    string        `json:"access_key"`
	SecretKey    *string       `json:"secret_key"`
	Limited      bool          `json:"limited"`
	Regions      []string      `json:"regions"`
	BucketAccess []linodeGrant `json:"bucket_access"`
}

type linodeGrant struct {
	BucketName  string `json:"bucket_name"`
	Permissions string `json:"permissions"`
	Region      string `json:"region"`
	Cluster     string `json:"cluster"`
}

// clusterSuffix is the "-1" of a cluster id such as "us-mia-1"; the
// region is the rest.
var clusterSuffix = regexp.MustCompile(`-[0-9]+$`)

func decodeLinode(raw []byte) (Key, error) {
	var s linodeState
	if err := json.Unmarshal(raw, &s); err != nil {
		return Key{}, err
	}
	if n, err := strconv.Atoi(s.ID.String()); err != nil || n <= 0 {
		return Key{}, fmt.Errorf("its id %q is not a Linode key id", s.ID.String())
	}
	key := Key{Key: backend.Key{
		ID: s.ID.String(), Name: s.Label, AccessKey: s.AccessKey,
		Limited: s.Limited || len(s.BucketAccess) > 0, Regions: s.Regions,
	}}
	if key.Limited {
		key.Grants = []backend.Grant{}
	}
	for _, g := range s.BucketAccess {
		region := g.Region
		if region == "" {
			region = clusterSuffix.ReplaceAllString(g.Cluster, "")
		}
		if region == "" {
			return Key{}, fmt.Errorf("its grant on bucket %q names neither a region nor a cluster", g.BucketName)
		}
		key.Grants = append(key.Grants, backend.Grant{Bucket: g.BucketName, Permission: backend.Permission(g.Permissions), Region: region})
	}
	backend.SortGrants(key.Grants)
	secret, why := usableSecret(s.SecretKey)
	key.SecretKey = secret
	if secret == "" {
		key.Warnings = append(key.Warnings, noSecret("linode_object_storage_key", why))
	}
	return key, nil
}
