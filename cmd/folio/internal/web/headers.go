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
		next.ServeHTTP(&policyWriter{ResponseWriter: w}, r)
	})
}

// policyWriter leaves the policy headers out of a 304: the browser keeps
// those of the 200 it stored and updates only what a 304 carries (ETag,
// Cache-Control, Vary, Date). They were two thirds of the bytes of a repeat
// visit, which only revalidates.
type policyWriter struct{ http.ResponseWriter }

func (w *policyWriter) WriteHeader(code int) {
	if code == http.StatusNotModified {
		h := w.Header()
		h.Del("Content-Security-Policy")
		h.Del("X-Content-Type-Options")
		h.Del("Referrer-Policy")
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *policyWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
