package highlight_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"folio/app/article"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
)

// codeArticle has code a reader may meet, and code a hostile publisher may
// write: markup in code, a language name that tries to leave the class
// attribute, code in a list and a quote, CRLF line ends. (Bytes that are not
// UTF-8 are left out: JSON turns them into U+FFFD in all of an article's
// text, code or not; Spans leaves such code plain.)
const codeArticle = "---\ntitle: Code\nsummary: Code.\nauthor: A. Writer\npublished: 2026-02-01\ntags: [tech]\n---\n" +
	"Some Go:\n\n```go\n// Hello says hi.\nfunc Hello() string { return \"<script>alert(1)</script>\" }\n```\n\n" +
	"- a list\n\n  ```html\n  <img src=x onerror=\"alert(1)\">\n  ```\n\n" +
	"> ```js\n> const a = `${1}</code>`;\n> ```\n\n" +
	"```\"><img src=x onerror=alert(1)>\nhostile language\n```\n\n" +
	"```nolang\nplain & escaped <b>\n```\n\n" +
	"```\nno language\n```\n\n" +
	"```sh\r\necho \"windows\"\r\n```\r\n"

// TestServerAndClientRenderSame renders an article on the server's path
// (the content index highlights it with chroma, as the prerendered page
// does) and on the browser's (the article as GET /api/articles/{slug} sends
// it, decoded from JSON, rendered from the spans alone): the HTML must be
// the same, byte for byte, and highlighted.
func TestServerAndClientRenderSame(t *testing.T) {
	ix, probs, err := content.Load(fstest.MapFS{"code.md": {Data: []byte(codeArticle)}})
	if err != nil || len(probs) > 0 {
		t.Fatalf("load: %v %v", err, probs)
	}
	a, err := ix.Get("code")
	if err != nil {
		t.Fatal(err)
	}
	server := article.RenderCode([]byte(a.Markdown), a.MediaBase, a.Code).HTML

	srv := httptest.NewServer(api.New(api.Config{Articles: ix}))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/articles/code")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var sent article.Article
	if err := json.NewDecoder(res.Body).Decode(&sent); err != nil {
		t.Fatal(err)
	}
	client := article.RenderCode([]byte(sent.Markdown), sent.MediaBase, sent.Code).HTML
	if client != server {
		t.Fatalf("client render differs from server render:\nclient %s\nserver %s", client, server)
	}

	for _, want := range []string{
		`<code class="language-go"><span class="hl-c">// Hello says hi.</span>`,
		`<span class="hl-s">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</span>`,
		`<code class="language-html">&lt;<span class="hl-g">img</span>`,
		`<code class="language-js"><span class="hl-k">const</span>`,
		"<pre tabindex=\"0\"><code>hostile language\n</code></pre>",
		"<pre tabindex=\"0\"><code class=\"language-nolang\">plain &amp; escaped &lt;b&gt;\n</code></pre>",
		"<pre tabindex=\"0\"><code>no language\n</code></pre>",
		"<code class=\"language-sh\"><span class=\"hl-b\">echo</span> <span class=\"hl-s\">&quot;windows&quot;</span>\r\n</code>",
	} {
		if !strings.Contains(client, want) {
			t.Errorf("render lacks %q:\n%s", want, client)
		}
	}
	for _, bad := range []string{"<script", "<img", "onerror=\"", `class="language-&`, "</code>`"} {
		if strings.Contains(client, bad) {
			t.Errorf("render contains %q:\n%s", bad, client)
		}
	}
}
