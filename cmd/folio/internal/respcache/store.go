package respcache

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// Store wraps st so that every write marks the answers that show the
// article's comments stale, once the write has committed: a reader who was
// told "posted" then reads the new comment from this server.
func (c *Cache) Store(st store.Store) store.Store { return &invalidating{Store: st, c: c} }

type invalidating struct {
	store.Store
	c *Cache
}

// Unwrap is the store underneath, for what a store offers beside
// store.Store (store.Replier) and changes no kept answer.
func (s *invalidating) Unwrap() store.Store { return s.Store }

func (s *invalidating) Post(ctx context.Context, cm comment.Comment) (comment.Comment, bool, error) {
	stored, created, err := s.Store.Post(ctx, cm)
	if err == nil && created {
		s.c.Changed(stored.Article)
	}
	return stored, created, err
}

func (s *invalidating) Delete(ctx context.Context, id string) error {
	err := s.Store.Delete(ctx, id)
	s.changedComment(ctx, id, err)
	return err
}

func (s *invalidating) SetStatus(ctx context.Context, id string, status comment.Status) error {
	err := s.Store.SetStatus(ctx, id, status)
	s.changedComment(ctx, id, err)
	return err
}

// changedComment marks the article of comment id changed after a moderation
// write; if the article cannot be told, everything is.
func (s *invalidating) changedComment(ctx context.Context, id string, err error) {
	if errors.Is(err, comment.ErrNotFound) {
		return // nothing was written
	}
	c, gerr := s.Store.Get(ctx, id)
	if gerr != nil {
		s.c.Purge()
		return
	}
	s.c.Changed(c.Article)
}

// Watch keeps the cache right across servers when st tells of other
// writers' writes (store.Watcher: other servers on PostgreSQL, other
// processes on a SQLite file): the cache passes requests through until st
// listens, marks each article st reports, and passes through again
// (dropping what it kept) whenever listening stops, until it listens again.
// Watch returns once st has first said whether it listens, and runs until
// stop is called. A store that cannot watch is taken to have no other
// writer.
func (c *Cache) Watch(st store.Store, log *slog.Logger) (stop func()) {
	w, ok := st.(store.Watcher)
	if inv, wrapped := st.(*invalidating); !ok && wrapped {
		w, ok = inv.Store.(store.Watcher)
	}
	if !ok {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.Suspend()
	first, done := make(chan struct{}), make(chan struct{})
	var once sync.Once
	listening, lost := false, false
	go func() {
		defer close(done)
		w.Watch(ctx, c.Changed, func(up bool, err error) {
			switch {
			case up && !listening:
				if lost {
					log.Info("response cache on again: listening for other writers")
				}
				c.Resume()
			case !up && listening:
				log.Warn("response cache off until the notification connection is back", "err", err)
				c.Suspend()
			}
			listening, lost = up, lost || !up
			once.Do(func() { close(first) })
		})
		if listening {
			c.Suspend() // nothing listens any more
		}
	}()
	select {
	case <-first:
	case <-done:
	}
	return func() {
		cancel()
		<-done
	}
}
