package content

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameTree compares what parseFrontMatter reads of two node trees.
func sameTree(a, b *yaml.Node) error {
	if a.Kind != b.Kind || a.Value != b.Value || a.Line != b.Line || len(a.Content) != len(b.Content) {
		return fmt.Errorf("kind %v value %q line %d (%d children), YAML says kind %v value %q line %d (%d children)",
			a.Kind, a.Value, a.Line, len(a.Content), b.Kind, b.Value, b.Line, len(b.Content))
	}
	for i := range a.Content {
		if err := sameTree(a.Content[i], b.Content[i]); err != nil {
			return err
		}
	}
	return nil
}

// checkSimple fails when simpleFrontMatter accepts fm and reads it other
// than the YAML parser does.
func checkSimple(t *testing.T, fm string) bool {
	t.Helper()
	got, ok := simpleFrontMatter([]byte(fm))
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &want); err != nil {
		t.Errorf("simpleFrontMatter read %q, which YAML refuses: %v", fm, err)
		return true
	}
	if err := sameTree(&got, &want); err != nil {
		t.Errorf("simpleFrontMatter(%q): %v", fm, err)
	}
	return true
}

// TestSimpleFrontMatter: the fast reader agrees with the YAML parser on
// what it accepts, takes the common cases, and leaves the rest to YAML.
func TestSimpleFrontMatter(t *testing.T) {
	simple := []string{
		"title: Harbour cranes\nsummary: Cranes are back, at last.\nauthor: Ann\npublished: 2026-01-02\ntags: [city, sea]\n",
		"title: Café — naïve résumé\npublished: 2026-01-02T10:00:00Z\n",
		"title: yes\nsummary: ~\nauthor: null\nsource: 12:30\nimage: https://example.com/a.jpg?x=1&y=2\n",
		"title: x#y and it's \"fine\"\ntags: [ A , b-c,d ]\n",
		"title: trailing spaces   \n",
		"title:   leading spaces\n",
		"caption: a, b, c\n",
	}
	for _, fm := range simple {
		if !checkSimple(t, fm) {
			t.Errorf("simpleFrontMatter(%q) left it to YAML; want it read", fm)
		}
	}
	for _, fm := range []string{
		"", "\n", "title: a\n\nsummary: b\n", "# comment\ntitle: a\n", "title: a # comment\n",
		"title: 'quoted'\n", "title: \"quoted\"\n", "title: - x\n", "title: -x\n", "title: *alias\n",
		"title: &a x\n", "title: !tag x\n", "title: |\n  block\n", "title: >\n  folded\n", "title: %x\n",
		"title: @x\n", "title: `x`\n", "title: a: b\n", "title: ends:\n", "title:\n", "title:value\n",
		"Title: x\n", "title: a\ntitle: b\n", "title: a\r\n", "title: tab\there\n", "title: {a: b}\n",
		"tags: []\n", "tags: [a, ]\n", "tags: [a, [b]]\n", "tags: [a b]\n", "tags: [-a]\n", "tags: [a]]\n",
		"title: a\n  continued\n", " title: a\n", "title: \u2028x\n", "title: \ufeffx\n", "title: bad \xff utf-8\n",
		"title: x\n---\n", "title: ? x\n", "title: [a, b\n",
	} {
		if checkSimple(t, fm) {
			t.Errorf("simpleFrontMatter(%q) read it; want it left to YAML", fm)
		}
	}
	// The sample magazine: whatever the fast reader takes, it reads right.
	_ = fs.WalkDir(Sample(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, _ := fs.ReadFile(Sample(), p)
		if fm, _, _, err := splitFrontMatter(p, src); err == nil {
			checkSimple(t, string(fm))
		}
		return nil
	})
}

// FuzzSimpleFrontMatter: on any input the fast reader accepts, it agrees
// with the YAML parser.
func FuzzSimpleFrontMatter(f *testing.F) {
	for _, s := range []string{"title: a\ntags: [b, c]\n", "title: a: b\n", "k: x #y\n", "t: [a,b]\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fm string) { checkSimple(t, fm) })
}
