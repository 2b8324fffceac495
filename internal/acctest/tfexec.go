package acctest

import (
	"maps"
	"os"
	"os/exec"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// NewTerraformExec returns a terraform-exec CLI in dir, for the demo and
// the benchmark: $TERRAFORM, else terraform on PATH, with this process's
// environment (less what terraform-exec sets itself) and env on top.
func NewTerraformExec(dir string, env map[string]string) (*tfexec.Terraform, error) {
	bin := os.Getenv("TERRAFORM")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			return nil, err
		}
	}
	tf, err := tfexec.NewTerraform(dir, bin)
	if err != nil {
		return nil, err
	}
	all := map[string]string{"CHECKPOINT_DISABLE": "1"}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && len(tfexec.ProhibitedEnv(map[string]string{k: v})) == 0 {
			all[k] = v
		}
	}
	maps.Copy(all, env)
	if err := tf.SetEnv(all); err != nil {
		return nil, err
	}
	return tf, nil
}
