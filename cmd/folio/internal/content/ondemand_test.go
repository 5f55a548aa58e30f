package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBodiesOnDemand: the index keeps metadata only; a body is read from the
// file when asked for, a bounded number are kept, and the ETag is that of the
// file read.
func TestBodiesOnDemand(t *testing.T) {
	dir := t.TempDir()
	n := cacheSize + 20
	for i := range n {
		src := fmt.Sprintf("---\ntitle: Story %d\npublished: 2026-01-%02d\ntags: [t%d]\n---\nBody of story %d.\n", i, 1+i%28, i%3, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%03d.md", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	ix, probs, err := Load(root.FS())
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if got := ix.bodies.len(); got != 0 {
		t.Errorf("after Load the index holds %d bodies, want 0", got)
	}
	if got := len(ix.Tagged("t1")); got != (n+1)/3 {
		t.Errorf("Tagged(t1) has %d articles, want %d", got, (n+1)/3)
	}
	for i := range n {
		a, etag, err := ix.GetWithETag(fmt.Sprintf("s%03d", i))
		if err != nil || !strings.Contains(a.Markdown, fmt.Sprintf("Body of story %d.", i)) || a.Title != fmt.Sprintf("Story %d", i) || etag == "" {
			t.Fatalf("GetWithETag(s%03d) = %q %q %q, %v", i, a.Title, a.Markdown, etag, err)
		}
	}
	if got := ix.bodies.len(); got > cacheSize {
		t.Errorf("the index keeps %d bodies, want at most %d", got, cacheSize)
	}
	// A body changed on disk after it dropped out of the cache is read
	// afresh, with a new ETag.
	_, before, _ := ix.GetWithETag("s000")
	if err := os.WriteFile(filepath.Join(dir, "s000.md"), []byte("---\ntitle: Story 0\npublished: 2026-01-01\n---\nRewritten.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= cacheSize; i++ {
		_, _ = ix.Get(fmt.Sprintf("s%03d", i))
	}
	a, after, err := ix.GetWithETag("s000")
	if err != nil || !strings.Contains(a.Markdown, "Rewritten.") || after == before {
		t.Errorf("after a change on disk: %q etag %q (was %q), %v", a.Markdown, after, before, err)
	}
}
