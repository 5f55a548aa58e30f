// Package store keeps comments. It has two implementations of one contract:
// SQLite through modernc.org/sqlite, a pure-Go driver, the embedded default;
// and PostgreSQL through pgx, for several servers sharing one database. Both
// implement comment.Store plus the moderation methods the API needs, and
// one contract test suite (store_test.go) runs against both.
package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"folio/app/comment"
)

// Store is what Folio needs from comment storage. Implementations are safe
// for concurrent use.
type Store interface {
	comment.Store
	// List returns the whole thread of article, as its pages hold it
	// together: published and deleted comments, oldest first (ties broken
	// by id). No comments is an empty list.
	List(ctx context.Context, article string) ([]comment.Comment, error)
	// Get returns a comment whatever its status, or comment.ErrNotFound.
	Get(ctx context.Context, id string) (comment.Comment, error)
	// Delete marks a comment deleted and blanks its author, body and HTML,
	// or returns comment.ErrNotFound.
	Delete(ctx context.Context, id string) error
	// SetStatus publishes, hides or deletes a comment. It returns
	// comment.ErrNotFound, comment.ErrInvalid for a status that is not
	// stored, or comment.ErrConflict to publish or hide a deleted comment.
	SetStatus(ctx context.Context, id string, status comment.Status) error
	// Counts returns the published comment count of each article asked for.
	Counts(ctx context.Context, articles []string) (map[string]int, error)
	// Recent returns the n newest published comments of article, newest
	// first (ties broken by id, descending). No comments is an empty list.
	Recent(ctx context.Context, article string, n int) ([]comment.Comment, error)
	// Each calls fn with every stored comment, whatever its status, and its
	// hash, oldest first (ties broken by id), reading them as it goes. It
	// stops at fn's first error and returns it.
	Each(ctx context.Context, fn func(Record) error) error
	// Import stores recs in one transaction, each unless its id is stored
	// already: a record whose id is stored with the same hash counts as
	// Same, with another hash as a conflict, and the stored comment stays.
	// A record that checkRecord refuses (comment.ErrInvalid, ErrMalformed or
	// ErrTooLong) stores none of the batch. HTML is stored as given.
	Import(ctx context.Context, recs []Record) (ImportResult, error)
	// Close releases the database.
	Close() error
}

// Watcher is a store several servers share, which tells each of them of
// every write to the comments, whichever server made it.
type Watcher interface {
	// Watch calls changed with the article of each write committed from the
	// moment it reports up(true, nil) until it reports up(false, err): writes
	// between an up(false) and the next up(true) may go unreported. An
	// empty article means any. It returns when ctx ends.
	Watch(ctx context.Context, changed func(article string), up func(listening bool, err error))
}

// Open opens the store dsn names and brings its schema up to date: a
// postgres:// or postgresql:// URL opens PostgreSQL, anything else is the
// path of a SQLite file, created if needed.
func Open(ctx context.Context, dsn string) (Store, error) {
	switch {
	case dsn == "":
		return nil, errors.New("open store: empty database path")
	case isPostgres(dsn):
		return openPostgres(ctx, dsn)
	default:
		return openSQLite(ctx, dsn)
	}
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// prepare checks and normalises a comment before it is stored, the same way
// for every implementation: an empty status means published, the time is
// cut to microseconds (what both databases keep) in UTC, and the reason,
// which only the browser uses, is dropped. It returns the comment and its
// content hash.
func prepare(c comment.Comment) (comment.Comment, string, error) {
	if c.Status == "" {
		c.Status = comment.Published
	}
	if err := comment.Validate(c); err != nil {
		return comment.Comment{}, "", fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if !stored(c.Status) {
		return comment.Comment{}, "", fmt.Errorf("post comment %s: %w: status %q", c.ID, comment.ErrInvalid, c.Status)
	}
	c.Created = time.UnixMicro(c.Created.UnixMicro()).UTC()
	c.Reason, c.Pinned, c.Started, c.Trap = "", false, time.Time{}, ""
	return c, comment.ContentHash(c), nil
}

// stored reports whether a status may be kept in the database; sending and
// failed exist only in the browser.
func stored(s comment.Status) bool {
	return s == comment.Published || s == comment.Hidden || s == comment.Deleted || s == comment.Pending
}

// pageQuery checks what a page of a thread is asked with: the cursor it
// starts after and how many top-level comments it holds.
func pageQuery(article, cursor string, limit int) (comment.Cursor, int, error) {
	after, err := comment.ParseCursor(cursor)
	if err != nil {
		return comment.Cursor{}, 0, fmt.Errorf("page of comments %s: %w", article, err)
	}
	switch {
	case limit == 0:
		limit = comment.PageSize
	case limit < 0 || limit > comment.MaxPageSize:
		return comment.Cursor{}, 0, fmt.Errorf("page of comments %s: %w: limit must be 1 to %d", article, comment.ErrMalformed, comment.MaxPageSize)
	}
	return after, limit, nil
}

// reply is a comment of a page with the top-level comment it hangs from.
type reply struct {
	comment.Comment
	root string
}

// fillPage puts on page the threads of roots, the top-level comments read
// for it in order (one more than limit when there is a page after), from
// list, their comments in time order. When the page goes on inside a
// thread (after.ReplyID), that thread's comments up to after's reply were
// on the pages before and are left out. It keeps whole threads while the
// page holds at most comment.PageComments comments, and sets page.Next to
// the cursor after the last thread kept, "" at the end. A first thread
// longer than that is cut after comment.PageComments comments, and Next
// goes on inside it: no thread's shape makes a page unbounded.
func fillPage(page *comment.Page, after comment.Cursor, roots []comment.Cursor, limit int, list []reply) {
	if after.ReplyID != "" {
		list = slices.DeleteFunc(list, func(r reply) bool {
			return r.root == after.ID && cmp.Or(r.Created.Compare(after.ReplyCreated), strings.Compare(r.ID, after.ReplyID)) <= 0
		})
	}
	size := make(map[string]int, len(roots))
	for _, r := range list {
		size[r.root]++
	}
	keep := make(map[string]bool, len(roots))
	n := 0
	for i, r := range roots {
		if i == limit || (i > 0 && n+size[r.ID] > comment.PageComments) {
			page.Next = roots[i-1].String()
			break
		}
		keep[r.ID] = true
		n += size[r.ID]
	}
	if first := roots[0]; size[first.ID] > comment.PageComments {
		for _, r := range list {
			if r.root == first.ID {
				page.Comments = append(page.Comments, r.Comment)
				if len(page.Comments) == comment.PageComments {
					break
				}
			}
		}
		last := page.Comments[len(page.Comments)-1]
		at := first // its order's keys, and the reply the page ends on
		at.ReplyCreated, at.ReplyID = last.Created, last.ID
		page.Next = at.String()
		return
	}
	for _, r := range list {
		if keep[r.root] {
			page.Comments = append(page.Comments, r.Comment)
		}
	}
}

// rootCondition picks the comments a thread's pages are cut by: top-level
// ones, and replies whose parent is not in the article (which Tree shows as
// top-level too), so every listed comment is on exactly one page. Hidden
// comments count, so their visible replies come with them as in List.
const rootCondition = `(c.parent = '' OR NOT EXISTS (
	SELECT 1 FROM comments p WHERE p.id = c.parent AND p.article = c.article))`

// resultRows is what *sql.Rows and pgx.Rows have in common.
type resultRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// collect reads every row with read, then checks the rows' own error: the
// loop both stores run over every result.
func collect[T any](rs resultRows, read func(resultRows) (T, error)) ([]T, error) {
	var out []T
	for rs.Next() {
		v, err := read(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rs.Err()
}

// count is one row of a per-article count.
type count struct {
	article string
	n       int64
}

func readCount(r resultRows) (count, error) {
	var c count
	err := r.Scan(&c.article, &c.n)
	return c, err
}
