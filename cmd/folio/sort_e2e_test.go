package main

// Browser test of sorting a thread longer than a page: the server sorts the
// whole thread, "Show more" goes on in that order, offline the device sorts
// what it has and says so, and a prerendered thread on screen does not
// re-order itself at start-up.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"folio/app/comment"
	"folio/cmd/folio/internal/store"
)

// sortRoots is how many top-level comments the test threads have: more
// than two pages.
const sortRoots = 2*comment.PageSize + 5

// voteIn has each of devices vote v on comment id, straight into the
// site's SQLite file.
func voteIn(t testing.TB, s *site, id string, v int, devices ...string) {
	t.Helper()
	st, err := store.Open(context.Background(), s.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, d := range devices {
		if _, _, err := st.(store.Reactor).React(context.Background(), comment.Reaction{Comment: id, Device: d, Vote: v}); err != nil {
			t.Fatal(err)
		}
	}
}

// topLevelJS lists the ids of the thread's top-level comments as shown.
const topLevelJS = `[...document.querySelectorAll(".thread > .comment")].map(c => c.id.slice(2)).join(" ")`

// shows is a condition: the top-level comments are want, in order.
func shows(want []string) string {
	return fmt.Sprintf(`%s === %q`, topLevelJS, strings.Join(want, " "))
}

// roots lists p-NN for each n.
func roots(ns ...int) []string { return rootsOf("p", ns...) }

// rootsOf lists prefix-NN for each n.
func rootsOf(prefix string, ns ...int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = fmt.Sprintf("%s-%02d", prefix, n)
	}
	return out
}

// seedOther writes n top-level comments q-00, q-01… on slug, each with a
// reply, as seedPages does with other ids.
func seedOther(t testing.TB, s *site, slug string, n int) {
	t.Helper()
	st, err := store.Open(context.Background(), s.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Now().Add(-time.Hour).UTC()
	for i := range n {
		for _, c := range []comment.Comment{
			{ID: fmt.Sprintf("q-%02d", i), Body: fmt.Sprintf("Comment number %d.", i)},
			{ID: fmt.Sprintf("qr-%02d", i), Parent: fmt.Sprintf("q-%02d", i), Body: "A reply."},
		} {
			c.Article, c.Author, c.Status, c.HTML = slug, "Reader", comment.Published, comment.Render(c.Body)
			c.Created, at = at, at.Add(time.Second)
			if _, _, err := st.Post(context.Background(), c); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// span is from, from±1, … to.
func span(from, to int) []int {
	var out []int
	for i := from; ; {
		out = append(out, i)
		if i == to {
			return out
		}
		if to > from {
			i++
		} else {
			i--
		}
	}
}

// pick clicks the sort control's button labelled label.
func pick(label string) chromedp.Action[chromedp.Void] {
	n := map[string]int{"Oldest": 1, "Newest": 2, "Best": 3}[label]
	return chromedp.Click(chromedp.CSS(fmt.Sprintf(".comments-sort button:nth-of-type(%d)", n)))
}

// pressedJS is the label of the sort control's pressed button.
const pressedJS = `document.querySelector(".comments-sort [aria-pressed=true]").textContent`

// TestSortWholeThread: with 45 top-level comments (three pages), "Newest"
// shows the newest comment of the whole thread first and "Show more" goes
// on in that order to the oldest; "Best" puts the voted ones first, then
// the newest; offline, the device sorts what it has and says so, and the
// server's order comes back with the network.
func TestSortWholeThread(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	seedPages(t, s, slug, sortRoots)
	voteIn(t, s, "p-03", 1, "d1", "d2")
	voteIn(t, s, "p-30", 1, "d1")

	ctx, _ := newBrowser(t)
	do(t, ctx, "open the article", chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS(".comments-sort")))
	wasmStarted(t, ctx)
	workerReady(t, ctx)
	kept(t, ctx, slug)
	waitJS(t, ctx, "oldest first, one page", shows(roots(span(0, comment.PageSize-1)...)))

	do(t, ctx, "newest", pick("Newest"))
	waitJS(t, ctx, "the newest of the whole thread first", shows(roots(span(sortRoots-1, sortRoots-comment.PageSize)...)))
	if got := eval[string](t, ctx, `document.querySelector("#c-p-44 .replies .comment").id`); got != "c-r-44" {
		t.Errorf("p-44's reply is %q, want r-44 under it", got)
	}
	do(t, ctx, "show more", chromedp.Click(chromedp.CSS(".comments-more-button")))
	waitJS(t, ctx, "the next page, newest first still", shows(roots(span(sortRoots-1, sortRoots-2*comment.PageSize)...)))
	do(t, ctx, "show the rest", chromedp.Click(chromedp.CSS(".comments-more-button")))
	waitJS(t, ctx, "the whole thread, newest first", shows(roots(span(sortRoots-1, 0)...))+` && !document.querySelector(".comments-more-button")`)

	setOffline(t, ctx, s, true)
	do(t, ctx, "best, offline", pick("Best"))
	waitJS(t, ctx, "the 45 shown sorted on the device, best first, and said so", `(() => {
		const note = document.querySelector(".comments-sorted-here");
		const ids = `+topLevelJS+`.split(" ");
		return !!note && note.textContent.includes("on this device") && `+pressedJS+` === "Best" &&
			ids.length === `+fmt.Sprint(sortRoots)+` && ids[0] === "p-03" && ids[1] === "p-30" && ids[2] === "p-44";
	})()`)
	shoot(t, ctx, "sort-offline-desktop-light")
	if got := eval[string](t, ctx, `localStorage.getItem("folio.sort")`); got != `"best"` && got != "best" {
		t.Errorf("the device keeps the order as %s, want best", got)
	}

	setOffline(t, ctx, s, false)
	best := roots(3, 30)
	for n := sortRoots - 1; len(best) < comment.PageSize; n-- {
		if n != 30 && n != 3 {
			best = append(best, roots(n)...)
		}
	}
	waitJS(t, ctx, "the server's best first with the network: voted, then newest", shows(best)+
		` && !document.querySelector(".comments-sorted-here")`)
	do(t, ctx, "show more, best", chromedp.Click(chromedp.CSS(".comments-more-button")))
	for n := sortRoots - 1; len(best) < 2*comment.PageSize; n-- {
		if n != 30 && n != 3 && !strings.Contains(strings.Join(best, " "), fmt.Sprintf("p-%02d", n)) {
			best = append(best, roots(n)...)
		}
	}
	waitJS(t, ctx, "the next page, best first still", shows(best))
}

// TestSortNoJumpAtStart: the device keeps "Newest". A prerendered thread on
// screen when the app starts stays as it was prerendered (oldest first,
// and the control says so) until the reader sorts it; one below the screen
// comes in the kept order, with nothing on screen moved.
func TestSortNoJumpAtStart(t *testing.T) {
	s := startSite(t)
	onScreen, below := s.articles[0].Slug, s.longest().Slug
	if onScreen == below {
		onScreen = s.articles[1].Slug
	}
	seedPages(t, s, onScreen, sortRoots)
	seedOther(t, s, below, sortRoots)
	ctx, _ := newBrowser(t)
	do(t, ctx, "record the first comment shown at every change", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			window.__firsts = [];
			new MutationObserver(() => {
				const c = document.querySelector(".thread > .comment");
				const id = c ? c.id : "";
				if (window.__firsts[window.__firsts.length - 1] !== id) window.__firsts.push(id);
			}).observe(document, { childList: true, subtree: true });
			localStorage.setItem("folio.sort", JSON.stringify("newest"));`})
		return err
	}))

	do(t, ctx, "open the thread itself", chromedp.Navigate(s.URL+"/a/"+onScreen+"#comments"), chromedp.WaitVisible(chromedp.CSS(".comments-sort")))
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the thread read in the kept order", `performance.getEntriesByType("resource").some(e => e.name.includes("sort=newest") && e.responseEnd > 0)`)
	waitJS(t, ctx, "two frames after", `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
	if got := eval[string](t, ctx, topLevelJS+`.split(" ")[0] + " " + `+pressedJS); got != "p-00 Oldest" {
		t.Errorf("the thread on screen shows %q first at start-up, want p-00 as prerendered, and the control saying Oldest", got)
	}
	do(t, ctx, "the reader sorts", chromedp.Evaluate[chromedp.Void](`window.__firsts.push("sorted")`), pick("Newest"))
	waitJS(t, ctx, "newest first", shows(roots(span(sortRoots-1, sortRoots-comment.PageSize)...)))
	firsts := strings.Join(eval[[]string](t, ctx, `window.__firsts.filter(id => id)`), " ")
	if before, _, _ := strings.Cut(firsts, " sorted"); before != "c-p-00" || !strings.HasSuffix(firsts, "c-p-44") {
		t.Errorf("first comment shown over time: %s; want c-p-00 alone until the reader sorted, then c-p-44 last", firsts)
	}

	do(t, ctx, "open an article whose thread is below the screen", chromedp.Navigate(s.URL+"/a/"+below), chromedp.WaitVisible(chromedp.CSS(".comments-sort")))
	top := eval[float64](t, ctx, `document.querySelector("h1").getBoundingClientRect().top`)
	wasmStarted(t, ctx)
	waitJS(t, ctx, "the thread in the kept order", shows(rootsOf("q", span(sortRoots-1, sortRoots-comment.PageSize)...))+` && `+pressedJS+` === "Newest"`)
	if got := eval[float64](t, ctx, `document.querySelector("h1").getBoundingClientRect().top`); got != top {
		t.Errorf("the headline moved from %v to %v while the thread below was sorted", top, got)
	}
	if eval[bool](t, ctx, `document.querySelector("#comments").getBoundingClientRect().top < innerHeight`) {
		t.Errorf("the thread of %s is on screen: the test needs it below", below)
	}
}

// TestSortLooks: the sort control and a thread sorted newest first on a
// phone and a desktop, light and dark, and in the embed; screenshots go to
// FOLIO_SCREENSHOTS when set.
func TestSortLooks(t *testing.T) {
	s := startSite(t)
	slug := s.articles[0].Slug
	seedPages(t, s, slug, sortRoots)
	ctx, _ := newBrowser(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			do(t, ctx, "emulate "+scheme+" "+size.name,
				chromedp.EmulateViewport(size.w, size.h),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}),
				chromedp.Navigate(s.URL+"/a/"+slug),
				chromedp.WaitVisible(chromedp.CSS(".comments-sort")),
			)
			wasmStarted(t, ctx)
			do(t, ctx, "oldest", chromedp.ScrollIntoView(chromedp.CSS(".comments-sort")), pick("Oldest"))
			waitJS(t, ctx, "oldest first", shows(roots(span(0, comment.PageSize-1)...)))
			do(t, ctx, "newest", pick("Newest"))
			waitJS(t, ctx, "newest first", shows(roots(span(sortRoots-1, sortRoots-comment.PageSize)...)))
			if eval[bool](t, ctx, `[...document.querySelectorAll(".comments-sort button")].some(b => b.getBoundingClientRect().right > innerWidth || b.getBoundingClientRect().height < 24)`) {
				t.Errorf("%s %s: a sort button is off the screen or under 24 px high", scheme, size.name)
			}
			do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`document.querySelector(".comments-sort").scrollIntoView({block: "start"})`))
			shoot(t, ctx, fmt.Sprintf("sort-%s-%s", size.name, scheme))
		}
	}
	do(t, ctx, "the embed", chromedp.Navigate(s.URL+"/embed/"+slug+"?mode=comments"), chromedp.WaitVisible(chromedp.CSS(".comments-sort")))
	wasmStarted(t, ctx)
	do(t, ctx, "newest in the embed", pick("Newest"))
	waitJS(t, ctx, "the embed's thread newest first", shows(roots(span(sortRoots-1, sortRoots-comment.PageSize)...)))
	shoot(t, ctx, "sort-embed-desktop-dark")
}

// shoot saves a screenshot as NAME.png in FOLIO_SCREENSHOTS, when set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
