package provider

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
)

// resourceChange is one entry of a saved plan's resource_changes, as
// `terraform show -json` writes it.
type resourceChange struct {
	Address         string
	PreviousAddress string `json:"previous_address"`
	Change          struct {
		Actions   []string
		Importing *struct{ ID string } `json:"importing"`
	}
}

// savedPlan plans into tfplan and returns the plan's resource changes
// (want of them) and its JSON.
func savedPlan(t *testing.T, tf *acctest.Terraform, want int) ([]resourceChange, string) {
	t.Helper()
	if _, err := tf.Run("plan", "-input=false", "-out=tfplan"); err != nil {
		t.Fatal(err)
	}
	planJSON, err := tf.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		ResourceChanges []resourceChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil || len(plan.ResourceChanges) != want {
		t.Fatalf("plan JSON: %v, %d changes, want %d", err, len(plan.ResourceChanges), want)
	}
	return plan.ResourceChanges, planJSON
}

// applySavedPlan applies tfplan and checks that the plan after it is empty
// (exit code 0 of -detailed-exitcode).
func applySavedPlan(t *testing.T, tf *acctest.Terraform) {
	t.Helper()
	if _, err := tf.Run("apply", "-input=false", "tfplan"); err != nil {
		t.Fatal(err)
	}
	if _, err := tf.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after applying is not empty: %v", err)
	}
}

// ansiColor matches the CLI's colour codes.
var ansiColor = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// oneLine is CLI output as one line of words, without colour codes and the
// boxes Terraform draws around diagnostics, for matching messages that the
// CLI wraps.
func oneLine(out string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(ansiColor.ReplaceAllString(out, ""), "│", " ")), " ")
}
