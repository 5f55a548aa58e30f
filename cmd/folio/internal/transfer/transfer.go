// Package transfer moves comments in and out of a store: folio comments
// export writes every comment as JSON Lines, and folio comments import reads
// that back, or a Remark42 backup, or a Disqus XML export. Files are read
// and written as streams: a batch of comments is in memory at a time, never
// the whole file.
//
// Imported text is untrusted like a posted comment: HTML from other systems
// becomes Markdown (markdown.go), every comment is checked as a post is and
// rendered by the same renderer, and what fails is reported with its file
// and line, not stored.
package transfer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/store"
)

// batchSize is how many comments go to the store in one transaction.
const batchSize = 500

// maxLine is the longest line a JSON Lines file may have: a comment is at
// most a few tens of KB, a Remark42 backup's first line lists its users.
const maxLine = 64 << 20

// maxProblems bounds the problems a report lists; it counts them all.
const maxProblems = 100

// anonymous is the name of an imported comment whose author left none: a
// post needs a name, and the comment is worth keeping.
const anonymous = "Anonymous"

// Source is what Export reads: every stored comment, streamed.
type Source interface {
	Each(ctx context.Context, fn func(store.Record) error) error
}

// Sink is what Import writes to.
type Sink interface {
	Import(ctx context.Context, recs []store.Record) (store.ImportResult, error)
}

// Articles says which article slugs exist.
type Articles interface {
	Has(slug string) bool
}

// Options are how Import maps the threads of a file to articles.
type Options struct {
	// Articles are the magazine's articles: a comment goes only to one.
	Articles Articles
	// Map names the article of a thread by its address or identifier,
	// before the rules Import tries by itself.
	Map map[string]string
}

// Thread is a thread of the file that no article was found for.
type Thread struct {
	// Key is its address, or its identifier when it has none.
	Key string
	// Comments counts its comments, all left out.
	Comments int
}

// Report is what Import did.
type Report struct {
	// Format is "folio", "remark42" or "disqus".
	Format string
	// Added and Same count comments stored now and found stored already.
	Added, Same int
	// Conflicts are the ids stored already with other content; the stored
	// comments were kept.
	Conflicts []string
	// Problems are the comments left out as a post would be refused, as
	// "FILE:LINE: comment ID: reason", the first maxProblems of Refused.
	Problems []string
	Refused  int
	// Unknown are the threads no article was found for, by key.
	Unknown []Thread
	// Blocked counts the author names the file blocks, now blocked.
	Blocked int
}

// LeftOut counts the comments of the file that are not in the store as the
// file has them: refused, on unknown threads, or in conflict.
func (r Report) LeftOut() int {
	n := r.Refused + len(r.Conflicts)
	for _, t := range r.Unknown {
		n += t.Comments
	}
	return n
}

// line is one comment in Folio's JSON Lines: every field the store keeps.
type line struct {
	ID      string         `json:"id"`
	Article string         `json:"article"`
	Parent  string         `json:"parent"`
	Author  string         `json:"author"`
	Body    string         `json:"body"`
	HTML    string         `json:"html"`
	Created time.Time      `json:"created"`
	Status  comment.Status `json:"status"`
	Hash    string         `json:"hash"`
	// Reader is the hash of the posting device's reader key (store.Record).
	Reader string `json:"reader,omitempty"`
	// What the reader's desk keeps of a comment (store.Record); absent
	// from older files, which import as before.
	Pinned    bool           `json:"pinned,omitempty"`
	Owner     string         `json:"owner,omitempty"`
	Edited    time.Time      `json:"edited,omitzero"`
	ByAuthor  bool           `json:"byAuthor,omitempty"`
	Reactions []reactionLine `json:"reactions,omitempty"`
	// Blocked is a blocked author name, on a line of its own after the
	// comments (blockedLine).
	Blocked string `json:"blocked,omitempty"`
}

// reactionLine is one device's reaction to a comment.
type reactionLine struct {
	Device string `json:"device"`
	Emoji  string `json:"emoji,omitempty"`
	Vote   int    `json:"vote,omitempty"`
}

// blockedLine is how a blocked name is written.
type blockedLine struct {
	Blocked string `json:"blocked"`
}

// Blocker lists the blocked author names (store.Moderator): a Source that
// is one exports them too.
type Blocker interface {
	Blocked(ctx context.Context) ([]string, error)
}

// BlockSink blocks an author name (store.Moderator): a Sink that is one
// imports the names a Folio file blocks.
type BlockSink interface {
	Block(ctx context.Context, name string) error
}

// Export writes every comment of src to w, one JSON object a line, oldest
// first, and returns how many it wrote.
func Export(ctx context.Context, src Source, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err := src.Each(ctx, func(r store.Record) error {
		n++
		return enc.Encode(recordLine(r))
	})
	if b, ok := src.(Blocker); ok && err == nil {
		var names []string
		names, err = b.Blocked(ctx)
		for _, name := range names {
			if err == nil {
				err = enc.Encode(blockedLine{Blocked: name})
			}
		}
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// recordLine is r as Export writes it.
func recordLine(r store.Record) line {
	l := line{ID: r.ID, Article: r.Article, Parent: r.Parent, Author: r.Author, Body: r.Body,
		HTML: r.HTML, Created: r.Created.UTC(), Status: r.Status, Hash: r.Hash, Reader: r.Reader,
		Pinned: r.Pinned, Owner: r.Owner, ByAuthor: r.ByAuthor}
	if !r.Edited.IsZero() {
		l.Edited = r.Edited.UTC()
	}
	for _, x := range r.Reactions {
		l.Reactions = append(l.Reactions, reactionLine{Device: x.Device, Emoji: x.Emoji, Vote: x.Vote})
	}
	return l
}

// item is one comment read from a file, before its thread is mapped.
type item struct {
	line   int
	thread source // where the file puts it
	c      comment.Comment
	hash   string // the file's hash (Folio's own files), or "" to compute
	reader string // the posting device's reader hash (Folio's own files)
	// owner and reactions: what Folio's own files keep beside a comment.
	owner     string
	reactions []comment.Reaction
}

// source names a thread the way the file does.
type source struct {
	link, ident string
}

func (s source) key() string {
	if s.link != "" {
		return s.link
	}
	return s.ident
}

// Import reads the comments in r, a file called name, into dst: Folio's
// JSON Lines, a Remark42 backup or a Disqus XML export, gzipped or not,
// told apart by their content. A file it cannot read stops it with an error
// naming the file and line; batches stored before stay, and importing the
// file again adds only what is missing.
func Import(ctx context.Context, dst Sink, name string, r io.Reader, opt Options) (Report, error) {
	br, format, err := detect(name, r)
	if err != nil {
		return Report{}, err
	}
	imp := &importer{ctx: ctx, dst: dst, name: name, opt: opt, unknown: map[string]int{}}
	imp.rep.Format = format
	switch format {
	case "folio":
		err = readFolio(name, br, imp.add, imp.block)
	case "remark42":
		err = readRemark42(name, br, imp.add)
	case "disqus":
		err = readDisqus(name, br, imp.add)
	}
	if err == nil {
		err = imp.flush()
	}
	if err == nil {
		err = imp.blockAll()
	}
	imp.finish()
	return imp.rep, err
}

// detect opens gzip if r is gzipped and tells the format by the first
// thing in the file.
func detect(name string, r io.Reader) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", name, err)
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head, _ := br.Peek(4096)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("<")):
		return br, "disqus", nil
	case bytes.HasPrefix(head, []byte("{")):
		// Remark42's backups start with their meta line, then comments
		// with a locator; Folio's lines have an article.
		first, _, _ := bytes.Cut(head, []byte("\n"))
		if bytes.Contains(first, []byte(`"locator"`)) || bytes.Contains(first, []byte(`"version"`)) && !bytes.Contains(first, []byte(`"article"`)) {
			return br, "remark42", nil
		}
		return br, "folio", nil
	}
	return nil, "", fmt.Errorf("%s:1: not a Folio export, a Remark42 backup or a Disqus XML export", name)
}

// importer maps, checks and batches the comments the readers hand it.
type importer struct {
	ctx     context.Context
	dst     Sink
	name    string
	opt     Options
	batch   []store.Record
	rep     Report
	unknown map[string]int
	blocked []blockedName // names to block once the comments are in
}

// add takes one comment from a reader: on an unknown thread it is counted
// there; refused as a post would be, it is reported; else it is batched.
func (imp *importer) add(it item) error {
	slug, ok := imp.article(it.thread)
	if !ok {
		imp.unknown[it.thread.key()]++
		return nil
	}
	c := it.c
	c.Article = slug
	hash := it.hash
	if hash == "" {
		hash = comment.ContentHash(c)
	}
	// Checked before rendering: an oversized body costs nothing more.
	rec := store.Record{Comment: c, Hash: hash, Reader: it.reader, Owner: it.owner, Reactions: it.reactions}
	if err := store.CheckRecord(rec); err != nil {
		imp.refuse(it.line, c.ID, err)
		return nil
	}
	if c.Status != comment.Deleted {
		rec.HTML = api.RenderComment(c.Body)
	}
	imp.batch = append(imp.batch, rec)
	if len(imp.batch) == batchSize {
		return imp.flush()
	}
	return nil
}

func (imp *importer) refuse(line int, id string, err error) {
	imp.rep.Refused++
	if len(imp.rep.Problems) < maxProblems {
		// The store's own prefix ("import comment ID: ") says less than
		// the file and line.
		msg := err.Error()
		if _, rest, ok := strings.Cut(msg, id+": "); ok {
			msg = rest
		}
		imp.rep.Problems = append(imp.rep.Problems, fmt.Sprintf("%s:%d: comment %s: %s", imp.name, line, id, msg))
	}
}

func (imp *importer) flush() error {
	if len(imp.batch) == 0 {
		return nil
	}
	res, err := imp.dst.Import(imp.ctx, imp.batch)
	if err != nil {
		return fmt.Errorf("%s: %w", imp.name, err)
	}
	imp.rep.Added += res.Added
	imp.rep.Same += res.Same
	imp.rep.Conflicts = append(imp.rep.Conflicts, res.Conflicts...)
	imp.batch = imp.batch[:0]
	return nil
}

func (imp *importer) finish() {
	for k, n := range imp.unknown {
		imp.rep.Unknown = append(imp.rep.Unknown, Thread{Key: k, Comments: n})
	}
	sort.Slice(imp.rep.Unknown, func(i, j int) bool { return imp.rep.Unknown[i].Key < imp.rep.Unknown[j].Key })
}

// articlePath is an article's address on a Folio site.
var articlePath = regexp.MustCompile(`^/a/([A-Za-z0-9_-]+)/?$`)

// article finds the article of a thread: named in the map by its address
// or identifier; the slug in an /a/{slug} address; or an identifier that is
// a slug. It must be one of the magazine's articles.
func (imp *importer) article(s source) (string, bool) {
	var candidates []string
	for _, k := range []string{s.link, s.ident} {
		if slug, ok := imp.opt.Map[k]; ok && k != "" {
			candidates = append(candidates, slug)
		}
	}
	if u, err := url.Parse(s.link); err == nil && s.link != "" {
		if m := articlePath.FindStringSubmatch(u.Path); m != nil {
			candidates = append(candidates, m[1])
		}
	}
	candidates = append(candidates, s.ident)
	for _, slug := range candidates {
		if slug != "" && imp.opt.Articles.Has(slug) {
			return slug, true
		}
	}
	return "", false
}

// lines calls fn with each line of r that is not blank, and its number.
func lines(name string, r *bufio.Reader, fn func(n int, b []byte) error) error {
	var buf []byte
	for n := 1; ; n++ {
		buf = buf[:0]
		for {
			chunk, err := r.ReadSlice('\n')
			buf = append(buf, chunk...)
			if len(buf) > maxLine {
				return fmt.Errorf("%s:%d: line longer than %d MB", name, n, maxLine>>20)
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err == io.EOF {
				if b := bytes.TrimSpace(buf); len(b) > 0 {
					return fn(n, b)
				}
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s:%d: %w", name, n, err)
			}
			break
		}
		if b := bytes.TrimSpace(buf); len(b) > 0 {
			if err := fn(n, b); err != nil {
				return err
			}
		}
	}
}

// decodeLine decodes one JSON object, refusing fields v does not have and
// anything after the object.
func decodeLine(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

// readFolio reads Folio's own JSON Lines: every field as exported, the
// article's slug as the thread's identifier; a line that names only a
// blocked author goes to block.
func readFolio(name string, r *bufio.Reader, add func(item) error, block func(n int, name string)) error {
	return lines(name, r, func(n int, b []byte) error {
		var l line
		if err := decodeLine(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), &l); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if l.Blocked != "" && l.ID == "" {
			block(n, l.Blocked)
			return nil
		}
		c := comment.Comment{ID: l.ID, Parent: l.Parent, Author: l.Author, Body: l.Body, Created: l.Created, Status: l.Status,
			Pinned: l.Pinned, Edited: l.Edited, ByAuthor: l.ByAuthor}
		it := item{line: n, thread: source{ident: l.Article}, c: c, hash: l.Hash, reader: l.Reader, owner: l.Owner}
		for _, x := range l.Reactions {
			it.reactions = append(it.reactions, comment.Reaction{Comment: l.ID, Device: x.Device, Emoji: x.Emoji, Vote: x.Vote})
		}
		return add(it)
	})
}

// ParseMap reads a -map file: lines of a thread's address or identifier and
// the slug of its article, separated by white space; blank lines and lines
// starting with # are skipped.
func ParseMap(name string, r io.Reader) (map[string]string, error) {
	m := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 2 || !slugPattern.MatchString(f[1]) {
			return nil, fmt.Errorf("%s:%d: want an address or identifier, then an article slug", name, n)
		}
		m[f[0]] = f[1]
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

var slugPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
