package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/i18n"
)

// tocTags finds the list structure and the links of a rendered contents box.
var tocTags = regexp.MustCompile(`<(/?)(ol|li)\b|<a href="#([^"]*)"`)

// tocNumbers renders the contents box and reads it as a browser numbers an
// <ol>: each link as "number:id", sub-sections as "parent.number:id".
func tocNumbers(hs []article.Heading) []string {
	var out []string
	var counts []int // per open <ol>: its <li> so far
	for _, m := range tocTags.FindAllStringSubmatch(app.HTMLString(toc(i18n.English, hs)), -1) {
		switch {
		case m[3] != "":
			nums := make([]string, len(counts))
			for i, n := range counts {
				nums[i] = fmt.Sprint(n)
			}
			out = append(out, strings.Join(nums, ".")+":"+m[3])
		case m[2] == "ol" && m[1] == "":
			counts = append(counts, 0)
		case m[2] == "ol":
			counts = counts[:len(counts)-1]
		case m[2] == "li" && m[1] == "":
			counts[len(counts)-1]++
		}
	}
	return out
}

// TestTOCNumbers checks the numbers a reader sees in the contents: sections
// 1, 2, 3… in order, each sub-section in a list of its own under its section.
func TestTOCNumbers(t *testing.T) {
	h := func(level int, id string) article.Heading { return article.Heading{Level: level, ID: id, Text: id} }
	tests := []struct {
		name string
		in   []article.Heading
		want string
	}{
		{"sections only", []article.Heading{h(2, "a"), h(2, "b"), h(2, "c")}, "1:a 2:b 3:c"},
		{"sub-sections", []article.Heading{h(2, "a"), h(3, "a1"), h(3, "a2"), h(2, "b"), h(2, "c"), h(3, "c1")},
			"1:a 1.1:a1 1.2:a2 2:b 3:c 3.1:c1"},
		{"sub-section before any section", []article.Heading{h(3, "x"), h(2, "a"), h(3, "a1")}, "1:x 2:a 2.1:a1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(tocNumbers(tt.in), " "); got != tt.want {
				t.Errorf("toc(%s) numbers = %s, want %s", tt.name, got, tt.want)
			}
		})
	}
}
