package acctest

import (
	"os"
	"path/filepath"
	"testing"
)

// PinnedTerraformVersion is the Terraform tools/install-terraform.sh
// builds into .bin/terraform-1.14, for the features the terraform on PATH
// lacks: resource identity (1.12) and list resources with terraform query
// (1.14).
const PinnedTerraformVersion = "1.14.9"

// UsePinnedTerraform makes the runner's commands run the pinned Terraform.
// It skips the test when the suite runs another CLI (OpenTofu, through
// TF_ACC_TERRAFORM_PATH), and when the pinned build is missing, as in a
// plain go test: make test builds it first, so there the test runs.
func (tf *Terraform) UsePinnedTerraform(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") != "" {
		t.Skip("Terraform " + PinnedTerraformVersion + " features; this run uses " + os.Getenv("TF_ACC_TERRAFORM_PATH"))
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, ".bin", "terraform-1.14")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("needs the pinned Terraform %s, which is not built: run make terraform-1.14 (make test does) (%v)", PinnedTerraformVersion, err)
	}
	tf.bin = bin
}
