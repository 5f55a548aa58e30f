package store

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// extrasJoin joins what Each reads beside each comment c.
const extrasJoin = `LEFT JOIN comment_owners o ON o.comment = c.id LEFT JOIN pins p ON p.id = c.id`

// sqliteExtrasColumns and postgresExtrasColumns are extrasRow's columns.
const (
	sqliteExtrasColumns = `o.secret_hash, o.edited, o.by_author, p.id IS NOT NULL,
		(SELECT json_group_array(json_array(x.device, x.emoji, x.vote)) FROM reactions x WHERE x.comment = c.id)`
	postgresExtrasColumns = `o.secret_hash, o.edited, o.by_author, p.id IS NOT NULL,
		(SELECT json_agg(json_build_array(x.device, x.emoji, x.vote))::text FROM reactions x WHERE x.comment = c.id)`
)

// editedMicros is r's edit time as comment_owners keeps it (0: never).
func editedMicros(r Record) int64 {
	if r.Edited.IsZero() {
		return 0
	}
	return r.Edited.UnixMicro()
}

// sqliteImportExtras stores what r, checked, carries beside its comment;
// what the store has already stays.
func sqliteImportExtras(ctx context.Context, q querier, r Record) error {
	if r.Owner != "" {
		if _, err := q.ExecContext(ctx, `INSERT INTO comment_owners (comment, secret_hash, edited, by_author)
			VALUES (?, ?, ?, ?) ON CONFLICT (comment) DO NOTHING`, r.ID, r.Owner, editedMicros(r), r.ByAuthor); err != nil {
			return fmt.Errorf("owner of %s: %w", r.ID, err)
		}
	}
	if r.Pinned {
		if _, err := q.ExecContext(ctx, `INSERT INTO pins (id, article) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, r.ID, r.Article); err != nil {
			return fmt.Errorf("pin %s: %w", r.ID, err)
		}
	}
	for _, x := range r.Reactions {
		if _, err := q.ExecContext(ctx, `INSERT INTO reactions (comment, device, emoji, vote) VALUES (?, ?, ?, ?)
			ON CONFLICT (comment, device) DO NOTHING`, r.ID, x.Device, x.Emoji, x.Vote); err != nil {
			return fmt.Errorf("reactions of %s: %w", r.ID, err)
		}
	}
	return nil
}

// postgresImportExtras stores what recs, checked, carry beside their
// comments, but not for the conflicts; what the store has already stays.
func postgresImportExtras(ctx context.Context, tx pgx.Tx, recs []Record, conflicts []string) error {
	var owners, pins, pinArticles, reacted, devices, emojis []string
	var hashes [][]byte
	var edited []int64
	var byAuthor []bool
	var votes []int32
	for _, r := range recs {
		if slices.Contains(conflicts, r.ID) {
			continue
		}
		if r.Owner != "" {
			h, _ := hex.DecodeString(r.Owner) // checked
			owners, hashes = append(owners, r.ID), append(hashes, h)
			edited, byAuthor = append(edited, editedMicros(r)), append(byAuthor, r.ByAuthor)
		}
		if r.Pinned {
			pins, pinArticles = append(pins, r.ID), append(pinArticles, r.Article)
		}
		for _, x := range r.Reactions {
			reacted, devices = append(reacted, r.ID), append(devices, x.Device)
			emojis, votes = append(emojis, x.Emoji), append(votes, int32(x.Vote))
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO comment_owners (comment, secret_hash, edited, by_author)
		SELECT * FROM unnest($1::text[], $2::bytea[], $3::bigint[], $4::boolean[]) ON CONFLICT (comment) DO NOTHING`,
		owners, hashes, edited, byAuthor); err != nil {
		return fmt.Errorf("owners: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO pins (id, article) SELECT * FROM unnest($1::text[], $2::text[])
		ON CONFLICT (id) DO NOTHING`, pins, pinArticles); err != nil {
		return fmt.Errorf("pins: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO reactions (comment, device, emoji, vote)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[]) ON CONFLICT (comment, device) DO NOTHING`,
		reacted, devices, emojis, votes); err != nil {
		return fmt.Errorf("reactions: %w", err)
	}
	return nil
}
