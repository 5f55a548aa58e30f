package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"

	_ "modernc.org/sqlite" // the "sqlite" driver, to read the SQLite file back
)

// post is one comment as a poster made it and as the database holds it.
type post struct {
	ID, Article, Parent, Author, Body string
}

// tally is what the database holds against what the posters were told.
type tally struct {
	Acked      int // ids answered 200 or 201
	Stored     int // rows in the database
	Lost       int // acknowledged, not stored
	Doubled    int // an id on two rows, or one post's content under a second id
	Mismatched int // acknowledged, stored with other content
	Unacked    int // stored, tried, never acknowledged (the answer was lost and the retries ran out)
	Unknown    int // stored, never tried by any poster
}

// ok reports whether nothing was lost, doubled, changed or invented.
func (t tally) ok() bool {
	return t.Lost == 0 && t.Doubled == 0 && t.Mismatched == 0 && t.Unknown == 0
}

// account compares the rows of the database with the posts tried and the
// ids acknowledged. A post's content (article, parent, author, body) is
// unique to it, so the same content on two rows is a post stored twice even
// under different ids.
func account(tried map[string]post, acked map[string]bool, rows []post) tally {
	t := tally{Acked: len(acked), Stored: len(rows)}
	byID := make(map[string]post, len(rows))
	content := make(map[post]int, len(rows))
	for _, r := range rows {
		if _, dup := byID[r.ID]; dup {
			t.Doubled++
			continue
		}
		byID[r.ID] = r
		key := r
		key.ID = ""
		content[key]++
		if content[key] > 1 {
			t.Doubled++
		}
		p, ok := tried[r.ID]
		switch {
		case !ok:
			t.Unknown++
		case !acked[r.ID]:
			t.Unacked++
		case p != r:
			t.Mismatched++
		}
	}
	for id := range acked {
		if _, ok := byID[id]; !ok {
			t.Lost++
		}
	}
	return t
}

// readRows reads every comment the database dsn holds: a postgres:// URL or
// a SQLite file path.
func readRows(ctx context.Context, dsn string) ([]post, error) {
	const q = `SELECT id, article, parent, author, body FROM comments`
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("read rows: %w", err)
		}
		defer conn.Close(ctx)
		rows, err := conn.Query(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("read rows: %w", err)
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (post, error) {
			var p post
			err := r.Scan(&p.ID, &p.Article, &p.Parent, &p.Author, &p.Body)
			return p, err
		})
	}
	db, err := sql.Open("sqlite", "file:"+dsn+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("read rows %s: %w", dsn, err)
	}
	defer rows.Close()
	var out []post
	for rows.Next() {
		var p post
		if err := rows.Scan(&p.ID, &p.Article, &p.Parent, &p.Author, &p.Body); err != nil {
			return nil, fmt.Errorf("read rows %s: %w", dsn, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
