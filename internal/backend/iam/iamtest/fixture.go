// Package iamtest is what the provider's generic acceptance tests need of
// the iam backend: a fault proxy of its own in front of the shared
// SeaweedFS for each test, the provider block that reaches it, the
// service's own view of the test's keys, and what the backend refuses at
// plan time.
package iamtest

import (
	"context"
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
)

// Provider is the provider block that reaches s with its admin identity.
func Provider(s *acctest.SeaweedFSServer) string {
	return acctest.ProviderBlock("iam", "endpoint", "http://"+s.Endpoint, "access_key", s.AccessKey, "secret_key", s.SecretKey,
		"service", "seaweedfs")
}

// Proxy puts a fault proxy of the test's own in front of s, and returns
// the proxy and s as seen through it.
func Proxy(t *testing.T, s *acctest.SeaweedFSServer) (*acctest.FaultProxy, *acctest.SeaweedFSServer) {
	t.Helper()
	proxy := acctest.ProxyFor(t, s.Endpoint)
	behind := *s
	behind.Endpoint = proxy.Endpoint
	return proxy, &behind
}

// KeysNamed is SeaweedFS's own view of the keys the backend made whose
// names begin with prefix: name by id, read from the users' tags.
func KeysNamed(t *testing.T, s *acctest.SeaweedFSServer, prefix string) map[string]string {
	t.Helper()
	ctx := context.Background()
	client := awsiam.New(awsiam.Options{
		Region: "us-east-1", BaseEndpoint: aws.String("http://" + s.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
	users, err := client.ListUsers(ctx, &awsiam.ListUsersInput{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, u := range users.Users {
		user, ok := strings.CutPrefix(aws.ToString(u.UserName), iam.DefaultNamePrefix)
		if !ok {
			continue
		}
		tags, err := client.ListUserTags(ctx, &awsiam.ListUserTagsInput{UserName: u.UserName})
		var gone *iamtypes.NoSuchEntityException
		if errors.As(err, &gone) {
			continue // deleted since the list, by another test
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range tags.Tags {
			if aws.ToString(tag.Key) == "objectstorage:name" && strings.HasPrefix(aws.ToString(tag.Value), prefix) {
				keys[user] = aws.ToString(tag.Value)
			}
		}
	}
	return keys
}

// Fixture is the iam backend in the provider's generic acceptance tests,
// on SeaweedFS. A create's fault is on CreateAccessKey, the one request
// never sent twice blindly; a read's on GetUser, its first; an update's (a
// rename) on TagUser; a delete's on DeleteUser, its last.
var Fixture = acctest.Fixture{
	Backend: "iam",
	Start: func(t *testing.T, _ acctest.Shared) acctest.Service {
		s := acctest.SharedSeaweedFS(t)
		proxy, behind := Proxy(t, s)
		return acctest.Service{
			Provider: Provider(behind), Address: proxy.Endpoint, Recorder: proxy,
			Keys: func(prefix string) map[string]string { return KeysNamed(t, s, prefix) },
		}
	},
	Key: func(name, extra string) string {
		return acctest.KeyBlock(name, `bucket_access = [{ bucket = "faults", permission = "read_only" }]`+"\n  "+extra)
	},
	FaultOps:  map[string]string{"create": "CreateAccessKey", "read": "GetUser", "update": "TagUser", "delete": "DeleteUser"},
	BadInputs: badInputs,
	Bench:     []acctest.BenchSetup{benchSeaweedFS, benchAWS},
	Peers:     peers,
	Secrets:   secrets,
}

// block is an iam provider block reaching the test's service, with more
// settings.
func block(settings string) string {
	return "provider \"objectstorage\" {\n  iam {\n    endpoint = \"http://{{address}}\"\n    " + settings + "\n  }\n}\n"
}

func badInputs(*testing.T) []acctest.BadInput {
	key := acctest.BadKey
	return acctest.BadInputs([][3]string{
		{"name with a semicolon", "{{provider}}" + key("app;reader", ""), `Invalid Name.*An IAM key's name is a tag value: 1 to 128 letters, digits, spaces and _.:/=\+-@; "app;reader" is not one`},
		{"unknown permission", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "owner" }]`), acctest.AllowedPermissions},
		{"region on a grant", "{{provider}}" + key("app", `bucket_access = [{ bucket = "logs", permission = "read_only", region = "eu-west-1" }]`), `Invalid Bucket Access.*sets region, which this backend does not use`},
		{"regions", "{{provider}}" + key("app", `regions = ["eu-west-1"]`), `Invalid Regions.*does not scope keys by region: remove regions`},
		{"instance_id", "{{provider}}" + key("app", `instance_id = "os-ab123"`), `Invalid Instance ID.*no storage instances: remove instance_id`},
		{"expires_at", "{{provider}}" + key("app", `expires_at = "2030-01-01T00:00:00Z"`), `Invalid Expires At.*no expiry for keys: remove expires_at`},
		{"secret_key_wo", "{{provider}}" + key("app", `secret_key_wo = "a-secret-of-ours"`+"\nsecret_key_wo_version = 1"), `Invalid Secret Key WO.*makes every key's secret itself`},
		{"import id not an access key id", "{{provider}}" + fmt.Sprintf(acctest.ImportKeyBlock, "key-12") + key("app", ""), `Invalid Import ID.*"key-12" is not an IAM key id: that is its access key id`},
		{"service unknown", block(`service = "minio"`) + key("app", ""), `Invalid IAM Service.*iam.service is "minio"; allowed values are "aws" and "seaweedfs"`},
		{"name prefix with a space", block(`name_prefix = "team a-"`) + key("app", ""), `Invalid IAM Name Prefix.*"team a-"; it takes 1 to 30 letters, digits`},
		{"path without slashes", block(`path = "objectstorage"`) + key("app", ""), `Invalid IAM Path.*"objectstorage"; an IAM path begins and ends with /`},
		{"access key without its secret", block(`access_key = "AKIAIOSFODNN7EXAMPLE"`) + key("app", ""), `Incomplete IAM Credentials.*set both`},
	})
}
