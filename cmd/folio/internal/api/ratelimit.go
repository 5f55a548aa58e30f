package api

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"folio/app/comment"
)

// limiter keeps one token bucket per client address. Buckets idle long
// enough to have refilled are swept, as a fresh bucket is the same thing.
type limiter struct {
	every time.Duration // one token per every
	burst int
	idle  time.Duration // a bucket untouched this long is full again

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perMinute, burst int) *limiter {
	every := time.Minute / time.Duration(perMinute)
	return &limiter{
		every:   every,
		burst:   burst,
		idle:    max(every*time.Duration(burst), time.Minute),
		buckets: map[string]*bucket{},
	}
}

// allow takes a token for key at now. When none is left it returns false and
// how long until one is.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > l.idle {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > l.idle {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// checkRate takes one of the poster's tokens, or says when to retry.
func (s *server) checkRate(w http.ResponseWriter, r *http.Request) error {
	if s.limit == nil {
		return nil
	}
	if ok, wait := s.limit.allow(clientKey(r, s.cfg.TrustProxy), s.cfg.Now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return fmt.Errorf("%w (retry in %s)", comment.ErrRateLimited, wait.Round(time.Second))
	}
	return nil
}

// clientKey is the rate-limit key for a request: the address of the client
// as far as it can be trusted. That is the connecting address, unless it is
// a proxy inside one of the trusted prefixes: then X-Forwarded-For is read
// from the right, each trusted proxy's hop skipped, and the first address
// not in a trusted prefix is the client. Hops left of it are whatever the
// client wrote and are never read. A hop that is not an address ends the
// walk at the proxy that passed it on. An IPv6 client usually owns a whole
// /64, so it is limited as one.
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	addr, ok := parseHop(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if isTrusted(addr, trusted) {
		hops := forwardedHops(r)
		for i := len(hops) - 1; i >= 0; i-- {
			hop, ok := parseHop(hops[i])
			if !ok {
				break
			}
			addr = hop
			if !isTrusted(hop, trusted) {
				break
			}
		}
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// forwardedHops lists the X-Forwarded-For hops of every such header, left to
// right.
func forwardedHops(r *http.Request) []string {
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		for hop := range strings.SplitSeq(h, ",") {
			hops = append(hops, strings.TrimSpace(hop))
		}
	}
	return hops
}

// parseHop reads an address with or without a port, IPv4-mapped IPv6
// addresses as IPv4.
func parseHop(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParsePrefixes reads a comma-separated list of CIDR prefixes (10.0.0.0/8)
// or single addresses (192.0.2.7, a /32 or /128), as -trust-proxy takes
// them. Empty is none.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	prefixes := []netip.Prefix{}
	if strings.TrimSpace(list) == "" {
		return prefixes, nil
	}
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if a, err := netip.ParseAddr(item); err == nil {
			a = a.Unmap()
			prefixes = append(prefixes, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: want an address or a CIDR prefix such as 10.0.0.0/8", item)
		}
		prefixes = append(prefixes, p.Masked())
	}
	return prefixes, nil
}
