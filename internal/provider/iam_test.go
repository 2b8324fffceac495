package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/iamtest"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends/fixtures"
)

// seaweedServer is the SeaweedFS of the IAM backend's acceptance tests,
// started by the first test that needs it and stopped by runTests.
func seaweedServer(t *testing.T) *acctest.SeaweedFSServer {
	t.Helper()
	testAccPreCheck(t)
	return acctest.SharedSeaweedFS(t)
}

// A key the AWS provider made (aws_iam_user, aws_iam_access_key and
// aws_iam_user_policy, by the stand-in with that provider's requests, on
// SeaweedFS) moves into objectstorage_access_key with a moved block, its
// user and policy handed over with removed blocks: the plan of the move
// sends no write, keeps the id and the secret, and updates the key in
// place, replacing the handed-over policy by the key's own; the plan after
// is empty, S3 takes the secret with the key's grants, and destroy removes
// the user.
func TestAccAccessKey_movedFromAWSIAMAccessKey(t *testing.T) {
	s := seaweedServer(t)
	t.Parallel()
	bucket := uniqueName(t, "moved-aws")
	admin, err := s.S3(s.AccessKey, s.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.MakeBucket(context.Background(), bucket, acctest.ProbeObject, acctest.ProbeContent(bucket)); err != nil {
		t.Fatal(err)
	}
	proxy, behind := iamtest.Proxy(t, seaweedServer(t))
	user := uniqueName(t, "app")
	requirement := "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\n\n"
	source := requirement + fmt.Sprintf(`
resource "aws_iam_user" "app" {
  name = %[1]q
}

resource "aws_iam_access_key" "key" {
  user = aws_iam_user.app.name
}

resource "aws_iam_user_policy" "app" {
  user   = aws_iam_user.app.name
  name   = "app-read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = ["arn:aws:s3:::%[2]s", "arn:aws:s3:::%[2]s/*"] }] })
}
`, user, bucket)
	tf := acctest.NewTerraform(t, source, "MINIO_ENDPOINT=", "AWS_ENDPOINT_URL_IAM=http://"+proxy.Endpoint,
		"AWS_ACCESS_KEY_ID="+s.AccessKey, "AWS_SECRET_ACCESS_KEY="+s.SecretKey, "AWS_REGION=us-east-1")
	tf.UsePeerProviders(t, fixtures.Peers())
	if _, err := tf.Run("apply", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	resources, err := tf.State()
	if err != nil {
		t.Fatal(err)
	}
	var accessKey, secret string
	for _, r := range resources {
		if r.Type == "aws_iam_access_key" {
			accessKey, _ = r.Attributes["id"].(string)
			secret, _ = r.Attributes["secret"].(string)
		}
	}
	if accessKey == "" || secret == "" {
		t.Fatalf("the stand-in stored no key: %+v", resources)
	}
	t.Cleanup(func() { // what destroy should have removed, if the test stopped before it
		_ = iam.New(s.IAMConfig()).DeleteKey(context.Background(), user+"/"+accessKey)
	})

	tf.WriteConfig(t, requirement+iamtest.Provider(behind)+fmt.Sprintf(`
resource "objectstorage_access_key" "key" {
  name          = %[1]q
  bucket_access = [{ bucket = %[2]q, permission = "read_only" }]
}

moved {
  from = aws_iam_access_key.key
  to   = objectstorage_access_key.key
}

removed {
  from = aws_iam_user.app
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_iam_user_policy.app
  lifecycle {
    destroy = false
  }
}
`, user, bucket))
	proxy.ResetRequests()
	if _, err := tf.Run("plan", "-input=false", "-out=tfplan"); err != nil {
		t.Fatal(err)
	}
	if n := iamWrites(proxy); n != 0 {
		t.Fatalf("the plan of the move sent %d write requests, want 0", n)
	}
	planJSON, err := tf.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		ResourceChanges []resourceChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatal(err)
	}
	moved := false
	for _, c := range plan.ResourceChanges {
		if c.Address == "objectstorage_access_key.key" {
			moved = c.PreviousAddress == "aws_iam_access_key.key" && strings.Join(c.Change.Actions, ",") == "update"
		}
	}
	if !moved {
		t.Fatalf("the plan does not update the moved key in place: %+v", plan.ResourceChanges)
	}
	applySavedPlan(t, tf)

	resources, err = tf.State()
	if err != nil || len(resources) != 1 {
		t.Fatalf("state after the move: %v %+v", err, resources)
	}
	got := resources[0].Attributes
	if got["id"] != user+"/"+accessKey || got["access_key"] != accessKey || got["secret_key"] != secret {
		t.Fatalf("after the move: id %v, access key %v, secret kept %v", got["id"], got["access_key"], got["secret_key"] == secret)
	}
	key, err := s.S3(accessKey, secret)
	if err != nil {
		t.Fatal(err)
	}
	if access := acctest.ProbeUntil(context.Background(), t, key, bucket, acctest.ReadOnly); access != acctest.ReadOnly {
		t.Errorf("the moved key on %s: %v, want %v", bucket, access, acctest.ReadOnly)
	}
	if _, err := tf.Run("destroy", "-auto-approve", "-input=false"); err != nil {
		t.Fatal(err)
	}
	if left := seaweedUserExists(t, s, user); left {
		t.Error("the handed-over user is left after destroy")
	}
}

// iamWrites counts the IAM requests that change something.
func iamWrites(proxy *acctest.FaultProxy) int {
	n := 0
	for op, count := range proxy.Requests() {
		for _, verb := range []string{"Create", "Update", "Delete", "Put", "Tag", "Untag", "Attach", "Detach", "Remove", "Add"} {
			if strings.HasPrefix(op, verb) {
				n += count
				break
			}
		}
	}
	return n
}

func seaweedUserExists(t *testing.T, s *acctest.SeaweedFSServer, name string) bool {
	t.Helper()
	client := awsiam.New(awsiam.Options{
		Region: "us-east-1", BaseEndpoint: aws.String("http://" + s.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
	_, err := client.GetUser(context.Background(), &awsiam.GetUserInput{UserName: aws.String(name)})
	var gone *iamtypes.NoSuchEntityException
	if err != nil && !errors.As(err, &gone) {
		t.Fatal(err)
	}
	return err == nil
}
