// Package content loads a magazine of Markdown articles from a folder, or the
// sample magazine compiled into the binary, and indexes it.
package content

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"folio/app/article"
)

//go:embed sample
var sample embed.FS

// Sample is the built-in sample magazine.
func Sample() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// MediaPrefix is the URL path under which the content folder's images are served.
const MediaPrefix = "/media/"

// Index is a loaded magazine: every article that parsed cleanly, newest first.
// It is read-only after Load, so it is safe for concurrent use.
type Index struct {
	media  fs.FS
	list   []article.Meta
	bySlug map[string]entry
}

type entry struct {
	article article.Article
	etag    string
}

// Load reads every *.md file under fsys. Articles with problems are left out
// of the index and reported, so a server never serves a broken article.
func Load(fsys fs.FS) (*Index, []Problem, error) {
	ix := &Index{media: fsys, bySlug: map[string]entry{}}
	var probs []Problem
	files := map[string]string{} // slug → file that holds it
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if d.IsDir() || path.Ext(p) != ".md" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			// One unreadable file, such as a link leading out of the
			// folder, is that article's problem, not the magazine's.
			probs = append(probs, Problem{p, 1, statProblem(fsys, p, err) + ": left out"})
			return nil
		}
		a, ps := parseFile(fsys, p, src)
		if len(ps) > 0 {
			probs = append(probs, ps...)
			return nil
		}
		if prev, dup := files[a.Slug]; dup {
			// The file named after the slug keeps it; otherwise the first one.
			if path.Base(p) != a.Slug+".md" || path.Base(prev) == a.Slug+".md" {
				probs = append(probs, Problem{p, 1, fmt.Sprintf("slug %q is already used by %s", a.Slug, prev)})
				return nil
			}
			probs = append(probs, Problem{prev, 1, fmt.Sprintf("slug %q is already used by %s", a.Slug, p)})
		}
		files[a.Slug] = p
		sum := sha256.Sum256(src)
		ix.bySlug[a.Slug] = entry{article: a, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		return nil, probs, fmt.Errorf("load content: %w", err)
	}
	for _, e := range ix.bySlug {
		ix.list = append(ix.list, e.article.Meta)
	}
	slices.SortFunc(ix.list, func(a, b article.Meta) int {
		return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(a.Slug, b.Slug))
	})
	return ix, probs, nil
}

// parseFile turns one file into an article, checking everything a publisher
// can get wrong in it.
func parseFile(fsys fs.FS, file string, src []byte) (article.Article, []Problem) {
	fmSrc, body, bodyLine, err := splitFrontMatter(file, src)
	if err != nil {
		var p Problem
		errors.As(err, &p)
		return article.Article{}, []Problem{p}
	}
	fm, probs := parseFrontMatter(file, fmSrc)
	a := article.Article{Meta: fm.meta, Markdown: string(body)}
	if a.Slug == "" {
		a.Slug = strings.TrimSuffix(path.Base(file), ".md")
		if !validSlug(a.Slug) {
			probs = append(probs, Problem{file, 1, fmt.Sprintf("file name %q is not a slug: rename it or set slug: in the front matter", path.Base(file))})
		}
	}
	dir := path.Dir(file)
	a.MediaBase = MediaPrefix
	if dir != "." {
		a.MediaBase += dir + "/"
	}
	if a.Image != "" {
		local, msg := checkImage(fsys, dir, a.Image)
		if msg != "" {
			probs = append(probs, Problem{file, fm.lines["image"], fmt.Sprintf("image %s: %s", a.Image, msg)})
		}
		if local != "" {
			a.Image = MediaPrefix + local
		}
	}
	probs = append(probs, checkBodyImages(fsys, file, dir, body, bodyLine)...)
	a.ReadingMinutes = article.ReadingMinutes(body)
	return a, probs
}

// List returns every article's metadata, newest first. Callers must not modify it.
func (ix *Index) List() []article.Meta { return ix.list }

// Get returns the article with the given slug, or article.ErrNotFound.
func (ix *Index) Get(slug string) (article.Article, error) {
	e, ok := ix.bySlug[slug]
	if !ok {
		return article.Article{}, fmt.Errorf("get %q: %w", slug, article.ErrNotFound)
	}
	return e.article, nil
}

// ETag is a strong validator for the article's API representation.
func (ix *Index) ETag(slug string) string { return ix.bySlug[slug].etag }

// Media is the file system the content's images are served from.
func (ix *Index) Media() fs.FS { return ix.media }
