package api

import (
	"strings"
	"testing"
)

// TestPostOrigin: a comment is posted by the site itself, or by a page on a
// site named in -embed-origins; any other site's page gets 403, whatever
// trick its script uses to avoid a CORS preflight.
func TestPostOrigin(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Domain = "folio.example"
		c.Origins = []string{"*", "https://news.example", "https://*.papers.example"}
	})
	body := func(id string) string {
		return `{"id":"` + id + `","article":"harbour","author":"Ann","body":"hello"}`
	}
	tests := []struct {
		name   string
		header map[string]string
		status int
		reason string
		acao   string // Access-Control-Allow-Origin wanted
	}{
		{"same origin by Host", map[string]string{"Origin": "http://example.com", "Sec-Fetch-Site": "same-origin"}, 201, "", ""},
		{"same origin by Origin only", map[string]string{"Origin": "http://example.com"}, 201, "", ""},
		{"public domain behind a proxy", map[string]string{"Origin": "https://folio.example"}, 201, "", ""},
		{"fetch metadata only", map[string]string{"Sec-Fetch-Site": "same-origin"}, 201, "", ""},
		{"no browser headers (curl)", nil, 201, "", ""},
		{"listed origin", map[string]string{"Origin": "https://news.example", "Sec-Fetch-Site": "cross-site"}, 201, "", "https://news.example"},
		{"listed wildcard", map[string]string{"Origin": "https://www.papers.example", "Sec-Fetch-Site": "cross-site"}, 201, "", "https://www.papers.example"},
		{"wildcard is not the bare domain", map[string]string{"Origin": "https://papers.example", "Sec-Fetch-Site": "cross-site"}, 403, "https://papers.example", ""},
		{"unlisted origin", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403, "https://evil.example", ""},
		{"unlisted, http twin of listed", map[string]string{"Origin": "http://news.example"}, 403, "http://news.example", ""},
		{"opaque origin", map[string]string{"Origin": "null"}, 403, "cross-site", ""},
		{"no Origin, cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross-site", ""},
		{"no Origin, same-site", map[string]string{"Sec-Fetch-Site": "same-site"}, 403, "cross-site", ""},
		{"no-cors Blob as text/plain", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain;charset=UTF-8"}, 415, "JSON", ""},
		{"sendBeacon, no type", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Content-Type": ""}, 415, "JSON", ""},
		{"text/plain from the site itself", map[string]string{"Sec-Fetch-Site": "same-origin", "Content-Type": "text/plain"}, 415, "JSON", ""},
		{"no type from the site itself", map[string]string{"Sec-Fetch-Site": "same-origin", "Content-Type": ""}, 415, "JSON", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := req{method: "POST", path: "/api/comments", body: body("o" + string(rune('a'+i))), header: tt.header, ip: "192.0.2." + string(rune('1'+i%9))}
			w := e.do(q)
			checkJSON(t, q, w, tt.status, tt.reason)
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.acao {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.acao)
			}
			if tt.status == 201 && tt.acao != "" && !strings.Contains(w.Header().Get("Vary"), "Origin") {
				t.Errorf("Vary = %q, want Origin", w.Header().Get("Vary"))
			}
		})
	}
}

// TestCORS: the comment endpoints answer preflights and reads for listed
// origins only; "*" lets any site frame the embed but not post across sites.
func TestCORS(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Origins = []string{"*", "https://news.example"} })
	star := newEnv(t, func(c *Config) { c.Origins = []string{"*"} })
	preflight := func(origin, method string) req {
		return req{method: "OPTIONS", path: "/api/comments", header: map[string]string{
			"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type",
		}}
	}
	tests := []struct {
		name    string
		env     *env
		q       req
		status  int
		acao    string
		methods string
	}{
		{"preflight listed", e, preflight("https://news.example", "POST"), 204, "https://news.example", "GET, POST"},
		{"preflight unlisted", e, preflight("https://evil.example", "POST"), 403, "", ""},
		{"preflight with only *", star, preflight("https://news.example", "POST"), 403, "", ""},
		{"read listed", e, req{method: "GET", path: "/api/comments?article=harbour", header: map[string]string{"Origin": "https://news.example"}}, 200, "https://news.example", ""},
		{"read unlisted", e, req{method: "GET", path: "/api/comments?article=harbour", header: map[string]string{"Origin": "https://evil.example"}}, 200, "", ""},
		{"read same origin", e, req{method: "GET", path: "/api/comments?article=harbour"}, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.env.do(tt.q)
			if w.Code != tt.status {
				t.Errorf("%s %s = %d %s, want %d", tt.q.method, tt.q.path, w.Code, w.Body, tt.status)
			}
			h := w.Header()
			if got := h.Get("Access-Control-Allow-Origin"); got != tt.acao {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.acao)
			}
			if got := h.Get("Access-Control-Allow-Methods"); got != tt.methods {
				t.Errorf("Access-Control-Allow-Methods = %q, want %q", got, tt.methods)
			}
			if tt.methods != "" && !strings.EqualFold(h.Get("Access-Control-Allow-Headers"), "Content-Type") {
				t.Errorf("Access-Control-Allow-Headers = %q, want Content-Type", h.Get("Access-Control-Allow-Headers"))
			}
			if tt.q.header["Origin"] != "" && !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
				t.Errorf("Vary = %q, want Origin", h.Values("Vary"))
			}
		})
	}
}
