package comment

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "render", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no render cases in testdata/render (%v)", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := Render(string(in))
			golden := strings.TrimSuffix(file, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Render(%q) =\n%s\nwant\n%s", in, got, want)
			}
			if problem := unsafeHTML(got); problem != "" {
				t.Errorf("Render(%q) = %q: %s", in, got, problem)
			}
		})
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"hi", "<p>hi</p>\n"},
		{"<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"},
		{"[x](javascript:alert(1))", "<p>x</p>\n"},
		{"[x](https://example.org)", `<p><a href="https://example.org" rel="nofollow ugc noopener">x</a></p>` + "\n"},
		{"a\nb", "<p>a<br>\nb</p>\n"},
		{"# not a heading", "<p># not a heading</p>\n"},
		{"![alt](https://evil/x.png)", "<p>alt</p>\n"},
	}
	for _, tt := range tests {
		if got := Render(tt.in); got != tt.want {
			t.Errorf("Render(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every '<' that Render writes starts a tag, because text is escaped; so the
// checks below look inside tags only and let "onerror=" appear as text.
var (
	tagPattern     = regexp.MustCompile(`<[^>]*>`)
	eventAttr      = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	badHref        = regexp.MustCompile(`(?i)href\s*=\s*"?\s*(javascript|vbscript|data):`)
	forbiddenTag   = regexp.MustCompile(`(?i)^</?(script|img|iframe|style|object|embed|svg|form|input)\b`)
	allowedTagName = regexp.MustCompile(`^</?(p|br|em|strong|del|code|pre|blockquote|ul|ol|li|a)[\s>]`)
)

// unsafeHTML says what is wrong with out, or "" if nothing is.
func unsafeHTML(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "contains <script"
	}
	for _, tag := range tagPattern.FindAllString(out, -1) {
		switch {
		case forbiddenTag.MatchString(tag):
			return "forbidden tag " + tag
		case !allowedTagName.MatchString(tag):
			return "unexpected tag " + tag
		case eventAttr.MatchString(tag):
			return "event handler attribute in " + tag
		case badHref.MatchString(tag):
			return "dangerous href in " + tag
		}
	}
	if strings.Count(out, "<") != len(tagPattern.FindAllString(out, -1)) {
		return "unescaped '<' outside a tag"
	}
	return ""
}

func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "render", "*.md"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<javascript:alert(1)>",
		"[x](<javascript:alert(1)>)", "[x]: javascript:y\n\n[x]", "`<script>`", "*<svg onload=x>*",
		"[a](https://x.org \"\\\" onclick=\\\"y\")", "www.x.org/<script>", "<a href=\"javascript:x\">",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Render(in)
		if problem := unsafeHTML(out); problem != "" {
			t.Errorf("Render(%q) = %q: %s", in, out, problem)
		}
	})
}

func BenchmarkRender(b *testing.B) {
	in, err := os.ReadFile(filepath.Join("testdata", "render", "syntax.md"))
	if err != nil {
		b.Fatal(err)
	}
	body := string(bytes.Repeat(in, 4))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Render(body)
	}
}
