package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckBadImage: an image that is not a URL, or one outside the links'
// allow-list, is reported at its line, and the article is not counted as ok.
func TestCheckBadImage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.md", "---\ntitle: Good\npublished: 2026-01-02\nimage: https://example.org/a.png\n---\nBody.\n")
	write(t, dir, "inject.md", "---\ntitle: Inject\npublished: 2026-01-02\nimage: '/\"><script>alert(1)</script>'\n---\nBody.\n")
	write(t, dir, "script.md", "---\ntitle: Script\npublished: 2026-01-02\ntags: [a]\nimage: javascript:alert(1)\n---\nBody.\n")

	_, stderr, err := runCLI(t, "check", dir)
	if !errors.Is(err, errReported) {
		t.Fatalf("check with a bad image: err = %v, want a failure", err)
	}
	for _, want := range []string{
		filepath.Join(dir, "inject.md") + `:4: image: "/\"><script>alert(1)</script>" is not a URL`,
		filepath.Join(dir, "script.md") + `:5: image: "javascript:alert(1)" is not a URL`,
		"2 problems; 1 article ok",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check output lacks %q:\n%s", want, stderr)
		}
	}
}
