package ui

import (
	"context"
	"errors"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/comment"
)

// articlePage shows one article, rendered from Markdown with the same
// renderer on both sides, and its comment thread.
type articlePage struct {
	app.Compo

	slug     string
	art      article.Article
	body     article.Rendered
	comments []comment.Comment
	state    loadState
	err      error
}

func (p *articlePage) OnInit() {
	if !app.IsClient {
		return
	}
	p.slug = strings.TrimPrefix(app.Window().URL().Path, "/a/")
	if d := takePreload(); d != nil && d.Article != nil {
		p.show(*d.Article, d.Comments)
	}
}

func (p *articlePage) OnNav(ctx app.Context) {
	slug := strings.TrimPrefix(ctx.Page().URL().Path, "/a/")
	if p.state == loaded && slug == p.slug {
		p.setHead(ctx)
		return
	}
	p.slug, p.state = slug, loading
	ctx.Async(func() {
		bg := context.Background()
		a, err := source.Article(bg, slug)
		var cs []comment.Comment
		if err == nil {
			// A thread that fails to load must not hide the article.
			cs, _ = source.List(bg, slug)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.state, p.err = failed, err
				ctx.Page().SetTitle("Not found — %s", siteName)
				return
			}
			p.show(a, cs)
			p.setHead(ctx)
		})
	})
}

func (p *articlePage) show(a article.Article, cs []comment.Comment) {
	p.art, p.comments, p.state, p.err = a, cs, loaded, nil
	p.body = article.Render([]byte(a.Markdown), a.MediaBase)
}

func (p *articlePage) setHead(ctx app.Context) {
	pg := ctx.Page()
	pg.SetTitle("%s — %s", attrText(p.art.Title), siteName)
	pg.SetDescription("%s", attrText(p.art.Summary))
	pg.SetAuthor("%s", attrText(p.art.Author))
	pg.SetKeywords(p.art.Tags...)
	pg.SetCanonicalLink("/a/%s", p.art.Slug)
	if p.art.Image != "" {
		pg.SetImage(p.art.Image)
	}
}

func (p *articlePage) Render() app.UI {
	switch {
	case p.state == failed && errors.Is(p.err, article.ErrNotFound):
		return page("article", problem("Article not found", "There is no article at this address. It may have moved."))
	case p.state == failed:
		return page("article", problem("This article could not load", "Check your connection and try again."))
	case p.state != loaded:
		return page("article", app.P().Class("loading").Text("Loading the article…"))
	}
	a := p.art
	return page("article",
		app.Article().Class("story").Body(
			app.Header().Class("story-header").Body(
				tagList(a.Tags),
				app.H1().Class("headline").Text(a.Title),
				app.If(a.Summary != "", func() app.UI { return app.P().Class("dek").Text(a.Summary) }),
				byline(a.Meta),
			),
			leadImage(a.Image, attrText(a.Caption), a.Caption, true),
			app.If(a.Source != "", func() app.UI {
				return app.P().Class("source").Body(app.Span().Text("Source: "), app.Span().Class("source-name").Text(a.Source))
			}),
			app.If(a.ReadingMinutes >= 10 && len(p.body.TOC) >= 4, func() app.UI { return toc(p.body.TOC) }),
			// app.Raw keeps only the first root element: one wrapper div.
			app.Raw(`<div class="story-body">`+p.body.HTML+`</div>`),
		),
		&commentSection{Article: a.Slug, Comments: p.comments},
		preloadNode(pageData{Path: "/a/" + a.Slug, Article: &p.art, Comments: p.comments}),
	)
}

// toc lists a long article's sections.
func toc(hs []article.Heading) app.UI {
	return app.Nav().Class("toc").Aria("label", "Contents").Body(
		app.H2().Text("In this article"),
		app.Ol().Body(app.Range(hs).Slice(func(i int) app.UI {
			return app.Li().Class("toc-h" + string(rune('0'+hs[i].Level))).Body(
				app.A().Href("#" + hs[i].ID).Text(hs[i].Text),
			)
		})),
	)
}
