package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
)

// frontPage is the magazine's front page: the newest story large, the rest as
// cards. On /tag/{tag} it shows only that tag's stories.
type frontPage struct {
	app.Compo

	tag      string
	articles []article.Meta
	state    loadState
	err      error
}

func (p *frontPage) OnInit() {
	if !app.IsClient {
		return
	}
	// The first render in the browser must match the prerendered page.
	p.tag = tagOf(app.Window().URL().Path)
	if d := takePreload(); d != nil && d.Articles != nil {
		p.articles, p.state = d.Articles, loaded
	}
}

func tagOf(path string) string {
	if tag, ok := strings.CutPrefix(path, "/tag/"); ok {
		return trimSlash(tag)
	}
	return ""
}

func (p *frontPage) OnNav(ctx app.Context) {
	p.tag = tagOf(ctx.Page().URL().Path)
	p.setHead(ctx)
	if p.state == loaded || p.state == loading {
		return
	}
	p.state = loading
	ctx.Async(func() {
		list, err := source.Articles(context.Background())
		ctx.Dispatch(func(ctx app.Context) {
			p.articles, p.err, p.state = list, err, loaded
			if err != nil {
				p.state = failed
			}
			p.setHead(ctx)
		})
	})
}

func (p *frontPage) setHead(ctx app.Context) {
	pg := ctx.Page()
	if p.tag != "" {
		pg.SetTitle("%s — %s", attrText(p.tag), siteName)
		pg.SetDescription("Stories tagged %s in %s.", attr(p.tag), siteName)
		pg.SetCanonicalLink("/tag/%s", attr(p.tag))
	} else {
		pg.SetTitle("%s — stories worth keeping", siteName)
		pg.SetDescription("%s: a small magazine of articles you can read anywhere, even offline.", siteName)
		pg.SetCanonicalLink("/")
	}
	if list := p.visible(); len(list) > 0 && list[0].Image != "" {
		pg.SetImage(attr(list[0].Image))
	}
}

func (p *frontPage) visible() []article.Meta {
	if p.tag == "" {
		return p.articles
	}
	var out []article.Meta
	for _, m := range p.articles {
		if m.HasTag(p.tag) {
			out = append(out, m)
		}
	}
	return out
}

func (p *frontPage) Render() app.UI {
	list := p.visible()
	var body app.UI
	switch {
	case p.state == failed:
		body = problem("The front page could not load", "Check your connection and try again.")
	case p.state != loaded:
		body = app.P().Class("loading").Text("Loading stories…")
	case len(list) == 0:
		body = problem("No stories here", "There are no stories with this tag yet.")
	default:
		body = app.Div().Body(
			leadStory(list[0]),
			app.Section().Class("cards").Aria("label", "More stories").Body(
				app.Range(list[1:]).Slice(func(i int) app.UI { return card(list[1+i]) }),
			),
		)
	}
	return page("front",
		app.If(p.tag != "", func() app.UI {
			return app.H1().Class("section-title").Body(app.Span().Text("Tagged "), app.Em().Text(p.tag))
		}).Else(func() app.UI {
			// The masthead names the magazine; the page's heading is for
			// screen readers, which list a page by its headings.
			return app.H1().Class("visually-hidden").Text("Latest stories")
		}),
		body,
		preloadNode(pageData{Path: pathOf(p.tag), Articles: p.articles}),
	)
}

func pathOf(tag string) string {
	if tag == "" {
		return "/"
	}
	return "/tag/" + tag
}

func leadStory(m article.Meta) app.UI {
	return app.Article().Class("lead-story").Body(
		app.A().Class("lead-story-image").Href(attr("/a/"+m.Slug)).Aria("hidden", "true").TabIndex(-1).Body(
			leadImage(m.Image, "", "", true),
		),
		app.Div().Class("lead-story-text").Body(
			tagList(m.Tags),
			app.H2().Body(app.A().Href(attr("/a/"+m.Slug)).Text(m.Title)),
			app.P().Class("summary").Text(m.Summary),
			byline(m),
			&saveButton{Meta: m},
		),
	)
}

func card(m article.Meta) app.UI {
	return app.Article().Class("card").Body(
		app.A().Class("card-image").Href(attr("/a/"+m.Slug)).Aria("hidden", "true").TabIndex(-1).Body(
			leadImage(m.Image, "", "", false),
		),
		app.Div().Class("card-text").Body(
			tagList(m.Tags),
			app.H3().Body(app.A().Href(attr("/a/"+m.Slug)).Text(m.Title)),
			app.P().Class("summary").Text(m.Summary),
			byline(m),
			&saveButton{Meta: m},
		),
	)
}
