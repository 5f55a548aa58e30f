package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func write(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.md", "---\ntitle: Good\npublished: 2026-01-02\n---\nBody.\n")
	write(t, dir, "bad-date.md", "---\ntitle: Bad\npublished: someday\n---\n")
	write(t, dir, "no-title.md", "---\npublished: 2026-01-02\n---\n")
	write(t, dir, "sub/missing-image.md", "---\ntitle: Pic\npublished: 2026-01-02\nimage: nope.png\n---\n")
	write(t, dir, "dup.md", "---\ntitle: Dup\nslug: good\npublished: 2026-01-02\n---\n")

	_, stderr, err := runCLI(t, "check", dir)
	if !errors.Is(err, errReported) {
		t.Fatalf("check with problems: err = %v, want a failure", err)
	}
	for _, want := range []string{
		filepath.Join(dir, "bad-date.md") + `:3: published: "someday" is not a date`,
		filepath.Join(dir, "no-title.md") + ":1: front matter has no title",
		filepath.Join(dir, "sub/missing-image.md") + ":4: image nope.png: file not found",
		filepath.Join(dir, "dup.md") + `:1: slug "good" is already used by good.md`,
		"4 problems; 1 article ok",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check output lacks %q:\n%s", want, stderr)
		}
	}

	clean := t.TempDir()
	write(t, clean, "good.md", "---\ntitle: Good\npublished: 2026-01-02\n---\nBody.\n")
	if stdout, stderr, err := runCLI(t, "check", clean); err != nil || stdout != "1 article, no problems\n" {
		t.Errorf("check clean = %q, %q, %v", stdout, stderr, err)
	}
	if _, _, err := runCLI(t, "check", filepath.Join(clean, "nowhere")); err == nil {
		t.Error("check of a missing folder succeeded")
	}
}

// TestCheckAndServeSkipLinkOut: an article linked in from outside the content
// folder is reported and left out; check still checks the rest and serve
// still serves it. An image in a code block is text, not a missing file.
func TestCheckAndServeSkipLinkOut(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "mag")
	write(t, base, "private/notes.md", "---\ntitle: Private\npublished: 2026-01-02\n---\nNot for readers.\n")
	write(t, dir, "good.md", "---\ntitle: Good\npublished: 2026-01-02\n---\n```\n![crane](images/crane.png)\n```\n")
	if err := os.Symlink(filepath.Join(base, "private/notes.md"), filepath.Join(dir, "notes.md")); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCLI(t, "check", dir)
	if !errors.Is(err, errReported) {
		t.Fatalf("check = %v, want the link reported", err)
	}
	for _, want := range []string{
		filepath.Join(dir, "notes.md") + ":1: a link to a file outside the content folder: left out",
		"1 problem; 1 article ok",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check output lacks %q:\n%s", want, stderr)
		}
	}
	ix, err := loadContent(dir)
	if err != nil {
		t.Fatalf("serve's loadContent(%s) = %v, want the rest served", dir, err)
	}
	if list := ix.List(); len(list) != 1 || list[0].Slug != "good" {
		t.Errorf("serve would serve %v, want only good", list)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := runCLI(t, "new", "-content", dir, "-author", "A. Writer", "Harbour cranes: the return!")
	want := filepath.Join(dir, "harbour-cranes-the-return.md")
	if err != nil || strings.TrimSpace(stdout) != want {
		t.Fatalf("new = %q, %v; want %s", stdout, err, want)
	}
	src, _ := os.ReadFile(want)
	if !strings.Contains(string(src), `title: "Harbour cranes: the return!"`) || !strings.Contains(string(src), "author: A. Writer") {
		t.Errorf("skeleton:\n%s", src)
	}
	// The skeleton is a valid article as it stands.
	if out, errOut, err := runCLI(t, "check", dir); err != nil {
		t.Errorf("check of a new skeleton failed: %s %s", out, errOut)
	}
	if _, _, err := runCLI(t, "new", "-content", dir, "Harbour cranes: the return!"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second new = %v, want an already-exists error", err)
	}
}

// TestNewMakesFolder writes into a content folder that does not exist yet,
// parents included, and still never overwrites an article there.
func TestNewMakesFolder(t *testing.T) {
	tests := []struct {
		name string
		dir  string // under a temp dir
	}{
		{"missing folder", "mymag"},
		{"missing parents", "sites/2026/mymag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), filepath.FromSlash(tt.dir))
			stdout, stderr, err := runCLI(t, "new", "-content", dir, "Harbour cranes")
			want := filepath.Join(dir, "harbour-cranes.md")
			if err != nil || strings.TrimSpace(stdout) != want {
				t.Fatalf("new -content %s = %q, %q, %v; want %s", tt.dir, stdout, stderr, err, want)
			}
			if err := os.WriteFile(want, []byte("the publisher's edits"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, _, err := runCLI(t, "new", "-content", dir, "Harbour cranes"); err == nil || !strings.Contains(err.Error(), "already exists") {
				t.Errorf("second new = %v, want an already-exists error", err)
			}
			if src, _ := os.ReadFile(want); string(src) != "the publisher's edits" {
				t.Errorf("second new overwrote the article: %q", src)
			}
		})
	}
	// A file where the folder should be is reported, not replaced.
	file := filepath.Join(t.TempDir(), "taken")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "new", "-content", file, "Harbour cranes"); err == nil {
		t.Errorf("new -content onto a file succeeded")
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Harbour cranes return":    "harbour-cranes-return",
		"  Café au lait!  ":        "cafe-au-lait",
		"2026: a year in review":   "2026-a-year-in-review",
		"???":                      "",
		"Über-long -- dashes --- ": "uber-long-dashes",
	}
	for in, want := range tests {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	if _, stderr, err := runCLI(t, "frobnicate"); err == nil || !strings.Contains(stderr, "unknown command") {
		t.Errorf("unknown command: %v %q", err, stderr)
	}
}
