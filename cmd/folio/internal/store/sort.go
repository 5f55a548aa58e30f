package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"folio/app/comment"
)

// Sorter reads a thread's pages in the order a reader chose. Both stores
// implement it; Page is PageSorted in comment.SortOldest.
//
// The order is that of the top-level comments: comment.SortOldest by
// (created, id), comment.SortNewest by (created, id) descending,
// comment.SortBest by (score, created, id) descending, the score being
// the sum of the comment's votes. Replies stay under their top-level
// comment in time order, and a page lists each thread whole, in the
// page's order (SortOldest keeps its one list in time order). Pinned
// threads come before the first page in every order.
//
// A cursor names the last top-level comment of its page by the keys of its
// order, and goes on only in that order. Scores change while a reader pages
// through "best": a comment whose score falls past the cursor comes again
// on a later page (the reader's device shows each id once), and one whose
// score rises past it is not on the pages after it but on the first pages,
// where a walk started afresh (the app reads the first page again on each
// visit, when the network comes back and when the page is shown again)
// finds it. Over data that holds still, a walk visits every comment once.
type Sorter interface {
	// PageSorted is comment.Store's Page in order sort. An order that is not
	// one of the three, or a cursor of another order, returns
	// comment.ErrMalformed with the reason.
	PageSorted(ctx context.Context, article, sort, cursor string, limit int) (comment.Page, error)
}

var (
	_ Sorter = (*SQLite)(nil)
	_ Sorter = (*Postgres)(nil)
)

// CheckSort returns the order a request names: "" is comment.SortOldest,
// anything but the three orders comment.ErrMalformed.
func CheckSort(sort string) (string, error) {
	switch sort {
	case "", comment.SortOldest:
		return comment.SortOldest, nil
	case comment.SortNewest, comment.SortBest:
		return sort, nil
	}
	return "", fmt.Errorf("%w: sort must be %s, %s or %s", comment.ErrMalformed, comment.SortOldest, comment.SortNewest, comment.SortBest)
}

// sortedQuery checks what a page in an order is asked with, as pageQuery
// does, and that the cursor belongs to that order.
func sortedQuery(article, sort, cursor string, limit int) (string, comment.Cursor, int, error) {
	sort, err := CheckSort(sort)
	if err != nil {
		return "", comment.Cursor{}, 0, fmt.Errorf("page of comments %s: %w", article, err)
	}
	after, limit, err := pageQuery(article, cursor, limit)
	if err != nil {
		return "", comment.Cursor{}, 0, err
	}
	if of := cmp.Or(after.Sort, comment.SortOldest); after.ID != "" && of != sort {
		return "", comment.Cursor{}, 0, fmt.Errorf("page of comments %s: %w: the cursor belongs to sort %s, not %s", article, comment.ErrMalformed, of, sort)
	}
	after.Sort = sort
	return sort, after, limit, nil
}

// rootOrder is how one dialect reads a page's top-level comments in an
// order: the columns of its key, and how to name the id column in a
// comparison (PostgreSQL compares ids bytewise, as pages do).
type rootOrder struct {
	sort string
	id   string // c.id, or c.id COLLATE "C"
}

// keys are the columns of the order's key, first to last.
func (o rootOrder) keys() []string {
	if o.sort == comment.SortBest {
		return []string{"c.score", "c.created", o.id}
	}
	return []string{"c.created", o.id}
}

func (o rootOrder) desc() bool { return o.sort != comment.SortOldest }

// where is the condition that keeps the roots after the cursor (from it,
// when the page goes on inside its thread), with args the cursor's keys in
// placeholders the caller names: "" on the first page.
func (o rootOrder) where(after comment.Cursor, placeholders []string) string {
	if after.ID == "" {
		return ""
	}
	op := ">"
	if o.desc() {
		op = "<"
	}
	if after.ReplyID != "" {
		op += "="
	}
	ph := slices.Clone(placeholders[:len(o.keys())])
	if o.id != "c.id" {
		ph[len(ph)-1] += ` COLLATE "C"`
	}
	return " AND (" + strings.Join(o.keys(), ", ") + ") " + op + " (" + strings.Join(ph, ", ") + ")"
}

// orderBy is the ORDER BY of the roots.
func (o rootOrder) orderBy() string {
	keys := o.keys()
	if o.desc() {
		for i := range keys {
			keys[i] += " DESC"
		}
	}
	return " ORDER BY " + strings.Join(keys, ", ")
}

// keyArgs are the cursor's keys, as where names them; created as the
// dialect stores it.
func (o rootOrder) keyArgs(after comment.Cursor, created any) []any {
	if after.ID == "" {
		return nil
	}
	if o.sort == comment.SortBest {
		return []any{after.Score, created, after.ID}
	}
	return []any{created, after.ID}
}

// threadsInOrder puts a page's list, read in time order, thread by thread
// in the order of roots; each thread's comments stay in time order. The
// oldest-first order keeps its list in time order, as it always had.
func threadsInOrder(list []reply, roots []comment.Cursor, sort string) {
	if sort == comment.SortOldest {
		return
	}
	rank := make(map[string]int, len(roots))
	for i, r := range roots {
		rank[r.ID] = i
	}
	slices.SortStableFunc(list, func(a, b reply) int { return cmp.Compare(rank[a.root], rank[b.root]) })
}
