package respcache

import (
	"context"
	"fmt"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// React passes a reaction to the store when it keeps them, and marks the
// comment's article changed once it is stored, as Post does.
func (s *invalidating) React(ctx context.Context, r comment.Reaction) (string, comment.Tally, error) {
	rs, ok := s.Store.(store.Reactor)
	if !ok {
		return "", comment.Tally{}, fmt.Errorf("react to %s: the store keeps no reactions", r.Comment)
	}
	article, t, err := rs.React(ctx, r)
	if err == nil {
		s.c.Changed(article)
	}
	return article, t, err
}
