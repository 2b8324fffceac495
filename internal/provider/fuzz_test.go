package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/fuzzstat"
)

// FuzzGrantImportID splits objectstorage_bucket_access import ids: no
// panic; an id it takes is KEY_ID/BUCKET put back together, with a
// bucket name S3 allows; a refusal quotes the id.
func FuzzGrantImportID(f *testing.F) {
	for _, seed := range []string{"AKIAEXAMPLE/logs", "os-ab123/376af022-c81e-4a02-9f28-0dce6ba24387/logs", "app/AKIAEXAMPLE/logs", "12345/", "/logs", "k/Logs_2"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		fuzzstat.Count()
		keyID, bucket, problem := splitGrantID(id)
		if problem != "" {
			if !strings.Contains(problem, fmt.Sprintf("%q", id)) {
				t.Fatalf("the refusal does not quote the id: %s", problem)
			}
			return
		}
		if keyID+"/"+bucket != id || keyID == "" || bucketNameProblem(bucket) != "" {
			t.Fatalf("%q split into key %q and bucket %q", id, keyID, bucket)
		}
	})
}

// FuzzTimestamp checks expires_at as its validator and the plan read it:
// a timestamp the validator takes names an instant, and the service's
// report of that instant, in UTC, is no drift against it.
func FuzzTimestamp(f *testing.F) {
	for _, seed := range []string{"2027-01-31T12:00:00Z", "2027-01-31T13:00:00+01:00", "2027-01-31T12:00:00.5Z", "0000-01-01T00:00:00Z", "2027-02-30T12:00:00Z"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzstat.Count()
		if !accepts(rfc3339{}, s) {
			return
		}
		held := types.StringValue(s)
		at := timeOf(held)
		if at.IsZero() && !strings.HasPrefix(s, "0001-01-01T00:00:00") {
			t.Fatalf("%q passes the validator but the plan reads no time from it", s)
		}
		if got := sameInstantOr(held, at.UTC()); !at.IsZero() && got != held {
			t.Fatalf("%q read back as the same instant in UTC is drift: %s", s, got)
		}
	})
}

// FuzzDuration checks ttl and the timeouts as their attributes' own
// validators take them: a duration taken is a Go duration longer than
// zero, so that no operation ends before it starts.
func FuzzDuration(f *testing.F) {
	for _, seed := range []string{"30s", "5m", "1h30m", "0s", "-5m", "1.5h", "9223372036854775807ns", "1e3s"} {
		f.Add(seed)
	}
	ctx := context.Background()
	var timeouts, ttl []validator.String
	if nested, ok := timeoutsAttribute(ctx).(schema.SingleNestedAttribute); ok {
		if create, ok := nested.Attributes["create"].(schema.StringAttribute); ok {
			timeouts = create.Validators
		}
	}
	var resp ephemeral.SchemaResponse
	(&ephemeralAccessKey{}).Schema(ctx, ephemeral.SchemaRequest{}, &resp)
	if a, ok := resp.Schema.Attributes["ttl"].(eschema.StringAttribute); ok {
		ttl = a.Validators
	}
	if len(timeouts) == 0 || len(ttl) == 0 {
		f.Fatal("the timeouts or ttl attribute has no validator")
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzstat.Count()
		for name, validators := range map[string][]validator.String{"timeouts.create": timeouts, "ttl": ttl} {
			if !accepts(all(validators), s) {
				continue
			}
			if d, err := time.ParseDuration(s); err != nil || d <= 0 {
				t.Fatalf("%s takes %q, which is %v (%v)", name, s, d, err)
			}
		}
	})
}

// accepts reports whether a validator takes s.
func accepts(v validator.String, s string) bool {
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(s)}, &resp)
	return !resp.Diagnostics.HasError()
}

// all is the validators of one attribute as one.
type all []validator.String

func (a all) Description(context.Context) string         { return "" }
func (a all) MarkdownDescription(context.Context) string { return "" }
func (a all) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	for _, v := range a {
		v.ValidateString(ctx, req, resp)
	}
}
