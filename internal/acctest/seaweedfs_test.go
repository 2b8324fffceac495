package acctest

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

// The pinned SeaweedFS as the IAM backend will meet it, through AWS's own
// IAM client: users, access keys and inline policies made through the IAM
// API, and what S3 then lets a key do. Each behaviour the backend depends
// on is asserted, so that a SeaweedFS upgrade that changes one fails here
// first.
func TestSeaweedFSServesIAMAsTheBackendExpects(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("needs the pinned SeaweedFS: set TF_ACC=1 (make test does)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	server, err := StartSeaweedFS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.Stop)
	client := iam.New(iam.Options{
		Region: "us-east-1", BaseEndpoint: aws.String("http://" + server.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(server.AccessKey, server.SecretKey, ""),
	})
	admin, err := server.S3(server.AccessKey, server.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{"granted", "other"} {
		if err := admin.MakeBucket(ctx, bucket, ProbeObject, ProbeContent(bucket)); err != nil {
			t.Fatal(err)
		}
	}

	// CreateUser answers the root path whatever path was asked for.
	user, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("app-1"), Path: aws.String("/objectstorage/")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(user.User.Path); got != "/" {
		t.Errorf("CreateUser kept the path %q; the backend marks its users by a path only where the service keeps it", got)
	}
	key, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("app-1")})
	if err != nil {
		t.Fatal(err)
	}
	accessKey, secretKey := aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey)
	readOnly := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],` +
		`"Resource":["arn:aws:s3:::granted","arn:aws:s3:::granted/*"]}]}`
	if _, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String("app-1"), PolicyName: aws.String("objectstorage"), PolicyDocument: aws.String(readOnly),
	}); err != nil {
		t.Fatal(err)
	}
	asKey, err := server.S3(accessKey, secretKey)
	if err != nil {
		t.Fatal(err)
	}
	// S3 enforces the inline policy, within a second.
	if got := ProbeUntil(ctx, t, asKey, "granted", ReadOnly); got != ReadOnly {
		t.Errorf("the key reaches bucket granted with %v, want %v", got, ReadOnly)
	}
	if got, err := asKey.Probe(ctx, "other"); err != nil || got != NoAccess {
		t.Errorf("the key reaches bucket other with %v (%v), want none", got, err)
	}

	// An inactive key is refused at once; an active one works again.
	setStatus := func(status iamtypes.StatusType) {
		t.Helper()
		if _, err := client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
			UserName: aws.String("app-1"), AccessKeyId: aws.String(accessKey), Status: status,
		}); err != nil {
			t.Fatal(err)
		}
	}
	setStatus(iamtypes.StatusTypeInactive)
	if _, err := asKey.Read(ctx, "granted", ProbeObject); !IsUnknownKey(err) {
		t.Errorf("an inactive key's read: %v, want the key refused as unknown", err)
	}
	setStatus(iamtypes.StatusTypeActive)
	if got := ProbeUntil(ctx, t, asKey, "granted", ReadOnly); got != ReadOnly {
		t.Errorf("a key made active again reaches bucket granted with %v", got)
	}

	// A user with a key left cannot be deleted; the bulk read AWS offers
	// is not served, so refreshes read user by user.
	_, err = client.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("app-1")})
	if code := apiCode(err); code != "DeleteConflict" {
		t.Errorf("DeleteUser with a key left: %v, want DeleteConflict", err)
	}
	_, err = client.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{})
	if code := apiCode(err); code != "InvalidAction" {
		t.Errorf("GetAccountAuthorizationDetails: %v, want InvalidAction", err)
	}
}

func apiCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}
