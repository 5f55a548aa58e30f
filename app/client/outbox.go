package client

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"folio/app/comment"
)

// KV is the small, synchronous key-value storage the outbox and library live
// in: localStorage in the browser, a map in tests.
type KV interface {
	Get(key string) (string, bool)
	Set(key, value string)
}

// MemoryKV is a KV in memory, for tests and for the server side.
type MemoryKV map[string]string

// Get implements KV.
func (m MemoryKV) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }

// Set implements KV.
func (m MemoryKV) Set(k, v string) { m[k] = v }

const outboxKey = "folio.outbox"

// Pending is a comment the server has not stored yet. Status is Sending while
// it waits for its turn or the network, Failed once the server refused it
// (Reason says why); a refused comment is kept until the reader edits or
// discards it, never dropped silently.
type Pending struct {
	comment.Comment
	Attempts int       `json:"attempts"`
	NextTry  time.Time `json:"nextTry"`
	// Offline is true when the last try did not reach the server.
	Offline bool `json:"offline"`
}

// Outbox holds comments written on this device until the server confirms
// them. It is saved on every change, so it survives reloads and closing the
// app. The client-made id makes a retry harmless: the server stores one.
type Outbox struct {
	mu      sync.Mutex
	kv      KV
	entries []Pending
}

// OpenOutbox loads the outbox from kv.
func OpenOutbox(kv KV) *Outbox {
	o := &Outbox{kv: kv}
	if s, ok := kv.Get(outboxKey); ok {
		_ = json.Unmarshal([]byte(s), &o.entries) // a damaged outbox starts empty
	}
	return o
}

func (o *Outbox) save() {
	b, err := json.Marshal(o.entries)
	if err == nil {
		o.kv.Set(outboxKey, string(b))
	}
}

// Add queues c for posting.
func (o *Outbox) Add(c comment.Comment) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c.Status, c.Reason = comment.Sending, ""
	o.entries = append(o.entries, Pending{Comment: c})
	o.save()
}

// Remove drops the comment with id (the reader discarded it).
func (o *Outbox) Remove(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.entries = slices.DeleteFunc(o.entries, func(p Pending) bool { return p.ID == id })
	o.save()
}

// Retry makes a refused or waiting comment due now.
func (o *Outbox) Retry(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range o.entries {
		if o.entries[i].ID == id {
			o.entries[i].Status, o.entries[i].Reason, o.entries[i].NextTry = comment.Sending, "", time.Time{}
		}
	}
	o.save()
}

// For returns the pending comments of an article, oldest first.
func (o *Outbox) For(article string) []Pending {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Pending
	for _, p := range o.entries {
		if p.Article == article {
			out = append(out, p)
		}
	}
	return out
}

// Len is the number of comments waiting or refused.
func (o *Outbox) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.entries)
}

// Poster posts one comment: comment.Store's Post.
type Poster func(ctx context.Context, c comment.Comment) (comment.Comment, bool, error)

// Flush posts every due comment, oldest first so a reply follows its parent.
// It stops at the first try that cannot reach the server (the rest would fail
// the same way, and a reply must not overtake its parent). It returns the
// comments the server stored and when the next try is due (zero: none).
func (o *Outbox) Flush(ctx context.Context, post Poster, now time.Time) (stored []comment.Comment, next time.Time) {
	for {
		p, ok := o.due(now)
		if !ok {
			break
		}
		got, _, err := post(ctx, p.Comment)
		if o.settle(p.ID, got, err, now) {
			stored = append(stored, got)
			continue
		}
		if retryable(err) {
			break
		}
	}
	return stored, o.nextTry()
}

// due is the oldest comment that may be tried now. A comment still waiting
// holds back the ones after it.
func (o *Outbox) due(now time.Time) (Pending, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, p := range o.entries {
		if p.Status == comment.Failed {
			continue
		}
		return p, !p.NextTry.After(now)
	}
	return Pending{}, false
}

// settle records the outcome of posting id and reports whether it was stored.
func (o *Outbox) settle(id string, stored comment.Comment, err error, now time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := slices.IndexFunc(o.entries, func(p Pending) bool { return p.ID == id })
	if i < 0 {
		return err == nil
	}
	defer o.save()
	if err == nil {
		o.entries = slices.Delete(o.entries, i, i+1)
		return true
	}
	p := &o.entries[i]
	p.Attempts++
	p.Offline = errors.Is(err, ErrOffline)
	if retryable(err) {
		p.NextTry = now.Add(Backoff(p.Attempts))
		return false
	}
	p.Status, p.Reason = comment.Failed, Reason(err)
	return false
}

func (o *Outbox) nextTry() time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, p := range o.entries {
		if p.Status != comment.Failed {
			return p.NextTry
		}
	}
	return time.Time{}
}

// retryable errors are the network's or the server's, not the comment's.
func retryable(err error) bool {
	return errors.Is(err, ErrOffline) || errors.Is(err, ErrServer) ||
		errors.Is(err, comment.ErrRateLimited) || errors.Is(err, context.DeadlineExceeded)
}

// Backoff is the wait before try n+1: 2 s doubling to at most 5 minutes.
func Backoff(attempts int) time.Duration {
	d := 2 * time.Second
	for i := 1; i < attempts && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

// Reason is what a reader is told when a comment is refused or delayed.
func Reason(err error) string {
	var e *Error
	switch {
	case errors.Is(err, ErrOffline):
		return "Waiting for the network."
	case errors.As(err, &e):
		return e.Reason
	case err != nil:
		return err.Error()
	}
	return ""
}
