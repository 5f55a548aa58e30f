package client

import (
	"cmp"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"folio/app/article"
)

const (
	libraryKey = "folio.library"
	scrollKey  = "folio.scroll"
	// keepRecent is how many read-but-not-saved articles the library lists.
	keepRecent = 20
)

// Kept is an article this device keeps for offline reading: saved on purpose,
// or read recently.
type Kept struct {
	Slug      string    `json:"slug"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
	Image     string    `json:"image,omitempty"`
	Saved     bool      `json:"saved,omitempty"`
	SavedAt   time.Time `json:"savedAt,omitzero"`
	ReadAt    time.Time `json:"readAt,omitzero"`
	// Bytes is what the article, its comments and images take in the cache.
	Bytes int64 `json:"bytes"`
	// Files are the cached URLs, so removing the article frees them.
	Files []string `json:"files,omitempty"`
}

// Library is the list of kept articles, in local storage; the articles
// themselves are in the service worker's data cache.
type Library struct {
	mu      sync.Mutex
	kv      KV
	entries map[string]Kept
	scroll  map[string]int
}

// OpenLibrary loads the library from kv.
func OpenLibrary(kv KV) *Library {
	l := &Library{kv: kv, entries: map[string]Kept{}, scroll: map[string]int{}}
	if s, ok := kv.Get(libraryKey); ok {
		_ = json.Unmarshal([]byte(s), &l.entries)
	}
	if s, ok := kv.Get(scrollKey); ok {
		_ = json.Unmarshal([]byte(s), &l.scroll)
	}
	return l
}

func (l *Library) save() {
	if b, err := json.Marshal(l.entries); err == nil {
		l.kv.Set(libraryKey, string(b))
	}
}

// Record notes that m was read (now) or saved, with the cache files and size
// that keep it; files already listed are kept.
func (l *Library) Record(m article.Meta, saved bool, files []string, bytes int64, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.entries[m.Slug]
	k.Slug, k.Title, k.Published, k.Image = m.Slug, m.Title, m.Published, m.Image
	if saved && !k.Saved {
		k.Saved, k.SavedAt = true, now
	}
	if !saved {
		k.ReadAt = now
	}
	for _, f := range files {
		if !slices.Contains(k.Files, f) {
			k.Files = append(k.Files, f)
		}
	}
	k.Bytes = max(k.Bytes, bytes)
	l.entries[m.Slug] = k
	l.trim()
	l.save()
}

// trim forgets the oldest read-only articles beyond keepRecent.
func (l *Library) trim() {
	var recent []Kept
	for _, k := range l.entries {
		if !k.Saved {
			recent = append(recent, k)
		}
	}
	if len(recent) <= keepRecent {
		return
	}
	slices.SortFunc(recent, func(a, b Kept) int { return b.ReadAt.Compare(a.ReadAt) })
	for _, k := range recent[keepRecent:] {
		delete(l.entries, k.Slug)
	}
}

// Get returns the library's record of slug.
func (l *Library) Get(slug string) (Kept, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.entries[slug]
	return k, ok
}

// Remove forgets slug and returns its record, whose Files the caller deletes
// from the cache.
func (l *Library) Remove(slug string) (Kept, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.entries[slug]
	delete(l.entries, slug)
	l.save()
	return k, ok
}

// List returns saved articles (newest save first), then recently read ones.
func (l *Library) List() []Kept {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Kept, 0, len(l.entries))
	for _, k := range l.entries {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b Kept) int {
		if a.Saved != b.Saved {
			if a.Saved {
				return -1
			}
			return 1
		}
		if a.Saved {
			return cmp.Or(b.SavedAt.Compare(a.SavedAt), cmp.Compare(a.Slug, b.Slug))
		}
		return cmp.Or(b.ReadAt.Compare(a.ReadAt), cmp.Compare(a.Slug, b.Slug))
	})
	return out
}

// SetScroll remembers how far down slug the reader was.
func (l *Library) SetScroll(slug string, y int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.scroll[slug] == y {
		return
	}
	l.scroll[slug] = y
	if b, err := json.Marshal(l.scroll); err == nil {
		l.kv.Set(scrollKey, string(b))
	}
}

// Scroll is where the reader left slug, 0 if never.
func (l *Library) Scroll(slug string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.scroll[slug]
}
