package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"folio/app/article"
	"folio/app/comment"
)

// DataCache is the Cache Storage name of what the reader keeps; web/sw.js
// uses the same name and never deletes it on update.
const DataCache = "folio-data-v1"

// ArticleURL and CommentsURL are the API addresses the app reads, and so the
// cache keys the service worker answers them from offline.
// In a static export they follow its layout (see Export).
func ArticleURL(slug string) string  { return articleURL(slug) }
func CommentsURL(slug string) string { return commentsURL(slug) }

// Keep stores an article, the first page of its comment thread and its
// images in the data cache so it opens with no network. The article and
// thread are written from what the page already has, without a request,
// under the addresses the app reads them from (ArticleURL, CommentsURL);
// images are fetched unless cached.
// images are the body's image URLs (article.Rendered.Images); progress is
// called after each file.
func Keep(a article.Article, first *comment.Page, images []string, progress func(done, total int)) (files []string, bytes int64, err error) {
	body, err := json.Marshal(a)
	if err != nil {
		return nil, 0, fmt.Errorf("keep %s: %w", a.Slug, err)
	}
	// An exported page arrives without its thread (nil): keep the one the
	// comment server gave, not an empty one.
	threadUnknown := first == nil && LiveComments()
	if first == nil {
		first = &comment.Page{}
	}
	if first.Comments == nil {
		first = &comment.Page{Comments: []comment.Comment{}, Next: first.Next, Total: first.Total, Published: first.Published}
	}
	thread, err := json.Marshal(first)
	if err != nil {
		return nil, 0, fmt.Errorf("keep %s: %w", a.Slug, err)
	}
	images = localImages(append([]string{a.Image}, images...))
	total := 2 + len(images)
	step := func(n int) {
		if progress != nil {
			progress(n, total)
		}
	}
	for i, f := range []struct {
		url  string
		body []byte
	}{{ArticleURL(a.Slug), body}, {CommentsURL(a.Slug), thread}} {
		if threadUnknown && i == 1 {
			continue
		}
		if err := cachePut(f.url, f.body, "application/json; charset=utf-8"); err != nil {
			return files, bytes, fmt.Errorf("keep %s: %w", a.Slug, err)
		}
		files, bytes = append(files, f.url), bytes+int64(len(f.body))
		step(i + 1)
	}
	for i, img := range images {
		n, err := cacheFetch(img)
		if err != nil {
			return files, bytes, fmt.Errorf("keep %s: image %s: %w", a.Slug, img, err)
		}
		files, bytes = append(files, img), bytes+n
		step(3 + i)
	}
	return files, bytes, nil
}

// Forget removes kept files from the data cache, and the saved page of each
// article among them from the worker's page caches.
func Forget(files []string) {
	for _, f := range files {
		cacheDelete(f)
		if slug, ok := strings.CutPrefix(f, "/api/articles/"); ok && slug != "" {
			pageDelete("/a/" + slug)
		}
	}
}

// Prune deletes from the data cache what no kept article lists (keep) and
// was stored before since: files left by an article forgotten while its
// save was under way, or by older builds that never evicted. What this run
// of the app stored is left alone, as an article being kept right now is
// cached before the library lists it. The article list stays: the front
// page needs it offline. It returns how many files it deleted.
func Prune(keep map[string]bool, since time.Time) int {
	n := 0
	for _, f := range cachedBefore(since) {
		if !keep[f] && f != "/api/articles" && !strings.HasPrefix(f, "/api/articles?") {
			cacheDelete(f)
			n++
		}
	}
	return n
}

// localImages keeps the images served by this site, once each.
func localImages(srcs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, src := range srcs {
		if strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "//") && !seen[src] {
			seen[src] = true
			out = append(out, src)
		}
	}
	return out
}
