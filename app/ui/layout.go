package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/i18n"
)

// loadState is where a page is in getting its data.
type loadState int

const (
	notLoaded loadState = iota
	loading
	failed
	loaded
)

// siteName is the magazine's name in the masthead and page titles.
const siteName = "Folio"

// page wraps a page's content in the masthead and footer every page shares.
func page(l i18n.Lang, class string, content ...app.UI) app.UI {
	return pageSkipping(l, class, []skip{toContent}, content...)
}

// pageSkipping is page with its own skip links, the first Tab stops.
func pageSkipping(l i18n.Lang, class string, skips []skip, content ...app.UI) app.UI {
	return app.Div().Class(attr("page "+class)).Body(
		skipLinks(l, skips),
		&appBar{Lang: l},
		// tabindex -1: "Skip to content" moves focus here.
		app.Main().ID("main").Class("main").TabIndex(-1).Body(content...),
		app.Footer().Class("site-footer").Body(
			app.P().Text(l.T("Folio — a magazine that keeps what you read.")),
		),
	)
}

// byline is "By A. Writer · 1 February 2026 · 5 min read".
func byline(l i18n.Lang, m article.Meta) app.UI {
	return app.P().Class("byline").Body(
		app.If(m.Author != "", func() app.UI {
			return app.Span().Class("author").Text(l.F("By %s", m.Author))
		}),
		app.Time().Class("date").DateTime(m.Published.Format(time.DateOnly)).Text(l.Date(m.Published)),
		app.Span().Class("reading").Text(l.F("%d min read", m.ReadingMinutes)),
	)
}

func tagList(tags []string) app.UI {
	if len(tags) == 0 {
		return nil
	}
	return app.Ul().Class("tags").Body(
		app.Range(tags).Slice(func(i int) app.UI {
			return app.Li().Body(app.A().Href(attr("/tag/" + tags[i])).Text(tags[i]))
		}),
	)
}

// leadImage is an article's picture with its caption. Width and height keep
// the space reserved while the image loads.
func leadImage(src, alt, caption string, eager bool) app.UI {
	if src == "" {
		return nil
	}
	img := app.Img().Src(attr(src)).Alt(attr(alt)).Width(1200).Height(675)
	if eager {
		img = img.Attr("fetchpriority", "high")
	} else {
		img = img.Attr("loading", "lazy")
	}
	return app.Figure().Class("lead-image").Body(
		img,
		app.If(caption != "", func() app.UI { return app.FigCaption().Text(caption) }),
	)
}

// sourceLine names where a story comes from, above its body.
func sourceLine(l i18n.Lang, source string) app.UI {
	if source == "" {
		return nil
	}
	return app.P().Class("source").Body(app.Span().Text(l.T("Source: ")), app.Span().Class("source-name").Text(source))
}

// problem is a page-level message: not found, offline, failed.
func problem(l i18n.Lang, title, text string) app.UI {
	return app.Section().Class("problem").Body(
		app.H1().Text(title),
		app.P().Text(text),
		app.P().Body(app.A().Href("/").Text(l.T("Back to the front page"))),
	)
}
