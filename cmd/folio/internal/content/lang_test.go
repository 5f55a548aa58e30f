package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestLang: an article's lang front matter is a BCP 47 language tag, kept
// in its canonical form; anything else is a problem on its line.
func TestLang(t *testing.T) {
	tests := []struct {
		lang, want, problem string
	}{
		{"zh-Hans", "zh-Hans", ""},
		{"en", "en", ""},
		{"EN-gb", "en-GB", ""},
		{"'\"><script>'", "", `a.md:4: lang: "\"><script>" is not a language tag`},
		{"english", "", `a.md:4: lang: "english" is not a language tag`},
		{"[en]", "", "a.md:4: lang: "},
	}
	for _, tt := range tests {
		src := "---\ntitle: x\npublished: 2026-01-01\nlang: " + tt.lang + "\n---\nBody.\n"
		ix, probs, err := Load(fstest.MapFS{"a.md": {Data: []byte(src)}})
		if err != nil {
			t.Fatal(err)
		}
		if tt.problem != "" {
			if len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), tt.problem) {
				t.Errorf("lang: %s: problems %v, want %q", tt.lang, probs, tt.problem)
			}
			continue
		}
		if m, ok := ix.Meta("a"); len(probs) != 0 || !ok || m.Lang != tt.want {
			t.Errorf("lang: %s = %q (problems %v), want %q", tt.lang, m.Lang, probs, tt.want)
		}
	}
}
