package gcstest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/gcs/fake"
)

// KeyFile is a service account key file, as Google's console issues it,
// whose token_uri is s's token endpoint, with a private key drawn for it;
// keyLine is a line of that key, for scans that it never shows.
func KeyFile(s *fake.Server) (file, keyLine string) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic(err)
	}
	block := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	raw, err := json.Marshal(map[string]string{
		"type": "service_account", "project_id": s.Project, "private_key_id": "0123456789abcdef0123456789abcdef01234567",
		"private_key": block, "client_email": "terraform@" + s.Project + ".iam.gserviceaccount.com", "client_id": "123456789012345678901",
		"auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": s.URL + fake.TokenPath,
	})
	if err != nil {
		panic(err)
	}
	return string(raw), strings.Split(block, "\n")[5]
}
