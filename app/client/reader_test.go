package client

import (
	"testing"

	"folio/app/comment"
)

// TestReaderKey: a device makes its key once and keeps it; a damaged one is
// replaced by a good one.
func TestReaderKey(t *testing.T) {
	kv := MemoryKV{}
	k := ReaderKey(kv)
	if _, err := comment.ReaderHash(k); err != nil {
		t.Fatalf("ReaderKey() = %q, which ReaderHash refuses: %v", k, err)
	}
	if again := ReaderKey(kv); again != k {
		t.Errorf("ReaderKey() again = %q, want the kept %q", again, k)
	}
	if other := ReaderKey(MemoryKV{}); other == k {
		t.Errorf("two devices got the same key %q", k)
	}
	kv[ReaderKeyName] = "damaged"
	if fixed := ReaderKey(kv); fixed == "damaged" || kv[ReaderKeyName] != fixed {
		t.Errorf("ReaderKey() over a damaged key = %q (kept %q)", fixed, kv[ReaderKeyName])
	}
}
