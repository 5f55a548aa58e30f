package client

import (
	"context"
	"testing"
	"time"

	"folio/app/comment"
)

// TestOwnChanges: a change is kept per comment, the last one made winning;
// a thread reads its own, those waiting or refused, and those the server
// took only for a while.
func TestOwnChanges(t *testing.T) {
	kv := MemoryKV{}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ms := func(d time.Duration) int64 { return now.Add(d).UnixMilli() }
	QueueOwn(kv, OwnChange{ID: "c1", Article: "a", Body: "first try", Made: ms(-time.Minute)})
	QueueOwn(kv, OwnChange{ID: "c1", Article: "a", Delete: true, Made: ms(0)})
	QueueOwn(kv, OwnChange{ID: "c2", Article: "a", Body: "sent", Made: ms(-2 * time.Minute), Sent: ms(-time.Minute)})
	QueueOwn(kv, OwnChange{ID: "c3", Article: "a", Body: "sent long ago", Made: ms(-time.Hour), Sent: ms(-time.Hour)})
	QueueOwn(kv, OwnChange{ID: "c4", Article: "a", Body: "refused", Made: ms(-time.Hour), Reason: "too late"})
	QueueOwn(kv, OwnChange{ID: "c5", Article: "b", Body: "elsewhere", Made: ms(0)})
	kv.Set(OwnQueuePrefix+"c6", "{damaged")
	got := OwnChanges(kv, "a", now)
	if len(got) != 3 || !got["c1"].Delete || got["c2"].Body != "sent" || got["c4"].Reason != "too late" {
		t.Errorf("OwnChanges(a) = %+v, want c1 (deleted), c2 and c4", got)
	}
}

// TestOutboxChange: a comment still waiting in the outbox takes an edit;
// one posted meanwhile, or being posted, does not.
func TestOutboxChange(t *testing.T) {
	kv := MemoryKV{}
	ob := OpenOutbox(kv)
	now := time.Now()
	for _, id := range []string{"w1", "p1"} {
		ob.Add(newComment(id, "", now))
	}
	srv := &server{stored: map[string]comment.Comment{}}
	srv.down = true
	ob.Flush(context.Background(), srv.post, now)
	if !ob.Change("w1", "better words", now) {
		t.Fatal("Change of a waiting comment = false")
	}
	for _, p := range ob.For("a") {
		if want := map[string]string{"w1": "better words", "p1": "hi p1"}[p.ID]; p.Body != want {
			t.Errorf("outbox after Change: %s says %q, want %q", p.ID, p.Body, want)
		}
	}
	srv.down = false
	ob.Flush(context.Background(), srv.post, now.Add(time.Hour))
	if srv.stored["w1"].Body != "better words" {
		t.Errorf("posted %+v, want the changed body", srv.stored["w1"])
	}
	if ob.Change("p1", "too late", now) {
		t.Error("Change of a posted comment = true")
	}
	if ob.Change("nope", "x", now) {
		t.Error("Change of an unknown comment = true")
	}
}
