package client

import (
	"strings"
	"time"

	"folio/app/comment"
)

// awaitingFor is how long the outbox keeps a comment the server stored
// pending (premoderation), so its author sees it in its thread as awaiting
// approval until a moderator decides; once published, the thread itself
// shows it.
const awaitingFor = 30 * 24 * time.Hour

// keptFor is how long a posted comment's record stays in the outbox.
func keptFor(p Pending) time.Duration {
	if p.Status == comment.Pending {
		return awaitingFor
	}
	return postedFor
}

// Awaiting returns the comments this device posted on article that the
// server holds for a moderator's approval.
func (o *Outbox) Awaiting(article string) []comment.Comment {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []comment.Comment
	for _, k := range o.kv.Keys(OutboxPrefix) {
		p, ok := o.get(strings.TrimPrefix(k, OutboxPrefix))
		if ok && !p.Posted.IsZero() && p.Status == comment.Pending && p.Article == article {
			out = append(out, p.Comment)
		}
	}
	return out
}
