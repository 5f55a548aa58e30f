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
	"runtime"
	"slices"
	"strings"
	"sync"

	"folio/app/article"
	"folio/cmd/folio/internal/highlight"
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
// It holds only their metadata; a body is read from the file system when it
// is asked for, and a few recent ones are kept. It is read-only after Load,
// so it is safe for concurrent use.
type Index struct {
	media  fs.FS
	list   []article.Meta
	bySlug map[string]slot
	byTag  map[string][]article.Meta // newest first
	bodies *cache
}

// slot is where an article is: its file, and its place in list.
type slot struct {
	file string
	pos  int
}

// loaded is one file's outcome.
type loaded struct {
	article article.Article
	probs   []Problem
}

// Load reads every *.md file under fsys and checks it. Articles with
// problems are left out of the index and reported, so a server never serves
// a broken article. Files are parsed on every core; the outcome does not
// depend on their order.
func Load(fsys fs.FS) (*Index, []Problem, error) {
	files, err := markdownFiles(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}
	results := make([]loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i] = loadFile(fsys, files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	ix := &Index{media: fsys, bySlug: map[string]slot{}, byTag: map[string][]article.Meta{}, bodies: newCache(cacheSize)}
	var probs []Problem
	byFile := map[string]string{} // slug → file that holds it
	metas := map[string]article.Meta{}
	for i, p := range files {
		r := results[i]
		if len(r.probs) > 0 {
			probs = append(probs, r.probs...)
			continue
		}
		a := r.article
		if prev, dup := byFile[a.Slug]; dup {
			// The file named after the slug keeps it; otherwise the first one.
			if path.Base(p) != a.Slug+".md" || path.Base(prev) == a.Slug+".md" {
				probs = append(probs, Problem{p, 1, fmt.Sprintf("slug %q is already used by %s", a.Slug, prev)})
				continue
			}
			probs = append(probs, Problem{prev, 1, fmt.Sprintf("slug %q is already used by %s", a.Slug, p)})
		}
		byFile[a.Slug] = p
		metas[a.Slug] = a.Meta
	}
	for _, m := range metas {
		ix.list = append(ix.list, m)
	}
	slices.SortFunc(ix.list, Newer)
	for i, m := range ix.list {
		ix.bySlug[m.Slug] = slot{byFile[m.Slug], i}
		for _, t := range m.Tags {
			ix.byTag[t] = append(ix.byTag[t], m)
		}
	}
	return ix, probs, nil
}

// Newer orders articles newest first, then by slug: the order of every list.
func Newer(a, b article.Meta) int {
	return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(a.Slug, b.Slug))
}

// markdownFiles lists the *.md files under fsys in walk order, skipping
// hidden files and folders.
func markdownFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && path.Ext(p) == ".md" && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// loadFile reads and checks one article file. Its body is not kept.
func loadFile(fsys fs.FS, p string) loaded {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		// One unreadable file, such as a link leading out of the
		// folder, is that article's problem, not the magazine's.
		return loaded{probs: []Problem{{p, 1, statProblem(fsys, p, err) + ": left out"}}}
	}
	a, ps := parseFile(fsys, p, src)
	a.Markdown = ""
	return loaded{article: a, probs: ps}
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
	a.MediaBase = mediaBase(file)
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

// mediaBase is the URL prefix the images of the article in file resolve against.
func mediaBase(file string) string {
	if dir := path.Dir(file); dir != "." {
		return MediaPrefix + dir + "/"
	}
	return MediaPrefix
}

// List returns every article's metadata, newest first. Callers must not modify it.
func (ix *Index) List() []article.Meta { return ix.list }

// Tagged returns the metadata of the articles tagged tag, newest first.
// Callers must not modify it.
func (ix *Index) Tagged(tag string) []article.Meta { return ix.byTag[tag] }

// Has reports whether an article has the slug, without reading it.
func (ix *Index) Has(slug string) bool {
	_, ok := ix.bySlug[slug]
	return ok
}

// Meta returns the metadata of the article with slug, without reading it.
func (ix *Index) Meta(slug string) (article.Meta, bool) {
	at, ok := ix.bySlug[slug]
	if !ok {
		return article.Meta{}, false
	}
	return ix.list[at.pos], true
}

// Get returns the article with the given slug, or article.ErrNotFound.
func (ix *Index) Get(slug string) (article.Article, error) {
	a, _, err := ix.GetWithETag(slug)
	return a, err
}

// GetWithETag returns the article with the given slug and a strong
// validator of that version of its file, or article.ErrNotFound. The body
// is read from the file system unless it was read lately; the metadata is
// what Load indexed.
func (ix *Index) GetWithETag(slug string) (article.Article, string, error) {
	at, ok := ix.bySlug[slug]
	if !ok {
		return article.Article{}, "", fmt.Errorf("get %q: %w", slug, article.ErrNotFound)
	}
	if e, ok := ix.bodies.get(slug); ok {
		return e.article, e.etag, nil
	}
	src, err := fs.ReadFile(ix.media, at.file)
	if err != nil {
		return article.Article{}, "", fmt.Errorf("get %q: read %s: %w", slug, at.file, err)
	}
	_, body, _, err := splitFrontMatter(at.file, src)
	if err != nil {
		return article.Article{}, "", fmt.Errorf("get %q: %w", slug, err)
	}
	around := ix.around(at.pos)
	e := entry{
		// Highlighted as it is published: the browser only lays out the spans.
		article: article.Article{Meta: ix.list[at.pos], MediaBase: mediaBase(at.file), Markdown: string(body), Code: highlight.Article(body), Around: &around},
		etag:    articleETag(src, around),
	}
	ix.bodies.put(slug, e)
	return e.article, e.etag, nil
}

// around is what the end of the article at pos in list offers, from the
// index's metadata.
func (ix *Index) around(pos int) article.Around {
	return article.AroundIn(ix.list, pos, ix.Tagged)
}

// articleETag is a strong validator of an article as served: its file and
// the stories its end links to, which change when others are published.
func articleETag(src []byte, around article.Around) string {
	h := sha256.New()
	h.Write(src)
	for _, m := range aroundMetas(around) {
		fmt.Fprintf(h, "\x00%s\x00%s\x00%s\x00%d", m.Slug, m.Title, m.Summary, m.ReadingMinutes)
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:8]) + `"`
}

func aroundMetas(ar article.Around) []article.Meta {
	out := ar.More
	if ar.Next != nil {
		out = append([]article.Meta{*ar.Next}, out...)
	}
	return out
}

// Media is the file system the content's images are served from.
func (ix *Index) Media() fs.FS { return ix.media }
