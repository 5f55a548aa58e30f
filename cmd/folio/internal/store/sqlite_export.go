package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"folio/app/comment"
)

// Recent returns the n newest published comments of article, newest first.
func (s *SQLite) Recent(ctx context.Context, article string, n int) ([]comment.Comment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+columns+` FROM comments
		WHERE article = ? AND status = ? ORDER BY created DESC, id DESC LIMIT ?`,
		article, comment.Published, n)
	if err != nil {
		return nil, fmt.Errorf("recent comments %s: %w", article, err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) { return scanSQLite(r) })
	if err != nil {
		return nil, fmt.Errorf("recent comments %s: %w", article, err)
	}
	return list, nil
}

// Each calls fn with every stored comment and its hash, oldest first. One
// statement reads them all, so they come from one snapshot of the file.
func (s *SQLite) Each(ctx context.Context, fn func(Record) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+replyColumns+`, c.hash, r.reader, `+sqliteExtrasColumns+` FROM comments c
		LEFT JOIN comment_readers r ON r.comment = c.id `+extrasJoin+` ORDER BY c.created, c.id`)
	if err != nil {
		return fmt.Errorf("export comments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var reader []byte
		var x extrasRow
		if r.Comment, err = scanSQLite(rows, append([]any{&r.Hash, &reader}, x.dest(true)...)...); err != nil {
			return fmt.Errorf("export comments: %w", err)
		}
		r.Reader = hex.EncodeToString(reader)
		if err := x.fill(&r); err != nil {
			return fmt.Errorf("export comments: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export comments: %w", err)
	}
	return nil
}

// Import stores recs in one transaction on the writing connection.
func (s *SQLite) Import(ctx context.Context, recs []Record) (ImportResult, error) {
	var res ImportResult
	checked := make([]Record, len(recs))
	for i, r := range recs {
		c, _, err := checkRecord(r)
		if err != nil {
			return res, err
		}
		checked[i] = c
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("import comments: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	for _, r := range checked {
		_, created, err := insert(ctx, tx, r.Comment, r.Hash)
		switch {
		case errors.Is(err, comment.ErrConflict):
			res.Conflicts = append(res.Conflicts, r.ID)
		case err != nil:
			return ImportResult{}, fmt.Errorf("import comments: %w", err)
		case created:
			res.Added++
		default:
			res.Same++
		}
		if err == nil && r.Reader != "" { // checked by checkRecord; not on a conflict
			reader, _ := hex.DecodeString(r.Reader)
			if err := sqliteLink(ctx, tx, r.ID, reader); err != nil {
				return ImportResult{}, fmt.Errorf("import comments: %w", err)
			}
		}
		if err == nil {
			if err := sqliteImportExtras(ctx, tx, r); err != nil {
				return ImportResult{}, fmt.Errorf("import comments: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("import comments: commit: %w", err)
	}
	return res, nil
}
