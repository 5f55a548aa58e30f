package ui

import (
	"context"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/i18n"
)

// frontPage is the magazine's front page: the newest story large, the rest as
// cards, article.PageSize stories to a page, with links to newer and older
// pages (/page/2, ...). On /tag/{tag} (and /tag/{tag}/page/2, ...) it shows
// only that tag's stories.
type frontPage struct {
	app.Compo

	lang  i18n.Lang
	tag   string
	n     int // the page number, from 1
	list  article.Page
	state loadState
	err   error
}

func (p *frontPage) OnInit() {
	if !app.IsClient {
		return
	}
	// The first render in the browser must match the prerendered page.
	p.tag, p.n, _ = ListPath(app.Window().URL().Path)
	if d := takePreload(); d != nil && d.List != nil {
		p.list, p.state = *d.List, loaded
	}
}

// maxPage is the highest page number a path may name (pagePattern's).
const maxPage = 999_999_999

// ListPath reads a front, archive or tag page's path: its tag ("" for
// every story) and page number; ok is false for any other path.
func ListPath(path string) (tag string, n int, ok bool) {
	path = trimSlash(path)
	if path == "" || path == "/" {
		return "", 1, true
	}
	rest, isTag := strings.CutPrefix(path, "/tag/")
	if isTag {
		tag, rest, _ = strings.Cut(rest, "/")
		if !validTag(tag) {
			return "", 0, false
		}
		if rest == "" {
			return tag, 1, true
		}
		rest = "/" + rest
	}
	num, isPage := strings.CutPrefix(rest, "/page/")
	n, err := strconv.Atoi(num)
	if !isPage || err != nil || n < 1 || n > maxPage || strconv.Itoa(n) != num {
		return "", 0, false
	}
	return tag, n, true
}

func validTag(t string) bool {
	return t != "" && t[0] != '-' && !strings.ContainsFunc(t, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-'
	})
}

// listPath is the path of page n of the stories tagged tag ("": all).
func listPath(tag string, n int) string {
	p := ""
	if tag != "" {
		p = "/tag/" + tag
	}
	if n > 1 {
		p += "/page/" + strconv.Itoa(n)
	}
	if p == "" {
		return "/"
	}
	return p
}

func (p *frontPage) OnNav(ctx app.Context) {
	p.lang = pageLang(ctx)
	tag, n, _ := ListPath(ctx.Page().URL().Path)
	same := tag == p.tag && n == p.n
	p.tag, p.n = tag, n
	p.setHead(ctx)
	if same && (p.state == loaded || p.state == loading) {
		return
	}
	p.state = loading
	ctx.Async(func() {
		list, err := source.ArticlePage(context.Background(), tag, n)
		ctx.Dispatch(func(ctx app.Context) {
			if p.tag != tag || p.n != n {
				return // the reader has moved on to another page
			}
			p.list, p.err, p.state = list, err, loaded
			if err != nil {
				p.state = failed
			}
			p.setHead(ctx)
		})
	})
}

func (p *frontPage) setHead(ctx app.Context) {
	pg, l := ctx.Page(), p.lang
	of := ""
	if p.n > 1 {
		of = l.F(" — page %d", p.n)
	}
	if p.tag != "" {
		pg.SetTitle("%s%s — %s", attrText(p.tag), attr(of), siteName)
		pg.SetDescription(attr(l.T("Stories tagged %s in %s.")), attr(p.tag), siteName)
	} else if p.n > 1 {
		pg.SetTitle(attrText(l.T("Older stories%s — %s")), attr(of), siteName)
		pg.SetDescription(attr(l.T("Older stories in %s%s.")), siteName, attr(of))
	} else {
		pg.SetTitle(attrText(l.T("%s — stories worth keeping")), siteName)
		pg.SetDescription(attr(l.T("%s: a small magazine of articles you can read anywhere, even offline.")), siteName)
	}
	pg.SetCanonicalLink("%s", attr(listPath(p.tag, p.n)))
	if list := p.list.Articles; p.state == loaded && len(list) > 0 && list[0].Image != "" {
		pg.SetImage(attr(list[0].Image))
	}
}

func (p *frontPage) Render() app.UI {
	list, l := p.list.Articles, p.lang
	var body app.UI
	switch {
	case p.state == failed:
		body = problem(l, l.T("The front page could not load"), l.T("Check your connection and try again."))
	case p.state != loaded:
		body = app.P().Class("loading").Text(l.T("Loading stories…"))
	case len(list) == 0 && p.n > 1:
		body = problem(l, l.T("No stories here"), l.T("This page is past the oldest story."))
	case len(list) == 0:
		body = problem(l, l.T("No stories here"), l.T("There are no stories with this tag yet."))
	case p.n == 1:
		body = app.Div().Body(
			leadStory(l, list[0]),
			cards(l, list[1:]),
		)
	default:
		// No lead story here: a heading keeps the cards' h3 one level down.
		body = app.Div().Body(
			app.H2().Class("visually-hidden").Text(l.T("Stories on this page")),
			cards(l, list),
		)
	}
	return page(l, "front",
		app.If(p.tag != "", func() app.UI {
			return app.H1().Class("section-title").Body(app.Span().Text(l.T("Tagged ")), app.Em().Text(p.tag), app.If(p.n > 1, func() app.UI {
				return app.Span().Class("page-number").Text(l.F(" · page %d", p.n))
			}))
		}).ElseIf(p.n > 1, func() app.UI {
			return app.H1().Class("section-title").Text(l.F("Older stories · page %d", p.n))
		}).Else(func() app.UI {
			// The masthead names the magazine; the page's heading is for
			// screen readers, which list a page by its headings.
			return app.H1().Class("visually-hidden").Text(l.T("Latest stories"))
		}),
		body,
		app.If(p.state == loaded, func() app.UI { return p.pager() }),
		preloadNode(pageData{Path: listPath(p.tag, p.n), List: &p.list}),
	)
}

func cards(l i18n.Lang, list []article.Meta) app.UI {
	return app.Section().Class("cards").Aria("label", attr(l.T("More stories"))).Body(
		app.Range(list).Slice(func(i int) app.UI { return card(l, list[i]) }),
	)
}

// pager links the newer and older pages: plain links that work before
// app.wasm runs, and that the app follows without reloading once it does.
func (p *frontPage) pager() app.UI {
	newer, older := p.n > 1, p.list.Next != ""
	if !newer && !older {
		return nil
	}
	l := p.lang
	return app.Nav().Class("pager").Aria("label", attr(l.T("Pages"))).Body(
		app.If(newer, func() app.UI {
			return app.A().Class("pager-newer").Rel("prev").Href(attr(listPath(p.tag, p.n-1))).Text(l.T("← Newer"))
		}),
		app.If(older, func() app.UI {
			return app.A().Class("pager-older").Rel("next").Href(attr(listPath(p.tag, p.n+1))).Text(l.T("Older →"))
		}),
	)
}

func leadStory(l i18n.Lang, m article.Meta) app.UI {
	return app.Article().Class("lead-story").Body(
		app.A().Class("lead-story-image").Href(attr("/a/"+m.Slug)).Aria("hidden", "true").TabIndex(-1).Body(
			leadImage(m.Image, "", "", true),
		),
		app.Div().Class("lead-story-text").Body(
			tagList(m.Tags),
			app.H2().Attr("lang", attr(articleLang(m))).Body(app.A().Href(attr("/a/"+m.Slug)).Text(m.Title)),
			app.P().Class("summary").Attr("lang", attr(articleLang(m))).Text(m.Summary),
			byline(l, m),
			&saveButton{Lang: l, Meta: m},
		),
	)
}

func card(l i18n.Lang, m article.Meta) app.UI {
	class := "card"
	if m.Image == "" {
		class = "card card-text-only" // no blank picture column beside the text
	}
	return app.Article().Class(attr(class)).Body(
		app.If(m.Image != "", func() app.UI {
			return app.A().Class("card-image").Href(attr("/a/"+m.Slug)).Aria("hidden", "true").TabIndex(-1).Body(
				leadImage(m.Image, "", "", false),
			)
		}),
		app.Div().Class("card-text").Body(
			tagList(m.Tags),
			app.H3().Attr("lang", attr(articleLang(m))).Body(app.A().Href(attr("/a/"+m.Slug)).Text(m.Title)),
			app.P().Class("summary").Attr("lang", attr(articleLang(m))).Text(m.Summary),
			byline(l, m),
			&saveButton{Lang: l, Meta: m},
		),
	)
}
