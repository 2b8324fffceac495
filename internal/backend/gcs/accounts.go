package gcs

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	iam "google.golang.org/api/iam/v1"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// mark is the description of every service account the provider makes.
// An account counts as the provider's by it, never by its id or name:
// nobody else writes this text by chance.
const mark = "objectstorage: the account of one access key, made and deleted with it by terraform-provider-objectstorage"

// accountsPerPage is the largest page of service accounts the API serves.
const accountsPerPage = 100

// suffixLength is the random part of an account id: 36^10 ids under one
// prefix.
const suffixLength = 10

// newAccountID draws an account id: the prefix and suffixLength random
// lowercase letters and digits.
func (b *Backend) newAccountID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	raw := make([]byte, suffixLength)
	_, _ = rand.Read(raw)
	id := []byte(b.cfg.AccountPrefix)
	for _, c := range raw {
		id = append(id, alphabet[int(c)%len(alphabet)])
	}
	return string(id)
}

func (b *Backend) projectName() string { return "projects/" + b.cfg.Project }

func (b *Backend) accountName(email string) string {
	return b.projectName() + "/serviceAccounts/" + email
}

// isOurs reports whether an account is one the provider made: by its mark
// alone, so that keys made under an earlier service_account_prefix stay
// the provider's.
func (b *Backend) isOurs(a *iam.ServiceAccount) bool { return a.Description == mark }

// notOurs is the refusal of a key whose account the provider did not make.
func (b *Backend) notOurs(id string, a *iam.ServiceAccount) error {
	return &backend.NotOursError{ID: id, Owner: fmt.Sprintf("service account %s, which this provider did not make", a.Email),
		Us:     fmt.Sprintf("the service accounts it makes in project %s, marked in their description", b.cfg.Project),
		Remedy: "Keys of other accounts stay theirs; make a new key with objectstorage_access_key, or move one from Google's provider with a moved block."}
}

// getAccount reads one service account by email.
func (b *Backend) getAccount(ctx context.Context, email string) (*iam.ServiceAccount, error) {
	a, err := b.iam.Projects.ServiceAccounts.Get(b.accountName(email)).Context(reading(ctx)).Do()
	if err != nil {
		return nil, failedAt(b.cfg.IAMURL, "read service account "+email, err)
	}
	return a, nil
}

// listAccounts reads the project's service accounts, by email.
func (b *Backend) listAccounts(ctx context.Context) (map[string]*iam.ServiceAccount, error) {
	out := map[string]*iam.ServiceAccount{}
	err := eachPage("list service accounts", func(token string) (string, error) {
		page, err := b.iam.Projects.ServiceAccounts.List(b.projectName()).PageSize(accountsPerPage).PageToken(token).Context(reading(ctx)).Do()
		if err != nil {
			return "", failedAt(b.cfg.IAMURL, "list service accounts", err)
		}
		for _, a := range page.Accounts {
			out[a.Email] = a
		}
		return page.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createAccount makes the service account of a new key. Its id is chosen
// here, so a create whose answer was lost is sent again: a second answer
// that it exists is the first create's account when it bears the mark
// and the name.
func (b *Backend) createAccount(ctx context.Context, name string) (*iam.ServiceAccount, error) {
	id := b.newAccountID()
	req := &iam.CreateServiceAccountRequest{AccountId: id, ServiceAccount: &iam.ServiceAccount{DisplayName: name, Description: mark}}
	var lastErr error
	for range 2 {
		a, err := b.iam.Projects.ServiceAccounts.Create(b.projectName(), req).Context(creating(ctx)).Do()
		if err == nil {
			b.madeAccount(a)
			return a, nil
		}
		if codeOf(err) == 409 && lastErr != nil {
			// The first create made it; IAM may not show it for a moment.
			email := id + "@" + b.cfg.Project + ".iam.gserviceaccount.com"
			a, getErr := b.awaitAccount(ctx, email, func() bool { return true })
			if getErr == nil && b.isOurs(a) && a.DisplayName == name {
				b.madeAccount(a)
				return a, nil
			}
			return nil, &backend.UncertainCreateError{MayExist: true, Err: fmt.Errorf("%w; service account %s was made by "+
				"the first request, whose answer was lost, and cannot be read back: check for it in project %s",
				failedAt(b.cfg.IAMURL, "create service account "+id, lastErr), id, b.cfg.Project)}
		}
		if !unclear(err) {
			return nil, failedAt(b.cfg.IAMURL, "create service account "+id, err)
		}
		lastErr = err
	}
	return nil, &backend.UncertainCreateError{MayExist: true, Err: fmt.Errorf("%w; service account %s may have been made: "+
		"check for it in project %s", failedAt(b.cfg.IAMURL, "create service account "+id, lastErr), id, b.cfg.Project)}
}

// madeAccount records an account this process made.
func (b *Backend) madeAccount(a *iam.ServiceAccount) {
	b.accountCache.Put(b.accounts.Scope, a.Email, a)
	b.madeMu.Lock()
	defer b.madeMu.Unlock()
	b.madeAccounts[a.Email] = time.Now()
}

// renameAccount gives an account a new display name.
func (b *Backend) renameAccount(ctx context.Context, email, name string) (*iam.ServiceAccount, error) {
	req := &iam.PatchServiceAccountRequest{ServiceAccount: &iam.ServiceAccount{DisplayName: name}, UpdateMask: "displayName"}
	a, err := b.iam.Projects.ServiceAccounts.Patch(b.accountName(email), req).Context(reading(ctx)).Do()
	if err != nil {
		b.accountCache.Invalidate(b.accounts.Scope)
		return nil, failedAt(b.cfg.IAMURL, "rename service account "+email, err)
	}
	b.accountCache.Put(b.accounts.Scope, a.Email, a)
	return a, nil
}

// deleteAccount deletes a service account; one already gone is not an
// error.
func (b *Backend) deleteAccount(ctx context.Context, email string) error {
	_, err := b.iam.Projects.ServiceAccounts.Delete(b.accountName(email)).Context(reading(ctx)).Do()
	b.accountCache.Delete(b.accounts.Scope, email)
	if err != nil && codeOf(err) != 404 {
		return failedAt(b.cfg.IAMURL, "delete service account "+email, err)
	}
	return nil
}
