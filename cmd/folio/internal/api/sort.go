package api

import (
	"context"
	"net/http"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// page reads a page of slug's thread in order sort ("" is oldest first)
// through the store's Sorter, found through any wrappers (respcache's keeps
// answers by their whole query, sort included); a store without one pages
// oldest first only.
func (s *server) page(ctx context.Context, slug, sort, cursor string, limit int) (comment.Page, error) {
	sort, err := store.CheckSort(sort)
	if err != nil {
		return comment.Page{}, err
	}
	for st := any(s.cfg.Comments); st != nil; {
		if so, ok := st.(store.Sorter); ok {
			return so.PageSorted(ctx, slug, sort, cursor, limit)
		}
		w, ok := st.(interface{ Unwrap() store.Store })
		if !ok {
			break
		}
		st = w.Unwrap()
	}
	if sort != comment.SortOldest {
		return comment.Page{}, errCannotSort
	}
	return s.cfg.Comments.Page(ctx, slug, cursor, limit)
}

// errCannotSort is a newest or best page asked of a store that pages only
// oldest first (none that Folio ships).
var errCannotSort = &statusError{http.StatusNotImplemented, "this server's store pages comments oldest first only"}
