package web

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
	webfiles "folio/web"
)

// TestVersion: the build version covers what the browser is served and
// nothing else, so editing a README screenshot tells no reader to update.
func TestVersion(t *testing.T) {
	folder := fstest.MapFS{
		"folio.css":             {Data: []byte("body{}")},
		"loader.js":             {Data: []byte("// loader")},
		"sw.js":                 {Data: []byte("// worker")},
		"app.wasm":              {Data: []byte("\x00asm")},
		"app.wasm.br":           {Data: []byte("br")},
		"icons/icon.svg":        {Data: []byte("<svg/>")},
		"embed.go":              {Data: []byte("package web")},
		"screenshots/folio.jpg": {Data: []byte("jpg")},
	}
	base, err := Version(folder)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		changes    bool
	}{
		{"screenshot edited", "screenshots/folio.jpg", false},
		{"screenshot added", "screenshots/embed.png", false},
		{"Go source edited", "embed.go", false},
		{"style edited", "folio.css", true},
		{"script edited", "loader.js", true},
		{"worker edited", "sw.js", true},
		{"wasm rebuilt", "app.wasm", true},
		{"compressed wasm rebuilt", "app.wasm.br", true},
		{"icon edited", "icons/icon.svg", true},
		{"script added", "extra.js", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := fstest.MapFS{}
			for name, f := range folder {
				edited[name] = f
			}
			edited[tt.file] = &fstest.MapFile{Data: []byte("edited")}
			v, err := Version(edited)
			if err != nil {
				t.Fatal(err)
			}
			if changed := v != base; changed != tt.changes {
				t.Errorf("Version after %s %s = %s (was %s): changed %v, want %v", tt.name, tt.file, v, base, changed, tt.changes)
			}
		})
	}
}

// TestScreenshotsNotServed: the web folder as built serves the app's files
// but not the README's screenshots, and the worker does not precache them.
func TestScreenshotsNotServed(t *testing.T) {
	if _, err := fs.Stat(webfiles.Files, "sw.js"); err != nil {
		t.Fatal(err)
	}
	ix, _, err := content.Load(content.Sample())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "folio.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := New(Config{
		Index: ix, Comments: st, Static: webfiles.Files, Log: quiet, Domain: "folio.test",
		API: api.New(api.Config{Articles: ix, Comments: st, Now: time.Now, Log: quiet}),
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"/web/folio.css":             http.StatusOK,
		"/web/icons/icon.svg":        http.StatusOK,
		"/web/screenshots/folio.jpg": http.StatusNotFound,
		"/web/screenshots/embed.png": http.StatusNotFound,
	} {
		if w := get(h, path); w.Code != want {
			t.Errorf("GET %s = %d, want %d", path, w.Code, want)
		}
	}
	if w := get(h, "/app-worker.js"); strings.Contains(w.Body.String(), "screenshots") {
		t.Errorf("the worker precaches screenshots:\n%s", w.Body.String())
	}
}
