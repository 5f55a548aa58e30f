package main

// These tests guard what the browser downloads: the wasm program must not
// link server code, and its brotli-compressed size has a budget.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// brotliBudget is the most app.wasm may weigh on the wire, brotli level 11.
// It was 1,700,000 when app.wasm weighed 1,683,992; 1,662,486 since the
// generic sorts and errors.As left (app/client) and HTTP/2 with the
// nethttpomithttp2 tag; 1,673,976 with the article's JSON-LD kept by the app
// (+4.9 KB) and the take-over of the prerendered page; 1,688,732 with the
// reader's desk (issue 10: reactions, votes, sorting, preview, own edits,
// pins, premoderation, replies, code spans, search, settings and listen
// markup: +90 KB raw, brotli +14.8 KB, after their behaviour went to plain
// JavaScript and two size cuts). A cut of 20 KB more needs app/ui's
// rendering rewritten (h/size2's measurements), not a swap of libraries.
// 1,701,513 with the rest of issue 10 (measured at each merge: the server's
// sort orders 1,688,058; edits and deletes queued on the device 1,696,200;
// the interface in two languages, its Chinese read from web/i18n.js rather
// than carried, 1,701,513). Brotli moves by up to ±10 KB on changes of a few
// hundred raw bytes here, so the budget keeps that much room.
const brotliBudget = 1_710_000

// wasmFlags are the go build flags of `make wasm` (the Makefile's WASMFLAGS).
const wasmFlags = `-trimpath -tags=nethttpomithttp2 -gcflags=all=-l -ldflags="-s -w"`

type pkg struct {
	ImportPath string
	Imports    []string
}

func wasmEnv() []string { return append(os.Environ(), "GOOS=js", "GOARCH=wasm") }

// TestWasmDeps fails if the browser program depends on a database driver, on
// server code, or if anything under app/ uses net/http (the browser's fetch
// is the client; net/http costs megabytes).
func TestWasmDeps(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports", ".")
	cmd.Env = wasmEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := 0
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		seen++
		if serverOnly(p.ImportPath) {
			t.Errorf("app.wasm links server-only package %s", p.ImportPath)
		}
		if strings.HasPrefix(p.ImportPath, "folio/app/") {
			for _, imp := range p.Imports {
				if imp == "net/http" {
					t.Errorf("%s imports net/http: fetch through the browser (app/client)", p.ImportPath)
				}
			}
		}
	}
	if seen < 20 {
		t.Fatalf("go list saw only %d packages; the check would pass vacuously", seen)
	}
}

// serverOnly reports packages that belong on the server: database drivers,
// the sanitizer, YAML, the highlighter (chroma and its regexp engine), test
// servers and everything under cmd/folio.
func serverOnly(path string) bool {
	for _, prefix := range []string{"database/sql", "modernc.org/sqlite", "github.com/jackc/pgx",
		"github.com/microcosm-cc/bluemonday", "gopkg.in/yaml", "net/http/httptest", "folio/cmd/folio",
		"github.com/alecthomas/chroma", "github.com/dlclark/regexp2"} {
		if path == prefix || strings.HasPrefix(path, prefix+"/") {
			return path != "database/sql/driver" // interfaces only; google/uuid implements them
		}
	}
	return false
}

func TestServerOnly(t *testing.T) {
	tests := map[string]bool{
		"database/sql": true, "database/sql/driver": false, "modernc.org/sqlite": true,
		"modernc.org/sqlite/lib": true, "folio/cmd/folio/internal/store": true,
		"folio/app/article": false, "net/http": false, "github.com/jackc/pgx/v5": true,
		"github.com/alecthomas/chroma/v2": true, "github.com/alecthomas/chroma/v2/lexers": true,
		"github.com/dlclark/regexp2/v2": true, "folio/cmd/folio/internal/highlight": true,
	}
	for path, want := range tests {
		if got := serverOnly(path); got != want {
			t.Errorf("serverOnly(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestWasmSize builds app.wasm as `make wasm` does (same flags) and checks the budget.
func TestWasmSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds app.wasm; skipped in -short")
	}
	out := filepath.Join(t.TempDir(), "app.wasm")
	args := append(append([]string{"build"}, splitFlags(wasmFlags)...), "-o", out, ".")
	cmd := exec.Command("go", args...)
	cmd.Env = wasmEnv()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotli.BestCompression)
	w.Write(raw)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("app.wasm: %d bytes raw, %d bytes brotli (budget %d)", len(raw), br.Len(), brotliBudget)
	if br.Len() > brotliBudget {
		t.Errorf("app.wasm is %d bytes brotli-compressed, over the %d budget", br.Len(), brotliBudget)
	}
}

// TestWasmFlags fails if the size test would build app.wasm differently
// from `make wasm`.
func TestWasmFlags(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(mk)) {
		if v, ok := strings.CutPrefix(line, "WASMFLAGS := "); ok {
			if got := strings.TrimSpace(v); got != wasmFlags {
				t.Errorf("Makefile WASMFLAGS = %s, want %s (the size test's flags)", got, wasmFlags)
			}
			return
		}
	}
	t.Fatal("Makefile has no WASMFLAGS line")
}

// splitFlags splits a Makefile flag list at spaces outside double quotes and
// drops the quotes, as the shell does.
func splitFlags(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, has := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, has = !quoted, true
		case r == ' ' && !quoted:
			if has {
				out = append(out, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

func TestSplitFlags(t *testing.T) {
	got := strings.Join(splitFlags(`-a  -ldflags="-s -w" -b=""`), "|")
	if want := `-a|-ldflags=-s -w|-b=`; got != want {
		t.Errorf("splitFlags = %q, want %q", got, want)
	}
}
