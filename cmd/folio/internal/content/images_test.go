package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// folder is a real content folder for a test: files by slash path, and
// symbolic links (name → target, which may point outside the folder).
type folder struct {
	files map[string]string
	links map[string]string
}

// make writes the folder under a new temp dir and returns the content
// folder's path; outside is a sibling folder the links may point into.
func (f folder) make(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "content")
	outside := filepath.Join(base, "outside")
	for name, src := range map[string]string{
		"secret.md":  "---\ntitle: Secret\npublished: 2026-01-01\n---\nNot the publisher's.\n",
		"secret.png": "png",
	} {
		writeFile(t, filepath.Join(outside, name), src)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range f.files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), src)
	}
	for name, target := range f.links {
		target = strings.ReplaceAll(target, "OUTSIDE", outside)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, filepath.FromSlash(name))), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.FromSlash(target), filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeFile(t *testing.T, p, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadDir loads a real folder the way serve and check open it.
func loadDir(t *testing.T, dir string) (*Index, []Problem) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	ix, probs, err := Load(root.FS())
	if err != nil {
		t.Fatalf("Load(%s) = %v: a bad file must not stop the rest loading", dir, err)
	}
	return ix, probs
}

const head = "---\ntitle: Pictures\npublished: 2026-01-01\n---\n" // the body starts on line 5

// TestImages checks images from the parsed article: an image written in code
// is text, not a missing file; one outside the content folder is a problem at
// its line; a linked article leading outside is left out, the rest loads.
func TestImages(t *testing.T) {
	tests := []struct {
		name   string
		folder folder
		want   []string // problems, "file:line: message" prefixes, in order
		slugs  string   // indexed articles
	}{
		{"image in fenced code", folder{files: map[string]string{
			"a.md": head + "Markdown for a picture:\n\n```markdown\n![A crane](images/crane.png)\n```\n"}}, nil, "a"},
		{"image in indented code", folder{files: map[string]string{
			"a.md": head + "Like this:\n\n    ![A crane](images/crane.png)\n"}}, nil, "a"},
		{"image in a code span", folder{files: map[string]string{
			"a.md": head + "Write `![A crane](images/crane.png)` for a picture.\n"}}, nil, "a"},
		{"link after an image mark in text", folder{files: map[string]string{
			"a.md": head + "Say ![ then [a link](nowhere.png).\n"}}, nil, "a"},
		{"present images", folder{files: map[string]string{
			"a.md":         head + "![a](images/a.png) ![b](./images/a.png \"B\")\n\n![c](/media/images/a.png) ![d](my%20pic.png) ![e](https://example.org/e.png) ![f](/web/icons/icon.svg)\n",
			"images/a.png": "png", "my pic.png": "png"}}, nil, "a"},
		{"present image from a subfolder", folder{files: map[string]string{
			"2026/a.md":    strings.Replace(head, "---\n", "---\nimage: ../images/a.png\n", 1) + "![a](../images/a.png)\n",
			"images/a.png": "png"}}, nil, "a"},
		{"missing images at their lines", folder{files: map[string]string{
			"a.md": head + "Text\nmore text ![gone](images/gone.png)\n\n![](images/empty-alt.png)\n\n![ref][r]\n\n[r]: images/by-ref.png\n"}},
			[]string{"a.md:6: image images/gone.png: file not found", "a.md:8: image images/empty-alt.png: file not found", "a.md:10: image images/by-ref.png: file not found"}, ""},
		{"body image above the folder", folder{files: map[string]string{
			"a.md": head + "\n![x](../../etc/x.png)\n"}},
			[]string{"a.md:6: image ../../etc/x.png: outside the content folder"}, ""},
		{"front matter image above the folder", folder{files: map[string]string{
			"a.md": strings.Replace(head, "---\n", "---\nimage: ../outside/secret.png\n", 1) + "Body.\n"}},
			[]string{"a.md:2: image ../outside/secret.png: outside the content folder"}, ""},
		{"absolute file paths", folder{files: map[string]string{
			"a.md": strings.Replace(head, "---\n", "---\nimage: /home/me/lead.png\n", 1) + "![x](/etc/x.png)\n\n![y](file:///etc/y.png)\n"}},
			[]string{"a.md:2: image /home/me/lead.png: outside the content folder", "a.md:6: image /etc/x.png: outside the content folder", "a.md:8: image file:///etc/y.png: outside the content folder"}, ""},
		{"missing media path", folder{files: map[string]string{
			"a.md": head + "![x](/media/images/none.png)\n"}},
			[]string{"a.md:5: image /media/images/none.png: file not found"}, ""},
		{"image linked to outside", folder{
			files: map[string]string{"a.md": head + "![x](images/secret.png)\n"},
			links: map[string]string{"images/secret.png": "OUTSIDE/secret.png"}},
			[]string{"a.md:5: image images/secret.png: a link to a file outside the content folder"}, ""},
		{"article linked to outside", folder{
			files: map[string]string{"a.md": head + "Mine.\n"},
			links: map[string]string{"b.md": "OUTSIDE/secret.md"}},
			[]string{"b.md:1: a link to a file outside the content folder: left out"}, "a"},
		{"article linked inside", folder{
			files: map[string]string{"drafts/a.md": head + "Mine.\n"},
			links: map[string]string{"b.md": "drafts/a.md"}},
			nil, "a,b"},
		{"article linked to nothing", folder{
			files: map[string]string{"a.md": head + "Mine.\n"},
			links: map[string]string{"b.md": "gone.md"}},
			[]string{"b.md:1: a link to a missing file: left out"}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, probs := loadDir(t, tt.folder.make(t))
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Load problems = %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("Load problem %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
			var slugs []string
			for _, m := range ix.List() {
				slugs = append(slugs, m.Slug)
			}
			if s := strings.Join(slugs, ","); s != tt.slugs {
				t.Errorf("Load indexed %q, want %q", s, tt.slugs)
			}
		})
	}
}
