package highlight

import (
	"strings"
	"testing"
)

func TestSpans(t *testing.T) {
	tests := []struct {
		name, lang, code string
		ok               bool
		has              [2]string // a span the result must hold
	}{
		{"go", "go", "func main() { s := \"<b>\" }\n", true, [2]string{"k", "func"}},
		{"alias, any case", "Golang", "package x\n", true, [2]string{"k", "package"}},
		{"html", "html", "<a href=\"x\">&amp;</a>\n", true, [2]string{"g", "a"}},
		{"CRLF kept", "sh", "echo hi\r\n", true, [2]string{"b", "echo"}},
		{"no final newline", "python", "def f(): pass", true, [2]string{"f", "f"}},
		{"unknown", "nolang", "x\n", false, [2]string{}},
		{"invalid name", "go\"><script>", "x\n", false, [2]string{}},
		{"empty", "go", "", false, [2]string{}},
		{"too big", "go", strings.Repeat("x := 1\n", MaxBlock/7+1), false, [2]string{}},
		{"invalid UTF-8", "go", "s := \"\xff\"\n", false, [2]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans, ok := Spans(tt.lang, tt.code)
			if ok != tt.ok {
				t.Fatalf("Spans(%q, %q) ok = %v, want %v (%q)", tt.lang, tt.code, ok, tt.ok, spans)
			}
			if !ok {
				return
			}
			var text strings.Builder
			found := false
			for i, sp := range spans {
				text.WriteString(sp[1])
				found = found || sp == tt.has
				if sp[1] == "" || i > 0 && spans[i-1][0] == sp[0] {
					t.Errorf("span %d %q is empty or not merged with the one before", i, sp)
				}
				if len(sp[0]) > 1 {
					t.Errorf("span %d has class %q, want one letter or none", i, sp[0])
				}
			}
			if text.String() != tt.code {
				t.Errorf("Spans(%q) text = %q, want the code %q", tt.lang, text.String(), tt.code)
			}
			if !found {
				t.Errorf("Spans(%q, %q) = %q, want a span %q", tt.lang, tt.code, spans, tt.has)
			}
		})
	}
}

// TestArticle: only blocks with something to colour get a Code, numbered by
// their place among all the fenced blocks.
func TestArticle(t *testing.T) {
	body := "```text\nplain\n```\n\n```go\nvar x = 1\n```\n\n```\nnone\n```\n\n```nolang\nx\n```\n\n```sh\necho hi\n```\n"
	code := Article([]byte(body))
	var got []string
	for _, c := range code {
		got = append(got, c.Lang+"@"+string(rune('0'+c.N)))
	}
	if strings.Join(got, " ") != "go@1 sh@4" {
		t.Errorf("Article(%q) highlights %v, want [go@1 sh@4]", body, got)
	}
}
