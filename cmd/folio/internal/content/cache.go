package content

import (
	"sync"

	"folio/app/article"
)

// cacheSize is how many article bodies an index keeps: enough for the
// articles readers are on, bounded whatever the size of the magazine.
const cacheSize = 64

// entry is one article read in full, with the validator of that version.
type entry struct {
	article article.Article
	etag    string
}

// cache keeps the last few articles read, dropping the oldest first.
type cache struct {
	mu    sync.Mutex
	max   int
	m     map[string]entry
	order []string // slugs, oldest first
}

func newCache(max int) *cache { return &cache{max: max, m: map[string]entry{}} }

func (c *cache) get(slug string) (entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[slug]
	return e, ok
}

func (c *cache) put(slug string, e entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[slug]; !ok {
		if len(c.order) == c.max {
			delete(c.m, c.order[0])
			c.order = c.order[1:]
		}
		c.order = append(c.order, slug)
	}
	c.m[slug] = e
}

// len is how many bodies are kept.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
