package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"folio/app/comment"
)

// Latest returns a page of the newest comments across articles, as
// Moderator says.
func (s *SQLite) Latest(ctx context.Context, status comment.Status, cursor string, limit int) (comment.Page, error) {
	after, err := latestQuery(status, cursor, limit)
	if err != nil {
		return comment.Page{}, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	where, args := `1`, []any{}
	if status != "" {
		where, args = `status = ?`, append(args, status)
	}
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments WHERE `+where, args...).Scan(&total); err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	if after.ID != "" {
		where += ` AND (created, id) < (?, ?)`
		args = append(args, after.Created.UnixMicro(), after.ID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+columns+`, EXISTS (SELECT 1 FROM pins p WHERE p.id = comments.id)
		FROM comments WHERE `+where+` ORDER BY created DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) {
		var pinned bool
		c, err := scanSQLite(r, &pinned)
		c.Pinned = pinned
		return c, err
	})
	if err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	return latestPage(list, limit, total), nil
}

// Pin pins or unpins a comment, as Moderator says.
func (s *SQLite) Pin(ctx context.Context, id string, pinned bool) error {
	c, _, err := get(ctx, s.w, id)
	if err != nil {
		return fmt.Errorf("pin comment %s: %w", id, err)
	}
	if !pinned {
		_, err = s.w.ExecContext(ctx, `DELETE FROM pins WHERE id = ?`, id)
	} else if c.Status == comment.Deleted {
		return fmt.Errorf("pin comment %s: %w: a deleted comment cannot be pinned", id, comment.ErrConflict)
	} else {
		_, err = s.w.ExecContext(ctx, `INSERT INTO pins (id, article) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, id, c.Article)
	}
	if err != nil {
		return fmt.Errorf("pin comment %s: %w", id, err)
	}
	return nil
}

// pinnedIn returns the ids of article's pinned comments.
func pinnedIn(ctx context.Context, tx *sql.Tx, article string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM pins WHERE article = ?`, article)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return collect(rows, func(r resultRows) (string, error) {
		var id string
		err := r.Scan(&id)
		return id, err
	})
}

// pinnedThreads reads the threads of article's pinned top-level comments,
// their published and deleted comments oldest first.
func pinnedThreads(ctx context.Context, tx *sql.Tx, article string) ([]comment.Comment, error) {
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE thread(tid) AS (
			`+fmt.Sprintf(pinnedRootsSQL, "?")+`
			UNION
			SELECT c.id FROM thread t JOIN comments c ON c.parent = t.tid
		)
		SELECT `+columns+` FROM comments JOIN thread ON thread.tid = comments.id
		WHERE article = ? AND status IN (?, ?) ORDER BY created, id`, article, article, comment.Published, comment.Deleted)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return collect(rows, func(r resultRows) (comment.Comment, error) { return scanSQLite(r) })
}

// Block refuses new comments from name, as Moderator says.
func (s *SQLite) Block(ctx context.Context, name string) error {
	name, key, err := blockName(name)
	if err != nil {
		return err
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO blocked_authors (key, name) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET name = excluded.name`, key, name); err != nil {
		return fmt.Errorf("block %q: %w", name, err)
	}
	return nil
}

// Unblock lets name post again.
func (s *SQLite) Unblock(ctx context.Context, name string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM blocked_authors WHERE key = ?`, BlockKey(name)); err != nil {
		return fmt.Errorf("unblock %q: %w", name, err)
	}
	return nil
}

// Blocked lists the blocked names.
func (s *SQLite) Blocked(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT name FROM blocked_authors ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("blocked names: %w", err)
	}
	defer rows.Close()
	names, err := collect(rows, func(r resultRows) (string, error) {
		var n string
		err := r.Scan(&n)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("blocked names: %w", err)
	}
	return append([]string{}, names...), nil
}

// IsBlocked reports whether name is blocked.
func (s *SQLite) IsBlocked(ctx context.Context, name string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM blocked_authors WHERE key = ?`, BlockKey(name)).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("is %q blocked: %w", name, err)
	}
	return true, nil
}
