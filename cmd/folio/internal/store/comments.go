package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"folio/app/comment"
)

// The store implements the domain's interface; the API relies on it.
var _ comment.Store = (*Store)(nil)

const columns = `id, article, parent, author, body, html, created, status`

// List returns the published and deleted comments of article, oldest first
// (ties broken by id). Hidden comments are left out. No comments is an empty
// list.
func (s *Store) List(ctx context.Context, article string) ([]comment.Comment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM comments
		WHERE article = ? AND status IN (?, ?) ORDER BY created, id`,
		article, comment.Published, comment.Deleted)
	if err != nil {
		return nil, fmt.Errorf("list comments %s: %w", article, err)
	}
	defer rows.Close()
	list := []comment.Comment{}
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list comments %s: %w", article, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list comments %s: %w", article, err)
	}
	return list, nil
}

// Post stores c unless a comment with its id exists, and is durable when it
// returns. An empty status is stored as published. It does not render: c.HTML
// is stored as given. It returns the comment as stored and whether it was
// created now. A replay (same id, same content) returns the stored comment
// and created == false; the same id with other content returns
// comment.ErrConflict. A comment that fails comment.Validate, or whose
// status is not published, hidden or deleted, returns that error
// (comment.ErrInvalid, ErrMalformed or ErrTooLong).
func (s *Store) Post(ctx context.Context, c comment.Comment) (comment.Comment, bool, error) {
	if c.Status == "" {
		c.Status = comment.Published
	}
	if err := comment.Validate(c); err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if !stored(c.Status) {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w: status %q", c.ID, comment.ErrInvalid, c.Status)
	}
	c.Created = time.UnixMicro(c.Created.UnixMicro()).UTC() // what a read gives back
	c.Reason = ""
	hash := comment.ContentHash(c)
	res, err := s.db.ExecContext(ctx, `INSERT INTO comments (`+columns+`, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		c.ID, c.Article, c.Parent, c.Author, c.Body, c.HTML, c.Created.UnixMicro(), c.Status, hash)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	} else if n == 1 {
		return c, true, nil
	}
	// The id exists: a replay if the content matches, else a conflict.
	old, oldHash, err := s.get(ctx, c.ID)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if oldHash != hash {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, comment.ErrConflict)
	}
	return old, false, nil
}

// Get returns the comment with id whatever its status, or
// comment.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (comment.Comment, error) {
	c, _, err := s.get(ctx, id)
	if err != nil {
		return comment.Comment{}, fmt.Errorf("get comment %s: %w", id, err)
	}
	return c, nil
}

func (s *Store) get(ctx context.Context, id string) (comment.Comment, string, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+columns+`, hash FROM comments WHERE id = ?`, id)
	var hash string
	c, err := scan(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return comment.Comment{}, "", comment.ErrNotFound
	}
	return c, hash, err
}

// Delete removes a comment the soft way: its status becomes deleted and its
// body and HTML are blanked, but the row stays so replies keep their place.
// It returns comment.ErrNotFound for an unknown id.
func (s *Store) Delete(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE comments SET status = ?, body = '', html = '' WHERE id = ?`,
		comment.Deleted, id)
	if err != nil {
		return fmt.Errorf("delete comment %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete comment %s: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("delete comment %s: %w", id, comment.ErrNotFound)
	}
	return nil
}

// SetStatus publishes or hides a comment; comment.Deleted deletes it as
// Delete does. It returns comment.ErrNotFound for an unknown id,
// comment.ErrInvalid for a status that is not stored (sending, failed), and
// comment.ErrConflict when asked to publish or hide a deleted comment, whose
// body is gone.
func (s *Store) SetStatus(ctx context.Context, id string, status comment.Status) error {
	if status == comment.Deleted {
		return s.Delete(ctx, id)
	}
	if !stored(status) {
		return fmt.Errorf("set status of comment %s: %w: status %q", id, comment.ErrInvalid, status)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE comments SET status = ? WHERE id = ? AND status != ?`,
		status, id, comment.Deleted)
	if err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	} else if n == 1 {
		return nil
	}
	if _, _, err := s.get(ctx, id); err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	}
	return fmt.Errorf("set status of comment %s: %w: a deleted comment cannot be restored", id, comment.ErrConflict)
}

// Counts returns the number of published comments of each article asked
// for; articles without any map to 0.
func (s *Store) Counts(ctx context.Context, articles []string) (map[string]int, error) {
	counts := make(map[string]int, len(articles))
	if len(articles) == 0 {
		return counts, nil
	}
	args := make([]any, 0, len(articles)+1)
	args = append(args, comment.Published)
	for _, a := range articles {
		counts[a] = 0
		args = append(args, a)
	}
	q := `SELECT article, COUNT(*) FROM comments WHERE status = ? AND article IN (?` +
		strings.Repeat(", ?", len(articles)-1) + `) GROUP BY article`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("count comments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			return nil, fmt.Errorf("count comments: %w", err)
		}
		counts[a] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count comments: %w", err)
	}
	return counts, nil
}

// stored reports whether a status may be kept in the database; sending and
// failed exist only in the browser.
func stored(s comment.Status) bool {
	return s == comment.Published || s == comment.Hidden || s == comment.Deleted
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// scan reads one row of columns, then any extra columns into extra.
func scan(r scanner, extra ...any) (comment.Comment, error) {
	var c comment.Comment
	var created int64
	dest := append([]any{&c.ID, &c.Article, &c.Parent, &c.Author, &c.Body, &c.HTML, &created, &c.Status}, extra...)
	if err := r.Scan(dest...); err != nil {
		return comment.Comment{}, err
	}
	c.Created = time.UnixMicro(created).UTC()
	return c, nil
}
