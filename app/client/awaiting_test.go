package client

import (
	"context"
	"testing"
	"time"

	"folio/app/comment"
)

// TestAwaitingKept: a comment the server holds for approval stays on the
// device, shown to its author, long after a published one's record is
// gone; the spam fields it was written with travel with it.
func TestAwaitingKept(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	o := OpenOutbox(MemoryKV{})
	held := newComment("held", "", t0)
	held.Started, held.Trap = t0.Add(-time.Minute), ""
	o.Add(held)
	o.Add(newComment("pub", "", t0.Add(time.Second)))
	var sent []comment.Comment
	post := func(_ context.Context, c comment.Comment) (comment.Comment, bool, error) {
		sent = append(sent, c)
		if c.ID == "held" {
			c.Status = comment.Pending
		} else {
			c.Status = comment.Published
		}
		c.Started = time.Time{}
		return c, true, nil
	}
	if stored, _ := o.Flush(context.Background(), post, t0); len(stored) != 2 {
		t.Fatalf("flush stored %d, want 2", len(stored))
	}
	if len(sent) != 2 || !sent[0].Started.Equal(t0.Add(-time.Minute)) {
		t.Errorf("posted %+v, want held first with its form's start time", sent)
	}
	later := t0.Add(2 * time.Hour)
	o.Flush(context.Background(), post, later) // drops records past their time
	got := o.Awaiting("a")
	if len(got) != 1 || got[0].ID != "held" || got[0].Status != comment.Pending {
		t.Errorf("Awaiting after 2 hours = %+v, want held, pending", got)
	}
	if _, ok := o.get("pub"); ok {
		t.Errorf("published record still kept after 2 hours")
	}
	o.Flush(context.Background(), post, t0.Add(awaitingFor+time.Hour))
	if got := o.Awaiting("a"); len(got) != 0 {
		t.Errorf("Awaiting after %v = %+v, want none", awaitingFor, got)
	}
}
