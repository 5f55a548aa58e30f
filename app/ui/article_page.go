package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// articlePage shows one article, rendered from Markdown with the same
// renderer on both sides, and its comment thread. In the browser it keeps
// what was read for offline reading and remembers the scroll position.
type articlePage struct {
	app.Compo

	lang  i18n.Lang // the interface's, not the article's (art.Lang)
	slug  string
	art   article.Article
	body  article.Rendered
	state loadState
	err   error
	thread

	scrollY  int
	scrollAt time.Time
	onScroll app.Func
	onHide   app.Func
}

func (p *articlePage) OnInit() {
	if !app.IsClient {
		return
	}
	p.slug = after(app.Window().URL().Path, "/a/")
	if d := takePreload(); d != nil && d.Article != nil {
		if body, ok := d.body(); ok {
			p.art, p.state, p.err, p.body = *d.Article, loaded, nil, body
		} else {
			p.show(*d.Article)
		}
		p.preloadedThread(p.slug, d)
	}
}

func (p *articlePage) OnMount(ctx app.Context) {
	p.onScroll = app.FuncOf(func(app.Value, []app.Value) any {
		p.scrollY = app.Window().Get("scrollY").Int()
		if time.Since(p.scrollAt) > 400*time.Millisecond {
			p.scrollAt = time.Now()
			p.rememberScroll()
		}
		return nil
	})
	app.Window().Call("addEventListener", "scroll", p.onScroll, map[string]any{"passive": true})
	// Leaving or hiding the page does not dismount components: save then too.
	p.onHide = app.FuncOf(func(app.Value, []app.Value) any { p.rememberScroll(); return nil })
	app.Window().Call("addEventListener", "pagehide", p.onHide)
	if p.state == loaded {
		p.arrived(ctx, true)
	}
	p.watchThread(ctx)
	p.freshenThread(ctx)
}

func (p *articlePage) OnDismount() {
	p.rememberScroll()
	app.Window().Call("removeEventListener", "scroll", p.onScroll)
	app.Window().Call("removeEventListener", "pagehide", p.onHide)
	p.onScroll.Release()
	p.onHide.Release()
	p.unwatchThread()
}

func (p *articlePage) rememberScroll() {
	if p.state == loaded {
		_, lib := device()
		lib.SetScroll(p.slug, p.scrollY)
	}
}

func (p *articlePage) OnNav(ctx app.Context) {
	p.lang = pageLang(ctx)
	slug := after(ctx.Page().URL().Path, "/a/")
	if p.state == loaded && slug == p.slug {
		p.setHead(ctx)
		return
	}
	p.slug, p.state = slug, loading
	p.forgetThread()
	want := p.want // the order the reader keeps (thread_sort.go)
	ctx.Async(func() {
		bg := context.Background()
		a, err := source.Article(bg, slug)
		var first comment.Page
		var asOf time.Time
		var threadErr error
		var order string
		if err == nil {
			// A thread that fails to load must not hide the article: it
			// keeps its own state, and says so where the comments would be.
			first, order, asOf, threadErr = pageIn(bg, slug, want, "")
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.state, p.err = failed, err
				ctx.Page().SetTitle(attrText(p.lang.T("Not available — %s")), siteName)
				return
			}
			p.show(a)
			p.order, p.sortedHere = order, order != want
			p.setThread(slug, first, asOf, threadErr)
			p.setHead(ctx)
			if app.IsClient {
				p.arrived(ctx, false)
			}
		})
	})
}

func (p *articlePage) show(a article.Article) {
	p.art, p.state, p.err = a, loaded, nil
	p.body = article.RenderCode([]byte(a.Markdown), a.MediaBase, a.Code)
}

// arrived runs in the browser once the article is on screen: back to where
// the reader left it, and kept on the device so it opens offline next time.
// When the app takes over the prerendered page (takeOver), the reader may
// have read and scrolled it already: then they stay where they are.
func (p *articlePage) arrived(ctx app.Context, takeOver bool) {
	_, lib := device()
	moved := takeOver && app.Window().Get("scrollY").Int() > 0
	if y := lib.Scroll(p.slug); y > 0 && !moved && app.Window().URL().Fragment == "" {
		ctx.Defer(func(app.Context) { app.Window().Call("scrollTo", 0, y) })
	}
	a, first, images := p.art, p.firstPage(), p.body.Images
	ctx.Async(func() {
		files, n, _ := client.Keep(a, first, images, nil)
		evict(lib.Record(a.Meta, false, files, n, time.Now()))
	})
}

func (p *articlePage) setHead(ctx app.Context) {
	pg := ctx.Page()
	pg.SetTitle("%s — %s", attrText(p.art.Title), siteName)
	pg.SetDescription("%s", attr(p.art.Summary))
	pg.SetAuthor("%s", attr(p.art.Author))
	pg.SetKeywords(attr(strings.Join(p.art.Tags, ", ")))
	pg.SetCanonicalLink("/a/%s", attr(p.art.Slug))
	if p.art.Image != "" {
		pg.SetImage(attr(p.art.Image))
	}
}

func (p *articlePage) Render() app.UI {
	l := p.lang
	switch {
	case p.state == failed && errors.Is(p.err, article.ErrNotFound):
		return page(l, "article", problem(l, l.T("Article not found"), l.T("There is no article at this address. It may have moved.")))
	case p.state == failed && errors.Is(p.err, client.ErrOffline):
		return page(l, "article", offlineProblem(l))
	case p.state == failed:
		return page(l, "article", problem(l, l.T("This article could not load"), l.T("Check your connection and try again.")))
	case p.state != loaded:
		return page(l, "article", app.P().Class("loading").Text(l.T("Loading the article…")))
	}
	a := p.art
	return pageSkipping(l, "article", []skip{toContent, {"comments", "Skip to comments"}},
		app.Article().Class("story").Body(
			app.Header().Class("story-header").Body(
				tagList(a.Tags),
				app.H1().Class("headline").Attr("lang", attr(articleLang(a.Meta))).Text(a.Title),
				app.If(a.Summary != "", func() app.UI { return app.P().Class("dek").Attr("lang", attr(articleLang(a.Meta))).Text(a.Summary) }),
				byline(l, a.Meta),
				&saveButton{Lang: l, Meta: a.Meta, Article: &p.art, Thread: p.firstPage(), Images: p.body.Images},
				readerTools(l),
			),
			leadImage(a.Image, a.Caption, a.Caption, true),
			sourceLine(l, a.Source),
			app.If(a.ReadingMinutes >= 10 && len(p.body.TOC) >= 4, func() app.UI { return toc(l, p.body.TOC) }),
			// app.Raw keeps only the first root element: one wrapper div.
			app.Raw(`<div class="`+bodyClass+`" lang="`+safeLang(articleLang(a.Meta))+`">`+p.body.HTML+`</div>`),
			aroundNav(l, a.Around),
			backToTop(l),
		),
		readingProgress(l, a),
		p.threadSection(l, a.Slug),
		structuredData(a.Meta, p.firstPage()),
		preloadNode(pageData{Path: "/a/" + a.Slug, Article: &p.art, Thread: p.firstPage(), ThreadFailed: p.threadState == failed}.withBody(p.body)),
	)
}

// siteLang is the language of articles whose front matter names none.
const siteLang = "en"

// articleLang is the language of m's own words (its headline, summary and
// body), which the interface around them does not share: a Chinese article
// read with an English interface keeps English buttons, and its text is
// marked Chinese for the browser's fonts (web/folio.css), line breaking,
// speech and screen readers.
func articleLang(m article.Meta) string {
	if m.Lang == "" {
		return siteLang
	}
	return m.Lang
}

// safeLang is a language tag fit to be written into markup as it is: a tag
// is letters, digits and hyphens (the server checks front matter's), and
// anything else is the site's. Not html.EscapeString: it costs app.wasm
// 38 KB raw.
func safeLang(tag string) string {
	for _, c := range tag {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return siteLang
		}
	}
	return tag
}

// offlineProblem is what an article not kept on this device shows offline.
func offlineProblem(l i18n.Lang) app.UI {
	return app.Section().Class("problem offline-problem").Body(
		app.H1().Text(l.T("You are offline")),
		app.P().Text(l.T("This article is not saved on this device yet. Articles you open or save can be read without a network.")),
		app.P().Body(app.A().Href("/saved").Text(l.T("See what is saved"))),
	)
}

// toc lists a long article's sections, numbered 1, 2, 3…; a section's
// sub-sections are a list of their own inside its entry, so they neither
// take numbers from the sections nor need CSS to hide theirs.
func toc(l i18n.Lang, hs []article.Heading) app.UI {
	sections := tocSections(hs)
	return app.Nav().Class("toc").Aria("label", attr(l.T("Contents"))).Body(
		app.H2().Text(l.T("In this article")),
		app.Ol().Body(app.Range(sections).Slice(func(i int) app.UI {
			s := sections[i]
			return app.Li().Body(
				tocLink(s.Heading),
				app.If(len(s.subs) > 0, func() app.UI {
					return app.Ol().Class("toc-sub").Body(app.Range(s.subs).Slice(func(j int) app.UI {
						return app.Li().Body(tocLink(s.subs[j]))
					}))
				}),
			)
		})),
	)
}

// tocSection is a top-level entry of the contents and the headings under it.
type tocSection struct {
	article.Heading
	subs []article.Heading
}

// tocSections groups each heading deeper than the first level found under
// the section before it. A sub-section before any section stays on top.
func tocSections(hs []article.Heading) []tocSection {
	top := 0
	for _, h := range hs {
		if top == 0 || h.Level < top {
			top = h.Level
		}
	}
	var out []tocSection
	for _, h := range hs {
		if h.Level > top && len(out) > 0 {
			out[len(out)-1].subs = append(out[len(out)-1].subs, h)
			continue
		}
		out = append(out, tocSection{Heading: h})
	}
	return out
}

func tocLink(h article.Heading) app.UI {
	return app.A().Href(attr("#" + h.ID)).Text(h.Text)
}
