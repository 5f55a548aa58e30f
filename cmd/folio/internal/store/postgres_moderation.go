package store

import (
	"context"
	"errors"
	"fmt"

	"folio/app/comment"

	"github.com/jackc/pgx/v5"
)

// Latest returns a page of the newest comments across articles, as
// Moderator says.
func (s *Postgres) Latest(ctx context.Context, status comment.Status, cursor string, limit int) (comment.Page, error) {
	after, err := latestQuery(status, cursor, limit)
	if err != nil {
		return comment.Page{}, err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	where, args := `($1 = '' OR status = $1)`, []any{string(status)}
	var total int64
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM comments WHERE `+where, args...).Scan(&total); err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	if after.ID != "" {
		where += ` AND (created, id COLLATE "C") < ($3, $4 COLLATE "C")`
		args = append(args, limit+1, after.Created, after.ID)
	} else {
		args = append(args, limit+1)
	}
	rows, err := tx.Query(ctx, `SELECT `+columns+`, EXISTS (SELECT 1 FROM pins p WHERE p.id = comments.id)
		FROM comments WHERE `+where+` ORDER BY created DESC, id COLLATE "C" DESC LIMIT $2`, args...)
	if err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) {
		var pinned bool
		c, err := scanPostgres(r, &pinned)
		c.Pinned = pinned
		return c, err
	})
	if err != nil {
		return comment.Page{}, fmt.Errorf("latest comments: %w", err)
	}
	return latestPage(list, limit, int(total)), nil
}

// Pin pins or unpins a comment, as Moderator says, and notifies its
// article, so every server's cache shows the pin.
func (s *Postgres) Pin(ctx context.Context, id string, pinned bool) error {
	c, _, err := s.get(ctx, id)
	if err != nil {
		return fmt.Errorf("pin comment %s: %w", id, err)
	}
	write := `DELETE FROM pins WHERE id = $1 AND article = $3 RETURNING article`
	if pinned {
		if c.Status == comment.Deleted {
			return fmt.Errorf("pin comment %s: %w: a deleted comment cannot be pinned", id, comment.ErrConflict)
		}
		write = `INSERT INTO pins (id, article) VALUES ($1, $3) ON CONFLICT (id) DO UPDATE SET article = EXCLUDED.article RETURNING article`
	}
	var n int
	if err := s.pool.QueryRow(ctx, `WITH w AS (`+write+`) SELECT COUNT(*) FROM w, pg_notify($2, w.article)`,
		id, changeChannel, c.Article).Scan(&n); err != nil {
		return fmt.Errorf("pin comment %s: %w", id, err)
	}
	return nil
}

// pinnedInPostgres returns the ids of article's pinned comments.
func pinnedInPostgres(ctx context.Context, tx pgx.Tx, article string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM pins WHERE article = $1`, article)
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

// pinnedThreadsPostgres reads the threads of article's pinned top-level
// comments, their published and deleted comments oldest first.
func pinnedThreadsPostgres(ctx context.Context, tx pgx.Tx, article string) ([]comment.Comment, error) {
	rows, err := tx.Query(ctx, `WITH RECURSIVE thread(tid) AS (
			`+fmt.Sprintf(pinnedRootsSQL, "$1")+`
			UNION
			SELECT c.id FROM thread t JOIN comments c ON c.parent = t.tid
		)
		SELECT `+columns+` FROM comments JOIN thread ON thread.tid = comments.id
		WHERE article = $1 AND status IN ($2, $3) ORDER BY created, id COLLATE "C"`,
		article, string(comment.Published), string(comment.Deleted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return collect(rows, func(r resultRows) (comment.Comment, error) { return scanPostgres(r) })
}

// Block refuses new comments from name, as Moderator says.
func (s *Postgres) Block(ctx context.Context, name string) error {
	name, key, err := blockName(name)
	if err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO blocked_authors (key, name) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name`, key, name); err != nil {
		return fmt.Errorf("block %q: %w", name, err)
	}
	return nil
}

// Unblock lets name post again.
func (s *Postgres) Unblock(ctx context.Context, name string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM blocked_authors WHERE key = $1`, BlockKey(name)); err != nil {
		return fmt.Errorf("unblock %q: %w", name, err)
	}
	return nil
}

// Blocked lists the blocked names.
func (s *Postgres) Blocked(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM blocked_authors ORDER BY key COLLATE "C"`)
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
func (s *Postgres) IsBlocked(ctx context.Context, name string) (bool, error) {
	var one int
	err := s.pool.QueryRow(ctx, `SELECT 1 FROM blocked_authors WHERE key = $1`, BlockKey(name)).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("is %q blocked: %w", name, err)
	}
	return true, nil
}
