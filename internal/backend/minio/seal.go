package minio

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/secure-io/sio-go"
)

// MinIO's admin API takes request bodies encrypted with the admin user's
// password in this format, the same madmin-go's EncryptData writes:
//
//	salt (32 bytes) | algorithm (1 byte) | nonce (8 bytes) | sio stream
//
// The algorithm byte 0x02 is PBKDF2-SHA256 (8192 rounds, 32-byte key) with
// AES-256-GCM. madmin-go writes 0x00/0x01 (argon2id, 64 MiB of memory per
// derivation) unless built for FIPS; the server reads all three in every
// build. The backend seals its write requests with PBKDF2, so that no
// write derives an argon2id key in the provider.
const (
	sealSaltSize   = 32
	sealPBKDF2     = 0x02
	sealPBKDF2Cost = 8192
	sealKeySize    = 32
)

// seal encrypts an admin request body with password.
func seal(password string, plaintext []byte) ([]byte, error) {
	salt := make([]byte, sealSaltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("draw a salt: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, sealPBKDF2Cost, sealKeySize)
	if err != nil {
		return nil, err
	}
	stream, err := sio.AES_256_GCM.Stream(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, stream.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("draw a nonce: %w", err)
	}
	var out bytes.Buffer
	out.Grow(len(salt) + 1 + len(nonce) + len(plaintext) + int(stream.Overhead(int64(len(plaintext)))))
	out.Write(salt)
	out.WriteByte(sealPBKDF2)
	out.Write(nonce)
	w := stream.EncryptWriter(&out, nonce, nil)
	if _, err := w.Write(plaintext); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
