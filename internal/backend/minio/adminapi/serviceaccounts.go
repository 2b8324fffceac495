package adminapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// The service-account calls: their paths, query parameters and JSON
// fields are MinIO's admin API's.

// AddServiceAccount is the body of add-service-account.
type AddServiceAccount struct {
	// Policy is the embedded policy; none leaves the account with its
	// parent user's.
	Policy     json.RawMessage `json:"policy,omitempty"`
	TargetUser string          `json:"targetUser,omitempty"`
	// AccessKey and SecretKey are chosen by the server when empty.
	AccessKey   string     `json:"accessKey,omitempty"`
	SecretKey   string     `json:"secretKey,omitempty"`
	Name        string     `json:"name,omitempty"`
	Description string     `json:"description,omitempty"`
	Expiration  *time.Time `json:"expiration,omitempty"`
	Comment     string     `json:"comment,omitempty"`
}

// Credentials are a new service account's.
type Credentials struct {
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
}

// AddServiceAccount creates a service account. When the caller chose both
// halves of the credentials the server's answer only repeats them, so it
// is not opened, which saves an argon2id derivation (64 MiB, tens of
// milliseconds); otherwise the credentials the server chose are returned.
func (c *Client) AddServiceAccount(ctx context.Context, req AddServiceAccount) (Credentials, error) {
	plaintext, err := json.Marshal(req)
	if err != nil {
		return Credentials{}, err
	}
	answer, err := c.Call(ctx, Request{Method: http.MethodPut, Op: "add-service-account", Body: plaintext, Sealed: true}, http.StatusOK)
	if err != nil {
		return Credentials{}, err
	}
	if req.AccessKey != "" && req.SecretKey != "" {
		return Credentials{AccessKey: req.AccessKey, SecretKey: req.SecretKey}, nil
	}
	var created addAnswer
	if err := c.openJSON(answer, &created); err != nil {
		return Credentials{}, fmt.Errorf("read the add-service-account answer: %w", err)
	}
	return created.Credentials, nil
}

type addAnswer struct {
	Credentials Credentials `json:"credentials"`
}

// UpdateServiceAccount is the body of update-service-account; a field left
// empty is not changed, except that MinIO drops the embedded policy of an
// update that carries none.
type UpdateServiceAccount struct {
	NewPolicy      json.RawMessage `json:"newPolicy,omitempty"`
	NewSecretKey   string          `json:"newSecretKey,omitempty"`
	NewStatus      string          `json:"newStatus,omitempty"`
	NewName        string          `json:"newName,omitempty"`
	NewDescription string          `json:"newDescription,omitempty"`
	NewExpiration  *time.Time      `json:"newExpiration,omitempty"`
}

// UpdateServiceAccount changes a service account. Sending the same update
// twice changes nothing more, so it is sent again after an unclear answer.
func (c *Client) UpdateServiceAccount(ctx context.Context, accessKey string, req UpdateServiceAccount) error {
	plaintext, err := json.Marshal(req)
	if err != nil {
		return err
	}
	_, err = c.Call(ctx, Request{
		Method: http.MethodPost, Op: "update-service-account", Query: url.Values{"accessKey": {accessKey}},
		Body: plaintext, Sealed: true, MayRepeat: true,
	}, http.StatusNoContent)
	return err
}

// DeleteServiceAccount removes a service account.
func (c *Client) DeleteServiceAccount(ctx context.Context, accessKey string) error {
	_, err := c.Call(ctx, Request{
		Method: http.MethodDelete, Op: "delete-service-account", Query: url.Values{"accessKey": {accessKey}}, MayRepeat: true,
	}, http.StatusNoContent)
	return err
}

// ServiceAccount is a service account as info-service-account and
// list-service-accounts describe it.
type ServiceAccount struct {
	AccessKey     string `json:"accessKey"` // in lists only
	ParentUser    string `json:"parentUser"`
	AccountStatus string `json:"accountStatus"`
	// ImpliedPolicy is true when the account has no embedded policy of
	// its own and so has its parent user's.
	ImpliedPolicy bool `json:"impliedPolicy"`
	// Policy is the embedded policy (info-service-account only).
	Policy      string     `json:"policy"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Expiration  *time.Time `json:"expiration"`
}

// InfoServiceAccount reads one service account with its embedded policy.
func (c *Client) InfoServiceAccount(ctx context.Context, accessKey string) (ServiceAccount, error) {
	answer, err := c.Call(ctx, Request{
		Method: http.MethodGet, Op: "info-service-account", Query: url.Values{"accessKey": {accessKey}}, MayRepeat: true,
	}, http.StatusOK)
	if err != nil {
		return ServiceAccount{}, err
	}
	var info ServiceAccount
	if err := c.openJSON(answer, &info); err != nil {
		return ServiceAccount{}, fmt.Errorf("read the info-service-account answer: %w", err)
	}
	info.AccessKey = accessKey
	return info, nil
}

// ListServiceAccounts lists a user's service accounts, without their
// policies.
func (c *Client) ListServiceAccounts(ctx context.Context, user string) ([]ServiceAccount, error) {
	answer, err := c.Call(ctx, Request{
		Method: http.MethodGet, Op: "list-service-accounts", Query: url.Values{"user": {user}}, MayRepeat: true,
	}, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var list listAnswer
	if err := c.openJSON(answer, &list); err != nil {
		return nil, fmt.Errorf("read the list-service-accounts answer: %w", err)
	}
	return list.Accounts, nil
}

type listAnswer struct {
	Accounts []ServiceAccount `json:"accounts"`
}

// ExportIAM returns the IAM export, a zip archive of every user, policy
// and service account on the server, secrets included: callers keep of
// it only what they need. MinIO does not seal it.
func (c *Client) ExportIAM(ctx context.Context, limit int64) ([]byte, error) {
	return c.Call(ctx, Request{Method: http.MethodGet, Op: "export-iam", MayRepeat: true, AnswerLimit: limit}, http.StatusOK)
}

func (c *Client) openJSON(answer []byte, v any) error {
	plaintext, err := c.Open(answer)
	if err != nil {
		return err
	}
	return json.Unmarshal(plaintext, v)
}
