package web

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"folio/app/i18n"
)

// TestEmbedCountLabels: embed.js, loaded on publishers' pages without
// web/i18n.js, carries its own "N comments" labels; they must be the
// catalogue's, in each interface language.
func TestEmbedCountLabels(t *testing.T) {
	src, err := os.ReadFile("embed.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var COUNT = (\{.*\});`).FindSubmatch(src)
	if m == nil {
		t.Fatal("embed.js has no COUNT table")
	}
	js := regexp.MustCompile(`(\w+): \[`).ReplaceAll(m[1], []byte(`"$1": [`))
	var got map[string][2]string
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatalf("COUNT %s: %v", m[1], err)
	}
	for _, l := range i18n.Langs {
		want := [2]string{l.T("%d comment"), l.T("%d comments")}
		if got[l.Code()] != want {
			t.Errorf("embed.js COUNT[%q] = %q, want the catalogue's %q", l.Code(), got[l.Code()], want)
		}
	}
}
