package web

import "net/http"

// contentPolicy lets only our own scripts and styles run. 'wasm-unsafe-eval'
// is what compiling app.wasm needs; inline script and style stay blocked, a
// second wall behind the comment sanitizer.
const contentPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'self'"

// securityHeaders sets the policy page on every response; /embed/ pages get
// embed, the same policy with the publishers' sites as frame-ancestors.
func securityHeaders(next http.Handler, page, embed string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if isEmbedPage(r.URL.Path) {
			h.Set("Content-Security-Policy", embed)
		} else {
			h.Set("Content-Security-Policy", page)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		next.ServeHTTP(w, r)
	})
}
