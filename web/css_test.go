package web

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestStylesNest: every block of folio.css closes, and only an at-rule
// (@media, @supports) holds rules inside it. Sections appended by separate
// changes once lost a "}" in a merge, which left the rules after an @media
// inside it: a browser reads that silently, so only a test notices.
func TestStylesNest(t *testing.T) {
	css, err := os.ReadFile("folio.css")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(css), "")
	var open []string // the selector or at-rule of each open block
	line := 1
	start := 0
	for i, r := range text {
		switch r {
		case '\n':
			line++
		case '{':
			head := strings.TrimSpace(text[start:i])
			if n := len(open); n > 0 && !strings.HasPrefix(open[n-1], "@") {
				t.Fatalf("folio.css line %d: %q opens inside %q, which is not an at-rule", line, head, open[n-1])
			}
			open = append(open, head)
			start = i + 1
		case '}':
			if len(open) == 0 {
				t.Fatalf("folio.css line %d: a } closes nothing", line)
			}
			open = open[:len(open)-1]
			start = i + 1
		case ';':
			start = i + 1
		}
	}
	if len(open) > 0 {
		t.Fatalf("folio.css ends with %d block(s) open: %q", len(open), open)
	}
}
