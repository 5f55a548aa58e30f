package article

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// longSample is the longest article of the sample magazine, front matter cut.
func longSample(b *testing.B) []byte {
	b.Helper()
	files, _ := filepath.Glob("../../cmd/folio/internal/content/sample/*.md")
	var long []byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if len(src) > len(long) {
			long = src
		}
	}
	if long == nil {
		b.Skip("sample magazine not found")
	}
	if i := bytes.Index(long[3:], []byte("\n---\n")); i >= 0 {
		long = long[i+3+5:]
	}
	return long
}

// BenchmarkRenderLong renders the long sample article: what a reader waits
// for when the browser renders it (run under js/wasm by `make bench-details` too).
func BenchmarkRenderLong(b *testing.B) {
	src := longSample(b)
	b.Logf("%d words", CountWords(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Render(src, "/media/")
	}
}
