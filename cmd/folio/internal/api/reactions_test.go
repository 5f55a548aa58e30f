package api

import (
	"encoding/json"
	"strings"
	"testing"

	"folio/app/comment"
)

func react(c, device, emoji string, vote int) req {
	b, _ := json.Marshal(comment.Reaction{Comment: c, Device: device, Emoji: emoji, Vote: vote})
	return req{method: "POST", path: "/api/reactions", body: string(b)}
}

// TestReactions: a reaction answers with the comment's tally, once per
// device, and bad ones get a 4xx that says why.
func TestReactions(t *testing.T) {
	e := newEnv(t, nil)
	for _, q := range []req{post("c1", "harbour", "", "Ann", "one"), post("c2", "harbour", "", "Bob", "two")} {
		checkJSON(t, q, e.do(q), 201, "")
	}
	checkJSON(t, req{method: "PATCH", path: "/api/comments/c2", body: `{"status":"hidden"}`,
		header: map[string]string{"Authorization": "Bearer " + adminToken}}, e.do(req{method: "PATCH", path: "/api/comments/c2",
		body: `{"status":"hidden"}`, header: map[string]string{"Authorization": "Bearer " + adminToken}}), 200, "")
	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"thumbs up and up vote", react("c1", "dev-a", "👍", 1), 200, `{"reactions":[1,0,0,0,0],"score":1}`},
		{"again: the same", react("c1", "dev-a", "👍", 1), 200, `{"reactions":[1,0,0,0,0],"score":1}`},
		{"another device", react("c1", "dev-b", "❤️", 1), 200, `{"reactions":[1,1,0,0,0],"score":2}`},
		{"changed: replaced", react("c1", "dev-a", "🙏", -1), 200, `{"reactions":[0,1,0,0,1]}`},
		{"taken back", react("c1", "dev-b", "", 0), 200, `{"reactions":[0,0,0,0,1],"score":-1}`},
		{"unknown comment", react("nope", "dev-a", "👍", 0), 404, `"error":"comment not found"`},
		{"hidden comment", react("c2", "dev-a", "👍", 0), 422, `only published comments take reactions`},
		{"unknown emoji", react("c1", "dev-a", "💩", 0), 422, `reaction must be one of`},
		{"vote too big", react("c1", "dev-a", "", 5), 422, `vote must be -1, 0 or 1`},
		{"bad device", react("c1", "dev a", "", 1), 400, `device must be`},
		{"no device", react("c1", "", "", 1), 400, `device must be`},
		{"unknown field", req{method: "POST", path: "/api/reactions", body: `{"comment":"c1","device":"d","score":9}`}, 400, `unknown field`},
		{"not JSON", req{method: "POST", path: "/api/reactions", body: `comment=c1`, header: map[string]string{"Content-Type": "text/plain"}}, 415, `must be JSON`},
		{"too big", req{method: "POST", path: "/api/reactions", body: `{"comment":"` + strings.Repeat("x", 2000) + `"}`}, 413, `larger than`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkJSON(t, tt.q, e.do(tt.q), tt.status, tt.body)
		})
	}
	page := decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour"}))
	if len(page.Comments) != 1 || page.Comments[0].Reactions != (comment.Counts{0, 0, 0, 0, 1}) || page.Comments[0].Score != -1 {
		t.Errorf("GET /api/comments = %+v, want c1 with one 🙏 and score -1", page.Comments)
	}
}

// TestReactionRateOwn: reactions have a limit of their own, so a reader
// who reacts a lot can still post.
func TestReactionRateOwn(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RatePerMinute = 1 })
	checkJSON(t, post("c1", "harbour", "", "Ann", "one"), e.do(post("c1", "harbour", "", "Ann", "one")), 201, "")
	limited := false
	for i := 0; i < 100 && !limited; i++ {
		w := e.do(react("c1", "dev-a", comment.Emojis[i%5], 1))
		limited = w.Code == 429
		if limited && w.Header().Get("Retry-After") == "" {
			t.Errorf("429 without Retry-After")
		}
	}
	if !limited {
		t.Errorf("100 reactions in a row were never limited")
	}
	q := post("c2", "harbour", "", "Ann", "two")
	checkJSON(t, q, e.do(q), 201, "")
}
