package minio

import (
	"bytes"
	"testing"

	"github.com/minio/madmin-go/v3"
)

// What seal writes, madmin-go's DecryptData (the server's reader) opens with
// the same password and no other.
func TestSealOpensWithThePasswordOnly(t *testing.T) {
	plaintext := []byte(`{"accessKey":"AKIAEXAMPLE","name":"app"}`)
	sealed, err := seal("admin-password", plaintext)
	if err != nil {
		t.Fatal(err)
	}
	if sealed[sealSaltSize] != sealPBKDF2 {
		t.Fatalf("algorithm byte %#x, want PBKDF2 (%#x)", sealed[sealSaltSize], sealPBKDF2)
	}
	if !madmin.IsEncrypted(sealed) {
		t.Fatal("madmin does not take the sealed body for an encrypted one")
	}
	opened, err := madmin.DecryptData("admin-password", bytes.NewReader(sealed))
	if err != nil || !bytes.Equal(opened, plaintext) {
		t.Fatalf("open with the password: %q, %v", opened, err)
	}
	if _, err := madmin.DecryptData("another-password", bytes.NewReader(sealed)); err == nil {
		t.Fatal("a wrong password opened the body")
	}
	again, _ := seal("admin-password", plaintext)
	if bytes.Equal(again[:sealSaltSize], sealed[:sealSaltSize]) {
		t.Fatal("two seals share a salt")
	}
}
