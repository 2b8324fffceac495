// Package glesys manages GleSYS object-storage credentials: the keys of an
// instance, each with a description and no bucket scoping. A credential is
// read through its instance's details, one call per instance shared by all
// of that instance's credentials; the secret is readable there too.
package glesys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/grants"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
)

// Config is what the provider's glesys block configures.
type Config struct {
	URL       string // https://api.glesys.com
	Project   string // CL12345
	Token     string // an API key
	UserAgent string

	httpapi.Retries
	// Transport carries the requests; Go's default when nil.
	Transport http.RoundTripper
}

// Backend is the GleSYS backend.
type Backend struct {
	// A GleSYS credential reaches every bucket of its instance.
	grants.Fixed

	api *httpapi.Client
	// instances caches each instance's credentials by credential id, one
	// instancedetails call per instance and process.
	instances listcache.Cache[credential]
}

var _ backend.Driver = (*Backend)(nil)

// maxParallelInstances bounds concurrent instancedetails calls in a list.
const maxParallelInstances = 4

// New returns a backend for cfg. It makes no call.
func New(cfg Config) *Backend {
	project, token := cfg.Project, cfg.Token
	return &Backend{api: httpapi.New(httpapi.Config{
		BaseURL:   strings.TrimRight(cfg.URL, "/"),
		UserAgent: cfg.UserAgent,
		Authorize: func(r *http.Request) { r.SetBasicAuth(project, token) },
		URLHint:   urlHint,
		Retries:   cfg.Retries,
		Transport: cfg.Transport,
	})}
}

// Capabilities is the backend's row of the capability table (kind.go).
func (b *Backend) Capabilities() backend.Capabilities { return capabilities }

// maxDescription bounds a description. Guess: glesys-api.md gives no
// limit; 255 characters is the common bound of the API's text fields.
const maxDescription = 255

// ValidateKey checks the description's length.
func (b *Backend) ValidateKey(spec backend.KeySpec) []backend.InvalidInputError {
	if n := len(spec.Name); n < 1 || n > maxDescription {
		return []backend.InvalidInputError{{
			Field:  backend.FieldName,
			Detail: fmt.Sprintf("A GleSYS credential description has 1 to %d characters; this one has %d.", maxDescription, n),
		}}
	}
	return nil
}

// ValidateID checks that id is INSTANCE_ID/CREDENTIAL_ID.
func (b *Backend) ValidateID(id string) *backend.InvalidInputError {
	if _, _, ok := backend.SplitScopedID(id); !ok {
		return invalidID(id)
	}
	return nil
}

type credential struct {
	ID          string `json:"id"`
	AccessKey   string `json:"accesskey"`
	SecretKey   string `json:"secretkey"`
	Description string `json:"description"`
	Created     string `json:"created"`
}

// toKey is the credential as a key, named INSTANCE_ID/CREDENTIAL_ID: the
// API reads a credential only through its instance. A creation time that
// is not RFC 3339 reads as unknown.
func (c credential) toKey(instanceID string) backend.Key {
	created, _ := time.Parse(time.RFC3339, c.Created)
	return backend.Key{
		ID: backend.ScopedID(instanceID, c.ID), Name: c.Description, AccessKey: c.AccessKey, SecretKey: c.SecretKey,
		InstanceID: instanceID, CreatedAt: created.UTC(),
	}
}

// GetKey reads a credential, INSTANCE_ID/CREDENTIAL_ID, from its instance's details.
func (b *Backend) GetKey(ctx context.Context, keyID string) (backend.Key, error) {
	instanceID, id, err := splitID(keyID)
	if err != nil {
		return backend.Key{}, err
	}
	creds, err := b.instances.Get(ctx, instanceID, b.loader(instanceID))
	if err != nil {
		return backend.Key{}, err
	}
	c, ok := creds[id]
	if !ok {
		return backend.Key{}, fmt.Errorf("read credential %s of instance %s: %w", id, instanceID, backend.ErrNotFound)
	}
	return c.toKey(instanceID), nil
}

// loader loads an instance's credentials into the cache.
func (b *Backend) loader(instanceID string) listcache.Loader[credential] {
	return func(ctx context.Context) (map[string]credential, error) { return b.credentials(ctx, instanceID) }
}

// credentials reads an instance's credentials by id with one
// instancedetails call. An instance gone is an empty list: its credentials
// are gone too.
func (b *Backend) credentials(ctx context.Context, instanceID string) (map[string]credential, error) {
	var out struct {
		Instance struct {
			Credentials []credential `json:"credentials"`
		} `json:"instance"`
	}
	err := b.call(ctx, "instancedetails", map[string]string{"instanceid": instanceID}, &out)
	if backend.IsNotFound(err) {
		tflog.Warn(ctx, "object-storage instance not found; its credentials count as gone", map[string]any{"instance_id": instanceID})
		return map[string]credential{}, nil
	}
	if err != nil {
		return nil, err
	}
	creds := make(map[string]credential, len(out.Instance.Credentials))
	for _, c := range out.Instance.Credentials {
		creds[c.ID] = c
	}
	return creds, nil
}

// ListKeys lists every credential of every instance of the project.
func (b *Backend) ListKeys(ctx context.Context) ([]backend.Key, error) {
	var list struct {
		Instances []struct {
			ID string `json:"id"`
		} `json:"instances"`
	}
	if err := b.call(ctx, "listinstances", nil, &list); err != nil {
		return nil, err
	}
	perInstance := make([][]backend.Key, len(list.Instances))
	group, gctx := errgroup.WithContext(ctx)
	group.SetLimit(maxParallelInstances)
	for i, inst := range list.Instances {
		group.Go(func() error {
			creds, err := b.instances.Get(gctx, inst.ID, b.loader(inst.ID))
			for _, c := range creds {
				perInstance[i] = append(perInstance[i], c.toKey(inst.ID))
			}
			return err
		})
	}
	if err := group.Wait(); err != nil {
		return nil, err
	}
	var keys []backend.Key
	for _, ks := range perInstance {
		keys = append(keys, ks...)
	}
	return keys, nil
}

// UpdateKey has nothing it can change: a new description is a new
// credential, which the provider plans as a replacement.
func (b *Backend) UpdateKey(ctx context.Context, keyID string, spec backend.KeySpec) (backend.Key, error) {
	key, err := b.GetKey(ctx, keyID)
	if err != nil {
		return backend.Key{}, err
	}
	if key.Name != spec.Name {
		return backend.Key{}, errors.New("a GleSYS credential's description cannot change: replace the credential")
	}
	return key, nil
}

// DeleteKey deletes a credential; one already gone is not an error.
func (b *Backend) DeleteKey(ctx context.Context, keyID string) error {
	instanceID, id, err := splitID(keyID)
	if err != nil {
		return err
	}
	err = b.call(ctx, "deletecredential", map[string]string{"instanceid": instanceID, "credentialid": id}, nil)
	if err != nil && !backend.IsNotFound(err) {
		b.instances.Invalidate(instanceID)
		return err
	}
	b.instances.Delete(instanceID, id)
	return nil
}

// splitID splits a key's id, INSTANCE_ID/CREDENTIAL_ID.
func splitID(id string) (instanceID, credentialID string, err error) {
	instanceID, credentialID, ok := backend.SplitScopedID(id)
	if !ok {
		return "", "", invalidID(id)
	}
	return instanceID, credentialID, nil
}

func invalidID(id string) *backend.InvalidInputError {
	return &backend.InvalidInputError{
		Field:  backend.FieldID,
		Detail: fmt.Sprintf("%q is not a GleSYS credential id: use INSTANCE_ID/CREDENTIAL_ID, for example os-ab123/376af022-c81e-4a02-9f28-0dce6ba24387.", id),
	}
}

// idempotent are the functions that may be sent again after an unclear
// answer: reads and deletes, although the API sends them as POST.
var idempotent = map[string]bool{"listinstances": true, "instancedetails": true, "deletecredential": true}

// call invokes one API function: GET for listinstances, POST for the
// others, and decodes the envelope's payload into out.
func (b *Backend) call(ctx context.Context, function string, body any, out any) error {
	method := http.MethodPost
	if body == nil {
		method = http.MethodGet
	}
	resp, err := b.api.Do(ctx, httpapi.Request{Method: method, Path: "/objectstorage/" + function, Body: body, Idempotent: idempotent[function]})
	return decode(function, resp, err, out)
}

type envelope struct {
	Response json.RawMessage `json:"response"`
}

type status struct {
	Status struct {
		Code int    `json:"code"`
		Text string `json:"text"`
	} `json:"status"`
}

// urlHint ends the errors about answers that do not come from GleSYS's API.
const urlHint = "check glesys.url (GLESYS_API_URL), which must be the API's URL, such as https://api.glesys.com"

// decode unwraps {"response": {"status": ..., payload}}, or says why the
// request failed when err is set: 200 is the only
// success; otherwise the status text explains. An answer without the
// envelope comes from something else at the URL: above all, a 404 that is
// not GleSYS's never counts as a credential gone (which would drop it from
// state).
func decode(function string, resp *httpapi.Response, err error, out any) error {
	if err != nil {
		return fmt.Errorf("%s: %w", function, err)
	}
	var env envelope
	var st status
	if err := json.Unmarshal(resp.Body, &env); err == nil {
		_ = json.Unmarshal(env.Response, &st)
	}
	text := st.Status.Text
	if st.Status.Code == 0 && resp.Status < 500 && resp.Status != http.StatusTooManyRequests {
		return fmt.Errorf("%s: the answer (HTTP %d) is not one of GleSYS's: it has no response status; %s", function, resp.Status, urlHint)
	}
	switch resp.Status {
	case http.StatusOK:
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(env.Response, out); err != nil {
			return fmt.Errorf("%s: decode GleSYS's answer: %w", function, err)
		}
		return nil
	case http.StatusNotFound:
		return fmt.Errorf("%s: %s: %w", function, text, backend.ErrNotFound)
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("%s: GleSYS refused the API key (%d %s): check glesys.project and glesys.token (GLESYS_USERID, GLESYS_TOKEN), "+
			"that the key may call objectstorage:%s (the backend needs objectstorage:listinstances, instancedetails, createcredential "+
			"and deletecredential), and that its IP allow-list includes this machine", function, resp.Status, text, function)
	}
	return fmt.Errorf("%s: GleSYS answered %d: %s", function, resp.Status, text)
}
