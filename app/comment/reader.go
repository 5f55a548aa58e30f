package comment

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// A reader key is the secret a device keeps to read the replies to the
// comments it posted (its "Replies" page and feed). The device makes it
// itself and sends it with each post; the server keeps only ReaderHash of
// it, so neither its database nor an export can open anyone's feed. A key
// the device made needs no round trip: a comment written offline carries
// it from the start.
//
// It is two random (version 4) UUIDs in hex, 244 random bits: the UUID
// package is in app.wasm already, where crypto/rand and base64 for 256 bits
// would have cost 7 KB.
const readerKeyLen = 64

// NewReaderKey returns a fresh reader key.
func NewReaderKey() string {
	return strings.ReplaceAll(uuid.NewString()+uuid.NewString(), "-", "")
}

// ReaderKeyShape reports whether k looks like a key NewReaderKey made: 64
// lowercase hex digits.
func ReaderKeyShape(k string) bool {
	if len(k) != readerKeyLen {
		return false
	}
	for _, r := range k {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// ReaderHash checks key and returns the SHA-256 of it, which is what the
// server stores and looks replies up by: a key of 244 random bits needs no
// slow hash to stay secret. A key NewReaderKey could not have made returns
// ErrMalformed.
func ReaderHash(key string) ([]byte, error) {
	if !ReaderKeyShape(key) {
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
