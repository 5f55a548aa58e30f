package main

// Browser tests of Listen and Share (web/listen-share.js) and of the end of
// an article (next article, more from its tag), used as a reader would, on a
// phone and a desktop, in light and dark.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"folio/app/article"
)

// readerScreen is a screen a reader reads on.
type readerScreen struct {
	name   string
	w, h   int64
	scheme string
}

var (
	phoneDark    = readerScreen{"phone", 390, 844, "dark"}
	phoneLight   = readerScreen{"phone", 390, 844, "light"}
	desktopLight = readerScreen{"desktop", 1280, 800, "light"}
	desktopDark  = readerScreen{"desktop", 1280, 800, "dark"}
)

// on emulates the screen: its size and colour scheme.
func (r readerScreen) on() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.EmulateViewport(r.w, r.h),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: r.scheme}},
			})
			return err
		}),
	)
}

// screenshot writes what the tab shows to FOLIO_SCREENSHOTS, when set.
func screenshot(t *testing.T, ctx context.Context, name string, r readerScreen) {
	t.Helper()
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", name, r.name, r.scheme)), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// beforePage runs js in every page the tab opens, before the page's scripts.
func beforePage(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	})
}

// visible is a JavaScript test that the element sel matches is shown.
func visible(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"; })()`, sel)
}

// TestListenHiddenWithoutVoices: Debian's headless Chromium has no voice
// (no speech service runs), so the page offers no Listen control there,
// before and after app.wasm takes the page over; Share is offered.
func TestListenHiddenWithoutVoices(t *testing.T) {
	s := startSite(t)
	a := s.longest()
	for _, r := range []readerScreen{phoneLight, desktopDark} {
		ctx, _ := newBrowser(t)
		do(t, ctx, "open an article", r.on(), chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
		waitJS(t, ctx, "Share before app.wasm", visible(".reader-tools .share-button"))
		wasmStarted(t, ctx)
		waitJS(t, ctx, "Share after app.wasm", visible(".reader-tools .share-button"))
		if n := eval[int](t, ctx, `speechSynthesis.getVoices().length`); n != 0 {
			t.Fatalf("this Chromium reports %d voices: the test expects none", n)
		}
		if eval[bool](t, ctx, visible(".listen-play")) || eval[bool](t, ctx, `document.documentElement.hasAttribute("data-voices")`) {
			t.Errorf("%s: Listen is offered with no voice", r.name)
		}
	}
}

// speechJS stands in for a speech service in the tab: one voice, and a
// synthesizer that says a sentence until the test calls finishSentence(),
// firing start, end and (on cancel) error events as Chromium's does. What
// it was asked to say is in window.spoken.
const speechJS = `(() => {
	const voice = { name: "Test voice", lang: "en-US", default: true, localService: true, voiceURI: "test" };
	const queue = [];
	let current = null;
	window.spoken = [];
	const event = (type, props) => Object.assign(new Event(type), props || {});
	const next = () => {
		if (current || !queue.length) return;
		const u = current = queue.shift();
		window.spoken.push({ text: u.text, rate: u.rate, lang: u.lang });
		setTimeout(() => { if (current === u) u.dispatchEvent(event("start")); });
	};
	const synth = new EventTarget();
	synth.getVoices = () => [voice];
	synth.speak = u => { queue.push(u); next(); };
	synth.cancel = () => {
		const was = current, rest = queue.splice(0);
		current = null;
		if (was) was.dispatchEvent(event("error", { error: "interrupted" }));
		rest.forEach(u => u.dispatchEvent(event("error", { error: "canceled" })));
	};
	synth.pause = () => {};
	synth.resume = () => {};
	Object.defineProperty(synth, "speaking", { get: () => !!current });
	window.finishSentence = () => {
		const u = current;
		current = null;
		if (u) u.dispatchEvent(event("end"));
		next();
		return u ? u.text : null;
	};
	Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
})();`

// highlightedJS is the text highlighted as being read, "" for none.
const highlightedJS = `(() => { const h = CSS.highlights.get("folio-listen"); return h ? [...h][0].toString() : ""; })()`

// saidJS is the sentence being said now.
const saidJS = `((window.spoken.at(-1) || {}).text || "")`

// TestListen: with a voice (speechJS), Listen reads the article from its
// headline, one sentence at a time; the sentence being read is highlighted
// and kept in view as reading goes down the page; Pause stops the voice and
// Resume says that sentence again, at the speed chosen meanwhile; Stop ends
// it and clears the highlight.
func TestListen(t *testing.T) {
	s := startSite(t)
	a := s.longest()
	for _, r := range []readerScreen{phoneDark, desktopLight} {
		t.Run(r.name+"-"+r.scheme, func(t *testing.T) {
			ctx, _ := newBrowser(t)
			do(t, ctx, "open an article", r.on(), beforePage(speechJS),
				chromedp.Navigate(s.URL+"/a/"+a.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			wasmStarted(t, ctx)
			waitJS(t, ctx, "Listen offered", visible(".listen-play"))
			do(t, ctx, "Listen", chromedp.Click(chromedp.CSS(".listen-play")))
			waitJS(t, ctx, "the headline said and highlighted", fmt.Sprintf(
				`window.spoken.length === 1 && %s === %q && %s === %q`, saidJS, a.Title, highlightedJS, a.Title))
			if eval[string](t, ctx, `document.documentElement.dataset.listen`) != "playing" || !eval[bool](t, ctx, visible(".listen-play .listen-pause")) {
				t.Errorf("while reading, the button does not offer Pause")
			}

			// Read on until the sentence being read started below the first screen.
			for i := 0; ; i++ {
				if i == 60 {
					t.Fatalf("60 sentences read and none came from below the first screen")
				}
				before := eval[float64](t, ctx, `scrollY`)
				eval[any](t, ctx, `finishSentence()`)
				waitJS(t, ctx, "the next sentence highlighted and in view", fmt.Sprintf(`(() => {
					const said = %s, h = CSS.highlights.get("folio-listen");
					if (!said || !h) return false;
					const r = [...h][0], box = r.getBoundingClientRect();
					return r.toString() === said && box.top >= 0 && box.bottom <= innerHeight;
				})()`, saidJS))
				if eval[float64](t, ctx, `scrollY`) > before && before > 0 || eval[float64](t, ctx, `scrollY`) > float64(r.h) {
					break
				}
			}
			if eval[float64](t, ctx, `scrollY`) == 0 {
				t.Errorf("the page never scrolled to keep the sentence in view")
			}
			screenshot(t, ctx, "listen", r)

			paused := eval[string](t, ctx, saidJS)
			do(t, ctx, "Pause", chromedp.Click(chromedp.CSS(".listen-play")))
			waitJS(t, ctx, "paused", `document.documentElement.dataset.listen === "paused" && !speechSynthesis.speaking`)
			do(t, ctx, "a faster speed", chromedp.Click(chromedp.CSS(`[data-listen=rate]`)))
			if got := eval[string](t, ctx, `getComputedStyle(document.querySelector(".listen-rate"), "::after").content`); got != `"1.25×"` {
				t.Errorf("speed shows %s after one press, want \"1.25×\"", got)
			}
			n := eval[int](t, ctx, `window.spoken.length`)
			do(t, ctx, "Resume", chromedp.Click(chromedp.CSS(".listen-play")))
			waitJS(t, ctx, "the paused sentence said again, faster", fmt.Sprintf(
				`window.spoken.length === %d && %s === %q && window.spoken.at(-1).rate === 1.25 && %s === %q`, n+1, saidJS, paused, highlightedJS, paused))
			do(t, ctx, "Stop", chromedp.Click(chromedp.CSS(`[data-listen=stop]`)))
			waitJS(t, ctx, "stopped", `!document.documentElement.hasAttribute("data-listen") && !CSS.highlights.has("folio-listen") && !speechSynthesis.speaking`)
		})
	}
}

// grantClipboard lets pages of origin read and write the clipboard, so the
// test reads back what Share copied.
func grantClipboard(origin string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		b := chromedp.FromContext(ctx).Browser
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, b, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: origin,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// clipboard is what the clipboard holds.
func clipboard(t *testing.T, ctx context.Context) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("read the clipboard: %v", err)
	}
	return v
}

// TestShare: on Linux Chromium has no Web Share, so Share copies the
// article's link and says so; a selected quote offers "Share quote", which
// copies the quote with a link to the nearest heading above it and to the
// quote itself (a text fragment), and that link opens the article there.
// Where Web Share exists (here a stand-in for the system's share sheet),
// Share hands it the title and link instead.
func TestShare(t *testing.T) {
	s := startSite(t)
	a := s.longest()
	link := s.URL + "/a/" + a.Slug
	for _, r := range []readerScreen{phoneLight, desktopDark} {
		t.Run(r.name+"-"+r.scheme, func(t *testing.T) {
			ctx, _ := newBrowser(t)
			do(t, ctx, "open an article", r.on(), grantClipboard(s.URL),
				chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			wasmStarted(t, ctx)
			if eval[bool](t, ctx, `"share" in navigator`) {
				t.Fatalf("this Chromium has Web Share: the copy-link test expects none")
			}
			do(t, ctx, "Share", chromedp.Click(chromedp.CSS(".share-button")))
			waitJS(t, ctx, "Link copied shown", visible(".share-status")+` && document.querySelector(".share-status").textContent === "Link copied"`)
			screenshot(t, ctx, "share", r)
			if got := clipboard(t, ctx); got != link {
				t.Errorf("clipboard = %q, want %q", got, link)
			}

			// Select words from the first paragraph under the second heading.
			sel := eval[[]string](t, ctx, `(() => {
				const h = document.querySelectorAll(".story-body h2[id]")[1];
				let p = h.nextElementSibling;
				while (p.tagName !== "P") p = p.nextElementSibling;
				p.scrollIntoView({ block: "center" });
				const text = p.firstChild, words = text.data.split(" ");
				const start = words[0].length + 1, end = start + words.slice(1, 7).join(" ").length;
				const r = document.createRange();
				r.setStart(text, start);
				r.setEnd(text, end);
				getSelection().removeAllRanges();
				getSelection().addRange(r);
				return [h.id, r.toString()];
			})()`)
			id, quote := sel[0], sel[1]
			waitJS(t, ctx, "Share quote offered", visible(".quote-button"))
			screenshot(t, ctx, "quote", r)
			do(t, ctx, "Share quote", chromedp.Click(chromedp.CSS(".quote-button")))
			waitJS(t, ctx, "the quote's link copied", `document.querySelector(".share-status").textContent === "Link to the quote copied"`)
			got := clipboard(t, ctx)
			text, quoteLink, _ := strings.Cut(got, "\n")
			if text != "\u201c"+quote+"\u201d" || !strings.HasPrefix(quoteLink, link+"#"+id+":~:text=") {
				t.Fatalf("clipboard = %q, want the quote %q and a link to %s#%s:~:text=...", got, quote, link, id)
			}
			if frag, _ := url.PathUnescape(strings.TrimPrefix(quoteLink, link+"#"+id+":~:text=")); frag != quote {
				t.Errorf("text fragment = %q, want %q", frag, quote)
			}

			tab := newTab(t, ctx)
			do(t, tab, "open the quote's link", r.on(), chromedp.Navigate(quoteLink), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			wasmStarted(t, tab)
			waitJS(t, tab, "the quote in view", fmt.Sprintf(`(() => {
				const h = document.getElementById(%q);
				let p = h.nextElementSibling;
				while (p.tagName !== "P") p = p.nextElementSibling;
				const box = p.getBoundingClientRect();
				return scrollY > 0 && box.top >= 0 && box.top < innerHeight;
			})()`, id))
		})
	}

	t.Run("web-share", func(t *testing.T) {
		ctx, _ := newBrowser(t)
		do(t, ctx, "open an article where Web Share exists", desktopLight.on(),
			beforePage(`navigator.share = d => { window.shared = d; return Promise.resolve(); }; navigator.canShare = () => true;`),
			chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
		wasmStarted(t, ctx)
		do(t, ctx, "Share", chromedp.Click(chromedp.CSS(".share-button")))
		waitJS(t, ctx, "the share sheet given the link", fmt.Sprintf(`!!window.shared && window.shared.url === %q && window.shared.title === %q`, link, a.Title))
		if got := eval[string](t, ctx, `document.querySelector(".share-status").textContent`); got != "" {
			t.Errorf("status %q after Web Share: the share sheet says it", got)
		}
	})
}

// apiArticle is GET /api/articles/{slug}.
func apiArticle(t *testing.T, s *site, slug string) article.Article {
	t.Helper()
	res, err := http.Get(s.URL + "/api/articles/" + slug)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a article.Article
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil || a.Around == nil || a.Around.Next == nil || len(a.Around.More) == 0 {
		t.Fatalf("GET /api/articles/%s: %v, around %+v", slug, err, a.Around)
	}
	return a
}

// aroundJS reads the end of the article shown: next's link and title, the
// heading of more, and the more links.
const aroundJS = `(() => {
	const n = document.querySelector(".around > .card h3 a"), t = document.querySelector(".around > div > h2");
	const more = [...document.querySelectorAll(".around > div .card h3 a")].map(a => a.getAttribute("href"));
	return [n ? n.getAttribute("href") : "", n ? n.textContent : "", t ? t.textContent : "", more.join(" ")];
})()`

func wantAround(a article.Article) []string {
	var more []string
	for _, m := range a.Around.More {
		more = append(more, "/a/"+m.Slug)
	}
	return []string{"/a/" + a.Around.Next.Slug, a.Around.Next.Title, "More from " + a.Around.Tag, strings.Join(more, " ")}
}

// TestReadOn: the end of an article offers the next article and more from
// its tag, in the prerendered page (no app.wasm) as the API has them;
// following "Next article" navigates in the app, which shows the next one's
// end from the API; and a kept article shows its end offline.
func TestReadOn(t *testing.T) {
	s := startSite(t)
	first := s.articles[0]
	a := apiArticle(t, s, first.Slug)
	next := apiArticle(t, s, a.Around.Next.Slug)
	for _, r := range []readerScreen{phoneDark, desktopLight} {
		t.Run(r.name+"-"+r.scheme, func(t *testing.T) {
			ctx, _ := newBrowser(t)
			do(t, ctx, "open an article without app.wasm", r.on(), block("*://*:*/web/app.wasm*"),
				chromedp.Navigate(s.URL+"/a/"+first.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			if got := eval[[]string](t, ctx, aroundJS); fmt.Sprint(got) != fmt.Sprint(wantAround(a)) {
				t.Errorf("prerendered end = %q, want %q", got, wantAround(a))
			}

			// A browser of its own: the blocked app.wasm above can leave the
			// first browser's worker failing its install, and a tab of the same
			// browser would wait on that worker.
			ctx, _ = newBrowser(t)
			do(t, ctx, "open the article", r.on(), chromedp.Navigate(s.URL+"/a/"+first.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			wasmStarted(t, ctx)
			workerReady(t, ctx)
			do(t, ctx, "scroll to the end", chromedp.Evaluate[chromedp.Void](`window.stayed = true; document.querySelector(".around").scrollIntoView({block: "center"})`))
			if got := eval[[]string](t, ctx, aroundJS); fmt.Sprint(got) != fmt.Sprint(wantAround(a)) {
				t.Errorf("end after app.wasm = %q, want %q", got, wantAround(a))
			}
			screenshot(t, ctx, "readon", r)
			do(t, ctx, "Next article", chromedp.Click(chromedp.CSS(".around > .card h3 a")))
			waitJS(t, ctx, "the next article, in the app", fmt.Sprintf(
				`window.stayed === true && location.pathname === %q && document.querySelector(".story .headline").textContent === %q`, "/a/"+next.Slug, next.Title))
			waitJS(t, ctx, "its end from the API", fmt.Sprintf(`JSON.stringify(%s) === %q`, aroundJS, mustJSON(t, wantAround(next))))
			kept(t, ctx, next.Slug)

			tab := newTab(t, ctx)
			setOffline(t, tab, s, true)
			defer setOffline(t, tab, s, false)
			do(t, tab, "the kept article offline", chromedp.Navigate(s.URL+"/a/"+next.Slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
			wasmStarted(t, tab)
			waitJS(t, tab, "its end offline", fmt.Sprintf(`JSON.stringify(%s) === %q`, aroundJS, mustJSON(t, wantAround(next))))
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
