package linode

import (
	"slices"
	"strconv"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// redactedSecret is what reads answer instead of a secret; it is never kept.
const redactedSecret = "[REDACTED]"

// apiKey is an object-storage key as the API answers it.
type apiKey struct {
	ID           int         `json:"id"`
	Label        string      `json:"label"`
	AccessKey    string      `json:"access_key"`
	SecretKey    string      `json:"secret_key"`
	Limited      bool        `json:"limited"`
	BucketAccess []apiGrant  `json:"bucket_access"`
	Regions      []apiRegion `json:"regions"`
}

type apiGrant struct {
	BucketName  string `json:"bucket_name"`
	Permissions string `json:"permissions"`
	Region      string `json:"region,omitempty"`
	// Cluster is the deprecated form of the region ("us-mia-1" for "us-mia").
	Cluster string `json:"cluster,omitempty"`
}

type apiRegion struct {
	ID string `json:"id"`
}

type listPage struct {
	Data    []apiKey `json:"data"`
	Page    int      `json:"page"`
	Pages   int      `json:"pages"`
	Results int      `json:"results"`
}

// createBody is the POST body: bucket_access is sent for every limited key,
// an empty list for a limited key without grants.
type createBody struct {
	Label        string      `json:"label"`
	BucketAccess *[]apiGrant `json:"bucket_access,omitempty"`
	Regions      []string    `json:"regions,omitempty"`
}

// updateBody is the PUT body: label and regions are all a key lets change.
type updateBody struct {
	Label   string   `json:"label"`
	Regions []string `json:"regions,omitempty"`
}

// createBodyFor is the POST body of a key labelled label.
func createBodyFor(spec backend.KeySpec, label string) createBody {
	body := createBody{Label: label, Regions: spec.Regions}
	if spec.Limited {
		grants := make([]apiGrant, 0, len(spec.Grants))
		for _, g := range spec.Grants {
			grants = append(grants, apiGrant{BucketName: g.Bucket, Permissions: string(g.Permission), Region: g.Region})
		}
		body.BucketAccess = &grants
	}
	return body
}

// withoutSecret is the key as a read would answer it: what the list cache
// keeps, so that no read ever returns the secret a create answered.
func (k apiKey) withoutSecret() apiKey {
	k.SecretKey = redactedSecret
	return k
}

func (k apiKey) toKey() backend.Key {
	key := backend.Key{ID: strconv.Itoa(k.ID), Name: k.Label, AccessKey: k.AccessKey, Limited: k.Limited}
	if k.SecretKey != redactedSecret {
		key.SecretKey = k.SecretKey
	}
	for _, g := range k.BucketAccess {
		region := g.Region
		if region == "" {
			region = clusterRegion(g.Cluster)
		}
		key.Grants = append(key.Grants, backend.Grant{Bucket: g.BucketName, Permission: backend.Permission(g.Permissions), Region: region})
	}
	backend.SortGrants(key.Grants)
	for _, r := range k.Regions {
		key.Regions = append(key.Regions, r.ID)
	}
	slices.Sort(key.Regions)
	return key
}

// clusterRegion turns a deprecated cluster id ("us-mia-1") into its region.
func clusterRegion(cluster string) string {
	if i := strings.LastIndex(cluster, "-"); i > 0 {
		return cluster[:i]
	}
	return cluster
}
