package fake_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/iam/fake"
)

func client(s *fake.Server) *iam.Client {
	return iam.New(iam.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(s.URL),
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
}

// AWS's own client drives every action the backend uses, and reads back
// what AWS answers: paths and tags kept, dates, URL-encoded policies, the
// bulk read, and the typed errors.
func TestTheSDKReadsTheFake(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	c, ctx := client(s), context.Background()
	name := aws.String("objectstorage-pending")
	tags := []types.Tag{{Key: aws.String("objectstorage:path"), Value: aws.String("/team/")}}
	created, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: name, Path: aws.String("/team/"), Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(created.User.Path) != "/team/" || len(created.User.Tags) != 1 || created.User.CreateDate == nil {
		t.Errorf("CreateUser answered %+v", created.User)
	}
	key, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: name})
	if err != nil || aws.ToString(key.AccessKey.SecretAccessKey) == "" || key.AccessKey.Status != types.StatusTypeActive {
		t.Fatalf("CreateAccessKey: %+v, %v", key, err)
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}`
	if _, err := c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: name, PolicyName: aws.String("objectstorage"), PolicyDocument: aws.String(doc)}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: name, PolicyName: aws.String("objectstorage")})
	if err != nil {
		t.Fatal(err)
	}
	if decoded, err := url.PathUnescape(aws.ToString(got.PolicyDocument)); err != nil || decoded != doc || aws.ToString(got.PolicyDocument) == doc {
		t.Errorf("GetUserPolicy answered %q, want %q URL-encoded", aws.ToString(got.PolicyDocument), doc)
	}
	final := aws.String("objectstorage-" + aws.ToString(key.AccessKey.AccessKeyId))
	if _, err := c.UpdateUser(ctx, &iam.UpdateUserInput{UserName: name, NewUserName: final}); err != nil {
		t.Fatal(err)
	}
	details, err := c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeUser}})
	if err != nil {
		t.Fatal(err)
	}
	if len(details.UserDetailList) != 1 || aws.ToString(details.UserDetailList[0].UserName) != aws.ToString(final) ||
		len(details.UserDetailList[0].UserPolicyList) != 1 || len(details.UserDetailList[0].Tags) != 1 {
		t.Errorf("GetAccountAuthorizationDetails answered %+v", details.UserDetailList)
	}
	keys, err := c.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: final})
	if err != nil || len(keys.AccessKeyMetadata) != 1 || keys.AccessKeyMetadata[0].CreateDate == nil {
		t.Errorf("ListAccessKeys: %+v, %v", keys, err)
	}
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: final})
	var conflict *types.DeleteConflictException
	if !errors.As(err, &conflict) {
		t.Errorf("DeleteUser with a key left: %v, want DeleteConflict", err)
	}
	_, err = c.GetUser(ctx, &iam.GetUserInput{UserName: name})
	var missing *types.NoSuchEntityException
	if !errors.As(err, &missing) {
		t.Errorf("GetUser of the old name: %v, want NoSuchEntity", err)
	}
}

// A user stays invisible to reads for Lag after it is made.
func TestLag(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	s.Lag = 300 * time.Millisecond
	c, ctx := client(s), context.Background()
	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("u")}); err != nil {
		t.Fatal(err)
	}
	var missing *types.NoSuchEntityException
	if _, err := c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("u")}); !errors.As(err, &missing) {
		t.Fatalf("GetUser at once: %v, want NoSuchEntity", err)
	}
	time.Sleep(s.Lag)
	if _, err := c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("u")}); err != nil {
		t.Fatalf("GetUser after the lag: %v", err)
	}
}

// ListUsers pages by MaxItems and Marker, as the SDK's paginator reads them.
func TestPagination(t *testing.T) {
	s := fake.Start()
	defer s.Close()
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		s.AddUser(n, "/", nil)
	}
	pages := iam.NewListUsersPaginator(client(s), &iam.ListUsersInput{MaxItems: aws.Int32(2)})
	var names []string
	for pages.HasMorePages() {
		p, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range p.Users {
			names = append(names, aws.ToString(u.UserName))
		}
	}
	if len(names) != 5 || s.Requests()["ListUsers"] != 3 {
		t.Errorf("paginated ListUsers: %v in %d requests", names, s.Requests()["ListUsers"])
	}
}
