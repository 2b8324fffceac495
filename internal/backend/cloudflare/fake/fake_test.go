package fake_test

import (
	"context"
	"fmt"
	"testing"

	cfgo "github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/accounts"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/shared"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/cloudflare/fake"
)

// Cloudflare's own Go client (cloudflare-go v6) talks to the fake, every
// exchange checked against the excerpt: a token made with a bucket policy
// and its value, read, listed with the client's auto-pager over more than
// a page, its value rolled, and deleted.
func TestOfficialClientTalksToTheFake(t *testing.T) {
	s := fake.StartValidated(t)
	client := cfgo.NewClient(option.WithAPIToken(s.Token), option.WithBaseURL(s.URL+"/client/v4/"), option.WithMaxRetries(0))
	ctx := context.Background()
	account := cfgo.F(s.AccountID)
	policy := shared.TokenPolicyParam{
		Effect:           cfgo.F(shared.TokenPolicyEffectAllow),
		PermissionGroups: cfgo.F([]shared.TokenPolicyPermissionGroupParam{{ID: cfgo.F(s.GroupID("Workers R2 Storage Bucket Item Read"))}}),
		Resources: cfgo.F[shared.TokenPolicyResourcesUnionParam](shared.TokenPolicyResourcesIAMResourcesTypeObjectStringParam{
			"com.cloudflare.edge.r2.bucket." + s.AccountID + "_default_logs": "*"}),
	}
	made, err := client.Accounts.Tokens.New(ctx, accounts.TokenNewParams{AccountID: account, Name: cfgo.F("reader"),
		Policies: cfgo.F([]shared.TokenPolicyParam{policy})})
	if err != nil {
		t.Fatal(err)
	}
	if made.ID == "" || made.Value == "" || len(made.Policies) != 1 {
		t.Fatalf("made %+v", made)
	}
	got, err := client.Accounts.Tokens.Get(ctx, made.ID, accounts.TokenGetParams{AccountID: account})
	if err != nil || got.Name != "reader" || got.Status != shared.TokenStatusActive {
		t.Fatalf("get: %v %+v", err, got)
	}
	for i := range 60 {
		s.AddToken(fmt.Sprintf("other-%d", i), nil)
	}
	pager := client.Accounts.Tokens.ListAutoPaging(ctx, accounts.TokenListParams{AccountID: account, PerPage: cfgo.F(50.0)})
	listed := 0
	for pager.Next() {
		listed++
	}
	if err := pager.Err(); err != nil || listed != 62 {
		t.Fatalf("listed %d tokens (%v), want 62: the provider's, the one made and 60 others", listed, err)
	}
	rolled, err := client.Accounts.Tokens.Value.Update(ctx, made.ID, accounts.TokenValueUpdateParams{AccountID: account, Body: map[string]any{}})
	if err != nil || rolled == nil || *rolled == made.Value {
		t.Fatalf("roll: %v", err)
	}
	if _, err := client.Accounts.Tokens.Delete(ctx, made.ID, accounts.TokenDeleteParams{AccountID: account}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Accounts.Tokens.Get(ctx, made.ID, accounts.TokenGetParams{AccountID: account}); err == nil {
		t.Fatal("a deleted token reads")
	}
}
