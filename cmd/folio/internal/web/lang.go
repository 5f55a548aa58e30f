package web

import (
	"net/http"

	"folio/app/i18n"
	"folio/app/ui"
	"folio/cmd/folio/internal/respcache"
)

// withLang has pages made in the reader's language. The language travels
// with the request, as the fragment of its URL (ui.LangFragment), into the
// response cache's key and go-app's render: the server makes many pages at
// once, for readers of both languages. Answers say which language they are
// in and what chose it, so no cache between here and the reader (nor the
// service worker, which checks Content-Language) gives a page in one
// language to a reader of the other.
func withLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := i18n.FromRequest(r)
		h := w.Header()
		respcache.AddVary(h, "Cookie")
		respcache.AddVary(h, "Accept-Language")
		h.Set("Content-Language", l.Tag())
		r2 := *r
		u := *r.URL
		u.Fragment, u.RawFragment = ui.LangFragment(l), ""
		r2.URL = &u
		next.ServeHTTP(w, &r2)
	})
}
