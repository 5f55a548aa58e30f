package api

import (
	"strings"
	"testing"

	"folio/app/comment"
)

// The policy must keep everything the comment renderer legitimately writes,
// or stored HTML would silently lose formatting.
func TestSanitizeKeepsRenderedMarkdown(t *testing.T) {
	tests := []string{
		"Some *emphasis*, **strong** and ~~struck~~ with `code`.\nNext line.",
		"> one\n>> two\n>>> three\n>>>> four",
		"- a\n- b\n  1. c\n  2. d\n\n3. starts at three",
		"```go\nfmt.Println(\"<hi>\")\n```\n\n    indented",
		"[web](https://example.org/a?b=1&c=2), <ann@example.org> and www.example.org",
		"Ünïcödé 😀 &amp; &lt;b&gt;",
	}
	for _, in := range tests {
		html := comment.Render(in)
		// bluemonday writes '"' in text as &#34;, goldmark as &quot;: the same.
		if got := strings.ReplaceAll(sanitize(html), "&#34;", "&quot;"); got != html {
			t.Errorf("sanitize(Render(%q)) = %q, want %q", in, got, html)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<img src=x onerror=alert(1)>`, ``},
		{`<a href="javascript:alert(1)">x</a>`, `x`},
		{`<a href="/relative">x</a>`, `x`},
		{`<a href="https://x.org" rel="opener" onclick="y">x</a>`, `<a href="https://x.org" rel="nofollow">x</a>`},
		{`<p style="color:red" id="x">t</p>`, `<p>t</p>`},
		{`<code class="language-go" onclick="x">c</code>`, `<code class="language-go">c</code>`},
		{`<h1>t</h1><script>x</script>`, `t`},
	}
	for _, tt := range tests {
		if got := sanitize(tt.in); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
