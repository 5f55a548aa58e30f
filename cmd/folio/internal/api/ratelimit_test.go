package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"

	"folio/app/comment"
)

// countingStore is the real store, counting the calls that reach it.
type countingStore struct {
	Comments
	calls atomic.Int64
}

func (c *countingStore) Get(ctx context.Context, id string) (comment.Comment, error) {
	c.calls.Add(1)
	return c.Comments.Get(ctx, id)
}

func (c *countingStore) Post(ctx context.Context, x comment.Comment) (comment.Comment, bool, error) {
	c.calls.Add(1)
	return c.Comments.Post(ctx, x)
}

// TestRateLimitBeforeDatabase floods the API with new ids past the limit:
// none of the refused posts reaches the store.
func TestRateLimitBeforeDatabase(t *testing.T) {
	var counted *countingStore
	e := newEnv(t, func(c *Config) {
		counted = &countingStore{Comments: c.Comments}
		c.Comments = counted
	})
	for i := range rateBurst {
		if w := e.do(post(fmt.Sprint("r", i), "harbour", "", "Bob", "x")); w.Code != 201 {
			t.Fatalf("post %d within burst = %d %s, want 201", i, w.Code, w.Body)
		}
	}
	before := counted.calls.Load()
	for i := range 20 {
		if w := e.do(post(fmt.Sprint("flood", i), "harbour", "", "Bob", "x")); w.Code != 429 {
			t.Fatalf("flood post %d = %d %s, want 429", i, w.Code, w.Body)
		}
	}
	if n := counted.calls.Load() - before; n != 0 {
		t.Errorf("20 refused posts made %d store calls, want 0", n)
	}
}

func TestRateLimitSettings(t *testing.T) {
	tests := []struct {
		name       string
		perMinute  int
		posts      int // posted at one instant from one address
		created    int
		retryAfter string
	}{
		{"default", 0, 8, rateBurst, "6"},
		{"60 a minute", 60, 8, rateBurst, "1"},
		{"off", -1, 40, 40, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) { c.RatePerMinute = tt.perMinute })
			created, retry := 0, ""
			for i := range tt.posts {
				w := e.do(post(fmt.Sprint("p", i), "harbour", "", "Bob", "x"))
				switch w.Code {
				case 201:
					created++
				case 429:
					retry = w.Header().Get("Retry-After")
				default:
					t.Fatalf("post %d = %d %s", i, w.Code, w.Body)
				}
			}
			if created != tt.created || retry != tt.retryAfter {
				t.Errorf("%d posts: %d created, Retry-After %q; want %d, %q", tt.posts, created, retry, tt.created, tt.retryAfter)
			}
		})
	}
}

func TestClientKey(t *testing.T) {
	trusted, err := ParsePrefixes("10.0.0.0/8, 192.0.2.7, fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		peer    string
		xff     []string // X-Forwarded-For headers, in order
		trusted []netip.Prefix
		want    string
	}{
		{"no proxy trusted: peer", "203.0.113.5:1234", []string{"198.51.100.1"}, nil, "203.0.113.5"},
		{"spoofed header from an untrusted peer", "203.0.113.5:1234", []string{"10.1.1.1, 198.51.100.1"}, trusted, "203.0.113.5"},
		{"trusted proxy, one hop", "10.0.0.2:80", []string{"198.51.100.1"}, trusted, "198.51.100.1"},
		{"trusted proxy, client spoofs the left", "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.1"}, trusted, "198.51.100.1"},
		{"two trusted proxies", "10.0.0.2:80", []string{"198.51.100.1, 192.0.2.7"}, trusted, "198.51.100.1"},
		{"hops in two headers", "10.0.0.2:80", []string{"1.2.3.4", "198.51.100.1, 10.9.9.9"}, trusted, "198.51.100.1"},
		{"trusted proxy, no header", "10.0.0.2:80", nil, trusted, "10.0.0.2"},
		{"every hop trusted", "10.0.0.2:80", []string{"10.3.3.3, 10.4.4.4"}, trusted, "10.3.3.3"},
		{"garbage hop stops the walk", "10.0.0.2:80", []string{"1.2.3.4, <script>, 10.5.5.5"}, trusted, "10.5.5.5"},
		{"garbage right at the proxy", "10.0.0.2:80", []string{"nonsense"}, trusted, "10.0.0.2"},
		{"hop with a port", "10.0.0.2:80", []string{"198.51.100.1:5555"}, trusted, "198.51.100.1"},
		{"IPv6 hop, limited per /64", "[fd00::1]:80", []string{"2001:db8:1:2:3:4:5:6"}, trusted, "2001:db8:1:2::/64"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:80", []string{"198.51.100.1"}, trusted, "198.51.100.1"},
		{"IPv6 peer untrusted", "[2001:db8::1]:80", []string{"198.51.100.1"}, trusted, "2001:db8::/64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/comments", nil)
			r.RemoteAddr = tt.peer
			for _, h := range tt.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := clientKey(r, tt.trusted); got != tt.want {
				t.Errorf("clientKey(peer %s, X-Forwarded-For %q) = %q, want %q", tt.peer, tt.xff, got, tt.want)
			}
		})
	}
}

func TestParsePrefixes(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "[]", true},
		{"10.0.0.0/8", "[10.0.0.0/8]", true},
		{" 10.0.0.1 , ::1 ", "[10.0.0.1/32 ::1/128]", true},
		{"10.1.2.3/8", "[10.0.0.0/8]", true},
		{"10.0.0.0/33", "", false},
		{"example.com", "", false},
		{"10.0.0.0/8,,", "", false},
	}
	for _, tt := range tests {
		got, err := ParsePrefixes(tt.in)
		if (err == nil) != tt.ok || (tt.ok && fmt.Sprint(got) != tt.want) {
			t.Errorf("ParsePrefixes(%q) = %v, %v, want %s (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
