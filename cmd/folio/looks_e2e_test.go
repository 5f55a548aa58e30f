package main

// Every feature of the reader's desk (issue 10) as a reader sees it, on a
// phone and a desktop, in light and dark, in one browser: the feature's
// parts are on screen, nothing is wider than the screen, and its text passes
// axe-core's contrast check. With FOLIO_README_SHOTS=DIR the same run writes
// the README's pictures there, one per feature (`make screenshots`).

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// variant is one screen a reader uses: its size and colour scheme.
type variant struct {
	size   string
	w, h   int64
	scheme string
}

func (v variant) String() string { return v.size + "/" + v.scheme }

// variants are the four screens, in the order the README's pictures show
// them: light on top, dark below, each a phone beside a desktop.
var variants = []variant{
	{"phone", 390, 844, "light"}, {"desktop", 1280, 800, "light"},
	{"phone", 390, 844, "dark"}, {"desktop", 1280, 800, "dark"},
}

// feature is one thing a reader does, shown on every variant.
type feature struct {
	name string // the picture's file name, without .jpg
	// open brings the tab to the feature and uses it once (opening the
	// panel, typing a comment...).
	open func(t *testing.T, ctx context.Context)
	// view, run on each variant once the screen is set, brings the
	// feature into view (and may choose what differs per variant).
	view func(t *testing.T, ctx context.Context, v variant)
	// show are the elements that must be on screen on every variant.
	show []string
	// region is the part of the page whose text contrast axe checks
	// ("" is the whole page); page is the tab it is in, when not the
	// tab itself (an embed's frame).
	region string
	page   func(t *testing.T, ctx context.Context) context.Context
	// check is JavaScript for what else must hold on each screen: it
	// returns "" or what is wrong.
	check string
}

// lookSite is the sample magazine as a reader finds it some days in:
// comments with replies, reactions and votes, a pinned one, one waiting for
// the moderator; this device's own comment, edited, with a reply to it.
type lookSite struct {
	*site
	thread, pictured string // the long read, with the thread; an article with a lead image
	own, secret      string // this device's comment and its secret
	reader           string // this device's reader key
}

// startLookSite starts the site with premoderation (so the desk has a
// comment waiting) and no rate limit, and seeds it through the API.
func startLookSite(t *testing.T) *lookSite {
	t.Helper()
	s := &lookSite{site: startDeskSite(t, siteConfig{premoderate: true, limits: limits{perMinute: -1}})}
	s.thread = s.longest().Slug
	for _, m := range s.articles {
		if m.Image != "" && m.Slug != s.thread {
			s.pictured = m.Slug
			break
		}
	}
	s.reader = hexKey(t)
	type post struct{ id, parent, author, body, reader string }
	posts := []post{
		{"look-1", "", "Maren Holt", "Lovely piece. The part about the *old* harbour master made me want to visit at low tide.", ""},
		{"look-2", "look-1", "Jonas", "Go in early spring — the light on the mudflats is something else.", ""},
		{"look-3", "look-2", "Maren Holt", "Noted, thank you! Any tips for where to park?", ""},
		{"look-4", "", "R. Okafor", "Small correction: the second table's units should be metres, not feet.\n\nOtherwise spot on.", ""},
		{"look-own", "", "Ada", "Teh tide tables in the appendix are the best part.", s.reader},
		{"look-5", "look-own", "Bo", "Agreed — I printed them for the boat.", ""},
		{"look-6", "look-own", "Maren Holt", "Same here. Do you know if they cover the spring of next year?", ""},
	}
	for _, p := range posts {
		body := fmt.Sprintf(`{"id":%q,"article":%q,"parent":%q,"author":%q,"body":%q,"reader":%q}`, p.id, s.thread, p.parent, p.author, p.body, p.reader)
		got := s.api(t, "POST", "/api/comments", body, http.StatusCreated)
		if p.id == "look-own" {
			s.own, s.secret = p.id, got["secret"].(string)
		}
		s.api(t, "PATCH", "/api/comments/"+p.id, `{"status":"published"}`, http.StatusOK)
	}
	s.api(t, "PUT", "/api/comments/look-4/pin", "", http.StatusOK)
	for i, say := range []string{`"emoji":"👍"`, `"emoji":"👍"`, `"emoji":"❤️"`, `"vote":1`, `"vote":1`, `"vote":-1`} {
		target := []string{"look-1", "look-4", "look-1", "look-4", "look-1", "look-2"}[i]
		s.api(t, "POST", "/api/reactions", fmt.Sprintf(`{"comment":%q,"device":"d%d",%s}`, target, i, say), http.StatusOK)
	}
	// Left for the moderator.
	s.api(t, "POST", "/api/comments", `{"id":"look-wait","article":"`+s.thread+`","author":"Pat","body":"Is the ferry timetable in the article still current?"}`, http.StatusCreated)
	return s
}

// api sends a request (as the moderator) and wants status back.
func (s *lookSite) api(t *testing.T, method, path, body string, status int) map[string]any {
	t.Helper()
	r, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+deskToken)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d (%v)", method, path, res.StatusCode, status, out)
	}
	return out
}

// hexKey is a reader key as a device makes one: 64 hex digits.
func hexKey(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// scrollTo puts the first element sel matches at the top of the window,
// or in its middle.
func scrollTo(sel string, middle bool) string {
	if middle {
		return fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center", behavior: "instant"})`, sel)
	}
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); scrollTo({top: e.getBoundingClientRect().top + scrollY - 24, behavior: "instant"}); })()`, sel)
}

// goTo opens path and waits for ready and for app.wasm.
func goTo(t *testing.T, ctx context.Context, url, ready string) {
	t.Helper()
	do(t, ctx, "open "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(ready)))
	wasmStarted(t, ctx)
	waitJS(t, ctx, ready+" after app.wasm", fmt.Sprintf(`!!document.querySelector(%q)`, ready))
}

// features is every feature of the reader's desk, in the README's order.
func (s *lookSite) features(t *testing.T) []feature {
	at := func(path, ready string) func(*testing.T, context.Context) {
		return func(t *testing.T, ctx context.Context) { goTo(t, ctx, s.URL+path, ready) }
	}
	top := func(t *testing.T, ctx context.Context, _ variant) {
		do(t, ctx, "top", chromedp.Evaluate[chromedp.Void](`scrollTo({top: 0, behavior: "instant"})`))
	}
	scroll := func(sel string, middle bool) func(*testing.T, context.Context, variant) {
		return func(t *testing.T, ctx context.Context, _ variant) {
			do(t, ctx, "scroll to "+sel, chromedp.Evaluate[chromedp.Void](scrollTo(sel, middle)))
		}
	}
	host := startHost(t, map[string]string{"/": hostPage}, "{{FOLIO}}", s.URL, "{{A}}", s.thread, "{{B}}", s.pictured)
	return []feature{
		{name: "front", open: at("/", ".lead-story"), view: top, show: []string{".masthead", ".lead-story"}, region: "main"},
		{name: "settings", open: func(t *testing.T, ctx context.Context) {
			goTo(t, ctx, s.URL+"/a/"+s.pictured, ".story-body")
			do(t, ctx, "open the reading settings", chromedp.Click(chromedp.CSS("details.reader-panel > summary")))
		}, view: top, show: []string{"details.reader-panel[open] fieldset", ".story .headline"}, region: "details.reader-panel"},
		{name: "sepia", open: func(t *testing.T, ctx context.Context) {
			goTo(t, ctx, s.URL+"/a/"+s.thread, ".story-body")
			chooseSetting(t, ctx, "Text size", "130%")
		}, view: func(t *testing.T, ctx context.Context, v variant) {
			theme := map[string]string{"light": "Sepia", "dark": "Dark"}[v.scheme]
			chooseSetting(t, ctx, "Theme", theme)
			do(t, ctx, "close the settings", chromedp.KeyEvent(kb.Escape))
			waitJS(t, ctx, "the panel closed", `!document.querySelector("details.reader-panel[open]")`)
			scroll(".story-body h2", false)(t, ctx, v)
		}, show: []string{".story-body h2"}, region: ".story-body", check: headingAnchors},
		{name: "progress", open: at("/a/"+s.thread, ".toc"), view: func(t *testing.T, ctx context.Context, v variant) {
			id := eval[string](t, ctx, `[...document.querySelectorAll(".toc a")][3].hash.slice(1)`)
			scroll("#"+id, false)(t, ctx, v)
			waitJS(t, ctx, "the section marked", `!!document.querySelector(".toc a[aria-current]") && !!document.querySelector(".reading-progress[data-reading]")`)
		}, show: []string{".reading-progress-bar", ".reading-left"}, region: ".story", check: headingAnchors},
		{name: "share", open: func(t *testing.T, ctx context.Context) {
			do(t, ctx, "may copy", grantClipboard(s.URL))
			goTo(t, ctx, s.URL+"/a/"+s.thread, ".share-button")
		}, view: func(t *testing.T, ctx context.Context, v variant) {
			// "Link copied" shows for a few seconds: the picture may
			// catch it, the checks do not count on it.
			do(t, ctx, "Share", chromedp.Click(chromedp.CSS(".share-button")))
			waitJS(t, ctx, "Link copied", visible(".share-status")+` && document.querySelector(".share-status").textContent === "Link copied"`)
			scroll(".story-body > p", true)(t, ctx, v)
			// Words of the first paragraph selected, as a reader's finger does.
			do(t, ctx, "select a quote", chromedp.Evaluate[chromedp.Void](`(() => {
				const text = document.querySelector(".story-body > p").firstChild, words = text.data.split(" ");
				const r = document.createRange();
				r.setStart(text, words[0].length + 1);
				r.setEnd(text, words[0].length + 1 + words.slice(1, 8).join(" ").length);
				getSelection().removeAllRanges();
				getSelection().addRange(r);
			})()`))
			waitJS(t, ctx, "Share quote offered", visible(".quote-button"))
		}, show: []string{".story-body > p", ".quote-button"}, region: ".story"},
		{name: "listen", open: func(t *testing.T, ctx context.Context) {
			// Debian's headless Chromium has no voice: a test voice
			// (speechJS), as TestListen uses.
			do(t, ctx, "a voice", beforePage(speechJS))
			goTo(t, ctx, s.URL+"/a/"+s.thread, ".listen-play")
			waitJS(t, ctx, "Listen offered", visible(".listen-play"))
			do(t, ctx, "Listen", chromedp.Click(chromedp.CSS(".listen-play")))
			for range 4 { // on to a sentence of the text
				waitJS(t, ctx, "a sentence said", saidJS+` !== ""`)
				eval[any](t, ctx, `finishSentence()`)
			}
			waitJS(t, ctx, "the sentence highlighted", fmt.Sprintf(`%s === %s && %s !== ""`, highlightedJS, saidJS, saidJS))
		}, view: func(t *testing.T, ctx context.Context, v variant) {
			do(t, ctx, "the sentence in view", chromedp.Evaluate[chromedp.Void](`(() => {
				const r = [...CSS.highlights.get("folio-listen")][0].getBoundingClientRect();
				scrollTo({top: r.top + scrollY - innerHeight / 3, behavior: "instant"});
			})()`))
		}, show: []string{".story-body"}, region: ".story", check: `(() => {
			const h = CSS.highlights.get("folio-listen"), r = h && [...h][0].getBoundingClientRect();
			if (!r || r.top < 0 || r.bottom > innerHeight) return "the sentence being read is not on screen";
			return document.documentElement.dataset.listen === "playing" ? "" : "not playing: " + document.documentElement.dataset.listen;
		})()`},
		{name: "readon", open: at("/a/"+s.thread, ".around"), view: scroll(".around", false),
			show: []string{".around .card h3 a", ".around > div > h2"}, region: ".around"},
		{name: "search", open: func(t *testing.T, ctx context.Context) {
			for _, slug := range []string{s.thread, "walking-the-old-salt-road", "what-the-lighthouse-logbooks-remember"} {
				goTo(t, ctx, s.URL+"/a/"+slug, ".story .headline")
				kept(t, ctx, slug)
			}
			goTo(t, ctx, s.URL+"/search?q=harbour", ".search-result mark")
		}, view: top, show: []string{"#search-q", ".search-result mark"}, region: "main"},
		{name: "code", open: at("/a/"+codeSlug, ".story-body .hl-k"), view: scroll(".story-body pre", false),
			show: []string{".story-body pre .hl-k"}, region: ".story-body"},
		{name: "comments", open: func(t *testing.T, ctx context.Context) {
			goTo(t, ctx, s.URL+"/a/"+s.thread, "#c-"+s.own)
			// This device posted s.own: it keeps its reader key and the
			// comment's secret as the app does.
			do(t, ctx, "this device's", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
				`localStorage.setItem("folio.reader", %q); localStorage.setItem("folio.own.%s", %q)`, s.reader, s.own, s.secret)))
			goTo(t, ctx, s.URL+"/a/"+s.thread, "#c-"+s.own+" [data-own=edit]")
			do(t, ctx, "edit", chromedp.Click(chromedp.CSS("#c-"+s.own+" [data-own=edit]")))
			waitJS(t, ctx, "the edit box", `!!document.getElementById("own-body")?.value`)
			do(t, ctx, "fix the typo", chromedp.Evaluate[chromedp.Void](`document.getElementById("own-body").value = ""`),
				chromedp.SendKeys(chromedp.ID("own-body"), "The tide tables in the appendix are the *best* part."),
				chromedp.Click(chromedp.CSS("[data-own=save]")))
			waitJS(t, ctx, "shown as edited", fmt.Sprintf(`!!document.querySelector("#c-%s .comment-edited") && !!document.querySelector("#c-%s .comment-body em")`, s.own, s.own))
			do(t, ctx, "newest first", chromedp.Click(chromedp.CSS(".comments-sort button:nth-of-type(2)")))
			waitJS(t, ctx, "newest first", `[...document.querySelectorAll(".thread > .comment")].map(c => c.id).join(" ") === "c-look-4 c-look-own c-look-1"`)
		}, view: scroll(".comments-sort", false),
			show:   []string{".comments-sort [aria-pressed=true]", ".badge-pinned", "#c-look-4 .reactions .score", "#c-look-own .comment-edited", "#c-look-own [data-own=edit]"},
			region: "#comments", check: `(() => {
				// A reaction bar on one line; Edit and Delete apart.
				const wrapped = [...document.querySelectorAll(".reactions")].filter(b => { const tops = [...b.children].map(e => e.getBoundingClientRect().top); return Math.max(...tops) - Math.min(...tops) > 16; });
				const [edit, del] = [...document.querySelectorAll("#c-look-own .comment-own button")].map(b => b.getBoundingClientRect());
				return (wrapped.length ? "reaction bars wrap: " + wrapped.map(b => b.closest(".comment").id).join(" ") + "; " : "") +
					(del.left - edit.right < 8 ? "Edit and Delete " + Math.round(del.left - edit.right) + " px apart" : "");
			})()`},
		{name: "preview", open: func(t *testing.T, ctx context.Context) {
			goTo(t, ctx, s.URL+"/a/"+s.thread, "#comment-body")
			do(t, ctx, "write and preview",
				chromedp.SendKeys(chromedp.ID("comment-body-author"), "Ada"),
				chromedp.SendKeys(chromedp.ID("comment-body"), "Does the **spring** tide reach the old quay?\n\n> a sea stretched into a gentle oval"),
				chromedp.Click(chromedp.CSS(".comments > .comment-form .comment-preview button")))
			waitJS(t, ctx, "the preview", `!!document.querySelector("#comment-body-preview strong")`)
		}, view: scroll(".comments > .comment-form", false),
			show: []string{"#comment-body", "#comment-body-preview blockquote"}, region: ".comments > .comment-form",
			// The spam trap (TestSpamForm) stays out of sight on every screen.
			check: `(() => { const r = document.getElementById("comment-body-website").getBoundingClientRect();
				return r.right <= 0 || r.bottom <= 0 || r.width === 0 ? "" : "the anti-spam field is on screen"; })()`},
		{name: "awaiting", open: func(t *testing.T, ctx context.Context) {
			goTo(t, ctx, s.URL+"/a/"+s.thread, "#comment-body")
			do(t, ctx, "post", writeComment("Ada", "Which of the tide tables is for Wrenhaven itself?"))
			waitJS(t, ctx, "awaiting approval", `!!document.querySelector(".comment-pending .badge-awaiting")`)
		}, view: scroll(".comment-pending", true),
			show: []string{".comment-pending .badge-awaiting"}, region: "#comments"},
		{name: "desk", open: func(t *testing.T, ctx context.Context) {
			do(t, ctx, "open the desk", chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(chromedp.ID("desk-token")))
			wasmStarted(t, ctx)
			do(t, ctx, "sign in", chromedp.SetValue(chromedp.ID("desk-token"), deskToken), chromedp.Click(chromedp.CSS(`#desk-signin button[type=submit]`)))
			waitJS(t, ctx, "the comment waiting", `[...document.querySelectorAll("#desk-list .desk-item-pending")].some(li => li.textContent.includes("ferry timetable"))`)
		}, view: top, show: []string{"#desk-list .desk-item-pending [data-desk-action=approve]"}, region: "#desk-main"},
		{name: "replies", open: func(t *testing.T, ctx context.Context) {
			goTo(t, ctx, s.URL+"/", ".masthead")
			do(t, ctx, "this device's key", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem("folio.reader", %q)`, s.reader)))
			goTo(t, ctx, s.URL+"/replies", ".inbox-item")
		}, view: top,
			show: []string{".inbox-item", `[data-replies="url"]`}, region: "main"},
		{name: "embed", open: func(t *testing.T, ctx context.Context) {
			do(t, ctx, "open the publisher's page", chromedp.Navigate(host+"/"))
			waitJS(t, ctx, "two iframes", `document.querySelectorAll("iframe").length === 2`)
			wasmStarted(t, frame(t, ctx, "/embed/"+s.thread))
		}, view: top, show: []string{"iframe"}, page: func(t *testing.T, ctx context.Context) context.Context {
			return frame(t, ctx, "/embed/"+s.thread)
		}},
	}
}

// onScreen is JavaScript listing which of the selectors show nothing on
// the screen: missing, hidden, or scrolled out of the window.
func onScreen(sels []string) string {
	b, _ := json.Marshal(sels)
	return fmt.Sprintf(`%s.filter(sel => {
		const e = document.querySelector(sel);
		if (!e || getComputedStyle(e).visibility === "hidden") return true;
		const r = e.getBoundingClientRect();
		return r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth;
	})`, b)
}

// tooWide is JavaScript naming the elements that reach past the window's
// right edge when the page is wider than the window, else "".
const tooWide = `(() => {
	if (document.documentElement.scrollWidth <= innerWidth) return "";
	return document.documentElement.scrollWidth + "px: " + [...document.querySelectorAll("body *")]
		.filter(e => e.getBoundingClientRect().right > innerWidth + 1)
		.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "")).join(", ");
})()`

// headingAnchors is JavaScript naming the article's headings whose hidden
// "#" self-link wrapped onto a line of its own, a blank line under them.
const headingAnchors = `(() => [...document.querySelectorAll(".story-body :is(h2, h3)")].filter(h => {
	const a = h.querySelector(".anchor"), box = a && a.getClientRects()[0];
	if (!box) return false;
	const r = document.createRange();
	r.setStart(h, 0);
	r.setEndBefore(a);
	const lines = r.getClientRects();
	return lines.length > 0 && box.top >= lines[lines.length - 1].bottom - 1;
}).map(h => "heading " + JSON.stringify(h.textContent.slice(0, -1)) + " has its # on a line of its own").join("; "))()`

// settled waits for the window's images and fonts, then two frames.
const settled = `new Promise(done => document.fonts.ready.then(() => Promise.all([...document.images]
	.filter(i => { const r = i.getBoundingClientRect(); return r.width > 0 && r.bottom > 0 && r.top < innerHeight; })
	.map(i => i.complete ? null : new Promise(r => { i.addEventListener("load", r); i.addEventListener("error", r); })))
	.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))))`

// contrast runs axe-core's colour-contrast rule on region ("" for the
// page) and returns its failures.
func contrast(t *testing.T, ctx context.Context, src, region string) []string {
	t.Helper()
	if !eval[bool](t, ctx, `typeof window.axe === "object"`) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
	}
	where := "document"
	if region != "" {
		where = fmt.Sprintf(`{include: [[%q]]}`, region)
	}
	js := fmt.Sprintf(`axe.run(%s, {runOnly: {type: "rule", values: ["color-contrast"]}, resultTypes: ["violations"]})
		.then(r => r.violations.flatMap(v => v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " "))))`, where)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return out
}

// TestFeaturesLook opens each feature of the reader's desk once and shows
// it on a phone and a desktop, light and dark, checking on each that the
// feature is on screen, that nothing is wider than the screen, and that its
// text has the contrast WCAG AA asks for. With FOLIO_README_SHOTS=DIR it
// writes DIR/FEATURE.jpg, the four screens in one picture.
func TestFeaturesLook(t *testing.T) {
	src := axeScript(t)
	s := startLookSite(t)
	var comp *composer
	if dir := os.Getenv("FOLIO_README_SHOTS"); dir != "" {
		comp = newComposer(t, dir)
	}
	for _, f := range s.features(t) {
		t.Run(f.name, func(t *testing.T) {
			// A browser of its own: a new device, and the time limit of
			// newBrowser for this feature alone on a busy machine.
			ctx, _ := newBrowser(t)
			do(t, ctx, "first screen", chromedp.EmulateViewport(variants[0].w, variants[0].h), setDarkMode(false))
			f.open(t, ctx)
			var shots [][]byte
			for _, v := range variants {
				do(t, ctx, v.String(), chromedp.EmulateViewport(v.w, v.h), setDarkMode(v.scheme == "dark"))
				f.view(t, ctx, v)
				waitJS(t, ctx, "images and fonts", settled)
				if missing := eval[[]string](t, ctx, onScreen(f.show)); len(missing) > 0 {
					t.Errorf("%s: not on screen: %s", v, strings.Join(missing, ", "))
				}
				if wide := eval[string](t, ctx, tooWide); wide != "" {
					t.Errorf("%s: the page is wider than the screen: %s", v, wide)
				}
				if f.check != "" {
					if wrong := eval[string](t, ctx, f.check); wrong != "" {
						t.Errorf("%s: %s", v, wrong)
					}
				}
				page := ctx
				if f.page != nil {
					page = f.page(t, ctx)
				}
				if comp != nil {
					png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
					if err != nil {
						t.Fatal(err)
					}
					shots = append(shots, png)
				}
				if bad := contrast(t, page, src, f.region); len(bad) > 0 {
					t.Errorf("%s: text below AA contrast:\n\t%s", v, strings.Join(bad, "\n\t"))
				}
			}
			if comp != nil {
				comp.write(t, ctx, f.name, shots)
			}
		})
	}
}
