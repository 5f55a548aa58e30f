package client

import (
	"time"

	"folio/app/comment"
)

// ownPrefix starts the key of each comment's secret: the proof, per
// comment, that this device posted it, which lets it edit or delete the
// comment for comment.EditWindow.
const ownPrefix = "folio.own."

// KeepSecrets keeps the secret of each comment the server just stored.
func KeepSecrets(kv KV, stored []comment.Comment) {
	for _, c := range stored {
		if c.Secret != "" {
			kv.Set(ownPrefix+c.ID, c.Secret)
		}
	}
}

// SecretOf is the secret of comment id kept on this device ("": none).
func SecretOf(kv KV, id string) string {
	s, _ := kv.Get(ownPrefix + id)
	return s
}

// OwnQueuePrefix starts the key of each change a reader made on this
// device to a comment of theirs: web/own.js sends it, again until the
// server answers, and records the answer in it.
const OwnQueuePrefix = "folio.ownq."

// ownSentFor is how long a change the server took is still shown from the
// device, while the thread is read again.
const ownSentFor = 2 * time.Minute

// OwnChange is an edit (Body) or a delete of one's own comment, made on
// this device; web/own.js reads and writes the same JSON.
type OwnChange struct {
	ID      string `json:"id"`
	Article string `json:"article"`
	Delete  bool   `json:"delete,omitempty"`
	Body    string `json:"body,omitempty"`
	// Made is when the reader made it, in Unix milliseconds by this
	// device's clock; the request says how long ago that was.
	Made int64 `json:"made"`
	// Sent is when the server took it (0: not yet); Reason why it refused
	// it ("": it did not).
	Sent   int64  `json:"sent,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Comment is the comment as the server had it when the change was
	// made: the thread kept for reading offline may be older than it.
	Comment *comment.Comment `json:"comment,omitempty"`
}

// QueueOwn keeps ch for web/own.js to send, in place of any change of the
// same comment not sent yet.
func QueueOwn(kv KV, ch OwnChange) { setJSON(kv, OwnQueuePrefix+ch.ID, ch) }

// OwnChanges are the changes to article's comments kept on this device,
// by comment id, left out those the server took more than a while ago.
func OwnChanges(kv KV, article string, now time.Time) map[string]OwnChange {
	out := map[string]OwnChange{}
	for _, k := range kv.Keys(OwnQueuePrefix) {
		ch, ok := getJSON[OwnChange](kv, k)
		if ok && ch.Article == article && (ch.Sent == 0 || now.Sub(time.UnixMilli(ch.Sent)) < ownSentFor) {
			out[ch.ID] = ch
		}
	}
	return out
}

// Change gives comment id, still waiting in the outbox, the new body and
// reports whether it did: not when the comment was posted meanwhile or is
// being posted now.
func (o *Outbox) Change(id, body string, now time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	p, ok := o.get(id)
	if !ok || !p.Posted.IsZero() || p.ClaimBy != "" && p.Claim.After(now) {
		return false
	}
	p.Body = body
	o.put(p)
	return true
}
