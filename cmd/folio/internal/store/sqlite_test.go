package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"folio/app/comment"
)

// TestSQLiteReadsDuringWrite holds a write transaction open on the writing
// connection and reads meanwhile: the read pool answers at once, with the
// last committed state.
func TestSQLiteReadsDuringWrite(t *testing.T) {
	st, _ := openFresh(t, newSQLiteDB)
	s := st.(*SQLite)
	mustPost(t, s, mk("a", "harbour", "", "committed", 0))

	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // committed below
	if _, err := tx.ExecContext(ctx, `INSERT INTO comments (`+columns+`, hash)
		VALUES ('b', 'harbour', '', 'Bo', 'pending', '', 0, 'published', '')`); err != nil {
		t.Fatal(err)
	}
	// Only a bound against hanging for ever, as a single connection would.
	rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if list, err := s.List(rctx, "harbour"); err != nil || len(list) != 1 || list[0].ID != "a" {
		t.Errorf("List during a write = %+v, %v, want only the committed comment", list, err)
	}
	if _, err := s.Get(rctx, "b"); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("Get(uncommitted) during a write = %v, want %v", err, comment.ErrNotFound)
	}
	if n, err := s.Counts(rctx, []string{"harbour"}); err != nil || n["harbour"] != 1 {
		t.Errorf("Counts during a write = %v, %v, want 1", n, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if list, err := s.List(ctx, "harbour"); err != nil || len(list) != 2 {
		t.Errorf("List after commit = %d comments, %v, want 2", len(list), err)
	}
}

// TestSQLiteReadPoolIsReadOnly checks that the read pool cannot write, so
// that writes stay on the one writing connection.
func TestSQLiteReadPoolIsReadOnly(t *testing.T) {
	st, _ := openFresh(t, newSQLiteDB)
	s := st.(*SQLite)
	if _, err := s.r.Exec(`DELETE FROM comments`); err == nil {
		t.Error("a write through the read pool succeeded")
	}
}

// TestSQLiteMigrationBlanksDeletedAuthors opens a database deleted comments
// were written to before Delete blanked the author: opening it blanks them.
func TestSQLiteMigrationBlanksDeletedAuthors(t *testing.T) {
	st, path := openFresh(t, newSQLiteDB)
	s := st.(*SQLite)
	ctx := context.Background()
	mustPost(t, s, mk("gone", "harbour", "", "x", 0))
	mustPost(t, s, mk("kept", "harbour", "", "y", 1))
	if err := s.Delete(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	// Put the database back as schema version 2 left it.
	for _, q := range []string{
		`UPDATE comments SET author = 'Ann' WHERE id = 'gone'`,
		`DROP INDEX comments_article_created_id`,
		`DROP INDEX comments_parent`,
		`DROP INDEX comments_article_status`,
		`DROP TABLE comment_readers`,
		`DROP INDEX comments_article_score`,
		`ALTER TABLE comments DROP COLUMN score`,
		`CREATE INDEX comments_article_created ON comments (article, created)`,
		`UPDATE schema_version SET version = 2`,
	} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Get(ctx, "gone"); err != nil || got.Author != "" {
		t.Errorf("Get(deleted) after migrating = %+v, %v, want no author", got, err)
	}
	if got, err := s2.Get(ctx, "kept"); err != nil || got.Author != "Ann" {
		t.Errorf("Get(published) after migrating = %+v, %v, want author Ann", got, err)
	}
}
