package client

import "folio/app/comment"

// ReaderKeyName is where a device keeps its reader key (comment.ReaderHash):
// the secret that opens its Replies page and feed, which web/replies.js
// reads. Only this device holds it; the server keeps a hash.
const ReaderKeyName = "folio.reader"

// ReaderKey returns the device's reader key from kv, making and keeping
// one the first time: a device gets its key with its first comment, even
// one written offline.
func ReaderKey(kv KV) string {
	if k, ok := kv.Get(ReaderKeyName); ok && comment.ReaderKeyShape(k) {
		return k
	}
	k := comment.NewReaderKey()
	kv.Set(ReaderKeyName, k)
	return k
}
