package main

// The README's pictures: TestFeaturesLook's four screenshots of a feature
// put side by side by Chromium in a page of their own and saved as one JPEG.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const (
	// shotRow is the height of a row in the picture: a phone and a desktop
	// screen side by side, each scaled to it.
	shotRow = 440
	// shotGap is the space around and between the screens.
	shotGap = 8
	// shotQuality is the JPEG quality: text stays legible, and a picture
	// of a page of text under 150 KB.
	shotQuality = 60
)

// composer lays screenshots out in a tab of their own.
type composer struct {
	url string
	dir string

	mu    sync.Mutex
	shots [][]byte
}

func newComposer(t *testing.T, dir string) *composer {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &composer{dir: dir}
	srv := httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(srv.Close)
	c.url = srv.URL
	return c
}

// serve answers /N.png with screenshot N and / with the grid page.
func (c *composer) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int
	if _, err := fmt.Sscanf(r.URL.Path, "/%d.png", &n); err == nil && n < len(c.shots) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(c.shots[n])
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><style>
body { margin: 0; background: #8a8f98; }
.grid { display: grid; grid-template-columns: auto auto; gap: %[1]dpx; padding: %[1]dpx; width: max-content; }
img { display: block; height: %[2]dpx; width: auto; }
</style></head><body><div class="grid">`, shotGap, shotRow)
	for i := range c.shots {
		fmt.Fprintf(&b, `<img src="/%d.png" alt="">`, i)
	}
	b.WriteString(`</div></body></html>`)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(b.String()))
}

// write lays shots out two by two (phone, desktop; light above dark) in a
// new tab of ctx's browser and writes the picture as dir/name.jpg.
func (c *composer) write(t *testing.T, ctx context.Context, name string, shots [][]byte) {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	c.mu.Lock()
	c.shots = shots
	c.mu.Unlock()
	phone, desktop := shotRow*variants[0].w/variants[0].h, shotRow*variants[1].w/variants[1].h
	w, h := phone+desktop+3*shotGap, int64(2*shotRow+3*shotGap)
	do(t, tab, "lay out "+name, chromedp.EmulateViewport(w, h), chromedp.Navigate(c.url+"/"))
	waitJS(t, tab, "the screenshots decoded", `Promise.all([...document.images].map(i => i.decode())).then(() => true)`)
	var jpeg []byte
	q := int64(shotQuality)
	do(t, tab, "capture "+name, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatJpeg, Quality: &q})
		jpeg = r.Data
		return err
	}))
	out := filepath.Join(c.dir, name+".jpg")
	if err := os.WriteFile(out, jpeg, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d×%d, %.0f KB", out, w, h, float64(len(jpeg))/1024)
}
