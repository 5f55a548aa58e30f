package web

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestFiles: the web folder as served is a well-behaved file system holding
// the app's files and none of its Go sources. (The README's screenshots live
// in docs/, out of the binary.)
func TestFiles(t *testing.T) {
	if err := fstest.TestFS(Files, "folio.css", "sw.js", "loader.js", "embed.js", "icons/icon.svg"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"embed.go", "embed_test.go"} {
		if _, err := fs.Stat(folder, name); err != nil {
			t.Fatalf("the web folder lacks %s, which this test is about: %v", name, err)
		}
		if _, err := fs.Stat(Files, name); err == nil {
			t.Errorf("Files has %s", name)
		}
		if _, err := fs.ReadFile(Files, name); err == nil {
			t.Errorf("Files reads %s", name)
		}
	}
	_ = fs.WalkDir(Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !Served(p) {
			t.Errorf("walking Files met %s (%v)", p, err)
		}
		return nil
	})
}
