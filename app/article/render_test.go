package article

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRenderGolden renders every testdata/*.md and compares with the .html beside it.
func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := Render(src, "/media/").HTML
			golden := strings.TrimSuffix(in, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Render(%s) =\n%s\nwant\n%s", in, got, want)
			}
		})
	}
}

// TestRenderHostile checks what must never reach a reader's browser, whatever
// the golden file says.
func TestRenderHostile(t *testing.T) {
	src, err := os.ReadFile("testdata/hostile.md")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ToLower(Render(src, "").HTML)
	for _, bad := range []string{`href="intent:`, `href="ms-settings:`, `href="data:`, `href="ftp:`, "<script", "onerror=", "onmouseover=", `href="javascript:`, `href="vbscript:`, `href="file:`, `src="javascript:`, "<img src=\"x\"", "<b "} {
		if strings.Contains(got, bad) {
			t.Errorf("Render(hostile) contains %q:\n%s", bad, got)
		}
	}
}

func TestRenderFeatures(t *testing.T) {
	src, err := os.ReadFile("testdata/features.md")
	if err != nil {
		t.Fatal(err)
	}
	r := Render(src, "/media/blog")
	for _, want := range []string{
		`<h2 id="a-section">`,
		`<a href="#a-section" class="anchor"`,
		`<figure>`,
		`<figcaption>The crane at dawn. (Photo: A. Writer)</figcaption>`,
		`src="/media/blog/images/crane.svg"`,
		`src="/web/icon.svg"`,
		`src="https://example.org/x.png"`,
		`loading="lazy"`,
		// A table scrolls sideways on a phone: a keyboard must reach it.
		`<table tabindex="0">`,
		`<blockquote>`,
		`class="footnotes"`,
		`<del>gone</del>`,
		`type="checkbox"`,
		// Task-list checkboxes have a name a screen reader can say.
		`<input disabled="" type="checkbox" aria-label="not done"> open task`,
		`<input checked="" disabled="" type="checkbox" aria-label="done"> done task`,
		`<dl>`,
		`&ldquo;quotes&rdquo;`,
		`class="language-go"`,
	} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("Render(features) lacks %q", want)
		}
	}
	wantImages := "/media/blog/images/crane.svg /web/icon.svg https://example.org/x.png"
	if got := strings.Join(r.Images, " "); got != wantImages {
		t.Errorf("Render(features).Images = %s, want %s", got, wantImages)
	}
	wantTOC := []Heading{{2, "a-section", "A section"}, {3, "a-sub-section", "A sub-section"}}
	if len(r.TOC) != len(wantTOC) {
		t.Fatalf("TOC = %+v, want %+v", r.TOC, wantTOC)
	}
	for i := range wantTOC {
		if r.TOC[i] != wantTOC[i] {
			t.Errorf("TOC[%d] = %+v, want %+v", i, r.TOC[i], wantTOC[i])
		}
	}
}

func TestReadingMinutes(t *testing.T) {
	tests := []struct {
		words int
		want  int
	}{{0, 1}, {1, 1}, {230, 1}, {231, 2}, {5000, 22}}
	for _, tt := range tests {
		body := []byte(strings.Repeat("word ", tt.words))
		if got := ReadingMinutes(body); got != tt.want {
			t.Errorf("ReadingMinutes(%d words) = %d, want %d", tt.words, got, tt.want)
		}
	}
}

func TestResolveMedia(t *testing.T) {
	tests := []struct{ dest, base, want string }{
		{"images/a.svg", "/media/", "/media/images/a.svg"},
		{"./images/a.svg", "/media", "/media/images/a.svg"},
		{"/web/a.svg", "/media/", "/web/a.svg"},
		{"https://example.org/a.png", "/media/", "https://example.org/a.png"},
		{"images/a.svg", "", "images/a.svg"},
	}
	for _, tt := range tests {
		if got := string(resolveMedia([]byte(tt.dest), tt.base)); got != tt.want {
			t.Errorf("resolveMedia(%q, %q) = %q, want %q", tt.dest, tt.base, got, tt.want)
		}
	}
}

func TestAllowURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/a", "https://example.org/a"},
		{"HTTP://example.org", "HTTP://example.org"},
		{"mailto:a@example.org", "mailto:a@example.org"},
		{"/a/b", "/a/b"},
		{"#frag", "#frag"},
		{"rel/path:x", "rel/path:x"},
		{"javascript:alert(1)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{"data:text/html,x", ""},
		{"foo:bar", ""},
	}
	for _, tt := range tests {
		if got := string(allowURL([]byte(tt.in))); got != tt.want {
			t.Errorf("allowURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderAutolinks checks that autolinks, written <scheme:...> or found by
// GFM's linkify, follow the same URL allow-list as ordinary links: a link
// outside it is shown as plain text, never as a link.
func TestRenderAutolinks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<https://example.org/a>", `<p><a href="https://example.org/a">https://example.org/a</a></p>`},
		{"<mailto:a@example.org>", `<p><a href="mailto:a@example.org">mailto:a@example.org</a></p>`},
		{"<a@example.org>", `<p><a href="mailto:a@example.org">a@example.org</a></p>`},
		{"www.example.org", `<p><a href="http://www.example.org">www.example.org</a></p>`},
		{"see https://example.org/x.", `<p>see <a href="https://example.org/x">https://example.org/x</a>.</p>`},
		{"<javascript:alert(1)>", `<p>javascript:alert(1)</p>`},
		{"<JaVaScRiPt:alert(1)>", `<p>JaVaScRiPt:alert(1)</p>`},
		{"<intent://example.org#Intent;scheme=javascript;end>", `<p>intent://example.org#Intent;scheme=javascript;end</p>`},
		{"<ms-settings:privacy>", `<p>ms-settings:privacy</p>`},
		{"<blob:https://example.org/x>", `<p>blob:https://example.org/x</p>`},
		{"<data:image/png;base64,AAAA>", `<p>data:image/png;base64,AAAA</p>`},
		{"<vbscript:msgbox>", `<p>vbscript:msgbox</p>`},
		{"<ftp://example.org/a>", `<p>ftp://example.org/a</p>`},
		{"get ftp://example.org/file now", `<p>get ftp://example.org/file now</p>`},
		{"<x-a:b&c>", `<p>x-a:b&amp;c</p>`},
	}
	for _, tt := range tests {
		got := strings.TrimSpace(Render([]byte(tt.in), "").HTML)
		if got != tt.want {
			t.Errorf("Render(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
