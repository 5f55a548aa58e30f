package store

import (
	"context"
	"encoding/hex"
	"fmt"

	"folio/app/comment"

	"github.com/jackc/pgx/v5"
)

// Recent returns the n newest published comments of article, newest first.
func (s *Postgres) Recent(ctx context.Context, article string, n int) ([]comment.Comment, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+columns+` FROM comments
		WHERE article = $1 AND status = $2 ORDER BY created DESC, id COLLATE "C" DESC LIMIT $3`,
		article, string(comment.Published), n)
	if err != nil {
		return nil, fmt.Errorf("recent comments %s: %w", article, err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) { return scanPostgres(r) })
	if err != nil {
		return nil, fmt.Errorf("recent comments %s: %w", article, err)
	}
	return list, nil
}

// Each calls fn with every stored comment and its hash, oldest first. pgx
// reads the rows as they arrive, not all at once.
func (s *Postgres) Each(ctx context.Context, fn func(Record) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+replyColumns+`, c.hash, r.reader, `+postgresExtrasColumns+` FROM comments c
		LEFT JOIN comment_readers r ON r.comment = c.id `+extrasJoin+` ORDER BY c.created, c.id COLLATE "C"`)
	if err != nil {
		return fmt.Errorf("export comments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var hash, reader []byte
		var x extrasRow
		if r.Comment, err = scanPostgres(rows, append([]any{&hash, &reader}, x.dest(false)...)...); err != nil {
			return fmt.Errorf("export comments: %w", err)
		}
		r.Hash, r.Reader = hex.EncodeToString(hash), hex.EncodeToString(reader)
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

// Import stores recs in one transaction, sent to the server as one batch.
func (s *Postgres) Import(ctx context.Context, recs []Record) (ImportResult, error) {
	var res ImportResult
	batch := &pgx.Batch{}
	hashes := make([][]byte, len(recs))
	checked := make([]Record, len(recs))
	for i, r := range recs {
		c, hash, err := checkRecord(r)
		if err != nil {
			return res, err
		}
		hashes[i], checked[i] = hash, c
		batch.Queue(`INSERT INTO comments (`+columns+`, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
			c.ID, c.Article, c.Parent, c.Author, c.Body, c.HTML, c.Created, string(c.Status), hash)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("import comments: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	var existing []int     // indexes of recs whose id was stored already
	err = func() error {
		br := tx.SendBatch(ctx, batch)
		defer br.Close()
		for i := range recs {
			tag, err := br.Exec()
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 1 {
				res.Added++
			} else {
				existing = append(existing, i)
			}
		}
		return br.Close()
	}()
	if err != nil {
		return ImportResult{}, fmt.Errorf("import comments: %w", err)
	}
	if err := s.classify(ctx, tx, recs, hashes, existing, &res); err != nil {
		return ImportResult{}, fmt.Errorf("import comments: %w", err)
	}
	if err := importLinks(ctx, tx, recs, res.Conflicts); err != nil {
		return ImportResult{}, fmt.Errorf("import comments: %w", err)
	}
	if err := postgresImportExtras(ctx, tx, checked, res.Conflicts); err != nil {
		return ImportResult{}, fmt.Errorf("import comments: %w", err)
	}
	// Running servers keep ready pages: tell them which threads changed,
	// in this transaction, as every other write does.
	if res.Added > 0 {
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, a) FROM unnest($2::text[]) AS a`,
			changeChannel, importedArticles(recs)); err != nil {
			return ImportResult{}, fmt.Errorf("import comments: notify: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return ImportResult{}, fmt.Errorf("import comments: commit: %w", err)
	}
	return res, nil
}

// classify sorts the records at existing, whose ids were stored already,
// into the same and the conflicting.
func (s *Postgres) classify(ctx context.Context, tx pgx.Tx, recs []Record, hashes [][]byte, existing []int, res *ImportResult) error {
	if len(existing) == 0 {
		return nil
	}
	ids := make([]string, len(existing))
	for j, i := range existing {
		ids[j] = recs[i].ID
	}
	rows, err := tx.Query(ctx, `SELECT id, hash FROM comments WHERE id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	type stored struct {
		id   string
		hash []byte
	}
	found, err := collect(rows, func(r resultRows) (stored, error) {
		var s stored
		err := r.Scan(&s.id, &s.hash)
		return s, err
	})
	if err != nil {
		return err
	}
	hashOf := make(map[string]string, len(found))
	for _, f := range found {
		hashOf[f.id] = string(f.hash)
	}
	for _, i := range existing {
		if hashOf[recs[i].ID] == string(hashes[i]) {
			res.Same++
		} else {
			res.Conflicts = append(res.Conflicts, recs[i].ID)
		}
	}
	return nil
}

// importedArticles lists each article recs touch once.
func importedArticles(recs []Record) []string {
	seen := make(map[string]bool)
	var out []string
	for _, r := range recs {
		if !seen[r.Article] {
			seen[r.Article] = true
			out = append(out, r.Article)
		}
	}
	return out
}
