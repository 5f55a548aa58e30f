package store

import (
	"context"
	"fmt"
	"testing"
)

// TestStmtCacheBounded asks for counts of 1 to 50 articles, 50 queries of
// different text: the first maxStmts are kept prepared, the rest run
// unprepared, and every answer is right either way.
func TestStmtCacheBounded(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, newSQLiteDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := st.(*SQLite)
	mustPost(t, s, mk("c1", "a0", "", "first", 0))
	mustPost(t, s, mk("c2", "a0", "", "second", 1))
	var articles []string
	for n := range 50 {
		articles = append(articles, fmt.Sprint("a", n))
		counts, err := s.Counts(ctx, articles)
		if err != nil {
			t.Fatalf("Counts(%d articles): %v", n+1, err)
		}
		if len(counts) != n+1 || counts["a0"] != 2 {
			t.Fatalf("Counts(%d articles) = %v, want %d entries and a0: 2", n+1, counts, n+1)
		}
	}
	if n := len(s.r.stmts); n != maxStmts {
		t.Errorf("read pool keeps %d statements, want %d", n, maxStmts)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(s.r.stmts) + len(s.w.stmts); n != 0 {
		t.Errorf("%d statements left open after Close", n)
	}
}
