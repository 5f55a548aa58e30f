package store

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"

	"folio/app/comment"

	"github.com/jackc/pgx/v5"
)

// LinkReader links comment id to the device whose key hashes to reader, as
// Replier says.
func (s *Postgres) LinkReader(ctx context.Context, id string, reader []byte) error {
	if len(reader) != 32 {
		return fmt.Errorf("link comment %s: %w: the reader hash must be 32 bytes", id, comment.ErrMalformed)
	}
	return postgresLink(ctx, s.pool, id, reader)
}

// execer is what postgresLink needs: the pool or an import's transaction.
type execer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// postgresLink links id to reader in one statement: found tells an unknown
// comment from one linked before.
func postgresLink(ctx context.Context, q execer, id string, reader []byte) error {
	var found bool
	err := q.QueryRow(ctx, `WITH c AS (SELECT id FROM comments WHERE id = $1),
		ins AS (INSERT INTO comment_readers (comment, reader) SELECT id, $2 FROM c ON CONFLICT (comment) DO NOTHING)
		SELECT EXISTS (SELECT 1 FROM c)`, id, reader).Scan(&found)
	if err != nil {
		return fmt.Errorf("link comment %s: %w", id, err)
	}
	if !found {
		return fmt.Errorf("link comment %s: %w", id, comment.ErrNotFound)
	}
	return nil
}

// RepliesTo returns a page of the replies to reader's comments, as Replier
// says. Ids compare bytewise (COLLATE "C"), as in SQLite.
func (s *Postgres) RepliesTo(ctx context.Context, reader []byte, cursor string, limit int) (comment.Replies, error) {
	after, limit, err := repliesQuery(reader, cursor, limit)
	if err != nil {
		return comment.Replies{}, err
	}
	q := `SELECT ` + replyColumns + ` FROM comment_readers r JOIN comments c ON c.parent = r.comment
		WHERE r.reader = $1 AND c.status = $2
		AND NOT EXISTS (SELECT 1 FROM comment_readers m WHERE m.comment = c.id AND m.reader = r.reader)`
	args := []any{reader, string(comment.Published)}
	if after.ID != "" {
		q += ` AND (c.created, c.id COLLATE "C") < ($4, $5 COLLATE "C")`
		args = append(args, limit+1, after.Created, after.ID)
	} else {
		args = append(args, limit+1)
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY c.created DESC, c.id COLLATE "C" DESC LIMIT $3`, args...)
	if err != nil {
		return comment.Replies{}, fmt.Errorf("replies: %w", err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) { return scanPostgres(r) })
	if err != nil {
		return comment.Replies{}, fmt.Errorf("replies: %w", err)
	}
	if len(list) == 0 && after.ID == "" {
		var known bool
		if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM comment_readers WHERE reader = $1)`, reader).Scan(&known); err != nil {
			return comment.Replies{}, fmt.Errorf("replies: %w", err)
		}
		if !known {
			return comment.Replies{}, fmt.Errorf("replies: %w: no comment was posted with this reader key", comment.ErrNotFound)
		}
	}
	return repliesPage(list, limit), nil
}

// importLinks links the imported records that carry a reader, in the
// import's transaction, except those whose id holds another comment
// (conflicts). A comment linked already keeps its link.
func importLinks(ctx context.Context, tx pgx.Tx, recs []Record, conflicts []string) error {
	var ids []string
	var readers [][]byte
	for _, r := range recs {
		if r.Reader == "" || slices.Contains(conflicts, r.ID) {
			continue
		}
		b, err := hex.DecodeString(r.Reader)
		if err != nil {
			return fmt.Errorf("link comment %s: %w", r.ID, err)
		}
		ids, readers = append(ids, r.ID), append(readers, b)
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO comment_readers (comment, reader)
		SELECT id, reader FROM unnest($1::text[], $2::bytea[]) AS x(id, reader) ON CONFLICT (comment) DO NOTHING`, ids, readers)
	if err != nil {
		return fmt.Errorf("link imported comments: %w", err)
	}
	return nil
}
