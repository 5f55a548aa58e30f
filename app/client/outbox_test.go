package client

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"folio/app/article"
	"folio/app/comment"
)

// server is a fake comment.Store Post: it stores by id once, and fails the way
// it is told to.
type server struct {
	stored map[string]comment.Comment
	fail   map[string]error // id → error for its next post
	down   bool
	posts  []string
}

func (s *server) post(_ context.Context, c comment.Comment) (comment.Comment, bool, error) {
	s.posts = append(s.posts, c.ID)
	if s.down {
		return c, false, fmt.Errorf("post: %w", ErrOffline)
	}
	if err := s.fail[c.ID]; err != nil {
		delete(s.fail, c.ID)
		return c, false, err
	}
	if got, ok := s.stored[c.ID]; ok {
		return got, false, nil
	}
	c.Status = comment.Published
	s.stored[c.ID] = c
	return c, true, nil
}

func newComment(id, parent string, at time.Time) comment.Comment {
	return comment.Comment{ID: id, Article: "a", Parent: parent, Author: "Ada", Body: "hi " + id, Created: at}
}

func TestOutboxFlush(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	kv := MemoryKV{}
	o := OpenOutbox(kv)
	o.Add(newComment("c1", "", t0))
	o.Add(newComment("c2", "c1", t0.Add(time.Second)))
	srv := &server{stored: map[string]comment.Comment{}, fail: map[string]error{}, down: true}

	// Offline: nothing stored, both kept, the next try backs off.
	stored, next := o.Flush(context.Background(), srv.post, t0)
	if len(stored) != 0 || o.Len() != 2 || next != t0.Add(2*time.Second) {
		t.Fatalf("offline flush: stored %d, len %d, next %v", len(stored), o.Len(), next)
	}
	if p := o.For("a")[0]; !p.Offline || p.Attempts != 1 || p.Status != comment.Sending {
		t.Errorf("after an offline try: %+v", p)
	}
	// Not due yet: no post at all.
	srv.down = false
	if stored, _ := o.Flush(context.Background(), srv.post, t0.Add(time.Second)); len(stored) != 0 || len(srv.posts) != 1 {
		t.Errorf("early flush posted: %v", srv.posts)
	}
	// The outbox survives a reload.
	o = OpenOutbox(kv)
	if o.Len() != 2 {
		t.Fatalf("reopened outbox has %d, want 2", o.Len())
	}
	stored, next = o.Flush(context.Background(), srv.post, t0.Add(3*time.Second))
	if len(stored) != 2 || stored[0].ID != "c1" || stored[1].ID != "c2" || o.Len() != 0 || !next.IsZero() {
		t.Fatalf("online flush: stored %v, len %d, next %v", stored, o.Len(), next)
	}
	if len(srv.stored) != 2 {
		t.Errorf("server holds %d comments, want 2", len(srv.stored))
	}
}

// TestOutboxLostResponse: the server stored the comment but the answer never
// arrived. The retry gets 200 and the server still holds one copy.
func TestOutboxLostResponse(t *testing.T) {
	t0 := time.Now()
	o := OpenOutbox(MemoryKV{})
	o.Add(newComment("c1", "", t0))
	srv := &server{stored: map[string]comment.Comment{}, fail: map[string]error{}}
	lost := func(ctx context.Context, c comment.Comment) (comment.Comment, bool, error) {
		srv.post(ctx, c)            // stored...
		return c, false, ErrOffline // ...but the connection dropped
	}
	o.Flush(context.Background(), lost, t0)
	if o.Len() != 1 {
		t.Fatal("a comment whose answer was lost left the outbox")
	}
	stored, _ := o.Flush(context.Background(), srv.post, t0.Add(time.Minute))
	if len(stored) != 1 || o.Len() != 0 || len(srv.stored) != 1 || len(srv.posts) != 2 {
		t.Errorf("retry: stored %v, outbox %d, server %d comments after %d posts", stored, o.Len(), len(srv.stored), len(srv.posts))
	}
}

func TestOutboxRefused(t *testing.T) {
	t0 := time.Now()
	o := OpenOutbox(MemoryKV{})
	o.Add(newComment("bad", "", t0))
	o.Add(newComment("good", "", t0.Add(time.Second)))
	srv := &server{stored: map[string]comment.Comment{}, fail: map[string]error{
		"bad": &Error{Kind: comment.ErrTooLong, Reason: "comment is too long"},
	}}
	stored, _ := o.Flush(context.Background(), srv.post, t0)
	if len(stored) != 1 || stored[0].ID != "good" {
		t.Fatalf("stored %v, want only good", stored)
	}
	p := o.For("a")
	if len(p) != 1 || p[0].Status != comment.Failed || p[0].Reason != "comment is too long" {
		t.Fatalf("refused comment: %+v", p)
	}
	// Refused comments are not retried by themselves...
	if stored, _ := o.Flush(context.Background(), srv.post, t0.Add(time.Hour)); len(stored) != 0 {
		t.Errorf("a refused comment was posted again: %v", stored)
	}
	// ...only when the reader asks, and discarding removes them.
	o.Retry("bad")
	if stored, _ := o.Flush(context.Background(), srv.post, t0.Add(time.Hour)); len(stored) != 1 {
		t.Errorf("retry after refusal stored %v", stored)
	}
	o.Add(newComment("gone", "", t0))
	o.Remove("gone")
	if o.Len() != 0 {
		t.Errorf("outbox len %d after discard, want 0", o.Len())
	}
}

func TestOutboxRetryable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{ErrOffline, true},
		{&Error{Kind: ErrServer, Reason: "x"}, true},
		{&Error{Kind: comment.ErrRateLimited, Reason: "x"}, true},
		{&Error{Kind: comment.ErrInvalid, Reason: "x"}, false},
		{&Error{Kind: comment.ErrConflict, Reason: "x"}, false},
		{errors.New("decode"), false},
	}
	for _, tt := range tests {
		if got := retryable(tt.err); got != tt.want {
			t.Errorf("retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{1, 2 * time.Second}, {2, 4 * time.Second}, {5, 32 * time.Second}, {9, 5 * time.Minute}, {50, 5 * time.Minute}}
	for _, tt := range tests {
		if got := Backoff(tt.n); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestLibrary(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	kv := MemoryKV{}
	l := OpenLibrary(kv)
	meta := func(slug string) article.Meta { return article.Meta{Slug: slug, Title: "T " + slug} }
	l.Record(meta("read"), false, []string{"/api/articles/read"}, 100, t0)
	l.Record(meta("saved"), true, []string{"/api/articles/saved", "/media/a.svg"}, 5000, t0.Add(time.Minute))
	l.Record(meta("saved"), false, nil, 0, t0.Add(2*time.Minute)) // read after saving
	l.SetScroll("read", 420)

	l = OpenLibrary(kv) // survives a reload
	list := l.List()
	if len(list) != 2 || list[0].Slug != "saved" || list[1].Slug != "read" {
		t.Fatalf("List() = %+v, want saved then read", list)
	}
	if s := list[0]; !s.Saved || s.Bytes != 5000 || len(s.Files) != 2 || !s.ReadAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("saved entry = %+v", s)
	}
	if got := l.Scroll("read"); got != 420 {
		t.Errorf("Scroll(read) = %d, want 420", got)
	}
	if drop := l.Remove("saved"); len(drop) != 2 || len(l.List()) != 1 {
		t.Errorf("Remove(saved) = %v, list %v", drop, l.List())
	}
	for i := range keepRecent + 5 {
		l.Record(meta(fmt.Sprint("r", i)), false, nil, 1, t0.Add(time.Duration(i)*time.Hour))
	}
	if n := len(l.List()); n != keepRecent {
		t.Errorf("library keeps %d recent articles, want %d", n, keepRecent)
	}
}

func TestLocalImages(t *testing.T) {
	got := localImages([]string{"/media/a.svg", "", "https://example.org/x.png", "/media/a.svg", "//evil/x", "/media/b.png"})
	if fmt.Sprint(got) != "[/media/a.svg /media/b.png]" {
		t.Errorf("localImages = %v", got)
	}
}

func TestStatusError(t *testing.T) {
	tests := []struct {
		status int
		body   string
		kind   error
		reason string
	}{
		{422, `{"error":"name must be 1 to 80 characters"}`, comment.ErrInvalid, "name must be 1 to 80 characters"},
		{413, `{"error":"too long"}`, comment.ErrTooLong, "too long"},
		{429, ``, comment.ErrRateLimited, "status 429"},
		{404, `{"error":"article not found"}`, article.ErrNotFound, "article not found"},
		{503, `oops`, ErrServer, "status 503"},
	}
	for _, tt := range tests {
		err := statusError(tt.status, []byte(tt.body))
		if !errors.Is(err, tt.kind) || Reason(err) != tt.reason {
			t.Errorf("statusError(%d, %s) = %v, want kind %v reason %q", tt.status, tt.body, err, tt.kind, tt.reason)
		}
	}
	if statusError(201, nil) != nil {
		t.Error("statusError(201) is an error")
	}
}
