package acctest

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// CapturedPlan is a plan check that keeps the plan as JSON, for a check
// after the step that reads what the plan showed.
type CapturedPlan struct{ JSON string }

func (c *CapturedPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal(req.Plan)
	resp.Error = err
	c.JSON = string(b)
}

// ErrorPattern matches an error that says pattern, with any run of white
// space (Terraform wraps diagnostics) where pattern has one space.
func ErrorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}
