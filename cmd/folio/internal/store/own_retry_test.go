package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"folio/app/comment"
)

func init() {
	contract = append(contract, struct {
		name string
		test func(*testing.T, newDB)
	}{"OwnRetries", testOwnRetries})
}

// testOwnRetries: a device sends a queued edit or delete again until an
// answer comes back. A delete sent again succeeds and changes nothing; an
// edit made no later than the last one kept succeeds and leaves the newer
// text; a later edit still applies; someone else's retry is still refused.
func testOwnRetries(t *testing.T, fresh newDB) {
	st, _ := openFresh(t, fresh)
	s := st.(Owner)
	ctx := context.Background()
	right, wrong := sha256.Sum256([]byte("secret")), sha256.Sum256([]byte("guess"))
	owned := func(c comment.Comment) comment.Comment { c.OwnerHash = string(right[:]); return c }
	mustPost(t, st, owned(mk("e1", "a", "", "first", 0)))
	mustPost(t, st, owned(mk("d1", "a", "", "second", 0)))
	mustPost(t, st, owned(mk("m1", "a", "", "third", 0)))
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

	for i, want := range []string{"gone", "gone, again"} {
		got, err := s.DeleteOwn(ctx, "d1", right[:], at(2+i))
		if err != nil || got.Status != comment.Deleted || !got.ByAuthor {
			t.Fatalf("DeleteOwn %s = %+v, %v; want deleted by its author", want, got, err)
		}
	}
	if _, err := s.DeleteOwn(ctx, "d1", wrong[:], at(3)); !errors.Is(err, comment.ErrNotYours) {
		t.Errorf("DeleteOwn again with another secret = %v, want ErrNotYours", err)
	}
	// The retry of a delete comes after the window: it is done already.
	if _, err := s.DeleteOwn(ctx, "d1", right[:], at(20)); err != nil {
		t.Errorf("DeleteOwn done, sent again late = %v, want nil", err)
	}

	steps := []struct {
		name string
		body string
		at   int
		want string
	}{
		{"edit", "first, fixed", 5, "first, fixed"},
		{"the same edit again", "first, fixed", 5, "first, fixed"},
		{"an older edit arriving late", "first, older", 3, "first, fixed"},
		{"a newer edit", "first, fixed again", 6, "first, fixed again"},
	}
	for _, tt := range steps {
		got, err := s.EditOwn(ctx, "e1", right[:], tt.body, "<p>"+tt.body+"</p>", at(tt.at))
		if err != nil || got.Body != tt.want || !got.Edited.Equal(at(6).Truncate(time.Microsecond)) && tt.at == 6 {
			t.Errorf("EditOwn %s = %+v, %v; want body %q", tt.name, got, err, tt.want)
		}
	}
	if c, err := st.Get(ctx, "e1"); err != nil || c.Body != "first, fixed again" {
		t.Errorf("Get after the edits = %+v, %v", c, err)
	}
	if _, err := s.EditOwn(ctx, "e1", wrong[:], "hijack", "<p>hijack</p>", at(1)); !errors.Is(err, comment.ErrNotYours) {
		t.Errorf("an older edit with another secret = %v, want ErrNotYours", err)
	}

	// A moderator's delete is not undone nor passed off as the author's.
	if err := st.Delete(ctx, "m1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteOwn(ctx, "m1", right[:], at(2)); !errors.Is(err, comment.ErrInvalid) {
		t.Errorf("DeleteOwn of a comment a moderator deleted = %v, want ErrInvalid", err)
	}
}
