package main

// The reader's desk, used as a reader would: the reading settings panel
// (saved on the device, applied before the first paint), the reading
// progress bar with "N min left", and the contents that follow the reader.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// paintProbe runs before any of the page's own scripts, on every load. It
// records what the reader's first frames look like:
//   - atBody: the reader settings on <html> at the moment <body> is parsed.
//     Set by then, no frame can show the page without them.
//   - frames: the computed styles of the page in every animation frame until
//     two frames after the first contentful paint: what the reader saw.
const paintProbe = `(() => {
  const probe = window.__paint = { atBody: null, frames: [], fcp: 0 };
  const attrs = () => { const o = {}; for (const a of document.documentElement.attributes) if (a.name.startsWith("data-reader-")) o[a.name.slice(12)] = a.value; return o; };
  new MutationObserver((_, obs) => {
    if (document.body) { probe.atBody = attrs(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") probe.fcp = e.startTime; })
    .observe({ type: "paint", buffered: true });
  let after = 0;
  const frame = (t) => {
    const b = document.body, s = document.querySelector(".story-body");
    if (b && s) {
      const bs = getComputedStyle(b), ss = getComputedStyle(s);
      probe.frames.push({ t, bg: bs.backgroundColor, size: ss.fontSize, leading: ss.lineHeight, face: ss.fontFamily, width: ss.maxWidth });
    }
    if (probe.fcp && ++after > 2) return;
    if (probe.frames.length < 600) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`

// paintFrame is one frame's computed styles as paintProbe saw them.
type paintFrame struct {
	T       float64 `json:"t"`
	BG      string  `json:"bg"`
	Size    string  `json:"size"`
	Leading string  `json:"leading"`
	Face    string  `json:"face"`
	Width   string  `json:"width"`
}

// paintRecord is what paintProbe kept of one load.
type paintRecord struct {
	AtBody map[string]string `json:"atBody"`
	Frames []paintFrame      `json:"frames"`
	FCP    float64           `json:"fcp"`
}

func probePaint() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: paintProbe})
		return err
	})
}

// readPaint waits for the first paint and returns what the probe recorded.
func readPaint(t testing.TB, ctx context.Context) paintRecord {
	t.Helper()
	waitJS(t, ctx, "the first paint and the frames after it", `!!window.__paint && window.__paint.fcp > 0 && window.__paint.frames.some(f => f.t >= window.__paint.fcp)`)
	var rec paintRecord
	if err := json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(window.__paint)`)), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// chooseSetting opens the reading settings in the masthead, if closed, and
// taps an option by its visible label.
func chooseSetting(t testing.TB, ctx context.Context, group, label string) {
	t.Helper()
	waitJS(t, ctx, "the reading settings in the masthead", `!!document.querySelector("details.reader-panel > summary")`)
	if !eval[bool](t, ctx, `!!document.querySelector("details.reader-panel[open]")`) {
		do(t, ctx, "open the reading settings", chromedp.Click(chromedp.CSS("details.reader-panel > summary")))
		waitJS(t, ctx, "the settings open", `!!document.querySelector("details.reader-panel[open] fieldset")`)
	}
	// The label's text names the option; clicking the label is a tap on it.
	sel := fmt.Sprintf(`[...document.querySelectorAll("details.reader-panel fieldset")].find(f => f.querySelector("legend").textContent.trim() === %q)`, group)
	if !eval[bool](t, ctx, sel+` !== undefined`) {
		t.Fatalf("no settings group %q", group)
	}
	id := eval[string](t, ctx, fmt.Sprintf(`(() => { const l = [...(%s).querySelectorAll("label")].find(l => l.textContent.trim() === %q); return l ? l.querySelector("input").id : ""; })()`, sel, label))
	if id == "" {
		t.Fatalf("no option %q in %q", label, group)
	}
	do(t, ctx, "choose "+group+": "+label, chromedp.Click(chromedp.CSS(`label:has(> #`+id+`)`)))
	waitJS(t, ctx, group+" "+label+" checked", fmt.Sprintf(`document.getElementById(%q).checked`, id))
}

// readerSizes are the viewports a reader uses.
var readerSizes = []struct {
	name string
	w, h int64
}{{"phone", 390, 844}, {"desktop", 1280, 800}}

// TestReaderSettingsBeforePaint changes the settings in the panel as a
// reader would, reloads, and checks the page's first frames already show
// them (no flash of the defaults), on a phone and a desktop, for each theme
// with the system in the other scheme, and that the panel shows the choice.
func TestReaderSettingsBeforePaint(t *testing.T) {
	s := startSite(t)
	long := "/a/" + s.longest().Slug
	themes := []struct {
		label, system, bg string
	}{
		{"Light", "dark", "rgb(250, 248, 244)"},
		{"Dark", "light", "rgb(21, 23, 26)"},
		{"Sepia", "dark", sepiaPaper},
		{"Auto", "dark", "rgb(21, 23, 26)"},
	}
	for _, size := range readerSizes {
		t.Run(size.name, func(t *testing.T) {
			ctx, _ := newBrowser(t)
			do(t, ctx, "open the long read",
				chromedp.EmulateViewport(size.w, size.h),
				probePaint(),
				chromedp.Navigate(s.URL+long),
				chromedp.WaitVisible(chromedp.CSS(".story-body")),
			)
			base := readPaint(t, ctx).Frames[0]
			// Clicks wait for the app: a take-over between finding a node
			// and clicking it would fail the click, not the page.
			wasmStarted(t, ctx)
			chooseSetting(t, ctx, "Text size", "130%")
			chooseSetting(t, ctx, "Line spacing", "Loose")
			chooseSetting(t, ctx, "Typeface", "Sans")
			const style = `getComputedStyle(document.querySelector(".story-body"))`
			width := eval[string](t, ctx, style+`.maxWidth`)
			if size.name == "desktop" { // a phone is narrower than any column
				chooseSetting(t, ctx, "Column width", "Wide")
				if w := eval[string](t, ctx, style+`.maxWidth`); px(t, w) <= px(t, width) {
					t.Errorf("wide column: %s, medium was %s", w, width)
				}
				width = eval[string](t, ctx, style+`.maxWidth`)
			} else if eval[bool](t, ctx, `getComputedStyle(document.querySelector(".reader-width")).display !== "none"`) {
				t.Errorf("a phone offers column widths")
			}
			now := eval[string](t, ctx, style+`.fontSize`)
			if px(t, now) <= px(t, base.Size)*1.2 {
				t.Errorf("text size 130%%: body text %s, was %s", now, base.Size)
			}
			for _, th := range themes {
				do(t, ctx, "system "+th.system, setDarkMode(th.system == "dark"))
				chooseSetting(t, ctx, "Theme", th.label)
				do(t, ctx, "reload", chromedp.Reload())
				rec := readPaint(t, ctx)
				want := map[string]string{"size": "130", "spacing": "loose", "font": "sans", "theme": strings.ToLower(th.label)}
				if size.name == "desktop" {
					want["width"] = "wide"
				}
				for k, v := range want {
					if rec.AtBody[k] != v {
						t.Errorf("%s: when <body> was parsed, <html> had %s=%q, want %q (settings: %v)", th.label, k, rec.AtBody[k], v, rec.AtBody)
					}
				}
				if len(rec.Frames) == 0 || rec.Frames[0].T > rec.FCP {
					t.Fatalf("%s: no frame recorded up to the first paint (%v)", th.label, rec)
				}
				for _, f := range rec.Frames {
					if f.BG != th.bg {
						t.Errorf("%s (system %s): frame at %.0f ms has background %s, want %s", th.label, th.system, f.T, f.BG, th.bg)
					}
					if f.Size != now || !strings.HasPrefix(f.Face, "system-ui") || px(t, f.Leading) < px(t, f.Size)*1.85 {
						t.Errorf("%s: frame at %.0f ms has text %s/%s %s, want %s, loose, sans", th.label, f.T, f.Size, f.Leading, f.Face, now)
					}
					if f.Width != width {
						t.Errorf("%s: frame at %.0f ms has a column of %s, want %s", th.label, f.T, f.Width, width)
					}
				}
				wasmStarted(t, ctx)
				do(t, ctx, "open the panel", chromedp.Click(chromedp.CSS("details.reader-panel > summary")))
				checked := eval[[]string](t, ctx, `[...document.querySelectorAll("details.reader-panel input:checked")].map(i => i.value)`)
				if got := strings.Join(checked, " "); !strings.Contains(got, strings.ToLower(th.label)) || !strings.Contains(got, "130") {
					t.Errorf("%s: after the reload the panel shows %q checked", th.label, got)
				}
			}
			// After the app took the page over the settings still apply.
			chooseSetting(t, ctx, "Theme", "Sepia")
			if bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != sepiaPaper {
				t.Errorf("sepia after the app started: background %s", bg)
			}
			do(t, ctx, "Escape closes the panel", chromedp.KeyEvent(kb.Escape))
			waitJS(t, ctx, "the panel closed", `!document.querySelector("details.reader-panel[open]")`)
			// By keyboard: Enter on "Aa" opens, Tab reaches the text size,
			// an arrow key changes it, Escape closes and returns to "Aa".
			do(t, ctx, "focus Aa", chromedp.Evaluate[chromedp.Void](`document.querySelector("details.reader-panel > summary").focus()`),
				chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab))
			if got := eval[string](t, ctx, `document.activeElement.id`); got != "reader-size-130" {
				t.Errorf("Tab after opening the panel lands on #%s, want the chosen text size", got)
			}
			do(t, ctx, "arrow", chromedp.KeyEvent(kb.ArrowRight))
			waitJS(t, ctx, "text size 150% by keyboard", `document.documentElement.dataset.readerSize === "150" && document.getElementById("reader-size-150").checked`)
			do(t, ctx, "Escape", chromedp.KeyEvent(kb.Escape))
			waitJS(t, ctx, "closed, focus on Aa", `!document.querySelector("details.reader-panel[open]") && document.activeElement.matches("details.reader-panel > summary")`)
		})
	}
}

// sepiaPaper is the sepia theme's page colour (web/folio.css).
const sepiaPaper = "rgb(244, 236, 216)"

func px(t testing.TB, v string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64)
	if err != nil {
		t.Fatalf("%q is not a length in px", v)
	}
	return f
}

// TestReaderSepiaAxe runs axe-core on an article and the front page in the
// sepia theme, on a phone and a desktop, with the settings panel open.
func TestReaderSepiaAxe(t *testing.T) {
	src := axeScript(t)
	s := startSite(t)
	ctx, _ := newBrowser(t)
	long := "/a/" + s.longest().Slug
	do(t, ctx, "open", chromedp.Navigate(s.URL+long), chromedp.WaitVisible(chromedp.CSS(".story-body")))
	wasmStarted(t, ctx)
	chooseSetting(t, ctx, "Theme", "Sepia")
	for _, size := range readerSizes {
		for _, path := range []string{long, "/"} {
			do(t, ctx, size.name+" "+path, chromedp.EmulateViewport(size.w, size.h),
				chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS(".masthead")))
			wasmStarted(t, ctx)
			if eval[string](t, ctx, `document.documentElement.dataset.readerTheme`) != "sepia" {
				t.Fatalf("%s: not sepia", path)
			}
			do(t, ctx, "open the panel", chromedp.Click(chromedp.CSS("details.reader-panel > summary")))
			for _, v := range runAxe(t, ctx, src) {
				t.Errorf("%s %s sepia: %s (%s): %s\n\t%s", size.name, path, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\t"))
			}
		}
	}
}

var minLeft = regexp.MustCompile(`^(\d+) min left$`)

// TestReadingProgress scrolls the long read: the progress bar and "N min
// left" follow, starting from the byline's reading time and ending at the
// end of the text; the contents mark the section being read.
func TestReadingProgress(t *testing.T) {
	s := startSite(t)
	m := s.longest()
	for _, size := range readerSizes {
		t.Run(size.name, func(t *testing.T) {
			ctx, _ := newBrowser(t)
			do(t, ctx, "open the long read", chromedp.EmulateViewport(size.w, size.h),
				chromedp.Navigate(s.URL+"/a/"+m.Slug), chromedp.WaitVisible(chromedp.CSS(".toc")))
			wasmStarted(t, ctx)
			state := func() (int, int) {
				t.Helper()
				now := eval[string](t, ctx, `document.querySelector(".reading-progress").getAttribute("aria-valuenow")`)
				left := eval[string](t, ctx, `document.querySelector(".reading-left").textContent.trim()`)
				n, err := strconv.Atoi(now)
				if err != nil {
					t.Fatalf("progress aria-valuenow = %q", now)
				}
				if left == "Finished" {
					return n, 0
				}
				mm := minLeft.FindStringSubmatch(left)
				if mm == nil {
					t.Fatalf("min left reads %q", left)
				}
				l, _ := strconv.Atoi(mm[1])
				return n, l
			}
			p0, left0 := state()
			if left0 != m.ReadingMinutes || p0 > 5 {
				t.Errorf("at the top: %d%%, %d min left; want about 0%% and the byline's %d min", p0, left0, m.ReadingMinutes)
			}
			do(t, ctx, "scroll to the middle", chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector(".story-body"); scrollTo(0, b.offsetTop + b.offsetHeight / 2 - innerHeight / 2); })()`))
			waitJS(t, ctx, "progress to move", `+document.querySelector(".reading-progress").getAttribute("aria-valuenow") > 30`)
			p1, left1 := state()
			if p1 < 30 || p1 > 70 || left1 >= left0 || left1 < 1 {
				t.Errorf("in the middle: %d%%, %d min left (from %d)", p1, left1, left0)
			}
			if w := eval[float64](t, ctx, `document.querySelector(".reading-progress-bar").getBoundingClientRect().width / innerWidth`); w < 0.25 || w > 0.75 {
				t.Errorf("in the middle the bar is %.2f of the width", w)
			}
			if !eval[bool](t, ctx, `getComputedStyle(document.querySelector(".reading-left")).visibility === "visible"`) {
				t.Errorf("min left is not shown while reading")
			}
			do(t, ctx, "scroll to the end of the text", chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector(".story-body"); scrollTo(0, b.offsetTop + b.offsetHeight - innerHeight + 10); })()`))
			waitJS(t, ctx, "progress at the end", `document.querySelector(".reading-progress").getAttribute("aria-valuenow") === "100"`)
			if _, l := state(); l != 0 {
				t.Errorf("at the end: %d min left", l)
			}
		})
	}
}

// TestContentsFollowReader scrolls the long read section by section: the
// contents mark the one being read (aria-current), one at a time; "Back to
// top" returns to the top with focus at the start of the page.
func TestContentsFollowReader(t *testing.T) {
	s := startSite(t)
	m := s.longest()
	for _, size := range readerSizes {
		t.Run(size.name, func(t *testing.T) {
			ctx, _ := newBrowser(t)
			do(t, ctx, "open the long read", chromedp.EmulateViewport(size.w, size.h),
				chromedp.Navigate(s.URL+"/a/"+m.Slug), chromedp.WaitVisible(chromedp.CSS(".toc")))
			ids := eval[[]string](t, ctx, `[...document.querySelectorAll(".toc a")].map(a => a.hash.slice(1))`)
			if len(ids) < 4 {
				t.Fatalf("contents list %v", ids)
			}
			const current = `[...document.querySelectorAll(".toc a[aria-current]")].map(a => a.hash.slice(1) + "=" + a.getAttribute("aria-current")).join(" ")`
			if got := eval[string](t, ctx, current); got != "" {
				t.Errorf("at the top, before any section, the contents mark %q", got)
			}
			// Before the app runs, and after it took the page over.
			for i, id := range []string{ids[1], ids[len(ids)-2], ids[2]} {
				if i == 2 {
					wasmStarted(t, ctx)
				}
				do(t, ctx, "scroll to "+id, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const h = document.getElementById(%q); scrollTo(0, h.getBoundingClientRect().top + scrollY + 40); })()`, id)))
				waitJS(t, ctx, id+" marked current", fmt.Sprintf(`(%s) === %q`, current, id+"=location"))
			}
			do(t, ctx, "Back to top", chromedp.Evaluate[chromedp.Void](`document.querySelector("a.back-to-top").focus()`), chromedp.KeyEvent(kb.Enter))
			waitJS(t, ctx, "at the top", `scrollY === 0`)
			waitJS(t, ctx, "focus at the start of the page", `document.activeElement && document.activeElement.id === "main"`)
		})
	}
}

// TestReaderScreenshots writes the reader's desk as a reader sees it, at
// phone and desktop widths, in light, dark and sepia, when FOLIO_SCREENSHOTS
// names a folder: the settings panel open, and the long read half-way down
// with the progress bar, "N min left" and the contents.
func TestReaderScreenshots(t *testing.T) {
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		t.Skip("set FOLIO_SCREENSHOTS=DIR to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSite(t)
	long := "/a/" + s.longest().Slug
	ctx, _ := newBrowser(t)
	shot := func(name string) {
		t.Helper()
		time.Sleep(300 * time.Millisecond) // let the frame settle
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, theme := range []string{"Light", "Dark", "Sepia"} {
		for _, size := range readerSizes {
			do(t, ctx, "open", chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(s.URL+long), chromedp.WaitVisible(chromedp.CSS(".story-body")))
			wasmStarted(t, ctx)
			chooseSetting(t, ctx, "Theme", theme)
			name := "reader-" + size.name + "-" + strings.ToLower(theme)
			shot(name + "-settings")
			do(t, ctx, "close", chromedp.KeyEvent(kb.Escape))
			id := eval[string](t, ctx, `[...document.querySelectorAll(".toc a")][3].hash.slice(1)`)
			do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const h = document.getElementById(%q); scrollTo(0, h.getBoundingClientRect().top + scrollY - 40); })()`, id)))
			waitJS(t, ctx, "marked", `!!document.querySelector(".toc a[aria-current]") && !!document.querySelector(".reading-progress[data-reading]")`)
			shot(name + "-reading")
		}
	}
}
