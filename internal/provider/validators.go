package provider

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// printable refuses control characters (a newline, a tab, ...), which no
// service's key names take and which hide in logs and plans.
type printable struct{}

var _ validator.String = printable{}

func (printable) Description(context.Context) string {
	return "printable characters only, no control characters such as a newline or a tab"
}

func (v printable) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (printable) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for i, r := range req.ConfigValue.ValueString() {
		if unicode.IsControl(r) {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid Name",
				fmt.Sprintf("%q has a control character (%U) at byte %d: a name takes printable characters only, no newline, tab "+
					"or other control character.", req.ConfigValue.ValueString(), r, i))
			return
		}
	}
}

// bucketNameCharacters is the shape of an S3 bucket name; the other rules
// are checked one by one so the error can say which was broken.
var bucketNameCharacters = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)

const bucketNameRules = "3 to 63 characters of lowercase letters, digits, '.' and '-', beginning and ending with a letter or digit, " +
	"no '..', not an IP address, not beginning with 'xn--' nor ending with '-s3alias'"

// s3BucketName checks the S3 bucket-naming rules.
type s3BucketName struct{}

var _ validator.String = s3BucketName{}

func (s3BucketName) Description(context.Context) string {
	return "a valid S3 bucket name: " + bucketNameRules
}

func (v s3BucketName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (s3BucketName) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := bucketNameProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Bucket Name", problem)
	}
}

// bucketNameProblem says which S3 bucket-naming rule name breaks; empty
// when it breaks none.
func bucketNameProblem(name string) string {
	var problem string
	switch {
	case len(name) < 3 || len(name) > 63:
		problem = fmt.Sprintf("it has %d characters", len(name))
	case !bucketNameCharacters.MatchString(name):
		problem = "it has characters other than lowercase letters, digits, '.' and '-', or does not begin and end with a letter or digit"
	case strings.Contains(name, ".."):
		problem = "it contains '..'"
	case net.ParseIP(name) != nil:
		problem = "it is an IP address"
	case strings.HasPrefix(name, "xn--") || strings.HasSuffix(name, "-s3alias"):
		problem = "it begins with 'xn--' or ends with '-s3alias'"
	default:
		return ""
	}
	return fmt.Sprintf("%q is not a valid S3 bucket name: %s. A bucket name has %s.", name, problem, bucketNameRules)
}

// positiveTimeout refuses a timeout of zero or less; the timeouts module
// checks that it is a duration at all.
type positiveTimeout struct{}

var _ validator.String = positiveTimeout{}

func (positiveTimeout) Description(context.Context) string { return "longer than zero" }

func (v positiveTimeout) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveTimeout) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err == nil && d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timeout",
			fmt.Sprintf("A timeout of %q would end the operation before it starts: write one longer than zero, such as \"30s\" or \"5m\".",
				req.ConfigValue.ValueString()))
	}
}

// rfc3339 checks that a timestamp is RFC 3339, such as
// "2027-01-31T12:00:00Z".
type rfc3339 struct{}

var _ validator.String = rfc3339{}

func (rfc3339) Description(context.Context) string {
	return `an RFC 3339 timestamp, such as "2027-01-31T12:00:00Z"`
}

func (v rfc3339) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp: write one such as \"2027-01-31T12:00:00Z\" or "+
				"\"2027-01-31T13:00:00+01:00\".", req.ConfigValue.ValueString()))
	}
}

// duration checks a Go duration such as "30m" or "2h", greater than zero.
type duration struct{}

var _ validator.String = duration{}

func (duration) Description(context.Context) string {
	return `a duration such as "30m" or "2h"`
}

func (v duration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q is not a duration: write one such as \"30m\", \"2h\" or \"1h30m\".", req.ConfigValue.ValueString()))
	}
}
