package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestS3BucketName(t *testing.T) {
	valid := []string{"abc", "logs", "my.bucket-1", "a1b", "x23456789012345678901234567890123456789012345678901234567890123"[:63]}
	invalid := []string{"ab", "Logs", "my_bucket", "-logs", "logs-", "my..bucket", "192.168.1.1", "xn--bucket", "logs-s3alias", ".logs",
		"x234567890123456789012345678901234567890123456789012345678901234"}
	check := func(name string) bool {
		resp := &validator.StringResponse{}
		s3BucketName{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("bucket"), ConfigValue: types.StringValue(name)}, resp)
		return !resp.Diagnostics.HasError()
	}
	for _, name := range valid {
		if !check(name) {
			t.Errorf("%q was refused", name)
		}
	}
	for _, name := range invalid {
		if check(name) {
			t.Errorf("%q was accepted", name)
		}
	}
}

func TestTimestampAndDurationValidators(t *testing.T) {
	accepts := func(v validator.String, value string) bool {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(value)}, resp)
		return !resp.Diagnostics.HasError()
	}
	for v, cases := range map[validator.String]map[string]bool{
		rfc3339{}: {
			"2027-01-31T12:00:00Z": true, "2027-01-31T13:00:00+01:00": true, "2027-01-31": false, "tomorrow": false, "": false,
		},
		duration{}: {"30m": true, "1h30m": true, "0s": false, "-5m": false, "1 hour": false, "": false},
	} {
		for value, want := range cases {
			if got := accepts(v, value); got != want {
				t.Errorf("%T accepts %q: %v, want %v", v, value, got, want)
			}
		}
	}
}
