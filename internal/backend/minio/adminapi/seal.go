package adminapi

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/secure-io/sio-go"
	"golang.org/x/crypto/argon2"
)

// MinIO's admin API seals request and answer bodies with the admin user's
// password in this format:
//
//	salt (32 bytes) | algorithm (1 byte) | nonce (8 bytes) | sio stream
//
// The algorithm byte names how the key is derived from the password and
// which AEAD the sio stream uses:
//
//	0x00  argon2id (1 pass, 64 MiB, 4 lanes), AES-256-GCM
//	0x01  argon2id (1 pass, 64 MiB, 4 lanes), ChaCha20-Poly1305
//	0x02  PBKDF2-SHA256 (8192 rounds), AES-256-GCM
//
// The server opens all three in every build. It seals its answers with
// argon2id (0x00 where the CPU has AES instructions, 0x01 where not) unless
// built for FIPS (0x02). Seal writes 0x02: an argon2id derivation costs
// 64 MiB and tens of milliseconds, PBKDF2 a fraction of a millisecond.
const (
	saltSize  = 32
	nonceSize = 8
	keySize   = 32
	// headerSize is the salt, the algorithm byte and the nonce.
	headerSize = saltSize + 1 + nonceSize

	argon2idAESGCM           = 0x00
	argon2idChaCha20Poly1305 = 0x01
	pbkdf2AESGCM             = 0x02

	argon2idPasses  = 1
	argon2idMemory  = 64 << 10 // KiB
	argon2idThreads = 4
	pbkdf2Rounds    = 8192
)

// Seal encrypts a request body with the admin password, in the PBKDF2
// format.
func Seal(password string, plaintext []byte) ([]byte, error) {
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("draw a salt: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, pbkdf2Rounds, keySize)
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
	out.Grow(headerSize + len(plaintext) + int(stream.Overhead(int64(len(plaintext)))))
	out.Write(salt)
	out.WriteByte(pbkdf2AESGCM)
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

// ErrNotSealed is an answer that is not in the sealed format or does not
// open with the password: changed on its way, or sealed with another.
var ErrNotSealed = errors.New("the answer is not sealed with the admin password")

// argon2idLock lets one argon2id derivation run at a time, so that
// concurrent reads need 64 MiB, not 64 MiB each.
var argon2idLock sync.Mutex

// warmHeap makes the first argon2id derivation of a process as fast as
// the next ones. A derivation fills 64 MiB from four goroutines at once;
// on virtual machines whose memory the host hands out lazily, four
// threads faulting in fresh pages at once are slow: measured on the 2-core
// test machines, the first two derivations of a process took 7 to 14 s
// each, the later ones 25 to 35 ms. Faulting the pages in from one thread
// first (about 0.2 s there) and handing them back to Go's heap, where the
// derivation's allocation finds them, brings the first one to 30 ms.
var warmHeap = sync.OnceFunc(func() {
	pages := make([]byte, (argon2idMemory+1024)<<10)
	for i := 0; i < len(pages); i += 4096 {
		pages[i] = 1
	}
	runtime.KeepAlive(pages)
	runtime.GC()
})

// Open decrypts a body sealed with the password in any of the three
// formats.
func Open(password string, sealed []byte) ([]byte, error) {
	if len(sealed) < headerSize {
		return nil, fmt.Errorf("%w: %d bytes are shorter than its header", ErrNotSealed, len(sealed))
	}
	salt, algorithm, nonce := sealed[:saltSize], sealed[saltSize], sealed[saltSize+1:headerSize]
	var aead sio.Algorithm
	var key []byte
	switch algorithm {
	case argon2idAESGCM, argon2idChaCha20Poly1305:
		aead = sio.AES_256_GCM
		if algorithm == argon2idChaCha20Poly1305 {
			aead = sio.ChaCha20Poly1305
		}
		argon2idLock.Lock()
		warmHeap()
		key = argon2.IDKey([]byte(password), salt, argon2idPasses, argon2idMemory, argon2idThreads, keySize)
		argon2idLock.Unlock()
	case pbkdf2AESGCM:
		aead = sio.AES_256_GCM
		var err error
		if key, err = pbkdf2.Key(sha256.New, password, salt, pbkdf2Rounds, keySize); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: unknown algorithm %#x", ErrNotSealed, algorithm)
	}
	stream, err := aead.Stream(key)
	if err != nil {
		return nil, err
	}
	if len(nonce) != stream.NonceSize() {
		return nil, fmt.Errorf("%w: a %d-byte nonce", ErrNotSealed, len(nonce))
	}
	var out bytes.Buffer
	if _, err := stream.DecryptReader(bytes.NewReader(sealed[headerSize:]), nonce, nil).WriteTo(&out); err != nil {
		if errors.Is(err, sio.NotAuthentic) {
			return nil, ErrNotSealed
		}
		return nil, fmt.Errorf("open the answer: %w", err)
	}
	return out.Bytes(), nil
}
