package client

import (
	"encoding/json"
	"strings"
)

// KV is the small, synchronous key-value storage the outbox and library live
// in: localStorage in the browser, a map in tests. Every tab of the site sees
// the same one, so the outbox and library keep one key per entry and read
// them afresh on every operation: two tabs then add to each other's lists
// instead of writing back whole copies where the last one wins.
type KV interface {
	Get(key string) (string, bool)
	Set(key, value string)
	Delete(key string)
	// Keys lists the keys that start with prefix.
	Keys(prefix string) []string
}

// MemoryKV is a KV in memory, for tests and for the server side.
type MemoryKV map[string]string

// Get implements KV.
func (m MemoryKV) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }

// Set implements KV.
func (m MemoryKV) Set(k, v string) { m[k] = v }

// Delete implements KV.
func (m MemoryKV) Delete(k string) { delete(m, k) }

// Keys implements KV.
func (m MemoryKV) Keys(prefix string) []string {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}

// setJSON stores v as JSON under key.
func setJSON(kv KV, key string, v any) {
	if b, err := json.Marshal(v); err == nil {
		kv.Set(key, string(b))
	}
}

// getJSON reads the JSON under key; a missing or damaged entry reads as
// absent.
func getJSON[T any](kv KV, key string) (T, bool) {
	var v T
	s, ok := kv.Get(key)
	if !ok || json.Unmarshal([]byte(s), &v) != nil {
		return v, false
	}
	return v, true
}
