package provider

import (
	"os"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/glesys"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/linode"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio"
)

// updateOrReplace is what the plan does when an attribute changes on a
// backend with these capabilities, in the words of the docs.
func updateOrReplace(caps backend.Capabilities) map[string]string {
	const update, replace, refused = "update", "replace", "refused at plan time"
	pick := func(cond bool, yes, no string) string {
		if cond {
			return yes
		}
		return no
	}
	grants := pick(caps.GrantsMutable, update, replace)
	if !caps.BucketScoping {
		grants = refused
	}
	return map[string]string{
		"name":          pick(caps.RenameInPlace, update, replace),
		"bucket_access": grants,
		"limited":       grants,
		"regions":       pick(caps.KeyRegions, update, refused),
		"instance_id":   pick(caps.InstanceScoped, replace, refused),
	}
}

// The resource page's "Update or replace?" table is the capability table
// of the three backends, so the docs cannot drift from what plans do.
func TestDocsUpdateOrReplaceTableMatchesCapabilities(t *testing.T) {
	mc, err := minio.New(minio.Config{Endpoint: "127.0.0.1:9000"})
	if err != nil {
		t.Fatal(err)
	}
	columns := []map[string]string{
		updateOrReplace(mc.Capabilities()),
		updateOrReplace(linode.New(linode.Config{}).Capabilities()),
		updateOrReplace(glesys.New(glesys.Config{}).Capabilities()),
	}
	var want strings.Builder
	want.WriteString("| attribute changed | MinIO | Linode | GleSYS |\n|---|---|---|---|\n")
	for _, attribute := range []string{"name", "bucket_access", "limited", "regions", "instance_id"} {
		want.WriteString("| `" + attribute + "` |")
		for _, c := range columns {
			want.WriteString(" " + c[attribute] + " |")
		}
		want.WriteString("\n")
	}
	template, err := os.ReadFile("../../templates/resources/access_key.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(template), want.String()) {
		t.Fatalf("templates/resources/access_key.md.tmpl lacks the table the capabilities give:\n%s", want.String())
	}
}
