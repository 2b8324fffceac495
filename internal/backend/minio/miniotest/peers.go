package miniotest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// peers are the resources of the provider aminueza/minio, whose keys move
// onto this backend, as the stand-in serves them: the schemas of its public
// source at v3.40.1.
var peers = []peerkit.Provider{{Name: "minio", Namespace: "aminueza", Resources: []*peerkit.Resource{
	{
		Type: "minio_iam_service_account", KeyAttribute: "name", Create: createServiceAccount,
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":                    peerkit.Computed,
			"target_user":           schema.StringAttribute{Required: true},
			"access_key":            peerkit.Computed,
			"secret_key":            peerkit.Secret,
			"secret_key_wo":         peerkit.WriteOnly,
			"secret_key_wo_version": peerkit.Version,
			"status":                peerkit.Computed,
			"disable_user":          schema.BoolAttribute{Optional: true, Computed: true},
			"update_secret":         schema.BoolAttribute{Optional: true, Computed: true},
			"policy":                peerkit.SDKString,
			"name":                  peerkit.SDKString,
			"description":           peerkit.SDKString,
			"expiration":            schema.StringAttribute{Optional: true, Computed: true},
		}},
	},
	{
		Type: "minio_accesskey", KeyAttribute: "description",
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":                    peerkit.Computed,
			"user":                  schema.StringAttribute{Required: true},
			"access_key":            schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
			"secret_key":            schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
			"secret_key_wo":         peerkit.WriteOnly,
			"secret_key_wo_version": peerkit.Version,
			"secret_key_version":    peerkit.SDKString,
			"status":                schema.StringAttribute{Optional: true, Computed: true},
			"policy":                peerkit.SDKString,
			"description":           peerkit.SDKString,
		}},
	},
}}}

// The stand-in makes minio_iam_service_account for real, as the MinIO
// provider (aminueza/minio v3, minio/resource_minio_service_account.go)
// does: the same admin request on create, and the state its read stores
// from MinIO's answer. Its settings come from the variables the MinIO
// provider reads too: MINIO_ENDPOINT, MINIO_USER and MINIO_PASSWORD. The
// requests go through this project's admin client: their JSON bodies are
// the MinIO provider's field for field (MinIO's own client seals them in
// another of the formats the server reads).

// minioNoPolicy is what the MinIO provider sends as the policy of a service
// account configured without one (processServiceAccountPolicy), byte for
// byte.
const minioNoPolicy = "{\n\"Version\": \"\",\n\"Statement\": null\n}"

// minioNoExpiration is the MinIO provider's default expiration: the Unix
// epoch, which it sends and MinIO takes as "never".
const minioNoExpiration = "1970-01-01T00:00:00Z"

// createServiceAccount makes the account the plan describes and returns
// the state the MinIO provider stores for it.
func createServiceAccount(ctx context.Context, plan tfsdk.Plan, typ tftypes.Type) (tftypes.Value, error) {
	var targetUser, name, description, policy, expiration types.String
	var disable types.Bool
	for attr, into := range map[string]any{"target_user": &targetUser, "name": &name, "description": &description,
		"policy": &policy, "expiration": &expiration, "disable_user": &disable} {
		if diags := plan.GetAttribute(ctx, path.Root(attr), into); diags.HasError() {
			return tftypes.Value{}, fmt.Errorf("read %s from the plan: %v", attr, diags)
		}
	}
	// SDK v2 fills in the schema's defaults and "" for an optional string
	// left out; this stand-in declares those attributes computed.
	configuredPolicy := peerkit.Known(policy, "")
	at, err := time.Parse(time.RFC3339, peerkit.Known(expiration, minioNoExpiration))
	if err != nil {
		return tftypes.Value{}, err
	}
	admin, err := adminapi.New(adminapi.Config{
		Endpoint: os.Getenv("MINIO_ENDPOINT"), AccessKey: os.Getenv("MINIO_USER"), SecretKey: os.Getenv("MINIO_PASSWORD"),
	})
	if err != nil {
		return tftypes.Value{}, err
	}
	body := []byte(configuredPolicy)
	if configuredPolicy == "" {
		body = []byte(minioNoPolicy)
	}
	creds, err := admin.AddServiceAccount(ctx, adminapi.AddServiceAccount{
		Policy: body, TargetUser: targetUser.ValueString(), Name: peerkit.Known(name, ""), Description: peerkit.Known(description, ""), Expiration: &at,
	})
	if err != nil {
		return tftypes.Value{}, fmt.Errorf("error creating service account for %s: %w", targetUser.ValueString(), err)
	}
	if disable.ValueBool() {
		if err := admin.UpdateServiceAccount(ctx, creds.AccessKey, adminapi.UpdateServiceAccount{NewStatus: "off"}); err != nil {
			return tftypes.Value{}, err
		}
	}
	info, err := admin.InfoServiceAccount(ctx, creds.AccessKey)
	if err != nil {
		return tftypes.Value{}, err
	}
	// What minioReadServiceAccount stores: the policy only when MinIO says
	// the account has one of its own, else what the configuration held.
	storedPolicy := configuredPolicy
	if !info.ImpliedPolicy && !sameJSON(info.Policy, configuredPolicy) {
		storedPolicy = info.Policy
	}
	storedExpiration := minioNoExpiration
	if info.Expiration != nil {
		storedExpiration = info.Expiration.Format(time.RFC3339)
	}
	return peerkit.State(map[string]any{
		"id": creds.AccessKey, "access_key": creds.AccessKey, "secret_key": creds.SecretKey,
		"secret_key_wo": nil, "secret_key_wo_version": nil, "update_secret": false,
		"status": info.AccountStatus, "disable_user": info.AccountStatus == "off",
		"target_user": userOfParent(info.ParentUser), "policy": storedPolicy,
		"name": info.Name, "description": info.Description, "expiration": storedExpiration,
	}, typ)
}

// sameJSON reports whether two policies are the same but for layout and
// the order of their lists, as the MinIO provider's
// suppressEquivalentAwsPolicyDiffs sees them. MinIO answers a policy
// reformatted and reordered; SDK v2 may store that answer over the
// configured text, which Terraform forbids this stand-in's framework, so
// the configured text is kept where it is equivalent.
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(sortedLists(x))
	jb, _ := json.Marshal(sortedLists(y))
	return string(ja) == string(jb)
}

// sortedLists orders every list of strings in a JSON value.
func sortedLists(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = sortedLists(e)
		}
	case []any:
		for i, e := range v {
			v[i] = sortedLists(e)
		}
		slices.SortFunc(v, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	}
	return v
}

// userOfParent is the MinIO provider's parseUserFromParentUser: the CN of
// an LDAP parent, or the parent as it is.
func userOfParent(parent string) string {
	for _, section := range strings.Split(parent, ",") {
		kv := strings.Split(section, "=")
		if len(kv) == 2 && strings.ToLower(strings.TrimSpace(kv[0])) == "cn" {
			return strings.TrimSpace(kv[1])
		}
	}
	return parent
}
