package client

import (
	"cmp"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"folio/app/article"
)

const (
	// libraryKey is where older builds kept the whole library as one map;
	// it is read once and moved to one key per article.
	libraryKey = "folio.library"
	// LibraryPrefix starts the key of each kept article.
	LibraryPrefix = libraryKey + "."
	// SavingPrefix starts the key of each save asked for offline.
	SavingPrefix = "folio.saving."
	// evictPrefix starts the key of each cached file to delete: noted with
	// the change that frees it, cleared once deleted, so a page closed
	// in between leaves no file behind.
	evictPrefix = "folio.evict."
	scrollKey   = "folio.scroll"
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

// Library is the list of kept articles, in local storage, one key per
// article read afresh on every operation so tabs merge their changes; the
// articles themselves are in the service worker's data cache.
type Library struct {
	mu sync.Mutex
	kv KV
}

// OpenLibrary opens the library in kv, moving an older build's map into it.
func OpenLibrary(kv KV) *Library {
	l := &Library{kv: kv}
	if s, ok := kv.Get(libraryKey); ok {
		var old map[string]Kept
		_ = json.Unmarshal([]byte(s), &old) // a damaged library starts empty
		for slug, k := range old {
			if _, ok := l.get(slug); !ok && slug != "" {
				k.Slug = slug
				l.put(k)
			}
		}
		kv.Delete(libraryKey)
	}
	return l
}

func (l *Library) put(k Kept) { setJSON(l.kv, LibraryPrefix+k.Slug, k) }

func (l *Library) get(slug string) (Kept, bool) {
	if k, ok := getJSON[Kept](l.kv, LibraryPrefix+slug); ok && k.Slug == slug {
		return k, true
	}
	return Kept{}, false
}

func (l *Library) all() []Kept {
	var out []Kept
	for _, key := range l.kv.Keys(LibraryPrefix) {
		if k, ok := l.get(strings.TrimPrefix(key, LibraryPrefix)); ok {
			out = append(out, k)
		}
	}
	return out
}

// Record notes that m was read (now) or saved, with the cache files and size
// that keep it; files already listed are kept. It returns the files no kept
// article uses any more (those of articles it forgot): delete them from the
// cache with Forget, then call Evicted.
func (l *Library) Record(m article.Meta, saved bool, files []string, bytes int64, now time.Time) (drop []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, _ := l.get(m.Slug)
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
	l.put(k)
	return l.trim()
}

// trim forgets the oldest read-only articles beyond keepRecent and returns
// their files that no kept article uses.
func (l *Library) trim() []string {
	var recent []Kept
	for _, k := range l.all() {
		if !k.Saved {
			recent = append(recent, k)
		}
	}
	if len(recent) <= keepRecent {
		return nil
	}
	sort.Slice(recent, func(i, j int) bool { return recent[j].ReadAt.Before(recent[i].ReadAt) })
	var drop []string
	for _, k := range recent[keepRecent:] {
		l.kv.Delete(LibraryPrefix + k.Slug)
		drop = append(drop, k.Files...)
	}
	return l.unused(drop)
}

// unused is the files no kept article lists; they are noted for eviction.
func (l *Library) unused(files []string) []string {
	used := l.files()
	var out []string
	for _, f := range files {
		if !used[f] && !slices.Contains(out, f) {
			out = append(out, f)
			l.kv.Set(evictPrefix+f, "1")
		}
	}
	return out
}

// ToEvict is the files forgotten articles left to delete from the cache
// that no kept article lists (again): those a closed page did not delete.
func (l *Library) ToEvict() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	used := l.files()
	var out []string
	for _, key := range l.kv.Keys(evictPrefix) {
		if f := strings.TrimPrefix(key, evictPrefix); used[f] {
			l.kv.Delete(key)
		} else {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// Evicted notes that files were deleted from the cache.
func (l *Library) Evicted(files []string) {
	for _, f := range files {
		l.kv.Delete(evictPrefix + f)
	}
}

func (l *Library) files() map[string]bool {
	used := map[string]bool{}
	for _, k := range l.all() {
		for _, f := range k.Files {
			used[f] = true
		}
	}
	return used
}

// Files is every file a kept article lists: what the data cache must keep.
func (l *Library) Files() map[string]bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.files()
}

// Get returns the library's record of slug.
func (l *Library) Get(slug string) (Kept, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.get(slug)
}

// Remove forgets slug and returns its files that no other kept article
// uses, for the caller to delete from the cache (Forget, then Evicted).
func (l *Library) Remove(slug string) (drop []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.get(slug)
	l.kv.Delete(LibraryPrefix + slug)
	if !ok {
		return nil
	}
	return l.unused(k.Files)
}

// QueueSave remembers that the reader asked to save m while it could not be
// fetched, to finish when the network returns; it survives reloads.
func (l *Library) QueueSave(m article.Meta) {
	setJSON(l.kv, SavingPrefix+m.Slug, m)
}

// SaveQueued reports whether a save of slug waits for the network.
func (l *Library) SaveQueued(slug string) bool {
	_, ok := l.kv.Get(SavingPrefix + slug)
	return ok
}

// Queued is the saves waiting for the network, in slug order.
func (l *Library) Queued() []article.Meta {
	var out []article.Meta
	for _, key := range l.kv.Keys(SavingPrefix) {
		m, ok := getJSON[article.Meta](l.kv, key)
		if !ok || m.Slug == "" {
			l.kv.Delete(key)
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

// Unqueue drops a queued save: done, cancelled, or impossible.
func (l *Library) Unqueue(slug string) { l.kv.Delete(SavingPrefix + slug) }

// List returns saved articles (newest save first), then recently read ones.
func (l *Library) List() []Kept {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.all()
	// sort.Slice, not slices.SortFunc: see Outbox.entries.
	sort.Slice(out, func(i, j int) bool { return compareKept(out[i], out[j]) < 0 })
	return out
}

// compareKept orders saved articles first, newest save first, then the
// others, most recently read first.
func compareKept(a, b Kept) int {
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
}

// SetScroll remembers how far down slug the reader was. The positions are
// read afresh before each change, so tabs keep each other's.
func (l *Library) SetScroll(slug string, y int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	scroll := l.scroll()
	if scroll[slug] == y {
		return
	}
	scroll[slug] = y
	for s := range scroll {
		if _, kept := l.kv.Get(LibraryPrefix + s); !kept && s != slug {
			delete(scroll, s) // forgotten: its place goes too
		}
	}
	setJSON(l.kv, scrollKey, scroll)
}

func (l *Library) scroll() map[string]int {
	if scroll, ok := getJSON[map[string]int](l.kv, scrollKey); ok && scroll != nil {
		return scroll
	}
	return map[string]int{}
}

// Scroll is where the reader left slug, 0 if never.
func (l *Library) Scroll(slug string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.scroll()[slug]
}
