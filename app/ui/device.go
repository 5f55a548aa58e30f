package ui

import (
	"context"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/comment"
)

// What this device keeps: the outbox of comments not yet stored and the
// library of articles kept for offline reading. In the browser they live in
// localStorage; while prerendering on the server they are empty.
var (
	deviceOnce sync.Once
	outbox     *client.Outbox
	library    *client.Library
)

func device() (*client.Outbox, *client.Library) {
	deviceOnce.Do(func() {
		kv := client.LocalStorage()
		if !app.IsClient {
			kv = client.MemoryKV{}
		}
		outbox, library = client.OpenOutbox(kv), client.OpenLibrary(kv)
	})
	return outbox, library
}

// outboxAction tells mounted comment sections that the outbox changed; its
// value is the comments the server just stored.
const outboxAction = "folio:outbox"

// syncer posts the outbox: at app start, when the network comes back, after
// a new comment, and on a timer that backs off while the server is away.
type syncer struct {
	mu      sync.Mutex
	ctx     app.Context // a mounted component's, to tell the UI
	hasCtx  bool
	running bool
	again   bool
	timer   *time.Timer
}

var outboxSync syncer

// attach gives the syncer a mounted component's context to report through.
func (s *syncer) attach(ctx app.Context) {
	s.mu.Lock()
	s.ctx, s.hasCtx = ctx, true
	s.mu.Unlock()
}

// kick starts a flush now, or right after the one under way.
func (s *syncer) kick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.hasCtx {
		return
	}
	if s.running {
		s.again = true
		return
	}
	s.running = true
	if s.timer != nil {
		s.timer.Stop()
	}
	ctx := s.ctx
	ctx.Async(func() { s.run(ctx) })
}

func (s *syncer) run(ctx app.Context) {
	ob, _ := device()
	for {
		bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		stored, next := ob.Flush(bg, source.Post, time.Now())
		cancel()
		ctx.Dispatch(func(ctx app.Context) { ctx.NewActionWithValue(outboxAction, stored) })
		s.mu.Lock()
		if s.again {
			s.again = false
			s.mu.Unlock()
			continue
		}
		s.running = false
		if !next.IsZero() {
			s.timer = time.AfterFunc(max(time.Until(next), 100*time.Millisecond), s.kick)
		}
		s.mu.Unlock()
		return
	}
}

// queue adds a comment to the outbox and starts sending it.
func queue(c comment.Comment) {
	ob, _ := device()
	ob.Add(c)
	client.PersistStorage()
	outboxSync.kick()
}
