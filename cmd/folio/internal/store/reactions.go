package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"folio/app/comment"
)

// Reactor keeps reactions and votes, one per device per comment. Both
// stores implement it, and their Page fills each comment's Reactions and
// Score.
type Reactor interface {
	// React stores r as the device's whole say on the comment, replacing
	// what it said before; the same reaction again changes nothing. It
	// returns the comment's article and its tally after the write. It
	// returns comment.ErrNotFound for an unknown comment, and
	// comment.ErrInvalid for one that is not published (or for r itself).
	React(ctx context.Context, r comment.Reaction) (article string, t comment.Tally, err error)
}

var (
	_ Reactor = (*SQLite)(nil)
	_ Reactor = (*Postgres)(nil)
)

// errNotReactable is React on a comment that is hidden or deleted.
var errNotReactable = comment.Explain(comment.ErrInvalid, "only published comments take reactions")

// React implements Reactor.
func (s *SQLite) React(ctx context.Context, r comment.Reaction) (string, comment.Tally, error) {
	if err := comment.ValidateReaction(r); err != nil {
		return "", comment.Tally{}, fmt.Errorf("react to %s: %w", r.Comment, err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return "", comment.Tally{}, fmt.Errorf("react to %s: %w", r.Comment, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var article string
	var status comment.Status
	err = tx.QueryRowContext(ctx, `SELECT article, status FROM comments WHERE id = ?`, r.Comment).Scan(&article, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = comment.ErrNotFound
	case err == nil && status != comment.Published:
		err = errNotReactable
	case err == nil:
		_, err = tx.ExecContext(ctx, `INSERT INTO reactions (comment, device, emoji, vote) VALUES (?, ?, ?, ?)
			ON CONFLICT (comment, device) DO UPDATE SET emoji = excluded.emoji, vote = excluded.vote`,
			r.Comment, r.Device, r.Emoji, r.Vote)
	}
	if err == nil { // the score "best" pages are read by (sort.go)
		_, err = tx.ExecContext(ctx, `UPDATE comments SET score = (SELECT COALESCE(SUM(vote), 0) FROM reactions WHERE comment = ?) WHERE id = ?`,
			r.Comment, r.Comment)
	}
	if err != nil {
		return "", comment.Tally{}, fmt.Errorf("react to %s: %w", r.Comment, err)
	}
	tallies, err := sqliteTallies(ctx, tx, []string{r.Comment})
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return "", comment.Tally{}, fmt.Errorf("react to %s: %w", r.Comment, err)
	}
	return article, tallies[r.Comment], nil
}

// sqliteTallies counts the reactions of ids.
func sqliteTallies(ctx context.Context, tx *sql.Tx, ids []string) (map[string]comment.Tally, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.QueryContext(ctx, `SELECT comment, emoji, COUNT(*), SUM(vote) FROM reactions WHERE comment IN (?`+strings.Repeat(", ?", len(ids)-1)+`) GROUP BY comment, emoji`, args...)
	if err != nil {
		return nil, fmt.Errorf("count reactions: %w", err)
	}
	defer rows.Close()
	return readTallies(rows)
}

// React implements Reactor; the write notifies the comment's article, as
// every write to comments does.
func (s *Postgres) React(ctx context.Context, r comment.Reaction) (string, comment.Tally, error) {
	if err := comment.ValidateReaction(r); err != nil {
		return "", comment.Tally{}, fmt.Errorf("react to %s: %w", r.Comment, err)
	}
	var article string
	var t comment.Tally
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var status string
		// FOR SHARE: a moderator's delete waits for the reaction, or the reaction for it.
		err := tx.QueryRow(ctx, `SELECT article, status FROM comments WHERE id = $1 FOR SHARE`, r.Comment).Scan(&article, &status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return comment.ErrNotFound
		case err != nil:
			return err
		case comment.Status(status) != comment.Published:
			return errNotReactable
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reactions (comment, device, emoji, vote) VALUES ($1, $2, $3, $4)
			ON CONFLICT (comment, device) DO UPDATE SET emoji = excluded.emoji, vote = excluded.vote`,
			r.Comment, r.Device, r.Emoji, r.Vote); err != nil {
			return err
		}
		// The score "best" pages are read by (sort.go).
		if _, err := tx.Exec(ctx, `UPDATE comments SET score = (SELECT COALESCE(SUM(vote), 0) FROM reactions WHERE comment = $1) WHERE id = $1`,
			r.Comment); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, changeChannel, article); err != nil {
			return err
		}
		tallies, err := postgresTallies(ctx, tx, []string{r.Comment})
		t = tallies[r.Comment]
		return err
	})
	if err != nil {
		return "", comment.Tally{}, fmt.Errorf("react to %s: %w", r.Comment, err)
	}
	return article, t, nil
}

// postgresTallies counts the reactions of ids.
func postgresTallies(ctx context.Context, tx pgx.Tx, ids []string) (map[string]comment.Tally, error) {
	rows, err := tx.Query(ctx, `SELECT comment, emoji, COUNT(*), SUM(vote) FROM reactions
		WHERE comment = ANY($1) GROUP BY comment, emoji`, ids)
	if err != nil {
		return nil, fmt.Errorf("count reactions: %w", err)
	}
	defer rows.Close()
	return readTallies(rows)
}

// readTallies adds up rows of (comment, emoji, count, sum of votes).
func readTallies(rows resultRows) (map[string]comment.Tally, error) {
	out := map[string]comment.Tally{}
	for rows.Next() {
		var id, emoji string
		var n, votes int64
		if err := rows.Scan(&id, &emoji, &n, &votes); err != nil {
			return nil, fmt.Errorf("count reactions: %w", err)
		}
		t := out[id]
		t.Score += int(votes)
		if i := comment.EmojiIndex(emoji); i >= 0 {
			t.Reactions[i] += int(n)
		}
		out[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count reactions: %w", err)
	}
	return out, nil
}

// withTallies sets the Reactions and Score of the comments on page.
func withTallies(page *comment.Page, count func(ids []string) (map[string]comment.Tally, error)) error {
	if len(page.Comments) == 0 {
		return nil
	}
	ids := make([]string, len(page.Comments))
	for i, c := range page.Comments {
		ids[i] = c.ID
	}
	tallies, err := count(ids)
	if err != nil {
		return err
	}
	for i := range page.Comments {
		t := tallies[page.Comments[i].ID]
		page.Comments[i].Reactions, page.Comments[i].Score = t.Reactions, t.Score
	}
	return nil
}
