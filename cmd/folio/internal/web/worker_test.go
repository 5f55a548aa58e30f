package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	webfiles "folio/web"
)

// TestScriptsParse runs our browser scripts through Node's parser, the
// service worker with go-app's placeholders filled in as go-app fills them.
func TestScriptsParse(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to check the browser scripts")
		}
		t.Skip("no node")
	}
	for _, name := range []string{"sw.js", "loader.js", "takeover.js"} {
		src, err := webfiles.Files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		js := strings.NewReplacer("{{.Version}}", "v1", "{{.ResourcesToCache}}", `["/","/app.js","/web/app.wasm"]`).Replace(string(src))
		file := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(file, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", name, err, out)
		}
	}
}
