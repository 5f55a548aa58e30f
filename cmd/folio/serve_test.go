package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestParseLimits(t *testing.T) {
	tests := []struct {
		rate, trust string
		perMinute   int
		proxies     string
		ok          bool
	}{
		{"10", "", 10, "[]", true},
		{" 30 ", "10.0.0.0/8,192.0.2.1", 30, "[10.0.0.0/8 192.0.2.1/32]", true},
		{"0", "", -1, "[]", true}, // 0 switches the limit off
		{"-1", "", 0, "", false},
		{"lots", "", 0, "", false},
		{"10", "proxy.example", 0, "", false},
		{"10", "10.0.0.0/99", 0, "", false},
	}
	for _, tt := range tests {
		got, err := parseLimits(tt.rate, tt.trust)
		if (err == nil) != tt.ok || (tt.ok && (got.perMinute != tt.perMinute || fmt.Sprint(got.trustProxy) != tt.proxies)) {
			t.Errorf("parseLimits(%q, %q) = %+v, %v; want %d %s (ok %v)", tt.rate, tt.trust, got, err, tt.perMinute, tt.proxies, tt.ok)
		}
	}
}

func TestServeRefusesBadLimits(t *testing.T) {
	for _, args := range [][]string{
		{"-rate-limit", "lots"},
		{"-trust-proxy", "not-an-address"},
	} {
		_, _, err := runCLI(t, append([]string{"serve", "-addr", "127.0.0.1:0", "-db", t.TempDir() + "/x.db"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("serve %q = %v, want an error naming %s", args, err, args[0])
		}
	}
	t.Setenv("FOLIO_RATE_LIMIT", "-5")
	if _, _, err := runCLI(t, "serve", "-addr", "127.0.0.1:0", "-db", t.TempDir()+"/x.db"); err == nil || !strings.Contains(err.Error(), "-rate-limit") {
		t.Errorf("serve with FOLIO_RATE_LIMIT=-5 = %v, want a -rate-limit error", err)
	}
}

// testPostgresDB creates a database with a unique name on the server
// FOLIO_TEST_POSTGRES names and drops it after the test. Without that
// variable the test skips, unless FOLIO_PG=require.
func testPostgresDB(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("FOLIO_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("FOLIO_PG") == "require" {
			t.Fatal("FOLIO_PG=require but FOLIO_TEST_POSTGRES is not set (see .ci/postgres.sh)")
		}
		t.Skip("FOLIO_TEST_POSTGRES not set: no PostgreSQL server to test against")
	}
	var b [6]byte
	rand.Read(b[:])
	name := "folio_serve_" + hex.EncodeToString(b[:])
	exec := func(sql string) error {
		conn, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(context.Background(), sql)
		return err
	}
	if err := exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { exec("DROP DATABASE " + name + " WITH (FORCE)") })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestTwoServersOnePostgres runs two sites on one PostgreSQL database behind
// a trusted proxy: comments, replays and counts are shared; the rate limit
// is each server's own.
func TestTwoServersOnePostgres(t *testing.T) {
	dsn := testPostgresDB(t)
	ctx := context.Background()
	var sites [2]http.Handler
	for i := range sites {
		lim, err := parseLimits("10", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		h, closeSite, err := openSite(ctx, siteConfig{dsn: dsn, domain: "folio.test", limits: lim})
		if err != nil {
			t.Fatalf("site %d on %s: %v", i, dsn, err)
		}
		t.Cleanup(closeSite)
		sites[i] = h
	}
	const slug = "the-quiet-science-of-tides"
	do := func(site int, method, path, body, client string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.RemoteAddr = "127.0.0.1:5000" // the proxy
		r.Header.Set("X-Forwarded-For", client)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		sites[site].ServeHTTP(w, r)
		return w
	}
	postBody := func(id string) string {
		return fmt.Sprintf(`{"id":%q,"article":%q,"author":"Ann","body":"hello"}`, id, slug)
	}

	// One client posts its burst on server 0, then is limited there.
	for i := range 5 {
		if w := do(0, "POST", "/api/comments", postBody(fmt.Sprint("a", i)), "198.51.100.1"); w.Code != 201 {
			t.Fatalf("post %d on server 0 = %d %s", i, w.Code, w.Body)
		}
	}
	if w := do(0, "POST", "/api/comments", postBody("a5"), "198.51.100.1"); w.Code != 429 {
		t.Errorf("6th post on server 0 = %d, want 429", w.Code)
	}
	// Another client behind the same proxy has its own bucket.
	if w := do(0, "POST", "/api/comments", postBody("b0"), "198.51.100.2"); w.Code != 201 {
		t.Errorf("another client's post on server 0 = %d %s, want 201", w.Code, w.Body)
	}
	// The limit is per server, by design: server 1 has its own buckets.
	if w := do(1, "POST", "/api/comments", postBody("a5"), "198.51.100.1"); w.Code != 201 {
		t.Errorf("the limited client's post on server 1 = %d %s, want 201", w.Code, w.Body)
	}
	// Server 1 knows what server 0 stored: a replay is a replay, the same id
	// with other content a conflict, and the list and counts agree.
	if w := do(1, "POST", "/api/comments", postBody("a0"), "198.51.100.1"); w.Code != 200 {
		t.Errorf("replay of a0 on server 1 = %d %s, want 200", w.Code, w.Body)
	}
	other := strings.Replace(postBody("a1"), "hello", "changed", 1)
	if w := do(1, "POST", "/api/comments", other, "198.51.100.1"); w.Code != 409 {
		t.Errorf("a1 with other content on server 1 = %d %s, want 409", w.Code, w.Body)
	}
	if w := do(1, "GET", "/api/comments/count?article="+slug, "", "198.51.100.3"); w.Code != 200 || !strings.Contains(w.Body.String(), `"`+slug+`":7`) {
		t.Errorf("count on server 1 = %d %s, want 7", w.Code, w.Body)
	}
	if w := do(1, "GET", "/a/"+slug, "", "198.51.100.3"); !strings.Contains(w.Body.String(), `b0`) {
		t.Errorf("server 1's page lacks the comment posted on server 0")
	}
}
