package comment

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"
)

// TestCursorSorts: a cursor keeps its order, and the best order's score,
// through its token; a token made before cursors had orders reads as
// oldest first ("").
func TestCursorSorts(t *testing.T) {
	at := time.Date(2026, 2, 1, 12, 0, 0, 123456000, time.UTC)
	for _, c := range []Cursor{
		{Created: at, ID: "a1"},
		{Created: at, ID: "a1", Sort: SortNewest},
		{Created: at, ID: "a1", Sort: SortBest, Score: -7},
		{Created: at, ID: "a1", Sort: SortBest, Score: 12, ReplyCreated: at.Add(time.Second), ReplyID: "r9"},
		{Created: at, ID: "a1", Sort: SortNewest, ReplyCreated: at, ReplyID: "r9"},
	} {
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%+v.String()) = %+v, %v", c, got, err)
		}
	}
	old := base64.RawURLEncoding.EncodeToString([]byte("1769947200123456.a1"))
	if got, err := ParseCursor(old); err != nil || got.Sort != "" || got.ID != "a1" {
		t.Errorf("ParseCursor(an oldest-first token) = %+v, %v", got, err)
	}
	for _, raw := range []string{"best", "best.1", "best.x.1.a1", "newest.1", "newest", "worst.1.a1", "best.1.1.a1.2"} {
		if got, err := ParseCursor(base64.RawURLEncoding.EncodeToString([]byte(raw))); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %v", raw, got, err, ErrMalformed)
		}
	}
}
