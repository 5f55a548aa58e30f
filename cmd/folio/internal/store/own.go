package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"folio/app/comment"
)

// Owner lets a comment's author edit or delete it for comment.EditWindow,
// proven by the secret the post answered with; a store keeps only its
// hash, per comment, in comment_owners. Both stores implement it, and
// their Page fills each comment's Edited and ByAuthor.
type Owner interface {
	// EditOwn gives comment id a new body and HTML and marks it edited at
	// now. It returns the comment as it now is, comment.ErrNotFound,
	// comment.ErrNotYours when secretHash is not the one kept,
	// comment.ErrTooLate after the window, or comment.ErrInvalid for a
	// comment that is no longer published. An edit made (now) no later than
	// the last edit kept changes nothing and returns the comment: it is a
	// retry, or overtaken.
	EditOwn(ctx context.Context, id string, secretHash []byte, body, html string, now time.Time) (comment.Comment, error)
	// DeleteOwn deletes comment id as Delete does, marked as deleted by its
	// author, with EditOwn's checks and errors; deleting it again with its
	// secret returns it as it is (a retry whose answer was lost).
	DeleteOwn(ctx context.Context, id string, secretHash []byte, now time.Time) (comment.Comment, error)
}

var (
	_ Owner = (*SQLite)(nil)
	_ Owner = (*Postgres)(nil)
)

// mayChange checks an author's right to change a comment: the hash kept,
// compared in constant time, and the time. edited and byAuthor are what
// the author did before; deleting says the change is a delete. It reports
// done, with no error, when the change is in place already: a delete the
// author made before, or an edit made no later than the last edit kept. A
// device queues its changes and sends them again until an answer comes
// back, so a retry whose answer was lost succeeds rather than fails, and an
// edit that arrives after a newer one does not undo it.
func mayChange(created time.Time, status comment.Status, kept, given []byte, edited int64, byAuthor, deleting bool, now time.Time) (done bool, err error) {
	switch {
	case len(kept) == 0 || subtle.ConstantTimeCompare(kept, given) != 1:
		return false, comment.ErrNotYours
	case deleting && status == comment.Deleted && byAuthor:
		return true, nil
	case !deleting && status == comment.Published && edited > 0 && edited >= now.UnixMicro():
		return true, nil
	case status != comment.Published:
		return false, comment.Explain(comment.ErrInvalid, "the comment is no longer published")
	case !now.Before(created.Add(comment.EditWindow)):
		return false, comment.Explain(comment.ErrTooLate, "a comment can be changed for %d minutes after it was posted", int(comment.EditWindow.Minutes()))
	}
	return false, nil
}

// EditOwn implements Owner.
func (s *SQLite) EditOwn(ctx context.Context, id string, secretHash []byte, body, html string, now time.Time) (comment.Comment, error) {
	return s.changeOwn(ctx, id, secretHash, now, `UPDATE comments SET body = ?, html = ? WHERE id = ?`, body, html, id)
}

// DeleteOwn implements Owner.
func (s *SQLite) DeleteOwn(ctx context.Context, id string, secretHash []byte, now time.Time) (comment.Comment, error) {
	return s.changeOwn(ctx, id, secretHash, now, `UPDATE comments SET status = ?, author = '', body = '', html = '' WHERE id = ?`, comment.Deleted, id)
}

func (s *SQLite) changeOwn(ctx context.Context, id string, hash []byte, now time.Time, update string, args ...any) (comment.Comment, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return comment.Comment{}, fmt.Errorf("change comment %s: %w", id, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var created, wasEdited int64
	var status comment.Status
	var kept string
	var byAuthor bool
	err = tx.QueryRowContext(ctx, `SELECT c.created, c.status, COALESCE(o.secret_hash, ''), COALESCE(o.edited, 0), COALESCE(o.by_author, 0)
		FROM comments c LEFT JOIN comment_owners o ON o.comment = c.id WHERE c.id = ?`, id).Scan(&created, &status, &kept, &wasEdited, &byAuthor)
	if errors.Is(err, sql.ErrNoRows) {
		err = comment.ErrNotFound
	}
	deleting, done := strings.Contains(update, "status"), false
	if err == nil {
		done, err = mayChange(time.UnixMicro(created), status, []byte(kept), []byte(fmt.Sprintf("%x", hash)), wasEdited, byAuthor, deleting, now)
	}
	if err == nil && !done {
		_, err = tx.ExecContext(ctx, update, args...)
	}
	if err == nil && !done {
		deleted, edited := deleting, now.UnixMicro()
		if deleted {
			edited = 0
		}
		_, err = tx.ExecContext(ctx, `UPDATE comment_owners SET edited = ?, by_author = ? WHERE comment = ?`, edited, deleted, id)
	}
	var c comment.Comment
	if err == nil {
		c, _, err = get(ctx, tx, id)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return comment.Comment{}, fmt.Errorf("change comment %s: %w", id, err)
	}
	page := comment.Page{Comments: []comment.Comment{c}}
	err = withOwn(&page, func(ids []string) ([]ownRow, error) { return sqliteOwn(ctx, s.r, ids) })
	return page.Comments[0], err
}

// ownRow is what comment_owners says of a comment shown in a thread.
type ownRow struct {
	id       string
	edited   int64 // unix microseconds, 0: never
	byAuthor bool
}

// sqliteOwn reads the edits and own deletes of ids.
func sqliteOwn(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ids []string) ([]ownRow, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT comment, edited, by_author FROM comment_owners
		WHERE (edited > 0 OR by_author) AND comment IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read edits: %w", err)
	}
	defer rows.Close()
	return collect(rows, readOwn)
}

func readOwn(r resultRows) (ownRow, error) {
	var o ownRow
	err := r.Scan(&o.id, &o.edited, &o.byAuthor)
	return o, err
}

// withOwn sets the Edited and ByAuthor of the comments on page.
func withOwn(page *comment.Page, read func(ids []string) ([]ownRow, error)) error {
	if len(page.Comments) == 0 {
		return nil
	}
	ids := make([]string, len(page.Comments))
	at := make(map[string]int, len(ids))
	for i, c := range page.Comments {
		ids[i], at[c.ID] = c.ID, i
	}
	rows, err := read(ids)
	if err != nil {
		return err
	}
	for _, o := range rows {
		c := &page.Comments[at[o.id]]
		if o.edited > 0 && c.Status == comment.Published {
			c.Edited = time.UnixMicro(o.edited).UTC()
		}
		c.ByAuthor = o.byAuthor && c.Status == comment.Deleted
	}
	return nil
}

// EditOwn implements Owner.
func (s *Postgres) EditOwn(ctx context.Context, id string, secretHash []byte, body, html string, now time.Time) (comment.Comment, error) {
	return s.changeOwn(ctx, id, secretHash, now, false, `UPDATE comments SET body = $2, html = $3 WHERE id = $1`, body, html)
}

// DeleteOwn implements Owner.
func (s *Postgres) DeleteOwn(ctx context.Context, id string, secretHash []byte, now time.Time) (comment.Comment, error) {
	return s.changeOwn(ctx, id, secretHash, now, true, `UPDATE comments SET status = $2, author = '', body = '', html = '' WHERE id = $1`, string(comment.Deleted))
}

func (s *Postgres) changeOwn(ctx context.Context, id string, hash []byte, now time.Time, deleted bool, update string, args ...any) (comment.Comment, error) {
	var c comment.Comment
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var created time.Time
		var status, article string
		var kept []byte
		var wasEdited int64
		var byAuthor bool
		err := tx.QueryRow(ctx, `SELECT c.created, c.status, c.article, COALESCE(o.secret_hash, ''::bytea),
			COALESCE(o.edited, 0), COALESCE(o.by_author, false) FROM comments c
			LEFT JOIN comment_owners o ON o.comment = c.id WHERE c.id = $1 FOR UPDATE OF c`, id).Scan(&created, &status, &article, &kept, &wasEdited, &byAuthor)
		if errors.Is(err, pgx.ErrNoRows) {
			return comment.ErrNotFound
		} else if err != nil {
			return err
		}
		done, err := mayChange(created, comment.Status(status), kept, hash, wasEdited, byAuthor, deleted, now)
		if err != nil || done {
			return err
		}
		if _, err := tx.Exec(ctx, update, append([]any{id}, args...)...); err != nil {
			return err
		}
		edited := now.UnixMicro()
		if deleted {
			edited = 0
		}
		if _, err := tx.Exec(ctx, `UPDATE comment_owners SET edited = $2, by_author = $3 WHERE comment = $1`,
			id, edited, deleted); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, changeChannel, article); err != nil {
			return err
		}
		return nil
	})
	if err == nil {
		c, err = s.Get(ctx, id)
	}
	if err != nil {
		return comment.Comment{}, fmt.Errorf("change comment %s: %w", id, err)
	}
	page := comment.Page{Comments: []comment.Comment{c}}
	err = withOwn(&page, func(ids []string) ([]ownRow, error) { return postgresOwn(ctx, s.pool, ids) })
	return page.Comments[0], err
}

// postgresOwn reads the edits and own deletes of ids.
func postgresOwn(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, ids []string) ([]ownRow, error) {
	rows, err := q.Query(ctx, `SELECT comment, edited, by_author FROM comment_owners
		WHERE (edited > 0 OR by_author) AND comment = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("read edits: %w", err)
	}
	defer rows.Close()
	return collect(rows, readOwn)
}
