package respcache

import (
	"context"
	"fmt"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

func (s *invalidating) owner() (store.Owner, error) {
	o, ok := s.Store.(store.Owner)
	if !ok {
		return nil, fmt.Errorf("the store keeps no authors' secrets")
	}
	return o, nil
}

// EditOwn passes to the store and marks the comment's article changed.
func (s *invalidating) EditOwn(ctx context.Context, id string, secretHash []byte, body, html string, now time.Time) (comment.Comment, error) {
	o, err := s.owner()
	if err != nil {
		return comment.Comment{}, err
	}
	c, err := o.EditOwn(ctx, id, secretHash, body, html, now)
	if err == nil {
		s.c.Changed(c.Article)
	}
	return c, err
}

// DeleteOwn passes to the store and marks the comment's article changed.
func (s *invalidating) DeleteOwn(ctx context.Context, id string, secretHash []byte, now time.Time) (comment.Comment, error) {
	o, err := s.owner()
	if err != nil {
		return comment.Comment{}, err
	}
	c, err := o.DeleteOwn(ctx, id, secretHash, now)
	if err == nil {
		s.c.Changed(c.Article)
	}
	return c, err
}
