// Package respcache keeps ready answers to the GET requests that cost the
// most: prerendered pages and the API's JSON. An answer is kept as the bytes
// to send, in each content encoding a client may ask for (brotli, gzip, none),
// each with a strong ETag, and served until what it was made from changes:
//
//   - the comments of an article it shows: every write (post, deletion,
//     moderation) bumps that article's version, in this process right after
//     the write commits and, on PostgreSQL, on every other server when the
//     write's notification arrives (see Watch);
//   - anything else the route names as its validator (an article page: the
//     version of the article's file).
//
// An answer records the versions it was made from before it was made, so a
// write that lands while a page renders leaves that page stale, never kept
// as fresh. Memory is bounded by a byte budget over every kept body, oldest
// use evicted first (LRU): pages differ in size by orders of magnitude, so a
// count of entries would bound nothing.
package respcache

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"hash/maphash"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"folio/cmd/folio/internal/negotiate"
)

// slots is how many version counters articles share. An article's writes
// bump its slot; two articles in one slot only cost each other a render.
const slots = 4096

// DefaultBytes is the memory budget when none is given: room for the hot
// pages of a large magazine in every encoding.
const DefaultBytes = 64 << 20

// maxEntryFraction: no one answer may take more than this share of the
// budget, so one huge page cannot flush everything else.
const maxEntryFraction = 8

// Cache is a byte-bounded LRU of ready answers. It is safe for concurrent
// use. The zero value is not usable: call New.
type Cache struct {
	seed     maphash.Seed
	versions [slots]atomic.Uint64
	// epoch changes on Purge: every answer made before is stale.
	epoch atomic.Uint64
	// down counts reasons to bypass the cache (a lost notification
	// connection); answers are neither served nor kept while it is above 0.
	down atomic.Int64

	mu       sync.Mutex
	max      int64
	used     int64
	lru      *list.List // of *entry, most recently used first
	byKey    map[string]*list.Element
	inflight map[string]*fill

	seq                   atomic.Uint64
	hits, misses, changes atomic.Int64
}

// New returns a cache holding at most maxBytes of bodies (DefaultBytes if
// maxBytes <= 0).
func New(maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultBytes
	}
	return &Cache{seed: maphash.MakeSeed(), max: maxBytes, lru: list.New(),
		byKey: map[string]*list.Element{}, inflight: map[string]*fill{}}
}

// Changed marks every answer that shows article's comments as stale; an
// empty article, every answer. Call it after the write has committed.
func (c *Cache) Changed(article string) {
	c.changes.Add(1)
	if article == "" {
		c.Purge()
		return
	}
	c.versions[c.slot(article)].Add(1)
}

// Purge marks every answer stale and frees their memory.
func (c *Cache) Purge() {
	c.epoch.Add(1)
	c.mu.Lock()
	c.lru.Init()
	clear(c.byKey)
	c.used = 0
	c.mu.Unlock()
}

// Suspend makes the cache pass every request through until Resume: while a
// server cannot hear other servers' writes, nothing it keeps can be trusted.
// It drops what is kept.
func (c *Cache) Suspend() {
	c.down.Add(1)
	c.Purge()
}

// Resume undoes one Suspend; it purges again, as writes may have been missed
// in between.
func (c *Cache) Resume() {
	c.Purge()
	c.down.Add(-1)
}

// Bypassed reports whether the cache passes requests through.
func (c *Cache) Bypassed() bool { return c.down.Load() > 0 }

// Stats is what the cache holds and how it did.
type Stats struct {
	Entries      int
	Bytes        int64
	Hits, Misses int64
	// Changes counts the writes reported (Changed), here or by other servers.
	Changes int64
}

// Stats returns the cache's figures.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Entries: len(c.byKey), Bytes: c.used, Hits: c.hits.Load(), Misses: c.misses.Load(),
		Changes: c.changes.Load()}
}

func (c *Cache) slot(article string) int {
	return int(maphash.String(c.seed, article) % slots)
}

// stamp is the state of what an answer depends on, read before making it.
type stamp struct {
	seq       uint64 // orders stamps: a later answer is never replaced by an earlier one
	epoch     uint64
	slots     []int
	versions  []uint64
	validator string
}

func (c *Cache) stampOf(d Deps) stamp {
	s := stamp{seq: c.seq.Add(1), epoch: c.epoch.Load(), validator: d.Validator}
	for _, a := range d.Articles {
		i := c.slot(a)
		s.slots = append(s.slots, i)
		s.versions = append(s.versions, c.versions[i].Load())
	}
	return s
}

// current reports whether an answer made at s is still good for a request
// whose dependencies are now at now (stampOf the same Deps).
func (s stamp) current(now stamp) bool {
	if s.epoch != now.epoch || s.validator != now.validator || len(s.slots) != len(now.slots) {
		return false
	}
	for i := range s.slots {
		if s.slots[i] != now.slots[i] || s.versions[i] != now.versions[i] {
			return false
		}
	}
	return true
}

// Deps is what a request's answer is made from.
type Deps struct {
	// Articles whose comments the answer shows.
	Articles []string
	// Validator is anything else that must not have changed, such as the
	// version of the article's file; compared as is.
	Validator string
}

// Route tells the cache whether a request's answer may be kept, and what it
// depends on. ok false passes the request through.
type Route func(r *http.Request) (d Deps, ok bool)

// Handler serves next's answers to the requests route accepts from the
// cache, keeping next's 200 answers. Headers set on the writer before it
// (security policy, CORS) stay the caller's: only the headers next sets are
// kept and replayed.
func (c *Cache) Handler(route Route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header.Get("Range") != "" || c.Bypassed() {
			next.ServeHTTP(w, r)
			return
		}
		d, ok := route(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		// The fragment is the page's language (web.withLang sets it).
		key := r.URL.Path + "?" + r.URL.RawQuery + "#" + r.URL.Fragment
		inm := r.Header.Get("If-None-Match") // read now: next may drop it
		now := c.stampOf(d)
		if e := c.lookup(key, now); e != nil {
			c.hits.Add(1)
			e.serve(w, r, inm)
			return
		}
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		c.misses.Add(1)
		if e, send := c.make(key, now, w, r, next); send {
			e.serve(w, r, inm)
		}
	})
}

// lookup returns the kept answer for key if it is current.
func (c *Cache) lookup(key string, now stamp) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if !e.stamp.current(now) {
		c.remove(el)
		return nil
	}
	c.lru.MoveToFront(el)
	return e
}

// fill is one answer being made; requests for the same key and stamp wait
// for it instead of making it again.
type fill struct {
	stamp stamp
	done  chan struct{}
	e     *entry // nil: not kept (not a 200, too big)
}

// make runs next for r and keeps its answer. Requests for the same answer
// that arrive meanwhile wait for it. It returns the answer and true when the
// caller is to send it; false when w was already answered (an answer that
// is not kept goes out as next wrote it).
func (c *Cache) make(key string, now stamp, w http.ResponseWriter, r *http.Request, next http.Handler) (*entry, bool) {
	c.mu.Lock()
	if f, ok := c.inflight[key]; ok && f.stamp.current(now) {
		c.mu.Unlock()
		<-f.done
		if f.e != nil {
			return f.e, true
		}
		next.ServeHTTP(w, r) // not keepable: answer it as always
		return nil, false
	}
	f := &fill{stamp: now, done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.inflight[key] == f {
			delete(c.inflight, key)
		}
		c.mu.Unlock()
		close(f.done)
	}()

	rec := &recorder{header: http.Header{}}
	next.ServeHTTP(rec, r)
	if rec.status() != http.StatusOK || rec.header.Get("Set-Cookie") != "" ||
		int64(rec.body.Len()) > c.max/maxEntryFraction || rec.header.Get("Content-Encoding") != "" {
		rec.replay(w)
		return nil, false
	}
	e := newEntry(key, now, rec)
	f.e = e
	c.keep(e)
	return e, true
}

// keep stores e unless it is already stale, evicting the least recently
// used answers past the budget.
func (c *Cache) keep(e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.stamp.epoch != c.epoch.Load() {
		return // purged while it was made
	}
	if el, ok := c.byKey[e.key]; ok {
		if el.Value.(*entry).stamp.seq > e.stamp.seq {
			return // a later answer is already kept
		}
		c.remove(el)
	}
	c.byKey[e.key] = c.lru.PushFront(e)
	c.used += e.size()
	for c.used > c.max {
		c.remove(c.lru.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*entry)
	delete(c.byKey, e.key)
	c.used -= e.size()
}

// recorder captures next's answer.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}

// replay sends what was recorded, as next would have.
func (r *recorder) replay(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(r.status())
	_, _ = w.Write(r.body.Bytes())
}

// entry is one kept answer.
type entry struct {
	key    string
	stamp  stamp
	header http.Header // what next set, less what the cache sets itself
	tag    string      // hash of the uncompressed body
	// variants in order of preference: brotli, gzip, then the body itself.
	variants [3]variant
}

// variant is the body in one encoding, compressed on first use.
type variant struct {
	encoding string
	once     sync.Once
	body     []byte
	etag     string
	length   string
}

// ownHeaders are the headers the cache sets for each answer it sends.
var ownHeaders = []string{"Content-Length", "Content-Encoding", "Etag", "Vary", "Date"}

func newEntry(key string, s stamp, rec *recorder) *entry {
	h := rec.header.Clone()
	for _, k := range ownHeaders {
		h.Del(k)
	}
	body := bytes.Clone(rec.body.Bytes())
	sum := sha256.Sum256(body)
	e := &entry{key: key, stamp: s, header: h, tag: hex.EncodeToString(sum[:12])}
	e.variants[0].encoding, e.variants[1].encoding = "br", "gzip"
	e.variants[2].once.Do(func() {
		e.variants[2].body, e.variants[2].etag, e.variants[2].length = body, `"`+e.tag+`"`, strconv.Itoa(len(body))
	})
	if !compressible(h.Get("Content-Type")) {
		// Only the body itself is sent.
		e.variants[0].encoding, e.variants[1].encoding = "", ""
	}
	return e
}

// size is what the entry counts against the budget: its bodies, compressed
// ones counted ahead of being made so the budget holds once they are.
func (e *entry) size() int64 {
	n := int64(len(e.variants[2].body))
	if e.variants[0].encoding != "" {
		n += n / 2 // brotli and gzip together stay well under half of text
	}
	return n + int64(len(e.key)) + 512
}

// pick is the variant the request accepts, made if needed.
func (e *entry) pick(r *http.Request) *variant {
	ae := r.Header.Get("Accept-Encoding")
	for i := range 2 {
		v := &e.variants[i]
		if v.encoding != "" && negotiate.Accepts(ae, v.encoding) {
			v.once.Do(func() { v.compress(e.variants[2].body, e.tag) })
			return v
		}
	}
	return &e.variants[2]
}

func (v *variant) compress(raw []byte, tag string) {
	var err error
	switch v.encoding {
	case "br":
		v.body, err = negotiate.Brotli(raw, brotliLevel)
	case "gzip":
		v.body, err = negotiate.Gzip(raw, gzipLevel)
	}
	if err != nil {
		// Cannot happen with in-memory buffers; send the body as is.
		v.encoding, v.body = "", raw
		v.etag, v.length = `"`+tag+`"`, strconv.Itoa(len(raw))
		return
	}
	suffix := map[string]string{"br": "-br", "gzip": "-gz"}[v.encoding]
	v.etag, v.length = `"`+tag+suffix+`"`, strconv.Itoa(len(v.body))
}

// serve sends the entry, or 304 when the request already has it.
func (e *entry) serve(w http.ResponseWriter, r *http.Request, ifNoneMatch string) {
	v := e.pick(r)
	h := w.Header()
	for k, vs := range e.header {
		h[k] = slices.Clone(vs) // a later Add must not write into the kept slice
	}
	if e.variants[0].encoding != "" {
		AddVary(h, "Accept-Encoding")
	}
	h.Set("ETag", v.etag)
	if negotiate.NoneMatch(ifNoneMatch, v.etag) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if v.encoding != "" {
		h.Set("Content-Encoding", v.encoding)
	}
	h.Set("Content-Length", v.length)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(v.body)
	}
}

// AddVary adds name to the Vary header unless it is there.
func AddVary(h http.Header, name string) {
	for _, v := range h.Values("Vary") {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}

// compressible lists the content types worth compressing.
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	switch strings.TrimSpace(ct) {
	case "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
		"application/json", "application/manifest+json", "application/xml", "application/atom+xml", "image/svg+xml":
		return true
	}
	return false
}
