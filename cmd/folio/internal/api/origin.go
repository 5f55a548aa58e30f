package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Who may post comments. A browser sends a cross-site POST whose body is
// text/plain (a no-cors fetch with a Blob, navigator.sendBeacon) without
// asking first, so Content-Type alone is no defence: a post must be JSON
// and come from the site itself, or from a site listed in -embed-origins.
// The embed iframe is served by this site, so it posts same-origin; only a
// static export on another host (folio build -api) posts across sites, and
// its origin must be named. "*", the default of -embed-origins, lets any
// site frame the embed but grants no one cross-site posting: with it, any
// page could post in its visitors' names again.

// corsMethods are what listed origins may do on /api/comments.
const corsMethods = "GET, POST"

// originAllowed reports whether a request's page may use the comment
// endpoints, and the origin to name in Access-Control-Allow-Origin (empty
// for the site itself). The reason says why not.
func (s *server) originAllowed(r *http.Request) (allow bool, cors string, reason string) {
	origin := r.Header.Get("Origin")
	site := r.Header.Get("Sec-Fetch-Site")
	switch {
	case site == "same-origin":
		return true, "", "" // set by the browser; no page can forge it
	case origin == "":
		if site == "cross-site" || site == "same-site" {
			return false, "", "cross-site request refused: the page's origin is unknown"
		}
		return true, "", "" // not a browser, or one too old to say
	case origin == "null":
		return false, "", "cross-site request refused: the page has no origin"
	}
	if u, err := url.Parse(origin); err == nil && (u.Host == r.Host || (s.cfg.Domain != "" && u.Host == s.cfg.Domain)) {
		return true, "", ""
	}
	if listed(s.cfg.Origins, origin) {
		return true, origin, ""
	}
	return false, "", fmt.Sprintf("cross-site request from %s refused: the site is not in -embed-origins", origin)
}

// listed reports whether origin is one of origins, or matches a wildcard
// entry such as https://*.example.org (any subdomain, not the domain itself).
// "*" and 'self' match nothing here.
func listed(origins []string, origin string) bool {
	scheme, host, ok := strings.Cut(origin, "://")
	if !ok || host == "" {
		return false
	}
	for _, o := range origins {
		ps, ph, ok := strings.Cut(o, "://")
		if !ok || ps != scheme {
			continue
		}
		if ph == host {
			return true
		}
		if suffix, ok := strings.CutPrefix(ph, "*."); ok && strings.HasSuffix(host, "."+suffix) &&
			len(host) > len(suffix)+1 {
			return true
		}
	}
	return false
}

// withCORS lets listed origins read an endpoint's answers from their pages.
func (s *server) withCORS(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Origin")
		if _, cors, _ := s.originAllowed(r); cors != "" {
			w.Header().Set("Access-Control-Allow-Origin", cors)
		}
		next(w, r)
	}
}

// guardPost lets a comment post through only if its body is declared JSON
// (415) and its page is the site's own or a listed one (403).
func (s *server) guardPost(next http.HandlerFunc) http.HandlerFunc {
	return s.withCORS(func(w http.ResponseWriter, r *http.Request) {
		if err := requireJSON(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if ok, _, reason := s.originAllowed(r); !ok {
			s.writeError(w, r, &statusError{http.StatusForbidden, reason})
			return
		}
		next(w, r)
	})
}

// preflight answers a browser's CORS preflight for /api/comments: 204 with
// what a listed origin may send, 403 with the reason for any other.
func (s *server) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Add("Vary", "Origin")
	ok, cors, reason := s.originAllowed(r)
	if !ok || cors == "" {
		if reason == "" {
			reason = "no cross-site access needed: the request is the site's own"
		}
		s.writeError(w, r, &statusError{http.StatusForbidden, reason})
		return
	}
	h.Set("Access-Control-Allow-Origin", cors)
	h.Set("Access-Control-Allow-Methods", corsMethods)
	h.Set("Access-Control-Allow-Headers", "Content-Type")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}
