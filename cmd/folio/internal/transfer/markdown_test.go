package transfer

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/cmd/folio/internal/api"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"plain", "hello", "hello"},
		{"paragraphs", "<p>one</p><p>two</p>", "one\n\ntwo"},
		{"line break", "a<br>b<br/>c", "a\nb\nc"},
		{"entities", "AT&amp;T &lt;b&gt; &quot;q&quot; &#x1F600;", "AT&T \\<b> \"q\" 😀"},
		{"entity-like text stays text", "&amp;amp; and &amp;#65;", "\\&amp; and \\&#65;"},
		{"emphasis", "<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em>", "**bold** **strong** *it* *em*"},
		{"strike", "<s>old</s> <del>gone</del>", "~~old~~ ~~gone~~"},
		{"markdown characters are text", "2*3 = 6_ [x] `y` ~z~ \\", "2\\*3 = 6\\_ \\[x\\] \\`y\\` \\~z\\~ \\\\"},
		{"line-start syntax", "<p>&gt; not a quote</p><p>- not a list</p><p>1. not a list</p><p># no heading</p>",
			"\\> not a quote\n\n\\- not a list\n\n1\\. not a list\n\n# no heading"},
		{"autolink syntax is text", "&lt;https://x.example&gt;", "\\<https://x.example>"},
		{"link", `see <a href="https://x.example/a?b=1&amp;c=(2)" rel="nofollow">this [page]</a>`,
			"see [this \\[page\\]](https://x.example/a?b=1&c=%282%29)"},
		{"unsafe link is text", `<a href="javascript:alert(1)">click</a> <a href="data:text/html,x">me</a> <a>bare</a>`, "click me bare"},
		{"mailto", `<a href="mailto:a@x.example">mail</a>`, "[mail](mailto:a@x.example)"},
		{"image", `<img src="https://x.example/p.png" alt="a cat">`, "[a cat](https://x.example/p.png)"},
		{"script and style dropped", "a<script>alert(1)</script><style>p{}</style>b<iframe>c</iframe>", "ab"},
		{"code span", "use <code>a*b</code> or <code>x`y</code>", "use `a*b` or ``x`y``"},
		{"code block", "<pre><code>if a &lt; b {\n    *p = 1\n}</code></pre>", "```\nif a < b {\n    *p = 1\n}\n```"},
		{"code block with fences", "<pre>```\nx\n```</pre>", "````\n```\nx\n```\n````"},
		{"quote", "<blockquote><p>one</p><p>two</p></blockquote>after", "> one\n>\n> two\n\nafter"},
		{"nested quote", "<blockquote>a<blockquote>b</blockquote></blockquote>", "> a\n>\n> > b"},
		{"deep quotes", strings.Repeat("<blockquote>", 9) + "x" + strings.Repeat("</blockquote>", 9) + "y", "> > > > > x\n\ny"},
		{"lists", "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>", "- one\n- two\n\n1. first\n2. second"},
		{"white space collapses", "<p>  a \n\n  b\t c  </p>", "a b c"},
		{"unclosed tags", "<b>bold <i>both", "**bold *both***"},
		{"control characters dropped", "a\x00b\x07c\u0085d", "abcd"},
		{"empty", "<p> </p><br>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdown(tt.html); got != tt.want {
				t.Errorf("markdown(%q) =\n%q\nwant\n%q", tt.html, got, tt.want)
			}
		})
	}
}

// TestMarkdownRendersBack: what markdown makes renders, through the
// comment renderer, to the text and links the HTML showed.
func TestMarkdownRendersBack(t *testing.T) {
	tests := []struct{ html, want string }{
		{"2*3 = 6_ [x] `y` &amp;amp;", "<p>2*3 = 6_ [x] `y` &amp;amp;</p>\n"},
		{`<p><b>a</b> <a href="https://x.example/?q=1&amp;r=2">l</a></p>`,
			`<p><strong>a</strong> <a href="https://x.example/?q=1&amp;r=2" rel="nofollow ugc noopener">l</a></p>` + "\n"},
		{"&gt; q<br>- l<br>1. n", "<p>&gt; q<br>\n- l<br>\n1. n</p>\n"},
	}
	for _, tt := range tests {
		md := markdown(tt.html)
		if got := api.RenderComment(md); got != tt.want {
			t.Errorf("RenderComment(markdown(%q)) = RenderComment(%q) =\n%q\nwant\n%q", tt.html, md, got, tt.want)
		}
	}
}

// FuzzMarkdown: whatever the HTML, the Markdown is clean text whose
// rendering holds no script, no event handler and no unsafe link.
var (
	htmlTag = regexp.MustCompile(`<[^>]*>`)
	safeTag = regexp.MustCompile(`^</?(p|br|em|strong|del|code|pre|blockquote|ul|ol|li)>$|^<a href="(https?|mailto):[^"]*" rel="nofollow ugc noopener">$|^</a>$|^<ol start="\d+">$`)
)

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<a href=\"javascript:x\">y</a>", "<script>alert(1)</script>",
		"<pre>```</pre>", "<code>`</code>", "<img src=x onerror=alert(1)>", "&lt;script&gt;", "<blockquote><li>x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		md := markdown(in)
		if !utf8.ValidString(md) || strings.ContainsFunc(md, func(r rune) bool { return r < ' ' && r != '\n' }) {
			t.Fatalf("markdown(%q) = %q: not clean text", in, md)
		}
		out := api.RenderComment(md)
		for _, tag := range htmlTag.FindAllString(out, -1) {
			if !safeTag.MatchString(tag) {
				t.Fatalf("markdown(%q) = %q renders %q, holding the tag %s", in, md, out, tag)
			}
		}
	})
}
