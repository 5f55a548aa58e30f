package transfer

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
)

const (
	tides = "the-quiet-science-of-tides"
	buses = "night-buses-of-the-river-city"
	salt  = "walking-the-old-salt-road"
)

func sample(t *testing.T) *content.Index {
	t.Helper()
	ix, _, err := content.Load(content.Sample())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "folio.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func importFile(t *testing.T, st store.Store, file string, opt Options) Report {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Import(context.Background(), st, file, f, opt)
	if err != nil {
		t.Fatalf("Import(%s) = %v", file, err)
	}
	return rep
}

func get(t *testing.T, st store.Store, id string) comment.Comment {
	t.Helper()
	c, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%s) = %v", id, err)
	}
	return c
}

func export(t *testing.T, st store.Store) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Export(context.Background(), st, &b); err != nil {
		t.Fatalf("Export = %v", err)
	}
	return b.Bytes()
}

// post stores c as the API would: trimmed, rendered and sanitized.
func post(t *testing.T, st store.Store, c comment.Comment) {
	t.Helper()
	c.HTML = api.RenderComment(c.Body)
	if _, _, err := st.Post(context.Background(), c); err != nil {
		t.Fatalf("Post(%s) = %v", c.ID, err)
	}
}

// TestExportImportRoundTrip: export, import into an empty store, export
// again gives the same bytes; importing twice adds nothing.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)
	for i, c := range []comment.Comment{
		{ID: "a1", Article: tides, Author: `O'Brien "Bob" 🦊`, Body: "Hello *there*\n\n> quoted <script>x</script>"},
		{ID: "a2", Article: tides, Parent: "a1", Author: "Dana", Body: "see https://x.example/?a=1&b=2 — 長"},
		{ID: "a3", Article: tides, Author: "Hid", Body: "hidden one"},
		{ID: "a4", Article: tides, Author: "Del", Body: "deleted one"},
		{ID: "b1", Article: buses, Author: "Eve", Body: "tabs\tand\r\nCRLF \\ \u2028"},
	} {
		c.Created, c.Status = t0.Add(time.Duration(i)*time.Minute), comment.Published
		post(t, src, c)
	}
	if err := src.SetStatus(ctx, "a3", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := src.Delete(ctx, "a4"); err != nil {
		t.Fatal(err)
	}
	first := export(t, src)
	if n := bytes.Count(first, []byte("\n")); n != 5 {
		t.Fatalf("Export wrote %d lines, want 5:\n%s", n, first)
	}
	file := filepath.Join(t.TempDir(), "comments.jsonl")
	if err := os.WriteFile(file, first, 0o644); err != nil {
		t.Fatal(err)
	}
	dst := openStore(t)
	rep := importFile(t, dst, file, Options{Articles: sample(t)})
	if rep.Format != "folio" || rep.Added != 5 || rep.Same != 0 || rep.LeftOut() != 0 {
		t.Fatalf("Import = %+v, want 5 added from a folio file", rep)
	}
	if again := export(t, dst); !bytes.Equal(again, first) {
		t.Errorf("export after import =\n%s\nwant\n%s", again, first)
	}
	rep = importFile(t, dst, file, Options{Articles: sample(t)})
	if rep.Added != 0 || rep.Same != 5 {
		t.Errorf("Import again = %+v, want nothing added, 5 the same", rep)
	}
	if again := export(t, dst); !bytes.Equal(again, first) {
		t.Errorf("export after importing twice differs:\n%s", again)
	}
}

// TestImportFolioRefuses: a broken file stops with its name and line; a
// comment that a post would be refused for is left out and reported with
// its line; an article that is not in the magazine is reported.
func TestImportFolioRefuses(t *testing.T) {
	good := `{"id":"g1","article":"` + tides + `","parent":"","author":"Ann","body":"fine","html":"","created":"2026-01-01T00:00:00Z","status":"published","hash":""}`
	tests := []struct {
		name    string
		lines   []string
		wantErr string // "" when the import runs
		problem string // a problem it reports
	}{
		{"bad JSON", []string{good, `{"id": "g2",`}, "in.jsonl:2: ", ""},
		{"unknown field", []string{good, strings.Replace(good, `"hash"`, `"votes":3,"hash"`, 1)}, `in.jsonl:2: `, ""},
		{"not an object", []string{good, `[1,2]`}, "in.jsonl:2: ", ""},
		{"too long", []string{good, strings.Replace(strings.Replace(good, "g1", "g2", 1), "fine", strings.Repeat("x", comment.MaxBodyLen+1), 1)}, "", "in.jsonl:2: comment g2: "},
		{"control character", []string{strings.Replace(good, "fine", `a\u0000b`, 1)}, "", "in.jsonl:1: comment g1: "},
		{"deleted with a body", []string{strings.Replace(good, "published", "deleted", 1)}, "", "in.jsonl:1: comment g1: "},
		{"client status", []string{strings.Replace(good, "published", "sending", 1)}, "", "in.jsonl:1: comment g1: "},
		{"bad time", []string{strings.Replace(good, "2026-01-01T00:00:00Z", "yesterday", 1)}, "in.jsonl:1: ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			in := strings.Join(tt.lines, "\n") + "\n"
			rep, err := Import(context.Background(), st, "in.jsonl", strings.NewReader(in), Options{Articles: sample(t)})
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("Import = %v, want an error starting %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Import = %v", err)
			}
			if len(rep.Problems) != 1 || !strings.HasPrefix(rep.Problems[0], tt.problem) {
				t.Errorf("Import problems = %q, want one starting %q", rep.Problems, tt.problem)
			}
		})
	}
	st := openStore(t)
	in := strings.Replace(good, tides, "no-such-article", 1) + "\n" + good + "\n"
	rep, err := Import(context.Background(), st, "in.jsonl", strings.NewReader(in), Options{Articles: sample(t)})
	if err != nil || rep.Added != 1 || len(rep.Unknown) != 1 || rep.Unknown[0].Key != "no-such-article" || rep.Unknown[0].Comments != 1 {
		t.Errorf("Import(unknown article) = %+v, %v, want it reported and the other added", rep, err)
	}
}

func TestImportRemark42(t *testing.T) {
	st := openStore(t)
	opt := Options{Articles: sample(t), Map: map[string]string{"https://old.example/2019/night-buses.html": buses}}
	rep := importFile(t, st, "testdata/remark42.jsonl", opt)
	if rep.Format != "remark42" || rep.Added != 4 || len(rep.Problems) != 0 {
		t.Fatalf("Import(remark42) = %+v, want 4 added", rep)
	}
	if want := []Thread{{Key: "https://old.example/about/", Comments: 1}}; !slices.Equal(rep.Unknown, want) {
		t.Errorf("unknown threads = %+v, want %+v", rep.Unknown, want)
	}
	first := get(t, st, "remark42-5f1c0a52-61a4-4b77-9d2e-2f5a1c2b9e01")
	want := comment.Comment{ID: first.ID, Article: tides, Author: "O'Brien & Co", Body: "Tides are *lovely*. 2 > 1",
		HTML: "<p>Tides are <em>lovely</em>. 2 &gt; 1</p>\n", Created: time.Date(2024, 3, 1, 9, 0, 0, 123456000, time.UTC), Status: comment.Published}
	if first != want {
		t.Errorf("first comment = %+v\nwant %+v", first, want)
	}
	reply := get(t, st, "remark42-5f1c0a52-61a4-4b77-9d2e-2f5a1c2b9e02")
	if reply.Parent != first.ID || reply.Body != "Agreed, see [this](https://tides.example/x?a=1&b=2) and this" ||
		strings.Contains(reply.HTML, "alert") {
		t.Errorf("reply = %+v, want its HTML as safe Markdown under the first", reply)
	}
	if d := get(t, st, "remark42-5f1c0a52-61a4-4b77-9d2e-2f5a1c2b9e03"); d.Status != comment.Deleted || d.Author != "" || d.Body != "" {
		t.Errorf("deleted comment = %+v, want kept as deleted and blank", d)
	}
	if c := get(t, st, "remark42-5f1c0a52-61a4-4b77-9d2e-2f5a1c2b9e05"); c.Article != buses {
		t.Errorf("mapped comment is on %q, want %q", c.Article, buses)
	}
	rep = importFile(t, st, "testdata/remark42.jsonl", opt)
	if rep.Added != 0 || rep.Same != 4 {
		t.Errorf("Import(remark42) again = %+v, want nothing added", rep)
	}
}

// TestImportRemark42Gzip: Remark42's automatic backups are gzipped.
func TestImportRemark42Gzip(t *testing.T) {
	raw, err := os.ReadFile("testdata/remark42.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	rep, err := Import(context.Background(), openStore(t), "backup.gz", &b, Options{Articles: sample(t)})
	if err != nil || rep.Format != "remark42" || rep.Added != 3 {
		t.Errorf("Import(gzipped remark42) = %+v, %v, want 3 added", rep, err)
	}
}

func TestImportDisqus(t *testing.T) {
	st := openStore(t)
	opt := Options{Articles: sample(t), Map: map[string]string{"https://old.example/2020/salt-road/": salt}}
	rep := importFile(t, st, "testdata/disqus.xml", opt)
	if rep.Format != "disqus" || rep.Added != 7 {
		t.Fatalf("Import(disqus) = %+v, want 7 added", rep)
	}
	if want := []Thread{{Key: "https://old.example/about/", Comments: 1}}; !slices.Equal(rep.Unknown, want) {
		t.Errorf("unknown threads = %+v, want %+v", rep.Unknown, want)
	}
	wantProblems := []string{"testdata/disqus.xml:108: comment disqus-9008: ", "testdata/disqus.xml:117: comment disqus-9009: "}
	if len(rep.Problems) != 2 || !strings.HasPrefix(rep.Problems[0], wantProblems[0]) || !strings.HasPrefix(rep.Problems[1], wantProblems[1]) {
		t.Errorf("problems = %q, want two starting %q", rep.Problems, wantProblems)
	}
	first := get(t, st, "disqus-9001")
	wantBody := "First line\nsecond line & more\n\nA **bold** *claim* with `x*y` and [a link](https://tides.example/?a=1&b=2).\n\n> quoted \\[text\\]\n\nbad link"
	if first.Article != tides || first.Author != "Ann <admin>" || first.Body != wantBody || first.Parent != "" ||
		!first.Created.Equal(time.Date(2023, 6, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("first post = %+v\nwant body %q by Ann <admin> on %s", first, wantBody, tides)
	}
	if strings.Contains(first.HTML, "alert") || strings.Contains(first.HTML, "javascript") ||
		!strings.Contains(first.HTML, `<a href="https://tides.example/?a=1&amp;b=2" rel="nofollow ugc noopener">a link</a>`) {
		t.Errorf("first post HTML = %q, want safe", first.HTML)
	}
	if r := get(t, st, "disqus-9002"); r.Parent != "disqus-9001" || r.Body != "Reply:\n\n- one\n- two" {
		t.Errorf("reply = %+v, want a list under disqus-9001", r)
	}
	if d := get(t, st, "disqus-9003"); d.Status != comment.Deleted || d.Body != "" || d.Author != "" {
		t.Errorf("deleted post = %+v, want deleted and blank", d)
	}
	if s := get(t, st, "disqus-9004"); s.Status != comment.Hidden || s.Article != buses {
		t.Errorf("spam post = %+v, want hidden on %s (mapped by identifier)", s, buses)
	}
	if s := get(t, st, "disqus-9006"); s.Article != salt {
		t.Errorf("post on a mapped thread is on %q, want %q", s.Article, salt)
	}
	if a := get(t, st, "disqus-9010"); a.Author != "Anonymous" {
		t.Errorf("post with no name is by %q, want Anonymous", a.Author)
	}
	rep = importFile(t, st, "testdata/disqus.xml", opt)
	if rep.Added != 0 || rep.Same != 7 {
		t.Errorf("Import(disqus) again = %+v, want nothing added", rep)
	}
}

func TestImportRefusesOtherFiles(t *testing.T) {
	for name, in := range map[string]string{
		"empty.txt":  "",
		"hello.txt":  "hello\n",
		"broken.xml": "<disqus><thread dsq:id=\"1\"><link>x</link></thread>\n<post><message>",
		"other.xml":  "<rss><channel/></rss>",
		"meta.jsonl": `{"version":2,"users":[],"posts":[]}` + "\n",
	} {
		_, err := Import(context.Background(), openStore(t), name, strings.NewReader(in), Options{Articles: sample(t)})
		if err == nil || !strings.HasPrefix(err.Error(), name+":") {
			t.Errorf("Import(%s) = %v, want an error naming the file", name, err)
		}
	}
}

func TestParseMap(t *testing.T) {
	in := "# old address → slug\nhttps://old.example/2020/salt-road/ walking-the-old-salt-road\n\n  salt-1\twalking-the-old-salt-road  \n"
	m, err := ParseMap("map.txt", strings.NewReader(in))
	if err != nil || len(m) != 2 || m["salt-1"] != salt || m["https://old.example/2020/salt-road/"] != salt {
		t.Errorf("ParseMap = %v, %v", m, err)
	}
	for _, bad := range []string{"one-field\n", "a b c\n", "a not/a/slug\n"} {
		if _, err := ParseMap("map.txt", strings.NewReader(bad)); err == nil || !strings.HasPrefix(err.Error(), "map.txt:1: ") {
			t.Errorf("ParseMap(%q) = %v, want an error at map.txt:1", bad, err)
		}
	}
}

// TestImportStreams: comments go to the store a batch at a time, not all at
// the end.
func TestImportStreams(t *testing.T) {
	var b strings.Builder
	for i := range 2*batchSize + 3 {
		b.WriteString(fmt.Sprintf(`{"id":"c%06d","article":"`, i) + tides +
			`","parent":"","author":"A","body":"x","html":"","created":"2026-01-01T00:00:00Z","status":"published","hash":""}` + "\n")
	}
	sink := &countingSink{Store: openStore(t)}
	rep, err := Import(context.Background(), sink, "big.jsonl", strings.NewReader(b.String()), Options{Articles: sample(t)})
	if err != nil || rep.Added != 2*batchSize+3 {
		t.Fatalf("Import = %+v, %v", rep, err)
	}
	if sink.calls != 3 || sink.largest != batchSize {
		t.Errorf("Import made %d calls, the largest of %d records, want 3 of at most %d", sink.calls, sink.largest, batchSize)
	}
}

type countingSink struct {
	store.Store
	calls, largest int
}

func (s *countingSink) Import(ctx context.Context, recs []store.Record) (store.ImportResult, error) {
	s.calls++
	s.largest = max(s.largest, len(recs))
	return s.Store.Import(ctx, recs)
}
