package mdbench

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"folio/app/article"
)

// driver loads render.wasm in Node and prints, as JSON, what its exported
// function makes of each file named after it.
const driver = `
const fs = require("fs");
require(process.argv[2]);
const go = new Go();
go.argv = ["render", "folioRenderTest"];
WebAssembly.instantiate(fs.readFileSync(process.argv[3]), go.importObject).then(({ instance }) => {
  go.run(instance);
  const out = process.argv.slice(4).map((f) => globalThis.folioRenderTest(fs.readFileSync(f, "utf8")));
  fs.writeSync(1, JSON.stringify(out)); // process.exit would cut an asynchronous write
  process.exit(0);
});
`

// TestRenderEntry checks that the wasm the benchmark times renders every
// sample article exactly as article.Render does on the server: the
// benchmark measures the renderer readers get, and the browser's render
// matches the prerendered page.
func TestRenderEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a wasm program; skipped in -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "render.wasm")
	build := exec.Command("go", "build", "-o", wasm, "./render")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	js := filepath.Join(dir, "driver.js")
	if err := os.WriteFile(js, []byte(driver), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../content/sample/*.md")
	if len(files) == 0 {
		t.Fatal("no sample articles")
	}
	var bodies []string
	args := []string{js, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), wasm}
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		body := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(body, cutFrontMatter(src), 0o644); err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, body)
		args = append(args, bodies[i])
	}
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(files) {
		t.Fatalf("node printed %d results (%v), want %d", len(got), err, len(files))
	}
	for i, f := range bodies {
		src, _ := os.ReadFile(f)
		if want := article.Render(src, "/media/").HTML; got[i] != want {
			t.Errorf("wasm render of %s differs from article.Render (%d bytes, want %d)",
				filepath.Base(files[i]), len(got[i]), len(want))
		}
	}
}

// cutFrontMatter drops an article file's front matter.
func cutFrontMatter(src []byte) []byte {
	if rest, ok := bytes.CutPrefix(src, []byte("---\n")); ok {
		if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
			return rest[i+5:]
		}
	}
	return src
}
