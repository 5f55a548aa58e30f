// Package store keeps comments in SQLite through modernc.org/sqlite, a pure-Go
// driver, so the server builds without cgo. It implements comment.Store plus
// the moderation methods the API needs. PostgreSQL support comes later.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is the SQLite comment store. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// pragmas make every acknowledged post durable and let writers wait for each
// other instead of failing: this combination survived kill -9 under 32
// retrying posters with nothing lost or doubled (see NOTES.md).
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(FULL)&_txlock=immediate"

// Open opens, creating if needed, the SQLite database file at path dsn and
// brings its schema up to date. A postgres:// DSN is refused for now.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil, errors.New("open store: postgres store not built yet")
	}
	if dsn == "" {
		return nil, errors.New("open store: empty database path")
	}
	db, err := sql.Open("sqlite", sqliteDSN(dsn))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dsn, err)
	}
	// One connection serialises writers in Go rather than in SQLite's busy
	// loop, which measured fastest and keeps _txlock=immediate simple. WAL
	// would let readers use more connections, but comment reads are small;
	// a separate read pool can come when a profile asks for it.
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", dsn, err)
	}
	return s, nil
}

// sqliteDSN builds a file: URI for path. SQLite decodes %HH escapes in URIs,
// so characters that would end the path part are escaped.
func sqliteDSN(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + esc.Replace(path) + "?" + pragmas
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// migrations are applied in order; migration i brings the schema to version
// i+1. Never edit one that has shipped: append a new one.
var migrations = []string{
	`CREATE TABLE comments (
		id      TEXT PRIMARY KEY,
		article TEXT NOT NULL,
		parent  TEXT NOT NULL DEFAULT '',
		author  TEXT NOT NULL,
		body    TEXT NOT NULL,
		html    TEXT NOT NULL DEFAULT '',
		created INTEGER NOT NULL, -- unix microseconds, UTC
		status  TEXT NOT NULL,
		hash    TEXT NOT NULL     -- comment.ContentHash, tells replays from conflicts
	)`,
	`CREATE INDEX comments_article_created ON comments (article, created)`,
}

// migrate brings the schema to the latest version in one transaction, so a
// crash never leaves it half-migrated.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&version); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("migrate: database schema version %d is newer than this program (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	if version < len(migrations) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, len(migrations)); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}
