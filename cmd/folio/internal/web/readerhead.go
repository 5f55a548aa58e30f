package web

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// inlineScript is a script written into every page's <head>, so it runs
// before the first paint without a request of its own, and the hash that
// lets it run under the pages' Content-Security-Policy.
type inlineScript struct {
	tag  string // <script>…</script>
	hash string // 'sha256-…', a CSP source
}

// readerHead is web/reader-head.js inlined: it puts the reader's settings on
// <html> before the page paints. Its leading comment lines are documentation
// for the source and stay out of the page. A static folder without it (some
// tests') gets no inline script.
func readerHead(static fs.FS) (inlineScript, error) {
	b, err := fs.ReadFile(static, "reader-head.js")
	if errors.Is(err, fs.ErrNotExist) {
		return inlineScript{}, nil
	}
	if err != nil {
		return inlineScript{}, fmt.Errorf("reader head script: %w", err)
	}
	var code []string
	for line := range strings.Lines(string(b)) {
		if len(code) == 0 && strings.HasPrefix(line, "//") {
			continue
		}
		code = append(code, line)
	}
	js := strings.TrimSpace(strings.Join(code, ""))
	if js == "" || strings.Contains(strings.ToLower(js), "</script") {
		return inlineScript{}, fmt.Errorf("reader head script: %d bytes of code, or a closing tag", len(js))
	}
	sum := sha256.Sum256([]byte(js))
	return inlineScript{
		tag:  "<script>" + js + "</script>",
		hash: "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}, nil
}

// policy is the Content-Security-Policy p with this script allowed:
// script-src-elem, which governs <script> elements, takes our own files and
// this one inline script by its hash. script-src stays as it was for the
// rest (compiling app.wasm; inline event handlers stay blocked). A browser
// without script-src-elem blocks the script and gets the settings from
// web/reader.js a moment later.
func (s inlineScript) policy(p string) string {
	if s.hash == "" {
		return p
	}
	return strings.Replace(p, "; style-src ", "; script-src-elem 'self' "+s.hash+"; style-src ", 1)
}

// headers is raw, the page's extra <head> elements, with this script.
func (s inlineScript) headers(raw ...string) []string {
	if s.tag == "" {
		return raw
	}
	return append(raw, s.tag)
}
