package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/cmd/folio/internal/negotiate"
	webfiles "folio/web"
)

// go-app's /app.js loads app.wasm through fetchWithProgress: it copies the
// download, chunk by chunk on the main thread, into a new Response built from
// a ReadableStream, to report progress. A Response made in script has no URL
// and comes from neither the HTTP cache nor the Cache API, so Chromium cannot
// keep (or reuse) the compiled module for the next visit, and every visit
// compiles app.wasm again. go-app's loader also runs the Go program the
// moment it is instantiated, whatever the reader is doing.
//
// Folio serves go-app's generated script with exactly two changes, each
// checked to apply once (a go-app upgrade that changes this text fails at
// start-up and in TestAppScript, never silently):
//   - app.wasm is instantiated straight from fetch's Response, which
//     Chromium compiles while it streams in; the fetch starts once the
//     prerendered page has painted, at low priority (folioFetchWasm in
//     web/takeover.js), so the 1.7 MB never competes with what the first
//     paint needs;
//   - the Go program is started through folioTakeOver (web/takeover.js,
//     appended), which waits until the prerendered page has painted and the
//     reader can be interrupted, and carries over what the reader did to the
//     prerendered page meanwhile.
var appScriptEdits = []struct{ old, new string }{
	{
		old: `fetchWithProgress("/web/app.wasm", showProgress)`,
		new: `folioFetchWasm("/web/app.wasm")`,
	},
	{
		old: "    go.run(wasm.instance);\n    loader.remove();",
		new: "    await folioTakeOver(() => go.run(wasm.instance));\n    loader.remove();",
	},
}

// appScript is go-app's generated /app.js with Folio's edits and
// web/takeover.js after it. The script is part of the program, like go-app's
// own, whatever web folder the site serves.
func appScript(pages *app.Handler) ([]byte, error) {
	w := &recordWriter{header: http.Header{}}
	r, err := http.NewRequest(http.MethodGet, "/app.js", nil)
	if err != nil {
		return nil, err
	}
	pages.ServeHTTP(w, r)
	if w.status != http.StatusOK {
		return nil, fmt.Errorf("app.js: go-app answered %d", w.status)
	}
	takeOver, err := webfiles.Files.ReadFile("takeover.js")
	if err != nil {
		return nil, fmt.Errorf("app.js: %w", err)
	}
	return editAppScript(w.body.String(), string(takeOver))
}

// editAppScript applies appScriptEdits to go-app's script src and appends
// takeOver; it fails if an edit does not apply exactly once.
func editAppScript(src, takeOver string) ([]byte, error) {
	for _, e := range appScriptEdits {
		if n := strings.Count(src, e.old); n != 1 {
			return nil, fmt.Errorf("app.js: go-app's script has %q %d times, want once: go-app changed, review appScriptEdits", e.old, n)
		}
		src = strings.Replace(src, e.old, e.new, 1)
	}
	return []byte(src + "\n" + takeOver), nil
}

// scriptHandler serves a generated script, revalidated on every use (its
// URL has no version) with a strong ETag.
func scriptHandler(body []byte) http.Handler {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", etag)
		if negotiate.NoneMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", "application/javascript")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
	})
}

// recordWriter keeps a whole response (headers, status, body) in memory.
type recordWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *recordWriter) Header() http.Header { return w.header }

func (w *recordWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *recordWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}
