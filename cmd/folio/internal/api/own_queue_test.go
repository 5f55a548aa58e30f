package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
)

// queued is a change a device kept while offline and sends ago later.
func queued(method, id, secret, body string, ago time.Duration) req {
	b, _ := json.Marshal(map[string]any{"secret": secret, "body": body, "ago": ago.Milliseconds()})
	return req{method: method, path: "/api/comments/" + id + "/own", body: string(b)}
}

// TestOwnQueued: a change queued on a device carries how long ago the
// reader made it; the edit window is judged at that time by the server's
// clock, for up to 24 hours. A delete sent again after a lost answer
// succeeds.
func TestOwnQueued(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RatePerMinute = -1 })
	posted := e.clock.t
	secrets := map[string]string{}
	for _, id := range []string{"q1", "q2", "q3"} {
		secrets[id] = decode[comment.Comment](t, e.do(post(id, "harbour", "", "Ann", "typo hre"))).Secret
	}
	e.clock.t = posted.Add(40 * time.Minute) // the reader was offline since
	tests := []struct {
		name   string
		q      req
		status int
		body   string
	}{
		{"not queued: judged now", own("PUT", "q1", secrets["q1"], "typo here"), 403, `too late to change this comment`},
		{"made 5 minutes after posting", queued("PUT", "q1", secrets["q1"], "typo *here*", 35*time.Minute), 200, `"edited":"` + posted.Add(5*time.Minute).UTC().Format(time.RFC3339Nano) + `"`},
		{"made 30 minutes after posting", queued("PUT", "q2", secrets["q2"], "late", 10*time.Minute), 403, `too late to change this comment: a comment can be changed for 15 minutes after it was posted`},
		{"made more than a day ago", queued("PUT", "q2", secrets["q2"], "late", 25*time.Hour), 403, `more than 24 hours after it was made`},
		{"made in the future", queued("PUT", "q2", secrets["q2"], "late", -time.Minute), 400, `ago must be 0 or more`},
		{"another's secret", queued("DELETE", "q3", secrets["q2"], "", 35*time.Minute), 403, `not your comment`},
		{"delete made in the window", queued("DELETE", "q3", secrets["q3"], "", 30*time.Minute), 200, `"byAuthor":true`},
		{"the delete sent again", queued("DELETE", "q3", secrets["q3"], "", 31*time.Minute), 200, `"byAuthor":true`},
		{"the edit sent again", queued("PUT", "q1", secrets["q1"], "typo *here*", 36*time.Minute), 200, `"body":"typo *here*"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkJSON(t, tt.q, e.do(tt.q), tt.status, tt.body) })
	}
	page := decode[comment.Page](t, e.do(req{method: "GET", path: "/api/comments?article=harbour"}))
	for _, c := range page.Comments {
		if want := map[string]string{"q1": "typo *here*", "q2": "typo hre", "q3": ""}[c.ID]; c.Body != want {
			t.Errorf("thread shows %s as %q, want %q", c.ID, c.Body, want)
		}
	}
	if s := e.do(req{method: "GET", path: "/api/comments?article=harbour"}).Body.String(); strings.Count(s, `"edited"`) != 1 {
		t.Errorf("thread = %s, want one comment edited", s)
	}
}
