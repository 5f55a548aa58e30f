package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// searchArticles are the search test's magazine: accents, Chinese with no
// spaces, a title full of markup, and one the reader never opens.
var searchArticles = map[string]string{
	"cafe": "---\ntitle: Café culture returns to Rue Émile\nsummary: The old cafés reopen one by one.\nauthor: A. Writer\n" +
		"published: 2026-02-01\ntags: [city]\n---\nOn a cold morning the **CAFÉ** on the corner opened its doors again. " +
		"Crème brûlée is back on the menu, and the terrace fills by noon.\n",
	"gangkou": "---\ntitle: 港口起重机回来了\nsummary: 老港口迎来三台起重机。\nauthor: 李文\npublished: 2026-02-02\nlang: zh-Hans\n---\n" +
		"清晨，三台起重机沿着河道被拖回老港口。工人们说，这是十年来第一次。\n",
	"markup": "---\ntitle: 'Markup <b>bold</b> & <img src=x onerror=window.pwned=1> zebra'\nsummary: A title full of markup.\n" +
		"author: Ann\npublished: 2026-02-03\n---\nZebra crossings `<img src=x onerror=window.pwned=2>` near the school.\n",
	"lighthouse": "---\ntitle: Lighthouse keepers\nsummary: Never opened on the device.\nauthor: Bo\npublished: 2026-02-04\n---\n" +
		"The keeper's logbook mentions narwhal sightings.\n",
}

func searchMagazine(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for slug, md := range files {
		if err := os.WriteFile(filepath.Join(dir, slug+".md"), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// searchResultsJS evaluates to the result list once it answers query q:
// each result's title text, its marks, and the snippet's text and marks.
const searchResultsJS = `((q) => {
	const ol = document.querySelector("#search-results");
	if (!ol || ol.getAttribute("data-search-query") !== q) return null;
	return [...ol.querySelectorAll(".search-result")].map(li => ({
		title: li.querySelector(".search-title").textContent,
		href: li.querySelector(".search-title").getAttribute("href"),
		titleMarks: [...li.querySelectorAll(".search-title mark")].map(m => m.textContent),
		snippet: (li.querySelector(".search-snippet") || {}).textContent || "",
		marks: [...li.querySelectorAll(".search-snippet mark")].map(m => m.textContent),
	}));
})`

type searchResult struct {
	Title      string   `json:"title"`
	Href       string   `json:"href"`
	TitleMarks []string `json:"titleMarks"`
	Snippet    string   `json:"snippet"`
	Marks      []string `json:"marks"`
}

// results waits for the result list to answer q and returns it.
func results(t testing.TB, ctx context.Context, q string) []searchResult {
	t.Helper()
	js := fmt.Sprintf(`%s(%q)`, searchResultsJS, q)
	waitJS(t, ctx, "results for "+q, js+" !== null")
	return eval[[]searchResult](t, ctx, js)
}

// typeQuery replaces the search box's text by typing q, as a reader does.
func typeQuery(t testing.TB, ctx context.Context, q string) {
	t.Helper()
	do(t, ctx, "type "+q, chromedp.WaitVisible(chromedp.CSS("#search-q")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#search-q"), q))
}

// TestOfflineSearch: with the network off, the search page opens on its own
// link from a cold start and finds the articles kept on the device, by any
// case and accent and in Chinese, with the matches marked in the title and
// a snippet; markup in an article stays text; an article never opened is
// not found; a result opens its article offline; the app bar leads there.
func TestOfflineSearch(t *testing.T) {
	s := startSiteIn(t, searchMagazine(t, searchArticles))
	ctx, _ := newBrowser(t)
	for i, slug := range []string{"cafe", "gangkou", "markup"} {
		do(t, ctx, "read "+slug, chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
		wasmStarted(t, ctx)
		if i == 0 {
			workerReady(t, ctx)
		}
		kept(t, ctx, slug)
	}
	do(t, ctx, "close the app", chromedp.Navigate("about:blank"))

	tab := newTab(t, ctx)
	setOffline(t, tab, s, true)
	do(t, tab, "cold start offline on a search link", chromedp.Navigate(s.URL+"/search?q=CAFE"))
	got := results(t, tab, "CAFE")
	if len(got) != 1 || got[0].Title != "Café culture returns to Rue Émile" || got[0].Href != "/a/cafe" {
		t.Fatalf("search CAFE = %+v, want the café article", got)
	}
	if fmt.Sprint(got[0].TitleMarks) != "[Café]" || len(got[0].Marks) == 0 || got[0].Marks[0] != "cafés" && got[0].Marks[0] != "café" {
		t.Errorf("search CAFE marks title %q, snippet %q (%q)", got[0].TitleMarks, got[0].Marks, got[0].Snippet)
	}
	wasmStarted(t, tab)

	typeQuery(t, tab, "creme BRULEE")
	got = results(t, tab, "creme BRULEE")
	if len(got) != 1 || fmt.Sprint(got[0].Marks) != "[Crème brûlée]" {
		t.Errorf("search creme BRULEE = %+v, want Crème and brûlée marked", got)
	}

	typeQuery(t, tab, "起重机")
	got = results(t, tab, "起重机")
	if len(got) != 1 || got[0].Href != "/a/gangkou" || fmt.Sprint(got[0].TitleMarks) != "[起重机]" || len(got[0].Marks) != 2 {
		t.Errorf("search 起重机 = %+v, want the harbour article with the word marked in its title and twice in the snippet", got)
	}

	typeQuery(t, tab, "zebra")
	got = results(t, tab, "zebra")
	if len(got) != 1 || got[0].Title != "Markup <b>bold</b> & <img src=x onerror=window.pwned=1> zebra" {
		t.Errorf("search zebra = %+v, want the markup article's title as text", got)
	}
	if n := eval[int](t, tab, `document.querySelectorAll(".search-results :is(img, b, script)").length + (window.pwned ? 100 : 0)`); n != 0 {
		t.Errorf("article markup became elements in the results (%d)", n)
	}

	typeQuery(t, tab, "narwhal")
	if got := results(t, tab, "narwhal"); len(got) != 0 {
		t.Errorf("search narwhal = %+v, want nothing: that article was never opened", got)
	}
	waitJS(t, tab, "the no-match status", `document.querySelector("#search-status").textContent.includes("No article kept on this device matches")`)
	if u := eval[string](t, tab, `location.pathname + location.search`); u != "/search?q=narwhal" {
		t.Errorf("address while searching = %q, want /search?q=narwhal", u)
	}

	typeQuery(t, tab, "terrace")
	results(t, tab, "terrace")
	do(t, tab, "open a result", chromedp.Click(chromedp.CSS(".search-title")))
	waitJS(t, tab, "the article offline", `(() => {
		const h = document.querySelector(".story .headline");
		return !!h && h.textContent === "Café culture returns to Rue Émile";
	})()`)

	do(t, tab, "search from the app bar", chromedp.Click(chromedp.CSS(`.masthead-nav a[href="/search"]`)))
	typeQuery(t, tab, "港口")
	if got := results(t, tab, "港口"); len(got) != 1 || got[0].Href != "/a/gangkou" {
		t.Errorf("search 港口 from the app bar = %+v, want the harbour article", got)
	}
}

// TestSearchLooks: the search page with results on a phone and a desktop,
// light and dark: nothing wider than the screen, the marks visible against
// the paper. With FOLIO_SCREENSHOTS=DIR it writes the pages there.
func TestSearchLooks(t *testing.T) {
	s := startSiteIn(t, searchMagazine(t, searchArticles))
	ctx, _ := newBrowser(t)
	for _, slug := range []string{"cafe", "gangkou"} {
		do(t, ctx, "read "+slug, chromedp.Navigate(s.URL+"/a/"+slug), chromedp.WaitVisible(chromedp.CSS(".story .headline")))
		wasmStarted(t, ctx)
		kept(t, ctx, slug)
	}
	dir := os.Getenv("FOLIO_SCREENSHOTS")
	for _, scheme := range []string{"light", "dark"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			do(t, ctx, "emulate "+size.name+" "+scheme,
				chromedp.EmulateViewport(size.w, size.h),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}),
				chromedp.Navigate(s.URL+"/search?q=cafe"))
			wasmStarted(t, ctx)
			typeQuery(t, ctx, "CAFE terrace")
			if got := results(t, ctx, "CAFE terrace"); len(got) != 1 {
				t.Fatalf("%s %s: search = %+v", size.name, scheme, got)
			}
			if w := eval[int64](t, ctx, `document.documentElement.scrollWidth`); w > size.w {
				t.Errorf("%s %s: page is %dpx wide, wider than the screen", size.name, scheme, w)
			}
			if v := eval[bool](t, ctx, `(() => {
				const r = document.querySelector(".masthead-nav a[href='/search']").getBoundingClientRect();
				return r.width > 0 && r.right <= innerWidth;
			})()`); !v {
				t.Errorf("%s %s: the app bar's search link is not on screen", size.name, scheme)
			}
			if c := eval[string](t, ctx, `(() => {
				const m = getComputedStyle(document.querySelector(".search-snippet mark")), p = getComputedStyle(document.body);
				return m.backgroundColor === p.backgroundColor ? "same" : m.color === p.color ? "" : "color " + m.color;
			})()`); c != "" {
				t.Errorf("%s %s: marks: %s", size.name, scheme, c)
			}
			if dir == "" {
				continue
			}
			do(t, ctx, "blur", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
			time.Sleep(300 * time.Millisecond)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("search-%s-%s.png", size.name, scheme)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
