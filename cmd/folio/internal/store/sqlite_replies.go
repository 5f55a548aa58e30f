package store

import (
	"context"
	"fmt"

	"folio/app/comment"
)

// LinkReader links comment id to the device whose key hashes to reader, as
// Replier says.
func (s *SQLite) LinkReader(ctx context.Context, id string, reader []byte) error {
	if len(reader) != 32 {
		return fmt.Errorf("link comment %s: %w: the reader hash must be 32 bytes", id, comment.ErrMalformed)
	}
	return sqliteLink(ctx, s.w, id, reader)
}

// sqliteLink links id to reader through q: the writing connection, or an
// import's transaction.
func sqliteLink(ctx context.Context, q querier, id string, reader []byte) error {
	res, err := q.ExecContext(ctx, `INSERT INTO comment_readers (comment, reader)
		SELECT id, ? FROM comments WHERE id = ? ON CONFLICT (comment) DO NOTHING`, reader, id)
	if err != nil {
		return fmt.Errorf("link comment %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("link comment %s: %w", id, err)
	} else if n == 1 {
		return nil
	}
	if _, _, err := get(ctx, q, id); err != nil {
		return fmt.Errorf("link comment %s: %w", id, err)
	}
	return nil // linked before
}

// RepliesTo returns a page of the replies to reader's comments, as Replier
// says.
func (s *SQLite) RepliesTo(ctx context.Context, reader []byte, cursor string, limit int) (comment.Replies, error) {
	after, limit, err := repliesQuery(reader, cursor, limit)
	if err != nil {
		return comment.Replies{}, err
	}
	q := `SELECT ` + replyColumns + ` FROM comment_readers r JOIN comments c ON c.parent = r.comment
		WHERE r.reader = ? AND c.status = ?
		AND NOT EXISTS (SELECT 1 FROM comment_readers m WHERE m.comment = c.id AND m.reader = r.reader)`
	args := []any{reader, comment.Published}
	if after.ID != "" {
		q += ` AND (c.created, c.id) < (?, ?)`
		args = append(args, after.Created.UnixMicro(), after.ID)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY c.created DESC, c.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return comment.Replies{}, fmt.Errorf("replies: %w", err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) { return scanSQLite(r) })
	if err != nil {
		return comment.Replies{}, fmt.Errorf("replies: %w", err)
	}
	if len(list) == 0 && after.ID == "" {
		var known bool
		if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM comment_readers WHERE reader = ?)`, reader).Scan(&known); err != nil {
			return comment.Replies{}, fmt.Errorf("replies: %w", err)
		}
		if !known {
			return comment.Replies{}, fmt.Errorf("replies: %w: no comment was posted with this reader key", comment.ErrNotFound)
		}
	}
	return repliesPage(list, limit), nil
}
