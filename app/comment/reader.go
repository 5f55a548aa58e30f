package comment

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// A reader key is the secret a device keeps to read the replies to the
// comments it posted (its "Replies" page and feed). The device makes it
// itself, 32 random bytes in unpadded base64url, and sends it with each
// post; the server keeps only ReaderHash of it, so neither its database nor
// an export can open anyone's feed. A key the device made needs no round
// trip: a comment written offline carries it from the start.
const readerKeyBytes = 32

// NewReaderKey returns a fresh reader key.
func NewReaderKey() string {
	b := make([]byte, readerKeyBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b)
}

// ReaderHash checks key and returns the SHA-256 of it, which is what the
// server stores and looks replies up by: a key of 256 random bits needs no
// slow hash to stay secret. A key NewReaderKey could not have made returns
// ErrMalformed.
func ReaderHash(key string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil || len(b) != readerKeyBytes {
		return nil, fmt.Errorf("%w: the reader key is not one this app made", ErrMalformed)
	}
	sum := sha256.Sum256([]byte(key))
	return sum[:], nil
}

// Replies is a page of the published replies to the comments one device
// posted, newest first. Next is the cursor of the page after it ("" on the
// last).
type Replies struct {
	Replies []Comment `json:"replies"`
	Next    string    `json:"next,omitempty"`
}
