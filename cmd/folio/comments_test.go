package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommentsExportImport: folio comments import reads a Disqus export
// into a store, reports what it left out and fails for it; export, import
// into an empty store and export again gives the same bytes; importing
// twice adds nothing. On SQLite and PostgreSQL alike.
func TestCommentsExportImport(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fresh func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "folio.db") }},
		{"PostgreSQL", testPostgresDB},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mapFile := filepath.Join(dir, "map.txt")
			write(t, dir, "map.txt", "# old addresses\nhttps://old.example/2020/salt-road/ walking-the-old-salt-road\n")
			src, dst := tt.fresh(t), tt.fresh(t)
			disqus := "internal/transfer/testdata/disqus.xml"

			out, errOut, err := runCLI(t, "comments", "import", "-db", src, "-map", mapFile, disqus)
			if err == nil || !strings.Contains(out, "(disqus): 7 comments added, 0 there already") ||
				!strings.Contains(errOut, "thread https://old.example/about/: no article found, 1 comments left out") ||
				!strings.Contains(errOut, disqus+":108: comment disqus-9008: ") {
				t.Fatalf("import disqus = %v\nstdout: %s\nstderr: %s\nwant 7 added, the about thread and a refused comment reported, and an error", err, out, errOut)
			}

			file := filepath.Join(dir, "comments.jsonl")
			if _, errOut, err := runCLI(t, "comments", "export", "-db", src, "-out", file); err != nil {
				t.Fatalf("export = %v: %s", err, errOut)
			}
			first, err := os.ReadFile(file)
			if err != nil || bytes.Count(first, []byte("\n")) != 7 {
				t.Fatalf("export wrote %q, %v; want 7 lines", first, err)
			}
			for range 2 {
				out, errOut, err := runCLI(t, "comments", "import", "-db", dst, file)
				if err != nil || !strings.Contains(out, "(folio): ") {
					t.Fatalf("import export = %v\n%s%s", err, out, errOut)
				}
			}
			again, _, err := runCLI(t, "comments", "export", "-db", dst)
			if err != nil || again != string(first) {
				t.Errorf("export of the imported store (%v) =\n%s\nwant\n%s", err, again, first)
			}
		})
	}
}

func TestCommentsUsage(t *testing.T) {
	for _, args := range [][]string{
		{"comments"},
		{"comments", "export", "extra"},
		{"comments", "import"},
		{"comments", "import", "a", "b"},
	} {
		if _, stderr, err := runCLI(t, args...); err == nil || !strings.Contains(stderr, "usage: folio comments") {
			t.Errorf("folio %s = %v, %q, want a usage error", strings.Join(args, " "), err, stderr)
		}
	}
	missing := filepath.Join(t.TempDir(), "nope.db")
	if _, _, err := runCLI(t, "comments", "export", "-db", missing); err == nil {
		t.Errorf("export from a missing SQLite file = nil error, want one")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("export from a missing SQLite file created it")
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte("{\"id\":\"x\",\n"), 0o644)
	if _, _, err := runCLI(t, "comments", "import", "-db", filepath.Join(t.TempDir(), "x.db"), bad); err == nil || !strings.HasPrefix(err.Error(), bad+":1: ") {
		t.Errorf("import of a broken file = %v, want an error naming %s:1", err, bad)
	}
}

// TestCommentsSQLiteToPostgres: what SQLite exports, PostgreSQL imports and
// exports again byte for byte: moving a magazine to PostgreSQL loses nothing.
func TestCommentsSQLiteToPostgres(t *testing.T) {
	pg := testPostgresDB(t)
	dir := t.TempDir()
	lite := filepath.Join(dir, "folio.db")
	write(t, dir, "map.txt", "https://old.example/2020/salt-road/ walking-the-old-salt-road\nhttps://old.example/about/ the-quiet-science-of-tides\n")
	if out, errOut, err := runCLI(t, "comments", "import", "-db", lite, "-map", filepath.Join(dir, "map.txt"), "internal/transfer/testdata/remark42.jsonl"); err == nil {
		t.Fatalf("import remark42 = nil error, want one for its unmapped thread\n%s%s", out, errOut)
	}
	runCLI(t, "comments", "import", "-db", lite, "-map", filepath.Join(dir, "map.txt"), "internal/transfer/testdata/disqus.xml")
	first, _, err := runCLI(t, "comments", "export", "-db", lite)
	if err != nil || strings.Count(first, "\n") < 10 {
		t.Fatalf("export from SQLite = %v:\n%s", err, first)
	}
	file := filepath.Join(dir, "all.jsonl")
	write(t, dir, "all.jsonl", first)
	if _, errOut, err := runCLI(t, "comments", "import", "-db", pg, file); err != nil {
		t.Fatalf("import into PostgreSQL = %v: %s", err, errOut)
	}
	if again, _, err := runCLI(t, "comments", "export", "-db", pg); err != nil || again != first {
		t.Errorf("export from PostgreSQL (%v) =\n%s\nwant what SQLite exported:\n%s", err, again, first)
	}
}
