package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
)

func own(method, id, secret, body string) req {
	b, _ := json.Marshal(ownRequest{Secret: secret, Body: body})
	return req{method: method, path: "/api/comments/" + id + "/own", body: string(b)}
}

// TestOwnComment: the post answers with a secret, once; with it the
// author edits and deletes the comment for 15 minutes, then gets a 403;
// without it, or with another, a 403 at once.
func TestOwnComment(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RatePerMinute = -1 })
	first := e.do(post("c1", "harbour", "", "Ann", "typo hre"))
	secret := decode[comment.Comment](t, first).Secret
	if first.Code != 201 || len(secret) < 20 {
		t.Fatalf("POST = %d %s, want 201 with a secret", first.Code, first.Body)
	}
	if again := decode[comment.Comment](t, e.do(post("c1", "harbour", "", "Ann", "typo hre"))); again.Secret != "" {
		t.Errorf("a replay of the post gave a secret: anyone who read the comment could replay it")
	}
	if list := e.do(req{method: "GET", path: "/api/comments?article=harbour"}).Body.String(); strings.Contains(list, secret) {
		t.Errorf("the thread shows the secret")
	}
	checkJSON(t, post("c2", "harbour", "", "Bob", "mine"), e.do(post("c2", "harbour", "", "Bob", "mine")), 201, `"secret"`)

	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"no secret", own("PUT", "c1", "", "typo here"), 400, `secret`},
		{"another's secret", own("PUT", "c2", secret, "hijacked"), 403, `not your comment`},
		{"a guess", own("DELETE", "c1", "AAAAAAAAAAAAAAAAAAAAAAAAAA", ""), 403, `not your comment`},
		{"unknown comment", own("PUT", "nope", secret, "x"), 404, `comment not found`},
		{"empty body", own("PUT", "c1", secret, "  "), 422, `comment is empty`},
		{"not JSON", req{method: "PUT", path: "/api/comments/c1/own", body: "secret=x", header: map[string]string{"Content-Type": "text/plain"}}, 415, `JSON`},
		{"edit", own("PUT", "c1", secret, "typo *here*"), 200, `"html":"\u003cp\u003etypo \u003cem\u003ehere\u003c/em\u003e\u003c/p\u003e\n","created"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkJSON(t, tt.q, e.do(tt.q), tt.status, tt.body) })
	}
	page := decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour"}))
	if c := page.Comments[0]; c.Body != "typo *here*" || c.Edited.IsZero() {
		t.Errorf("thread after the edit shows %+v, want the new body, edited", c)
	}
	e.clock.t = e.clock.t.Add(comment.EditWindow + time.Second)
	checkJSON(t, own("PUT", "c1", secret, "later"), e.do(own("PUT", "c1", secret, "later")), 403, `too late to change this comment`)
	checkJSON(t, own("DELETE", "c1", secret, ""), e.do(own("DELETE", "c1", secret, "")), 403, `too late`)
	e.clock.t = e.clock.t.Add(-2 * time.Minute)
	checkJSON(t, own("DELETE", "c1", secret, ""), e.do(own("DELETE", "c1", secret, "")), 200, `"byAuthor":true`)
	page = decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour"}))
	if c := page.Comments[0]; c.Status != comment.Deleted || !c.ByAuthor || c.Body != "" {
		t.Errorf("thread after the delete shows %+v, want deleted by its author", c)
	}
}
