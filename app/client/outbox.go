package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"folio/app/comment"
)

const (
	// outboxKey is where older builds kept the whole outbox as one list;
	// it is read once and moved to one key per comment.
	outboxKey = "folio.outbox"
	// OutboxPrefix starts the key of each comment in the outbox.
	OutboxPrefix = outboxKey + "."
	// postTimeout is how long one post may take before it counts as a try
	// that did not reach the server.
	postTimeout = 10 * time.Second
	// claimFor is how long a tab may hold a comment it is posting before
	// another tab may post it too: a little longer than a post may take.
	claimFor = postTimeout + 5*time.Second
	// postedFor is how long a posted comment's record stays, so other tabs
	// showing it as pending learn that it was posted.
	postedFor = time.Minute
)

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
	// RateLimited is true when the server said too many comments were
	// posted; NextTry is when it takes the next one.
	RateLimited bool `json:"rateLimited,omitempty"`
	// ClaimBy is the outbox (one per tab) posting the comment, until Claim.
	ClaimBy string    `json:"claimBy,omitempty"`
	Claim   time.Time `json:"claim,omitzero"`
	// Posted is when the server stored it: the entry then holds the stored
	// comment for a minute, for other tabs to show.
	Posted time.Time `json:"posted,omitzero"`
}

// Outbox holds comments written on this device until the server confirms
// them. Each comment is saved under its own key as soon as it changes, so it
// survives reloads and closing the app, and outboxes in other tabs see it.
// The client-made id makes a retry harmless: the server stores one.
type Outbox struct {
	mu   sync.Mutex
	kv   KV
	self string // this outbox's name in claims
}

var outboxes atomic.Int64

// OpenOutbox opens the outbox in kv, moving an older build's list into it.
func OpenOutbox(kv KV) *Outbox {
	o := &Outbox{kv: kv, self: fmt.Sprintf("%x-%d", time.Now().UnixNano(), outboxes.Add(1))}
	if s, ok := kv.Get(outboxKey); ok {
		var old []Pending
		_ = json.Unmarshal([]byte(s), &old) // a damaged outbox starts empty
		for _, p := range old {
			if _, ok := kv.Get(OutboxPrefix + p.ID); !ok && p.ID != "" {
				o.put(p)
			}
		}
		kv.Delete(outboxKey)
	}
	return o
}

func (o *Outbox) put(p Pending) { setJSON(o.kv, OutboxPrefix+p.ID, p) }

func (o *Outbox) get(id string) (Pending, bool) {
	if p, ok := getJSON[Pending](o.kv, OutboxPrefix+id); ok && p.ID == id {
		return p, true
	}
	return Pending{}, false
}

// entries reads the comments waiting or refused, oldest first; posted
// records older than postedFor are dropped on the way.
func (o *Outbox) entries(now time.Time) []Pending {
	var out []Pending
	for _, k := range o.kv.Keys(OutboxPrefix) {
		p, ok := o.get(strings.TrimPrefix(k, OutboxPrefix))
		switch {
		case !ok:
			o.kv.Delete(k) // damaged
		case !p.Posted.IsZero():
			if !now.IsZero() && now.Sub(p.Posted) > keptFor(p) {
				o.kv.Delete(k)
			}
		default:
			out = append(out, p)
		}
	}
	// sort.Slice, not slices.SortFunc: a generic sort over a struct type is
	// compiled again for each type, and app.wasm would carry every copy.
	sort.Slice(out, func(i, j int) bool {
		return cmp.Or(out[i].Created.Compare(out[j].Created), cmp.Compare(out[i].ID, out[j].ID)) < 0
	})
	return out
}

// PostedEntry reads an outbox entry as stored in the KV and returns the
// comment if the entry records that the server stored it (by any tab).
func PostedEntry(value string) (comment.Comment, bool) {
	var p Pending
	if err := json.Unmarshal([]byte(value), &p); err != nil || p.Posted.IsZero() {
		return comment.Comment{}, false
	}
	return p.Comment, true
}

// Add queues c for posting.
func (o *Outbox) Add(c comment.Comment) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c.Status, c.Reason = comment.Sending, ""
	o.put(Pending{Comment: c})
}

// Remove drops the comment with id (the reader discarded it).
func (o *Outbox) Remove(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.kv.Delete(OutboxPrefix + id)
}

// Retry makes a refused or waiting comment due now.
func (o *Outbox) Retry(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if p, ok := o.get(id); ok && p.Posted.IsZero() {
		p.Status, p.Reason, p.NextTry, p.RateLimited = comment.Sending, "", time.Time{}, false
		o.put(p)
	}
}

// Wake makes the comments that waited for the network due now: call it when
// the network returns.
func (o *Outbox) Wake() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, p := range o.entries(time.Time{}) {
		if p.Offline && p.Status == comment.Sending {
			p.NextTry = time.Time{}
			o.put(p)
		}
	}
}

// For returns the pending comments of an article, oldest first.
func (o *Outbox) For(article string) []Pending {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Pending
	for _, p := range o.entries(time.Time{}) {
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
	return len(o.entries(time.Time{}))
}

// Poster posts one comment: comment.Store's Post.
type Poster func(ctx context.Context, c comment.Comment) (comment.Comment, bool, error)

// Flush posts every due comment, oldest first. A comment that is waiting
// holds back only its replies (a reply must not overtake its parent): one
// the server keeps failing (5xx) does not block the others. The flush stops
// at a try that cannot reach the server, since the rest would fail the same
// way, and at a 429, since the limit is on this reader, not on one comment.
// Comments another tab is posting are left to it. Flush returns the comments
// the server stored and when the next try is due (zero: none).
func (o *Outbox) Flush(ctx context.Context, post Poster, now time.Time) (stored []comment.Comment, next time.Time) {
	tried := map[string]bool{}
	for {
		p, ok := o.claim(now, tried)
		if !ok {
			break
		}
		tried[p.ID] = true
		pctx, cancel := context.WithTimeout(ctx, postTimeout)
		got, _, err := post(pctx, p.Comment)
		cancel()
		if o.settle(p.ID, got, err, now) {
			stored = append(stored, got)
			continue
		}
		if stopsFlush(err) {
			break
		}
	}
	return stored, o.nextTry(now)
}

// claim finds the oldest comment that may be tried now and marks it as this
// outbox's, so an outbox in another tab leaves it alone while it is posted.
func (o *Outbox) claim(now time.Time, tried map[string]bool) (Pending, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	entries := o.entries(now)
	waiting := make(map[string]bool, len(entries))
	for _, p := range entries {
		waiting[p.ID] = true
	}
	for _, p := range entries {
		if tried[p.ID] || !o.mayTry(p, now) || waiting[p.Parent] {
			continue
		}
		p.ClaimBy, p.Claim = o.self, now.Add(claimFor)
		o.put(p)
		return p, true
	}
	return Pending{}, false
}

// mayTry: p is neither refused, nor waiting for its time, nor being posted
// by another tab.
func (o *Outbox) mayTry(p Pending, now time.Time) bool {
	claimed := p.ClaimBy != "" && p.ClaimBy != o.self && p.Claim.After(now)
	return p.Status != comment.Failed && !p.NextTry.After(now) && !claimed
}

// settle records the outcome of posting id and reports whether it was stored.
func (o *Outbox) settle(id string, stored comment.Comment, err error, now time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	p, ok := o.get(id)
	if !ok || !p.Posted.IsZero() {
		return err == nil // discarded meanwhile, or posted by another tab
	}
	if err == nil {
		o.put(Pending{Comment: stored, Posted: now})
		return true
	}
	p.Attempts++
	p.ClaimBy, p.Claim = "", time.Time{}
	p.Offline = errors.Is(err, ErrOffline)
	p.RateLimited = errors.Is(err, comment.ErrRateLimited)
	switch {
	case p.RateLimited:
		p.NextTry = now.Add(retryAfter(err, p.Attempts))
		o.holdUntil(p.NextTry)
	case retryable(err):
		p.NextTry = now.Add(Backoff(p.Attempts))
	default:
		p.Status, p.Reason = comment.Failed, Reason(err)
	}
	o.put(p)
	return false
}

// holdUntil makes every waiting comment wait for the rate limit to pass:
// the server would refuse them too.
func (o *Outbox) holdUntil(t time.Time) {
	for _, p := range o.entries(time.Time{}) {
		if p.Status == comment.Sending && p.NextTry.Before(t) {
			p.NextTry, p.RateLimited = t, true
			o.put(p)
		}
	}
}

// retryAfter is the wait the server asked for, else the backoff.
func retryAfter(err error, attempts int) time.Duration {
	// errors.AsType, not errors.As: As needs reflection code in app.wasm.
	if e, ok := errors.AsType[*Error](err); ok && e.RetryAfter > 0 {
		return e.RetryAfter
	}
	return Backoff(attempts)
}

// nextTry is the earliest time a waiting comment, or one another tab claimed,
// may be tried again after now (zero: none).
func (o *Outbox) nextTry(now time.Time) time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	var next time.Time
	for _, p := range o.entries(time.Time{}) {
		if p.Status == comment.Failed {
			continue
		}
		for _, t := range []time.Time{p.NextTry, p.Claim} {
			if t.After(now) && (next.IsZero() || t.Before(next)) {
				next = t
			}
		}
	}
	return next
}

// stopsFlush: after this error the next comment would fail the same way.
func stopsFlush(err error) bool {
	return errors.Is(err, ErrOffline) || errors.Is(err, comment.ErrRateLimited) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
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
	e, isError := errors.AsType[*Error](err)
	switch {
	case errors.Is(err, ErrOffline):
		return "Waiting for the network."
	case isError:
		return e.Reason
	case err != nil:
		return err.Error()
	}
	return ""
}
