package respcache

import (
	"context"
	"fmt"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

var _ store.Moderator = (*invalidating)(nil)

// moderator is the wrapped store's moderation desk.
func (s *invalidating) moderator() (store.Moderator, error) {
	m, ok := s.Store.(store.Moderator)
	if !ok {
		return nil, fmt.Errorf("%T has no moderation desk", s.Store)
	}
	return m, nil
}

func (s *invalidating) Latest(ctx context.Context, status comment.Status, cursor string, limit int) (comment.Page, error) {
	m, err := s.moderator()
	if err != nil {
		return comment.Page{}, err
	}
	return m.Latest(ctx, status, cursor, limit)
}

// Pin marks the comment's article changed: its thread shows the pin.
func (s *invalidating) Pin(ctx context.Context, id string, pinned bool) error {
	m, err := s.moderator()
	if err != nil {
		return err
	}
	err = m.Pin(ctx, id, pinned)
	s.changedComment(ctx, id, err)
	return err
}

// Block changes no answer the cache keeps: a blocked name's comments stay
// as they were; only new ones are refused.
func (s *invalidating) Block(ctx context.Context, name string) error {
	m, err := s.moderator()
	if err != nil {
		return err
	}
	return m.Block(ctx, name)
}

func (s *invalidating) Unblock(ctx context.Context, name string) error {
	m, err := s.moderator()
	if err != nil {
		return err
	}
	return m.Unblock(ctx, name)
}

func (s *invalidating) Blocked(ctx context.Context) ([]string, error) {
	m, err := s.moderator()
	if err != nil {
		return nil, err
	}
	return m.Blocked(ctx)
}

func (s *invalidating) IsBlocked(ctx context.Context, name string) (bool, error) {
	m, err := s.moderator()
	if err != nil {
		return false, err
	}
	return m.IsBlocked(ctx, name)
}
