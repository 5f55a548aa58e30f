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
	}{"OwnEdits", testOwnEdits})
}

// testOwnEdits: the hash of the post's secret lets its author edit and
// delete the comment for comment.EditWindow, and nobody else, ever.
func testOwnEdits(t *testing.T, fresh newDB) {
	st, _ := openFresh(t, fresh)
	s := st.(Owner)
	ctx := context.Background()
	right, wrong := sha256.Sum256([]byte("secret")), sha256.Sum256([]byte("guess"))
	owned := func(c comment.Comment) comment.Comment { c.OwnerHash = string(right[:]); return c }
	mustPost(t, st, owned(mk("c1", "a", "", "first", 0)))
	mustPost(t, st, mk("c2", "a", "", "second", 0))
	mustPost(t, st, owned(mk("c3", "a", "", "third", 0)))
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	refused := []struct {
		name string
		id   string
		hash []byte
		now  time.Time
		want error
	}{
		{"wrong secret", "c1", wrong[:], at(1), comment.ErrNotYours},
		{"no secret kept", "c2", right[:], at(1), comment.ErrNotYours},
		{"empty secret", "c2", nil, at(1), comment.ErrNotYours},
		{"too late", "c1", right[:], at(15), comment.ErrTooLate},
		{"unknown", "nope", right[:], at(1), comment.ErrNotFound},
	}
	for _, tt := range refused {
		if _, err := s.EditOwn(ctx, tt.id, tt.hash, "changed", "<p>changed</p>", tt.now); !errors.Is(err, tt.want) {
			t.Errorf("EditOwn %s = %v, want %v", tt.name, err, tt.want)
		}
		if _, err := s.DeleteOwn(ctx, tt.id, tt.hash, tt.now); !errors.Is(err, tt.want) {
			t.Errorf("DeleteOwn %s = %v, want %v", tt.name, err, tt.want)
		}
	}
	got, err := s.EditOwn(ctx, "c1", right[:], "first, fixed", "<p>first, fixed</p>", at(14))
	if err != nil || got.Body != "first, fixed" || got.HTML != "<p>first, fixed</p>" || !got.Edited.Equal(at(14).Truncate(time.Microsecond)) || got.Author != "Ann" {
		t.Fatalf("EditOwn = %+v, %v; want the new body, edited at %v", got, err, at(14))
	}
	got, err = s.DeleteOwn(ctx, "c3", right[:], at(2))
	if err != nil || got.Status != comment.Deleted || !got.ByAuthor || got.Body != "" || got.Author != "" {
		t.Fatalf("DeleteOwn = %+v, %v; want deleted by its author, blanked", got, err)
	}
	if _, err := s.EditOwn(ctx, "c3", right[:], "back", "<p>back</p>", at(3)); !errors.Is(err, comment.ErrInvalid) {
		t.Errorf("EditOwn of a deleted comment = %v, want ErrInvalid", err)
	}
	page, err := st.Page(ctx, "a", "", 0)
	if err != nil || len(page.Comments) != 3 {
		t.Fatalf("Page = %+v, %v", page, err)
	}
	for _, c := range page.Comments {
		wantEdited, wantBy := c.ID == "c1", c.ID == "c3"
		if !c.Edited.IsZero() != wantEdited || c.ByAuthor != wantBy || (c.ID == "c1" && c.Body != "first, fixed") {
			t.Errorf("Page: %s edited %v by author %v body %q", c.ID, c.Edited, c.ByAuthor, c.Body)
		}
	}
	// A moderator's delete is not the author's.
	if err := st.Delete(ctx, "c2"); err != nil {
		t.Fatal(err)
	}
	if c, _ := st.Page(ctx, "a", "", 0); c.Comments[1].ByAuthor {
		t.Errorf("a moderator's delete reads as the author's")
	}
}
