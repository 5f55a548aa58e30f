package client

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"folio/app/article"
	"folio/app/comment"
)

func newServer() *server {
	return &server{stored: map[string]comment.Comment{}, fail: map[string]error{}}
}

// TestOutboxTwoTabs: two outboxes on one storage (two tabs, or two embeds on
// one page) add to each other's list instead of overwriting it, and each
// comment is posted once whichever flushes.
func TestOutboxTwoTabs(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	kv := MemoryKV{}
	a, b := OpenOutbox(kv), OpenOutbox(kv)
	a.Add(newComment("a1", "", t0))
	b.Add(newComment("b1", "", t0.Add(time.Second)))
	a.Add(newComment("a2", "", t0.Add(2*time.Second)))
	b.Remove("a2") // the reader discarded it in the other tab
	for name, o := range map[string]*Outbox{"a": a, "b": b, "reopened": OpenOutbox(kv)} {
		if got := ids(o.For("a")); fmt.Sprint(got) != "[a1 b1]" {
			t.Errorf("outbox %s holds %v, want [a1 b1]", name, got)
		}
	}
	srv := newServer()
	stored, _ := a.Flush(context.Background(), srv.post, t0)
	if len(stored) != 2 {
		t.Fatalf("tab a stored %v, want both", stored)
	}
	if stored, _ := b.Flush(context.Background(), srv.post, t0); len(stored) != 0 || b.Len() != 0 {
		t.Errorf("tab b posted %v again, outbox %d", stored, b.Len())
	}
	if fmt.Sprint(srv.posts) != "[a1 b1]" {
		t.Errorf("server got posts %v, want each once", srv.posts)
	}
}

// TestOutboxClaim: a comment another tab is posting is left to it, until
// its claim runs out (that tab was closed mid-post).
func TestOutboxClaim(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	kv := MemoryKV{}
	a, b := OpenOutbox(kv), OpenOutbox(kv)
	a.Add(newComment("c1", "", t0))
	srv := newServer()
	var next time.Time
	inFlight := func(ctx context.Context, c comment.Comment) (comment.Comment, bool, error) {
		var stored []comment.Comment
		stored, next = b.Flush(ctx, srv.post, t0) // the other tab flushes meanwhile
		if len(stored) != 0 {
			t.Errorf("tab b posted %v while tab a was posting it", stored)
		}
		return c, false, ErrOffline // tab a's post never comes back
	}
	a.Flush(context.Background(), inFlight, t0)
	if !next.Equal(t0.Add(claimFor)) {
		t.Errorf("tab b's next try %v, want when the claim runs out", next)
	}
	if stored, _ := b.Flush(context.Background(), srv.post, t0.Add(3*time.Second)); len(stored) != 1 {
		t.Errorf("after tab a's try, tab b stored %v", stored)
	}
}

// TestOutboxPostedSeenByOthers: the tab that posted leaves a record other
// tabs can show the stored comment from, for a minute.
func TestOutboxPostedSeenByOthers(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	kv := MemoryKV{}
	o := OpenOutbox(kv)
	o.Add(newComment("c1", "", t0))
	o.Flush(context.Background(), newServer().post, t0)
	v, ok := kv.Get(OutboxPrefix + "c1")
	c, posted := PostedEntry(v)
	if !ok || !posted || c.ID != "c1" || c.Status != comment.Published {
		t.Errorf("record after posting = %q: %+v %v", v, c, posted)
	}
	o.Flush(context.Background(), newServer().post, t0.Add(2*postedFor))
	if keys := kv.Keys(OutboxPrefix); len(keys) != 0 {
		t.Errorf("records left after a while: %v", keys)
	}
}

// TestOutboxMigrates: an outbox and library an older build wrote as one key
// each are read into one key per entry, once.
func TestOutboxMigrates(t *testing.T) {
	kv := MemoryKV{
		"folio.outbox":  `[{"id":"c1","article":"a","author":"Ada","body":"hi","created":"2026-11-24T12:00:00Z","status":"sending","attempts":2}]`,
		"folio.library": `{"s":{"slug":"s","title":"T","saved":true,"files":["/api/articles/s"]}}`,
	}
	if p := OpenOutbox(kv).For("a"); len(p) != 1 || p[0].Attempts != 2 || p[0].Body != "hi" {
		t.Errorf("migrated outbox = %+v", p)
	}
	if k, ok := OpenLibrary(kv).Get("s"); !ok || !k.Saved || len(k.Files) != 1 {
		t.Errorf("migrated library entry = %+v %v", k, ok)
	}
	for _, old := range []string{"folio.outbox", "folio.library"} {
		if _, ok := kv.Get(old); ok {
			t.Errorf("%s still there after migrating", old)
		}
	}
}

// TestOutboxServerErrorDoesNotBlock: a comment that keeps getting 5xx holds
// back its replies only; the others are posted.
func TestOutboxServerErrorDoesNotBlock(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	o := OpenOutbox(MemoryKV{})
	o.Add(newComment("bad", "", t0))
	o.Add(newComment("reply", "bad", t0.Add(time.Second)))
	o.Add(newComment("other", "", t0.Add(2*time.Second)))
	srv := newServer()
	srv.fail["bad"] = &Error{Kind: ErrServer, Reason: "status 503"}
	stored, next := o.Flush(context.Background(), srv.post, t0)
	if fmt.Sprint(ids2(stored)) != "[other]" || fmt.Sprint(srv.posts) != "[bad other]" {
		t.Fatalf("stored %v after posts %v, want only other; the reply waits for its parent", ids2(stored), srv.posts)
	}
	if !next.Equal(t0.Add(2 * time.Second)) {
		t.Errorf("next try %v, want the failing comment's backoff", next)
	}
	stored, _ = o.Flush(context.Background(), srv.post, next)
	if fmt.Sprint(ids2(stored)) != "[bad reply]" || o.Len() != 0 {
		t.Errorf("once the server recovers: stored %v, outbox %d", ids2(stored), o.Len())
	}
}

// TestOutboxOfflineStops: a try that cannot reach the server stops the
// flush: the next would fail the same way.
func TestOutboxOfflineStops(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	o := OpenOutbox(MemoryKV{})
	o.Add(newComment("c1", "", t0))
	o.Add(newComment("c2", "", t0.Add(time.Second)))
	srv := newServer()
	srv.down = true
	o.Flush(context.Background(), srv.post, t0)
	if len(srv.posts) != 1 {
		t.Errorf("offline flush made %d posts, want 1", len(srv.posts))
	}
	// The network is back: Wake makes what waited for it due at once.
	srv.down = false
	o.Wake()
	if stored, _ := o.Flush(context.Background(), srv.post, t0.Add(time.Second)); len(stored) != 2 {
		t.Errorf("after Wake stored %v, want both", stored)
	}
}

// TestOutboxRateLimited: a 429 stops the flush and makes every waiting
// comment wait as long as the server asked, and says so.
func TestOutboxRateLimited(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	o := OpenOutbox(MemoryKV{})
	o.Add(newComment("c1", "", t0))
	o.Add(newComment("c2", "", t0.Add(time.Second)))
	srv := newServer()
	srv.fail["c1"] = &Error{Kind: comment.ErrRateLimited, Reason: "too many comments", RetryAfter: 6 * time.Second}
	stored, next := o.Flush(context.Background(), srv.post, t0)
	if len(stored) != 0 || len(srv.posts) != 1 || !next.Equal(t0.Add(6*time.Second)) {
		t.Fatalf("after a 429: stored %v, posts %v, next %v", stored, srv.posts, next)
	}
	for _, p := range o.For("a") {
		if !p.RateLimited || !p.NextTry.Equal(t0.Add(6*time.Second)) || p.Status != comment.Sending {
			t.Errorf("%s after a 429: %+v", p.ID, p)
		}
	}
	if stored, _ := o.Flush(context.Background(), srv.post, next); len(stored) != 2 {
		t.Errorf("after the wait stored %v", stored)
	}
}

// TestLibraryTwoTabs: two libraries on one storage merge what they record.
func TestLibraryTwoTabs(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	kv := MemoryKV{}
	a, b := OpenLibrary(kv), OpenLibrary(kv)
	a.Record(article.Meta{Slug: "x"}, true, []string{"/api/articles/x"}, 10, t0)
	b.Record(article.Meta{Slug: "y"}, false, []string{"/api/articles/y"}, 10, t0)
	a.SetScroll("x", 100)
	b.SetScroll("y", 200)
	l := OpenLibrary(kv)
	if n := len(l.List()); n != 2 || l.Scroll("x") != 100 || l.Scroll("y") != 200 {
		t.Errorf("library after two tabs: %d entries, scroll %d %d", n, l.Scroll("x"), l.Scroll("y"))
	}
}

// TestLibraryEvicts: forgetting an article returns its files to delete, but
// not one another kept article still uses.
func TestLibraryEvicts(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	l := OpenLibrary(MemoryKV{})
	files := func(i int) []string {
		return []string{fmt.Sprint("/api/articles/r", i), "/media/shared.svg", fmt.Sprint("/media/r", i, ".svg")}
	}
	l.Record(article.Meta{Slug: "saved"}, true, []string{"/api/articles/saved", "/media/shared.svg"}, 1, t0)
	var dropped []string
	for i := range keepRecent + 2 {
		dropped = append(dropped, l.Record(article.Meta{Slug: fmt.Sprint("r", i)}, false, files(i), 1, t0.Add(time.Duration(i)*time.Hour))...)
	}
	slices.Sort(dropped)
	if want := "[/api/articles/r0 /api/articles/r1 /media/r0.svg /media/r1.svg]"; fmt.Sprint(dropped) != want {
		t.Errorf("Record dropped %v, want %v", dropped, want)
	}
	if got := l.ToEvict(); fmt.Sprint(got) != fmt.Sprint(dropped) {
		t.Errorf("ToEvict() = %v before eviction, want %v", got, dropped)
	}
	l.Evicted(dropped[:2])
	if got := l.ToEvict(); fmt.Sprint(got) != fmt.Sprint(dropped[2:]) {
		t.Errorf("ToEvict() = %v after Evicted(%v)", got, dropped[:2])
	}
	l.Evicted(dropped)
	if drop := l.Remove("saved"); fmt.Sprint(drop) != "[/api/articles/saved]" {
		t.Errorf("Remove(saved) = %v, want its article only (the image is still used)", drop)
	}
	l.SetScroll("r2", 10)
	l.SetScroll("r0", 20) // forgotten, but read again: kept until the next change
	l.SetScroll("r3", 30)
	if l.Scroll("r0") != 0 || l.Scroll("r2") != 10 || l.Scroll("r3") != 30 {
		t.Errorf("scroll positions kept: r0 %d r2 %d r3 %d, want only the kept articles'", l.Scroll("r0"), l.Scroll("r2"), l.Scroll("r3"))
	}
	if keep := l.Files(); keep["/api/articles/r0"] || !keep["/media/shared.svg"] || !keep["/api/articles/r2"] {
		t.Errorf("Files() = %v", keep)
	}
}

// TestSaveQueue: a save asked for offline is kept until done.
func TestSaveQueue(t *testing.T) {
	kv := MemoryKV{}
	OpenLibrary(kv).QueueSave(article.Meta{Slug: "b", Title: "B"})
	OpenLibrary(kv).QueueSave(article.Meta{Slug: "a", Title: "A"})
	l := OpenLibrary(kv)
	if q := l.Queued(); len(q) != 2 || q[0].Slug != "a" || !l.SaveQueued("b") {
		t.Fatalf("Queued() = %v", q)
	}
	l.Unqueue("a")
	if q := l.Queued(); len(q) != 1 || l.SaveQueued("a") {
		t.Errorf("after Unqueue: %v", q)
	}
}

func ids(ps []Pending) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func ids2(cs []comment.Comment) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
