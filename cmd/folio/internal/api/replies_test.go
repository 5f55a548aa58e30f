package api

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
	"folio/cmd/folio/internal/respcache"
	"folio/cmd/folio/internal/store"
)

// postKeyed is a post from a device that sends its reader key.
func postKeyed(id, article, parent, author, body, key string) req {
	b, _ := json.Marshal(map[string]string{"id": id, "article": article, "parent": parent,
		"author": author, "body": body, "reader": key})
	return req{method: "POST", path: "/api/comments", body: string(b)}
}

// repliesOf reads the ids and titles on the first page of key's replies.
func (e *env) repliesOf(t *testing.T, key, query string) (ids []string, ans repliesAnswer) {
	t.Helper()
	q := req{method: "GET", path: "/api/replies/" + key + query}
	w := e.do(q)
	checkJSON(t, q, w, http.StatusOK, "")
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET /api/replies/… Cache-Control = %q, want no-store", cc)
	}
	ans = decode[repliesAnswer](t, w)
	for _, r := range ans.Replies {
		ids = append(ids, r.ID)
	}
	return ids, ans
}

// TestRepliesAPI: a device reads the replies to its own comments through
// its key, and nobody else's; wrong keys are 404 and no answer is cached.
func TestRepliesAPI(t *testing.T) {
	// The store wrapped as the server wraps it, with the response cache on.
	e := newEnv(t, func(c *Config) {
		c.RatePerMinute = -1
		c.Cache = respcache.New(0)
		c.Comments = c.Cache.Store(c.Comments.(store.Store))
	})
	me, you, third := comment.NewReaderKey(), comment.NewReaderKey(), comment.NewReaderKey()
	posts := []req{
		postKeyed("mine", "harbour", "", "Ada", "My point.", me),
		postKeyed("yours", "cranes", "", "Bo", "Your point.", you),
		postKeyed("r1", "harbour", "mine", "Bo", "Bo answers Ada.", you),
		post("r2", "harbour", "mine", "Cy", "Cy answers Ada, keyless."),
		postKeyed("r3", "cranes", "yours", "Ada", "Ada answers Bo.", me),
		postKeyed("self", "harbour", "mine", "Ada", "Ada adds to her own.", me),
	}
	for _, q := range posts {
		e.clock.t = e.clock.t.Add(time.Minute)
		if w := e.do(q); w.Code != http.StatusCreated {
			t.Fatalf("%s = %d %s", q.body, w.Code, w.Body)
		}
	}
	// A replay with another key keeps the first link.
	if w := e.do(postKeyed("mine", "harbour", "", "Ada", "My point.", third)); w.Code != http.StatusOK {
		t.Fatalf("replay = %d %s", w.Code, w.Body)
	}

	ids, ans := e.repliesOf(t, me, "")
	if want := []string{"r2", "r1"}; !slices.Equal(ids, want) {
		t.Errorf("replies to me = %v, want %v", ids, want)
	}
	if got := ans.Replies[1]; got.Title != "Harbour cranes return" || got.Author != "Bo" || got.Body != "Bo answers Ada." || got.Parent != "mine" {
		t.Errorf("reply r1 = %+v, want Bo's reply on Harbour cranes return", got)
	}
	if ids, _ := e.repliesOf(t, you, ""); !slices.Equal(ids, []string{"r3"}) {
		t.Errorf("replies to you = %v, want [r3]", ids)
	}
	ids, ans = e.repliesOf(t, me, "?limit=1")
	if !slices.Equal(ids, []string{"r2"}) || ans.Next == "" {
		t.Fatalf("first page of one = %v next %q, want [r2] and a next", ids, ans.Next)
	}
	if ids, ans := e.repliesOf(t, me, "?limit=1&cursor="+ans.Next); !slices.Equal(ids, []string{"r1"}) || ans.Next != "" {
		t.Errorf("second page of one = %v next %q, want [r1], the end", ids, ans.Next)
	}

	// Hidden replies leave the feed.
	hide := req{method: "PATCH", path: "/api/comments/r1", body: `{"status":"hidden"}`,
		header: map[string]string{"Authorization": "Bearer " + adminToken}}
	if w := e.do(hide); w.Code != http.StatusOK {
		t.Fatalf("hide r1 = %d %s", w.Code, w.Body)
	}
	if ids, _ := e.repliesOf(t, me, ""); !slices.Equal(ids, []string{"r2"}) {
		t.Errorf("replies to me after hiding r1 = %v, want [r2]", ids)
	}

	// Wrong keys, well formed or not, are the same 404.
	for _, key := range []string{third, comment.NewReaderKey(), "nope", strings.Repeat("A", 64), strings.Repeat("a", 63), me + "x"} {
		q := req{method: "GET", path: "/api/replies/" + key}
		w := e.do(q)
		checkJSON(t, q, w, http.StatusNotFound, "no replies at this address")
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s Cache-Control = %q, want no-store", key, cc)
		}
	}
	bad := req{method: "GET", path: "/api/replies/" + me + "?limit=0"}
	checkJSON(t, bad, e.do(bad), http.StatusBadRequest, "limit")

	// A malformed key is refused before anything is stored.
	q := postKeyed("badkey", "harbour", "", "Dee", "Hello.", "not-a-key")
	checkJSON(t, q, e.do(q), http.StatusBadRequest, "reader key")
	if _, err := e.store.Get(t.Context(), "badkey"); err == nil {
		t.Error("a post with a malformed reader key was stored")
	}

	// Neither the keys nor their hashes are in any public answer.
	secrets := []string{me, you, third}
	for _, k := range []string{me, you} {
		h, _ := comment.ReaderHash(k)
		secrets = append(secrets, hex.EncodeToString(h))
	}
	for _, path := range []string{"/api/comments?article=harbour", "/api/comments?article=cranes", "/api/comments/mine"} {
		w := e.do(req{method: "GET", path: path})
		for _, s := range secrets {
			if strings.Contains(w.Body.String(), s) {
				t.Errorf("GET %s holds a reader key or its hash: %s", path, w.Body)
			}
		}
	}
	w := e.do(postKeyed("late", "harbour", "", "Ada", "Late.", me))
	if strings.Contains(w.Body.String(), me) {
		t.Errorf("POST answer holds the reader key: %s", w.Body)
	}
}
