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
