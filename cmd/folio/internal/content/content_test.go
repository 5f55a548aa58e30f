package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"folio/app/article"
)

const good = `---
title: Harbour cranes
summary: They are back.
author: A. Writer
published: 2026-02-01
tags: [city, economy]
source: Harbour Weekly
image: images/cranes.svg
caption: The cranes. (Photo: A. Writer)
---
Body with ![fig](images/cranes.svg "Caption").
`

func TestLoadProblems(t *testing.T) {
	img := &fstest.MapFile{Data: []byte("<svg/>")}
	tests := []struct {
		name string
		file string
		src  string
		want string // "file:line: message prefix"; empty for no problem
	}{
		{"good", "good.md", good, ""},
		{"no front matter", "a.md", "# Hello\n", "a.md:1: file must start with front matter"},
		{"unclosed", "a.md", "---\ntitle: x\n", "a.md:1: front matter is not closed"},
		{"yaml syntax", "a.md", "---\ntitle: x\npublished: 2026-01-01\ntags: [a, b\n---\n", "a.md:4: front matter: did not find expected ','"},
		{"bad indentation", "a.md", "---\ntitle: x\n  author: y\n---\n", "a.md:3: front matter: "},
		{"missing title", "a.md", "---\npublished: 2026-01-01\n---\nx", "a.md:1: front matter has no title"},
		{"empty title", "a.md", "---\ntitle:\npublished: 2026-01-01\n---\nx", "a.md:2: title: is empty"},
		{"missing date", "a.md", "---\ntitle: x\n---\nx", "a.md:1: front matter has no published date"},
		{"bad date", "a.md", "---\ntitle: x\npublished: 1st of May\n---\n", `a.md:3: published: "1st of May" is not a date`},
		{"unknown key", "a.md", "---\ntitle: x\npublished: 2026-01-01\ntitel: y\n---\n", `a.md:4: unknown front matter key "titel"`},
		{"tags map", "a.md", "---\ntitle: x\npublished: 2026-01-01\ntags: {a: b}\n---\n", "a.md:4: tags: must be a list"},
		{"missing image", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: images/none.png\n---\n", "a.md:4: image images/none.png: file not found"},
		{"image breaks out", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: '/\"><script>alert(1)</script>'\n---\n", `a.md:4: image: "/\"><script>alert(1)</script>" is not a URL`},
		{"image javascript", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: javascript:alert(1)\n---\n", `a.md:4: image: "javascript:alert(1)" is not a URL`},
		{"image data", "a.md", "---\ntitle: x\npublished: 2026-01-01\n\nimage: data:image/svg+xml,<svg onload=alert(1)>\n---\n", `a.md:5: image: "data:image/svg+xml,<svg onload=alert(1)>" is not a URL`},
		{"image space", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: \"images/a b.png\"\n---\n", `a.md:4: image: "images/a b.png" is not a URL`},
		{"image backslash", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: 'https://example.org/a\\b.png'\n---\n", `a.md:4: image: "https://example.org/a\\b.png" is not a URL`},
		{"image https", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: https://example.org/a.png?w=1&h=2\n---\n", ""},
		{"image site path", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: /web/images/café.png\n---\n", ""},
		{"image relative", "a.md", "---\ntitle: x\npublished: 2026-01-01\nimage: images/cranes.svg\n---\n", ""},
		{"missing body image", "a.md", "---\ntitle: x\npublished: 2026-01-01\n---\n\nText\n![a](images/gone.png)\n", "a.md:7: image images/gone.png: file not found"},
		{"bad file name", "Bad Name.md", "---\ntitle: x\npublished: 2026-01-01\n---\n", `Bad Name.md:1: file name "Bad Name.md" is not a slug`},
		{"colon in value", "a.md", "---\ntitle: Cranes: the return\npublished: 2026-01-01\ncaption: Dawn. (Photo: A. Writer)\n---\n", ""},
		{"colon in value and real error", "a.md", "---\ntitle: Cranes: the return\n  author: x\npublished: 2026-01-01\n---\n", "a.md:2: front matter: did not find expected key"},
		{"list at top", "a.md", "---\n- a\n- b\n---\n", "a.md:2: front matter must be"},
		{"twice", "a.md", "---\ntitle: x\ntitle: y\npublished: 2026-01-01\n---\n", "a.md:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte(tt.src)}, "images/cranes.svg": img}
			ix, probs, err := Load(fsys)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if tt.want == "" {
				if len(probs) != 0 {
					t.Fatalf("Load(%s) problems = %v, want none", tt.name, probs)
				}
				return
			}
			if len(probs) == 0 {
				t.Fatalf("Load(%s) problems = none, want %q", tt.name, tt.want)
			}
			if got := probs[0].Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("Load(%s) problem = %q, want prefix %q", tt.name, got, tt.want)
			}
			if len(ix.List()) != 0 {
				t.Errorf("Load(%s) indexed a broken article: %v", tt.name, ix.List())
			}
		})
	}
}

func TestLoadIndex(t *testing.T) {
	fsys := fstest.MapFS{
		"good.md":           {Data: []byte(good)},
		"older.md":          {Data: []byte("---\ntitle: Older\npublished: 2025-01-01\ntags: food\n---\nHi there.\n")},
		"zdup.md":           {Data: []byte("---\ntitle: Dup\nslug: good\npublished: 2025-01-01\n---\n")},
		"2026/nested.md":    {Data: []byte("---\ntitle: Nested\npublished: 2026-03-01\nimage: pic.svg\n---\n![x](pic.svg)\n")},
		"2026/pic.svg":      {Data: []byte("<svg/>")},
		"images/cranes.svg": {Data: []byte("<svg/>")},
		".drafts/hidden.md": {Data: []byte("not even front matter")},
		"notes.txt":         {Data: []byte("ignored")},
	}
	ix, probs, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Error(), `slug "good" is already used by good.md`) {
		t.Errorf("problems = %v, want one duplicate slug", probs)
	}
	var slugs []string
	for _, m := range ix.List() {
		slugs = append(slugs, m.Slug)
	}
	if got, want := strings.Join(slugs, ","), "nested,good,older"; got != want {
		t.Errorf("List() slugs = %s, want %s (newest first)", got, want)
	}
	a, err := ix.Get("good")
	if err != nil {
		t.Fatal(err)
	}
	if a.Image != "/media/images/cranes.svg" || a.MediaBase != "/media/" || a.Source != "Harbour Weekly" {
		t.Errorf("Get(good) = image %q base %q source %q", a.Image, a.MediaBase, a.Source)
	}
	if !strings.HasPrefix(a.Markdown, "Body with") || a.ReadingMinutes != 1 {
		t.Errorf("Get(good) markdown %q minutes %d", a.Markdown, a.ReadingMinutes)
	}
	n, _ := ix.Get("nested")
	if n.Image != "/media/2026/pic.svg" || n.MediaBase != "/media/2026/" {
		t.Errorf("Get(nested) image %q base %q", n.Image, n.MediaBase)
	}
	o, _ := ix.Get("older")
	if len(o.Tags) != 1 || o.Tags[0] != "food" {
		t.Errorf("Get(older) tags = %v, want [food]", o.Tags)
	}
	if _, err := ix.Get("nope"); !errors.Is(err, article.ErrNotFound) {
		t.Errorf("Get(nope) err = %v, want ErrNotFound", err)
	}
	_, good, _ := ix.GetWithETag("good")
	_, older, _ := ix.GetWithETag("older")
	if good == "" || good == older {
		t.Errorf("ETag not distinct: %q %q", good, older)
	}
}

// TestSample keeps the built-in magazine free of problems and broad enough to
// show every feature of the article page.
func TestSample(t *testing.T) {
	ix, probs, err := Load(Sample())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("sample: %v", p)
	}
	if n := len(ix.List()); n < 6 || n > 8 {
		t.Errorf("sample has %d articles, want 6 to 8", n)
	}
	var all strings.Builder
	long, sourced := false, false
	langs := map[string]bool{} // of highlighted code
	for _, m := range ix.List() {
		a, _ := ix.Get(m.Slug)
		all.WriteString(article.RenderCode([]byte(a.Markdown), a.MediaBase, a.Code).HTML)
		for _, c := range a.Code {
			langs[c.Lang] = true
		}
		if article.CountWords([]byte(a.Markdown)) >= 5000 {
			long = true
		}
		if a.Source != "" && a.Image != "" && a.Caption != "" {
			sourced = true
		}
	}
	if !long {
		t.Error("no sample article has 5,000 words or more")
	}
	if !sourced {
		t.Error("no sample article has a source, lead image and caption")
	}
	if len(langs) < 2 {
		t.Errorf("the sample's highlighted code is in %d languages (%v), want 2 or more", len(langs), langs)
	}
	for _, feature := range []string{"<ul>", "<ol>", "<blockquote>", "<table", `class="footnotes"`, "<figure>", "<figcaption>", "<h2 ", "<h3 ",
		`<code class="language-go"><span class="hl-`} {
		if !strings.Contains(all.String(), feature) {
			t.Errorf("sample magazine never uses %s", feature)
		}
	}
}

func TestSmarten(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`an "honest" figure`, "an \u201chonest\u201d figure"},
		{"it's -- a dash... and --- more", "it\u2019s \u2013 a dash\u2026 and \u2014 more"},
		{"'quoted' (\"inner\")", "\u2018quoted\u2019 (\u201cinner\u201d)"},
		{"slug-like-words", "slug-like-words"},
		{"images/a.svg", "images/a.svg"},
	}
	for _, tt := range tests {
		if got := smarten(tt.in); got != tt.want {
			t.Errorf("smarten(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
