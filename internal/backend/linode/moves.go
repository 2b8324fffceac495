package linode

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/peerstate"
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

func decodePeerKey(raw []byte) (backend.MovedKey, error) {
	var s linodeState
	if err := json.Unmarshal(raw, &s); err != nil {
		return backend.MovedKey{}, err
	}
	if n, err := strconv.Atoi(s.ID.String()); err != nil || n <= 0 {
		return backend.MovedKey{}, fmt.Errorf("its id %q is not a Linode key id", s.ID.String())
	}
	key := backend.MovedKey{Key: backend.Key{
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
			return backend.MovedKey{}, fmt.Errorf("its grant on bucket %q names neither a region nor a cluster", g.BucketName)
		}
		key.Grants = append(key.Grants, backend.Grant{Bucket: g.BucketName, Permission: backend.Permission(g.Permissions), Region: region})
	}
	backend.SortGrants(key.Grants)
	peerstate.KeepSecret(&key, "linode_object_storage_key", s.SecretKey)
	return key, nil
}
