package article

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const goBlock = "```go\nx := \"<b>\" // hi\n```\n"

// goSpans are spans as the server would send them for goBlock.
var goSpans = [][2]string{{"", "x := "}, {"s", `"<b>"`}, {"", " "}, {"c", "// hi"}, {"", "\n"}}

// TestRenderCode: a fenced block is written in its spans only when they are
// its own (same place, language and text); otherwise it stays plain. Text is
// escaped whatever the spans say, and a class that is not one lowercase
// letter is dropped.
func TestRenderCode(t *testing.T) {
	const plain = "<pre tabindex=\"0\"><code class=\"language-go\">x := &quot;&lt;b&gt;&quot; // hi\n</code></pre>\n"
	tests := []struct {
		name, md string
		code     []Code
		want     string
	}{
		{"spans", goBlock, []Code{{0, "go", goSpans}},
			"<pre tabindex=\"0\"><code class=\"language-go\">x := <span class=\"hl-s\">&quot;&lt;b&gt;&quot;</span> <span class=\"hl-c\">// hi</span>\n</code></pre>\n"},
		{"no code", goBlock, nil, plain},
		{"other language", goBlock, []Code{{0, "js", goSpans}}, plain},
		{"other text", goBlock, []Code{{0, "go", goSpans[:4]}}, plain},
		{"other block", goBlock, []Code{{1, "go", goSpans}, {-1, "go", goSpans}}, plain},
		{"hostile span", "```go\n<script>\n```\n", []Code{{0, "go", [][2]string{{`k"><script>`, "<script>"}, {"K", "\n"}}}},
			"<pre tabindex=\"0\"><code class=\"language-go\">&lt;script&gt;\n</code></pre>\n"},
		{"no language", "```\n<i>\n```\n", []Code{{0, "", [][2]string{{"k", "<i>\n"}}}},
			"<pre tabindex=\"0\"><code><span class=\"hl-k\">&lt;i&gt;\n</span></code></pre>\n"},
		{"hostile language", "```\"><img>\n<i>\n```\n", nil, "<pre tabindex=\"0\"><code>&lt;i&gt;\n</code></pre>\n"},
		{"unknown language", "```nolang\n<i>\n```\n", nil, "<pre tabindex=\"0\"><code class=\"language-nolang\">&lt;i&gt;\n</code></pre>\n"},
		{"second block", "```sh\nls\n```\n\n" + goBlock, []Code{{1, "go", goSpans}},
			"<pre tabindex=\"0\"><code class=\"language-sh\">ls\n</code></pre>\n<pre tabindex=\"0\"><code class=\"language-go\">x := <span class=\"hl-s\">&quot;&lt;b&gt;&quot;</span> <span class=\"hl-c\">// hi</span>\n</code></pre>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RenderCode([]byte(tt.md), "", tt.code).HTML; got != tt.want {
				t.Errorf("RenderCode(%q, %v) =\n%s\nwant\n%s", tt.md, tt.code, got, tt.want)
			}
		})
	}
}

// TestRenderCodeJSON: spans that travelled as JSON (the API, the page, the
// device's cache) render the same HTML as the ones the server made.
func TestRenderCodeJSON(t *testing.T) {
	a := Article{Markdown: goBlock, Code: []Code{{0, "go", goSpans}}}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Article
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	server := RenderCode([]byte(a.Markdown), "", a.Code).HTML
	client := RenderCode([]byte(back.Markdown), "", back.Code).HTML
	if server != client || !strings.Contains(client, `class="hl-c"`) {
		t.Errorf("after JSON (%s):\n%s\nwant\n%s", b, client, server)
	}
}

// TestFences: every fenced block, nested ones too, in document order, with
// its language only when it is a valid name.
func TestFences(t *testing.T) {
	md := "Text[^1].\n\n```go\na\n```\n\n- item\n\n  ```js\n  b\n  ```\n\n> ```\n> c\n> ```\n\n" +
		"    indented\n\n```c++ {linenos}\nd\n```\n\n```<x>\ne\n```\n\n[^1]: Note.\n\n    ```py\n    f\n    ```\n"
	want := []Fence{{"go", "a\n"}, {"js", "b\n"}, {"", "c\n"}, {"c++", "d\n"}, {"", "e\n"}, {"py", "f\n"}}
	if got := Fences([]byte(md)); !reflect.DeepEqual(got, want) {
		t.Errorf("Fences = %q, want %q", got, want)
	}
}

func TestValidLang(t *testing.T) {
	tests := map[string]bool{
		"go": true, "C++": true, "c#": true, "objective-c": true, "f#": true, "1c": true, "x.y_z": true,
		"": false, "-go": false, "+": false, `go"`: false, "<script>": false, "a b": false,
		"go&amp;": false, "go\\": false, strings.Repeat("a", 33): false, strings.Repeat("a", 32): true, "日本": false,
	}
	for lang, want := range tests {
		if got := ValidLang(lang); got != want {
			t.Errorf("ValidLang(%q) = %v, want %v", lang, got, want)
		}
	}
}
