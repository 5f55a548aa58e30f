package ui

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/comment"
	"folio/app/i18n"
)

// embedPattern is the page the embed iframe loads:
// /embed/{slug}?mode=article|comments&theme=auto|light|dark.
const embedPattern = `^/embed/[a-z0-9][a-z0-9-]*` + optSlash

var embedPath = regexp.MustCompile(embedPattern)

// IsEmbedPath reports whether p is an embed page path.
func IsEmbedPath(p string) bool { return embedPath.MatchString(p) }

// Embed modes: the whole article with its thread, or only the thread.
const (
	embedArticle  = "article"
	embedComments = "comments"
)

// embedView is what the embed page's query asks for.
type embedView struct {
	slug  string
	mode  string // embedArticle or embedComments
	theme string // "light", "dark", or "" to follow the reader's preference
}

// embedViewOf reads an embed page URL. Unknown values fall back to the
// defaults rather than failing: the query comes from other people's pages.
func embedViewOf(u *url.URL) embedView {
	v := embedView{slug: after(u.Path, "/embed/"), mode: embedComments}
	q := u.Query()
	if q.Get("mode") == embedArticle {
		v.mode = embedArticle
	}
	if t := q.Get("theme"); t == "light" || t == "dark" {
		v.theme = t
	}
	return v
}

// embedPage is the minimal view a publisher's page shows in an iframe: no
// masthead, the article or only its comments, and a way into the full app.
// The theme class is set once from the URL; embed-frame.js swaps it when the
// host page's colour scheme changes, so Render must keep the class stable.
type embedPage struct {
	app.Compo

	lang  i18n.Lang
	view  embedView
	art   article.Article
	body  article.Rendered
	state loadState
	err   error
	thread
}

func (p *embedPage) OnInit() {
	if !app.IsClient {
		return
	}
	p.view = embedViewOf(app.Window().URL())
	// A comments-mode page carries no article body: an export has one page
	// for both modes, so article mode then fetches the article.
	if d := takePreload(); d != nil && d.Article != nil && (p.view.mode == embedComments || d.Article.Markdown != "") {
		if body, ok := d.body(); ok && p.view.mode == embedArticle {
			p.art, p.state, p.err, p.body = *d.Article, loaded, nil, body
		} else {
			p.show(*d.Article)
		}
		p.preloadedThread(p.view.slug, d)
	}
}

// OnMount starts sending the outbox. On the full site the app bar does that;
// the embed has no app bar. A comment queued in an embed stays in storage
// partitioned to the host site, so only an embed on that site sends it.
func (p *embedPage) OnMount(ctx app.Context) {
	outboxSync.attach(ctx)
	outboxSync.kick()
	p.watchThread(ctx)
	p.freshenThread(ctx)
}

func (p *embedPage) OnDismount() { p.unwatchThread() }

func (p *embedPage) OnNav(ctx app.Context) {
	p.lang = pageLang(ctx)
	v := embedViewOf(ctx.Page().URL())
	if p.state == loaded && v.slug == p.view.slug {
		p.view.mode = v.mode
		p.setHead(ctx)
		return
	}
	p.view, p.state = v, loading
	p.forgetThread()
	want := p.want // the order the reader keeps (thread_sort.go)
	ctx.Async(func() {
		bg := context.Background()
		a, err := source.Article(bg, v.slug)
		var first comment.Page
		var asOf time.Time
		var threadErr error
		var order string
		if err == nil {
			// A thread that fails to load must not hide the article.
			first, order, asOf, threadErr = pageIn(bg, v.slug, want, "")
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.state, p.err = failed, err
				ctx.Page().SetTitle(attrText(p.lang.T("Not found — %s")), siteName)
				return
			}
			p.show(a)
			p.order, p.sortedHere = order, order != want
			p.setThread(v.slug, first, asOf, threadErr)
			p.setHead(ctx)
		})
	})
}

func (p *embedPage) show(a article.Article) {
	p.art, p.state, p.err = a, loaded, nil
	p.body = article.RenderCode([]byte(a.Markdown), a.MediaBase, a.Code)
}

func (p *embedPage) setHead(ctx app.Context) {
	pg := ctx.Page()
	if p.view.mode == embedComments {
		pg.SetTitle(attrText(p.lang.T("Comments on %s — %s")), attrText(p.art.Title), siteName)
	} else {
		pg.SetTitle("%s — %s", attrText(p.art.Title), siteName)
	}
	pg.SetDescription("%s", attr(p.art.Summary))
	pg.SetAuthor("%s", attr(p.art.Author))
	// Search engines should index the full page, not its embedded copies.
	pg.SetCanonicalLink("/a/%s", attr(p.art.Slug))
}

func (p *embedPage) Render() app.UI {
	l := p.lang
	class := "embed embed-" + p.view.mode
	if p.view.theme != "" {
		class += " theme-" + p.view.theme
	}
	switch {
	case p.state == failed && errors.Is(p.err, article.ErrNotFound):
		return app.Div().Class(attr(class)).Body(app.Main().Body(embedProblem(l.T("This article is not available"), l.T("It may have moved or been taken down."))))
	case p.state == failed:
		return app.Div().Class(attr(class)).Body(app.Main().Body(embedProblem(l.T("This could not load"), l.T("Check your connection and try again."))))
	case p.state != loaded:
		return app.Div().Class(attr(class)).Body(app.Main().Body(app.P().Class("loading").Text(l.T("Loading…"))))
	}
	a := p.art
	data := pageData{Path: "/embed/" + a.Slug, Article: &p.art, Thread: p.firstPage(), ThreadFailed: p.threadState == failed}
	if p.view.mode == embedComments {
		// The thread needs the article's name, not its body: keep the page small.
		meta := article.Article{Meta: a.Meta}
		data.Article = &meta
	} else {
		data = data.withBody(p.body)
	}
	return app.Div().Class(attr(class)).Body(
		// The frame is a document of its own: one main landmark and one h1,
		// the headline or, for the thread alone, a heading for screen readers.
		app.Main().Body(
			app.If(p.view.mode == embedArticle, func() app.UI { return p.story() }).Else(func() app.UI {
				return app.H1().Class("visually-hidden").Text(l.F("Comments on %s", a.Title))
			}),
			p.threadSection(l, a.Slug),
		),
		app.Footer().Class("embed-footer").Body(
			app.If(p.view.mode == embedComments, func() app.UI {
				return app.Span().Class("embed-about").Text(a.Title)
			}),
			// target=_top: a link inside the iframe opens in the reader's
			// window. embed-frame.js keeps go-app from routing it in the frame.
			app.A().Class("embed-open").Href(attr("/a/"+a.Slug)).Target("_top").Body(
				app.Span().Text(l.T("Open in ")),
				app.Span().Class("embed-wordmark").Text(siteName),
			),
		),
		preloadNode(data),
	)
}

// story is the article as the full page shows it, without tags and contents:
// their links belong to the full app.
func (p *embedPage) story() app.UI {
	a, l := p.art, p.lang
	return app.Article().Class("story").Body(
		app.Header().Class("story-header").Body(
			app.H1().Class("headline").Attr("lang", attr(articleLang(a.Meta))).Text(a.Title),
			app.If(a.Summary != "", func() app.UI { return app.P().Class("dek").Attr("lang", attr(articleLang(a.Meta))).Text(a.Summary) }),
			byline(l, a.Meta),
		),
		leadImage(a.Image, a.Caption, a.Caption, false),
		sourceLine(l, a.Source),
		// app.Raw keeps only the first root element: one wrapper div.
		app.Raw(`<div class="`+bodyClass+`" lang="`+safeLang(articleLang(a.Meta))+`">`+p.body.HTML+`</div>`),
	)
}

// embedProblem is a message with no way out to the front page: the frame is
// someone else's page, and the reader did not come to browse ours in it.
func embedProblem(title, text string) app.UI {
	return app.Section().Class("problem embed-problem").Body(
		app.H1().Text(title),
		app.P().Text(text),
	)
}
