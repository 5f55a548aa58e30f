package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var deskAuth = map[string]string{"Authorization": "Bearer " + adminToken}

// TestDeskNeedsToken: every desk route refuses a request without the
// moderator's token, and no desk answer, refused or not, may be kept by a
// cache on the way.
func TestDeskNeedsToken(t *testing.T) {
	e := newEnv(t, nil)
	if w := e.do(post("c1", "harbour", "", "Ann", "hello")); w.Code != 201 {
		t.Fatalf("seed: %d %s", w.Code, w.Body)
	}
	routes := []req{
		{method: "GET", path: "/api/admin/comments"},
		{method: "GET", path: "/api/admin/comments?status=pending"},
		{method: "PUT", path: "/api/comments/c1/pin"},
		{method: "DELETE", path: "/api/comments/c1/pin"},
		{method: "GET", path: "/api/admin/blocks"},
		{method: "POST", path: "/api/admin/blocks", body: `{"name":"Bot"}`},
		{method: "DELETE", path: "/api/admin/blocks/Bot"},
		{method: "PATCH", path: "/api/comments/c1", body: `{"status":"hidden"}`},
		{method: "DELETE", path: "/api/comments/c1"},
	}
	for _, q := range routes {
		for _, tok := range []map[string]string{nil, {"Authorization": "Bearer wrong"}} {
			q.header = tok
			w := e.do(q)
			checkJSON(t, q, w, 401, `"error"`)
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s %s refused: Cache-Control = %q, want no-store", q.method, q.path, cc)
			}
		}
		q.header = deskAuth
		w := e.do(q)
		if w.Code >= 400 {
			t.Errorf("%s %s with the token = %d %s", q.method, q.path, w.Code, w.Body)
		}
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s %s: Cache-Control = %q, want no-store", q.method, q.path, cc)
		}
	}
}

// TestDeskLists: the desk lists the newest comments of every article with
// their titles, page by page, and the pending queue alone.
func TestDeskLists(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Premoderate = true })
	for i, p := range []req{post("c1", "harbour", "", "Ann", "one"), post("c2", "cranes", "", "Bo", "two"), post("c3", "harbour", "", "Cy", "three")} {
		if w := e.do(p); w.Code != 201 || !strings.Contains(w.Body.String(), `"status":"pending"`) {
			t.Fatalf("post %d with premoderation = %d %s, want 201 pending", i, w.Code, w.Body)
		}
		e.clock.t = e.clock.t.Add(time.Minute)
	}
	// Pending comments are neither listed nor counted for readers.
	for _, q := range []req{{method: "GET", path: "/api/comments?article=harbour"}, {method: "GET", path: "/api/comments/count?article=harbour"}} {
		if w := e.do(q); strings.Contains(w.Body.String(), `"c1"`) || strings.Contains(w.Body.String(), `"harbour":2`) {
			t.Errorf("%s %s = %s, want no pending comment", q.method, q.path, w.Body)
		}
	}
	var got []string
	cursor := ""
	for range 4 {
		q := req{method: "GET", path: "/api/admin/comments?limit=2&cursor=" + cursor, header: deskAuth}
		w := e.do(q)
		checkJSON(t, q, w, 200, `"total":3`)
		page := decode[deskPage](t, w)
		for _, c := range page.Comments {
			got = append(got, c.ID+":"+c.Title)
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if want := "c3:Harbour cranes return c2:Cranes, older c1:Harbour cranes return"; strings.Join(got, " ") != want {
		t.Errorf("desk pages = %q, want %q", strings.Join(got, " "), want)
	}
	approve := req{method: "PATCH", path: "/api/comments/c2", header: deskAuth, body: `{"status":"published"}`}
	checkJSON(t, approve, e.do(approve), 200, `"status":"published"`)
	reject := req{method: "PATCH", path: "/api/comments/c3", header: deskAuth, body: `{"status":"hidden"}`}
	checkJSON(t, reject, e.do(reject), 200, `"status":"hidden"`)
	q := req{method: "GET", path: "/api/admin/comments?status=pending", header: deskAuth}
	w := e.do(q)
	checkJSON(t, q, w, 200, `"total":1`)
	if page := decode[deskPage](t, w); len(page.Comments) != 1 || page.Comments[0].ID != "c1" {
		t.Errorf("pending queue = %+v, want c1 alone", page.Comments)
	}
	bad := req{method: "GET", path: "/api/admin/comments?status=sending", header: deskAuth}
	checkJSON(t, bad, e.do(bad), 400, `malformed`)
	listed := req{method: "GET", path: "/api/comments?article=cranes"}
	checkJSON(t, listed, e.do(listed), 200, `"c2"`)
}

// TestPinAndBlock: a pinned comment says so in its thread; a blocked name
// cannot post, whatever its case, until it is unblocked.
func TestPinAndBlock(t *testing.T) {
	e := newEnv(t, nil)
	e.do(post("c1", "harbour", "", "Ann", "first"))
	pin := req{method: "PUT", path: "/api/comments/c1/pin", header: deskAuth}
	checkJSON(t, pin, e.do(pin), 200, `"pinned":true`)
	list := req{method: "GET", path: "/api/comments?article=harbour"}
	checkJSON(t, list, e.do(list), 200, `"pinned":true`)
	ghost := req{method: "PUT", path: "/api/comments/ghost/pin", header: deskAuth}
	checkJSON(t, ghost, e.do(ghost), 404, `not found`)
	unpin := req{method: "DELETE", path: "/api/comments/c1/pin", header: deskAuth}
	checkJSON(t, unpin, e.do(unpin), 200, `"id":"c1"`)
	if w := e.do(list); strings.Contains(w.Body.String(), `"pinned"`) {
		t.Errorf("thread after unpin = %s, want no pin", w.Body)
	}

	block := req{method: "POST", path: "/api/admin/blocks", header: deskAuth, body: `{"name":"Spam Bot"}`}
	checkJSON(t, block, e.do(block), 200, `{"names":["Spam Bot"]}`)
	empty := req{method: "POST", path: "/api/admin/blocks", header: deskAuth, body: `{"name":"  "}`}
	checkJSON(t, empty, e.do(empty), 422, `name must be`)
	refused := post("c2", "harbour", "", "spam  BOT", "buy now")
	checkJSON(t, refused, e.do(refused), 403, `not accepted`)
	// A comment stored before the block replays as before.
	replay := post("c1", "harbour", "", "Ann", "first")
	checkJSON(t, replay, e.do(replay), 200, `"c1"`)
	unblock := req{method: "DELETE", path: "/api/admin/blocks/spam%20bot", header: deskAuth}
	checkJSON(t, unblock, e.do(unblock), 200, `{"names":[]}`)
	checkJSON(t, refused, e.do(refused), 201, `"c2"`)
}

// spamPost is a post from the comment form: its start time, when it was
// sent, and its honeypot.
func spamPost(id string, started, sent time.Time, website string) req {
	b, _ := json.Marshal(map[string]any{"id": id, "article": "harbour", "author": "Ann", "body": "hello",
		"started": started, "sent": sent, "website": website})
	return req{method: "POST", path: "/api/comments", body: string(b)}
}

// TestSpamChecks: the honeypot and the minimum time to write hold with the
// rate limit off; the time is the poster's own (a clock an hour out does
// not matter), so a comment written offline and sent later passes, and a
// replay of a stored comment is never refused.
func TestSpamChecks(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RatePerMinute = -1; c.MinWrite = 3 * time.Second })
	skewed := e.clock.t.Add(-time.Hour) // the poster's clock
	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"honeypot", spamPost("h1", skewed, skewed.Add(time.Minute), "http://spam.example"), 422, `hidden anti-spam field`},
		{"too fast", spamPost("f1", skewed, skewed.Add(time.Second), ""), 422, `posted too quickly, under 3 s`},
		{"took its time", spamPost("ok1", skewed, skewed.Add(4*time.Second), ""), 201, `"ok1"`},
		{"written offline, sent a day later", spamPost("off1", skewed, skewed.Add(24*time.Hour), ""), 201, `"off1"`},
		{"replay with a new start", spamPost("ok1", skewed, skewed, ""), 200, `"ok1"`},
		{"replay with a honeypot", spamPost("ok1", skewed, skewed.Add(time.Minute), "x"), 200, `"ok1"`},
		{"no start time: a script", post("s1", "harbour", "", "Ann", "hello"), 201, `"s1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkJSON(t, tt.q, e.do(tt.q), tt.status, tt.body)
		})
	}
	off := newEnv(t, func(c *Config) { c.RatePerMinute = -1 })
	q := spamPost("f2", skewed, skewed, "")
	checkJSON(t, q, off.do(q), 201, `"f2"`)
}
