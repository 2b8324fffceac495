package gcs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// scope is the OAuth scope both APIs accept for every call made here.
const scope = "https://www.googleapis.com/auth/cloud-platform"

// credentialTypes are the credentials files taken, as Google's tools take
// them. A file's type is read from it and checked here: the library would
// otherwise follow whatever a file of any type points at.
var credentialTypes = []google.CredentialsType{
	google.ServiceAccount, google.AuthorizedUser, google.ExternalAccount, google.ExternalAccountAuthorizedUser,
	google.ImpersonatedServiceAccount,
}

// TokenSource is where the provider's access tokens come from: the access
// token when set, else the credentials (JSON, or the path of a file),
// else application default credentials, looked up at the first call so
// that a plan that calls nothing needs none. Its errors never quote the
// credentials.
func TokenSource(credentials, accessToken string) (oauth2.TokenSource, error) {
	if accessToken != "" {
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken}), nil
	}
	if credentials == "" {
		return &lazySource{find: func(ctx context.Context) (oauth2.TokenSource, error) {
			creds, err := google.FindDefaultCredentials(ctx, scope)
			if err != nil {
				return nil, fmt.Errorf("no credentials for Google Cloud: set gcs.credentials or gcs.access_token, or "+
					"application default credentials (gcloud auth application-default login): %w", err)
			}
			return creds.TokenSource, nil
		}}, nil
	}
	data := []byte(credentials)
	if !strings.HasPrefix(strings.TrimSpace(credentials), "{") {
		read, err := os.ReadFile(credentials)
		if err != nil {
			return nil, fmt.Errorf("gcs.credentials is neither JSON nor a file that can be read: %w", err)
		}
		data = read
	}
	var head struct {
		Type google.CredentialsType `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, errors.New("gcs.credentials is not a JSON credentials file of Google's")
	}
	known := false
	for _, t := range credentialTypes {
		known = known || head.Type == t
	}
	if !known {
		return nil, fmt.Errorf("gcs.credentials is a credentials file of type %q; allowed types are service_account, "+
			"authorized_user, external_account, external_account_authorized_user and impersonated_service_account", head.Type)
	}
	creds, err := google.CredentialsFromJSONWithType(context.Background(), data, head.Type, scope)
	if err != nil {
		return nil, fmt.Errorf("gcs.credentials cannot be used: %w", err)
	}
	return creds.TokenSource, nil
}

// lazySource finds its token source at the first call and keeps it; a
// failed lookup is tried again at the next call.
type lazySource struct {
	find func(ctx context.Context) (oauth2.TokenSource, error)

	mu     sync.Mutex
	source oauth2.TokenSource
}

func (l *lazySource) Token() (*oauth2.Token, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.source == nil {
		source, err := l.find(context.Background())
		if err != nil {
			return nil, err
		}
		l.source = source
	}
	return l.source.Token()
}
