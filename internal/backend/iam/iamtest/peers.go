package iamtest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/acctest/peerkit"
)

// This file makes aws_iam_user, aws_iam_access_key and aws_iam_user_policy
// for real, as the AWS provider (hashicorp/aws, internal/service/iam)
// does: CreateUser with the name and path, CreateAccessKey for the user,
// PutUserPolicy with the name and document, each through AWS's own Go
// client, and the state it stores from the answers. Its settings come from
// the variables the AWS provider reads too: AWS_ENDPOINT_URL_IAM,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION.

// peers are the resources of the provider hashicorp/aws a key moves from
// with the user and policy it belongs to, as the stand-in serves them.
var peers = []peerkit.Provider{{Name: "aws", Namespace: "hashicorp", Resources: []*peerkit.Resource{
	{
		Type: "aws_iam_user", KeyAttribute: "name", Create: createAWSUser,
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":                   peerkit.Computed,
			"name":                 schema.StringAttribute{Required: true},
			"path":                 schema.StringAttribute{Optional: true, Computed: true},
			"arn":                  peerkit.Computed,
			"unique_id":            peerkit.Computed,
			"force_destroy":        schema.BoolAttribute{Optional: true, Computed: true},
			"permissions_boundary": schema.StringAttribute{Optional: true},
			"tags":                 schema.MapAttribute{ElementType: types.StringType, Optional: true},
			"tags_all":             schema.MapAttribute{ElementType: types.StringType, Computed: true},
		}},
	},
	{
		Type: "aws_iam_access_key", KeyAttribute: "user", Create: createAWSAccessKey,
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":                             peerkit.Computed,
			"user":                           schema.StringAttribute{Required: true},
			"status":                         schema.StringAttribute{Optional: true, Computed: true},
			"pgp_key":                        schema.StringAttribute{Optional: true},
			"secret":                         peerkit.Secret,
			"encrypted_secret":               peerkit.Computed,
			"key_fingerprint":                peerkit.Computed,
			"ses_smtp_password_v4":           peerkit.Secret,
			"encrypted_ses_smtp_password_v4": peerkit.Computed,
			"create_date":                    peerkit.Computed,
		}},
	},
	{
		Type: "aws_iam_user_policy", KeyAttribute: "name", Create: createAWSUserPolicy,
		Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":          peerkit.Computed,
			"user":        schema.StringAttribute{Required: true},
			"name":        schema.StringAttribute{Optional: true, Computed: true},
			"name_prefix": schema.StringAttribute{Optional: true},
			"policy":      schema.StringAttribute{Required: true},
		}},
	},
}}}

func awsClient() *iam.Client {
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	return iam.New(iam.Options{
		Region: region, BaseEndpoint: aws.String(os.Getenv("AWS_ENDPOINT_URL_IAM")),
		Credentials: credentials.NewStaticCredentialsProvider(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), ""),
	})
}

// planned reads string attributes of the plan.
func planned(ctx context.Context, plan tfsdk.Plan, names ...string) (map[string]types.String, error) {
	out := map[string]types.String{}
	for _, name := range names {
		var v types.String
		if diags := plan.GetAttribute(ctx, path.Root(name), &v); diags.HasError() {
			return nil, fmt.Errorf("read %s from the plan: %v", name, diags)
		}
		out[name] = v
	}
	return out, nil
}

func createAWSUser(ctx context.Context, plan tfsdk.Plan, typ tftypes.Type) (tftypes.Value, error) {
	p, err := planned(ctx, plan, "name", "path")
	if err != nil {
		return tftypes.Value{}, err
	}
	out, err := awsClient().CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(p["name"].ValueString()), Path: aws.String(peerkit.Known(p["path"], "/"))})
	if err != nil {
		return tftypes.Value{}, fmt.Errorf("creating IAM User (%s): %w", p["name"].ValueString(), err)
	}
	u := out.User
	return peerkit.State(map[string]any{
		"id": aws.ToString(u.UserName), "name": aws.ToString(u.UserName), "path": aws.ToString(u.Path), "arn": aws.ToString(u.Arn),
		"unique_id": aws.ToString(u.UserId), "force_destroy": false, "permissions_boundary": nil, "tags": nil, "tags_all": map[string]string{},
	}, typ)
}

func createAWSAccessKey(ctx context.Context, plan tfsdk.Plan, typ tftypes.Type) (tftypes.Value, error) {
	p, err := planned(ctx, plan, "user")
	if err != nil {
		return tftypes.Value{}, err
	}
	out, err := awsClient().CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(p["user"].ValueString())})
	if err != nil {
		return tftypes.Value{}, fmt.Errorf("creating IAM Access Key (%s): %w", p["user"].ValueString(), err)
	}
	k := out.AccessKey
	created := aws.ToTime(k.CreateDate)
	if created.IsZero() {
		created = time.Now() // the AWS provider stores the answer's date; a service may send none
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	return peerkit.State(map[string]any{
		"id": aws.ToString(k.AccessKeyId), "user": aws.ToString(k.UserName), "status": string(k.Status), "pgp_key": nil,
		"secret": aws.ToString(k.SecretAccessKey), "encrypted_secret": nil, "key_fingerprint": nil,
		"ses_smtp_password_v4":           sesSMTPPasswordV4(aws.ToString(k.SecretAccessKey), region),
		"encrypted_ses_smtp_password_v4": nil, "create_date": created.UTC().Format(time.RFC3339),
	}, typ)
}

// sesSMTPPasswordV4 derives the SES SMTP password from a secret, as AWS
// documents it and the AWS provider stores it.
func sesSMTPPasswordV4(secret, region string) string {
	sign := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	signature := []byte("AWS4" + secret)
	for _, part := range []string{"11111111", region, "ses", "aws4_request", "SendRawEmail"} {
		signature = sign(signature, part)
	}
	return base64.StdEncoding.EncodeToString(append([]byte{0x04}, signature...))
}

func createAWSUserPolicy(ctx context.Context, plan tfsdk.Plan, typ tftypes.Type) (tftypes.Value, error) {
	p, err := planned(ctx, plan, "user", "name", "policy")
	if err != nil {
		return tftypes.Value{}, err
	}
	user, name, policy := p["user"].ValueString(), p["name"].ValueString(), p["policy"].ValueString()
	if _, err := awsClient().PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String(user), PolicyName: aws.String(name), PolicyDocument: aws.String(policy),
	}); err != nil {
		return tftypes.Value{}, fmt.Errorf("putting IAM User (%s) Policy (%s): %w", user, name, err)
	}
	return peerkit.State(map[string]any{"id": user + ":" + name, "user": user, "name": name, "name_prefix": nil, "policy": policy}, typ)
}
