// Package ui holds Folio's go-app components and routes. The same code renders
// pages on the server (prerendering) and in the browser (app.wasm).
package ui

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// Source is where pages get their data: the API through the browser's fetch in
// app.wasm, the content index and comment store directly on the server.
type Source interface {
	// ArticlePage returns page n (from 1) of the article list, newest
	// first, article.PageSize to a page: every article, or those tagged tag.
	ArticlePage(ctx context.Context, tag string, n int) (article.Page, error)
	// Article returns one article with its body, or article.ErrNotFound.
	Article(ctx context.Context, slug string) (article.Article, error)
	// PageAsOf is comment.Store's Page at the server's page size, and when
	// the page was fetched if it came from the device's cache because the
	// network was away (else zero).
	PageAsOf(ctx context.Context, slug, cursor string) (comment.Page, time.Time, error)
	comment.Store
}

var source Source = client.Client{}

// SetSource replaces the data source; the server calls it before serving.
func SetSource(s Source) { source = s }

// Route patterns, shared by the browser program and the server so both
// answer the same paths.
const (
	articlePattern = `^/a/[a-z0-9][a-z0-9-]*` + optSlash
	tagPattern     = `^/tag/[a-z0-9][a-z0-9-]*` + optSlash
	// Archive pages: /page/2, /tag/{tag}/page/2.
	pagePattern = `^(/tag/[a-z0-9][a-z0-9-]*)?/page/[1-9][0-9]{0,8}` + optSlash
)

var articlePath = regexp.MustCompile(articlePattern)

// IsArticlePath reports whether p is an article page path.
func IsArticlePath(p string) bool { return articlePath.MatchString(p) }

// Register declares every route. Call it before app.RunWhenOnBrowser in the
// browser and before serving pages on the server.
func Register() {
	app.Route("/", func() app.Composer { return &frontPage{lang: deviceLang} })
	app.RouteWithRegexp(tagPattern, func() app.Composer { return &frontPage{lang: deviceLang} })
	app.RouteWithRegexp(pagePattern, func() app.Composer { return &frontPage{lang: deviceLang} })
	app.RouteWithRegexp(articlePattern, func() app.Composer { return &articlePage{lang: deviceLang} })
	app.RouteWithRegexp(embedPattern, func() app.Composer { return &embedPage{lang: deviceLang} })
	app.RouteWithRegexp(`^/saved`+optSlash, func() app.Composer { return &savedPage{lang: deviceLang} })
	app.RouteWithRegexp(`^/offline`+optSlash, func() app.Composer { return &offlinePage{lang: deviceLang} })
	app.RouteWithRegexp(`^`+searchPath+optSlash, func() app.Composer { return &offlinePage{lang: deviceLang, search: true} })
	app.RouteWithRegexp(`^`+repliesPath+optSlash, func() app.Composer { return &offlinePage{lang: deviceLang, replies: true} })
	if app.IsClient {
		readLang()
		readExport()
		readPreload()
		readOrigin()
	}
}

// deviceLang is the interface's language in the browser: the one the
// prerendered page was made in, which web/i18n.js put on <html lang> (and
// changed to the reader's, if the page was made for someone else: a static
// export's, or one kept from before the reader chose another). On the server
// it stays English; each render gets its own from its request (pageLang).
var deviceLang i18n.Lang

func readLang() {
	deviceLang, _ = i18n.Parse(app.Window().Get("document").Get("documentElement").Get("lang").String())
}

// langFragment starts the fragment that carries a request's interface
// language to its render on the server: browsers never send a fragment, so
// it cannot be a reader's own, and it travels with the request's URL into
// go-app's page, where each page's OnNav reads it (pageLang). The server
// prerenders many pages at once, so the language cannot wait in a variable.
const langFragment = "folio-lang="

// LangFragment is the URL fragment that has the server render a page in l.
func LangFragment(l i18n.Lang) string { return langFragment + l.Code() }

// pageLang is the page's interface language: the device's in the browser,
// the request's on the server, which also puts it on <html lang>.
func pageLang(ctx app.Context) i18n.Lang {
	if app.IsClient {
		return deviceLang
	}
	l, _ := i18n.Parse(strings.TrimPrefix(ctx.Page().URL().Fragment, langFragment))
	ctx.Page().SetLang(l.Tag())
	return l
}

// pageData is what the server used to prerender a page. It travels in the page
// so the browser's first render shows the same content, with no jump and no
// second request.
type pageData struct {
	Path string `json:"path"`
	// At is when the server made the page; a page opened from the device's
	// cache is as old as this.
	At      time.Time        `json:"at"`
	List    *article.Page    `json:"list,omitempty"`
	Article *article.Article `json:"article,omitempty"`
	// Thread is the first page of the article's comment thread.
	Thread *comment.Page `json:"thread,omitempty"`
	// ThreadFailed: the server could not read the comments (not: there are none).
	ThreadFailed bool `json:"threadFailed,omitempty"`
	// Rendered says the page shows Article's body as the server rendered
	// it, which found TOC and Images in it. The browser reads the HTML back
	// from the page (bodyHTML) instead of rendering the Markdown again: the
	// app's first render needs no Markdown renderer and shows exactly what
	// the page showed.
	Rendered bool              `json:"rendered,omitempty"`
	TOC      []article.Heading `json:"toc,omitempty"`
	Images   []string          `json:"images,omitempty"`
	bodyHTML string
	hasBody  bool
}

// withBody is d, telling the browser the page shows body.
func (d pageData) withBody(body article.Rendered) pageData {
	d.Rendered, d.TOC, d.Images = true, body.TOC, body.Images
	return d
}

// body is the article's body as the prerendered page showed it, if it did.
func (d *pageData) body() (article.Rendered, bool) {
	return article.Rendered{HTML: d.bodyHTML, TOC: d.TOC, Images: d.Images}, d.hasBody
}

// bodyClass marks the element whose content is an article's rendered body.
const bodyClass = "story-body"

const preloadID = "folio-data"

var preloaded *pageData

// readPreload picks up the prerendered page's data, and its article body,
// before app.wasm replaces the prerendered DOM. go-app HTML-escapes script text when it prerenders, so
// the text is unescaped before it is JSON again.
func readPreload() {
	el := app.Window().GetElementByID(preloadID)
	if !el.Truthy() {
		return
	}
	var d pageData
	if json.Unmarshal([]byte(html.UnescapeString(el.Get("textContent").String())), &d) != nil {
		return
	}
	if body := app.Window().Get("document").Call("querySelector", "."+bodyClass); d.Rendered && body.Truthy() {
		d.bodyHTML, d.hasBody = body.Get("innerHTML").String(), true
	}
	preloaded = &d
}

// takePreload hands out the preloaded data once, to the page it was made for.
func takePreload() *pageData {
	if !app.IsClient || preloaded == nil {
		return nil
	}
	d := preloaded
	preloaded = nil
	if d.Path != trimSlash(app.Window().URL().Path) {
		return nil
	}
	return d
}

// preloadNode embeds d in the prerendered page as a JSON data block, which
// browsers neither run nor show. The browser renders nothing there.
func preloadNode(d pageData) app.UI {
	if app.IsClient {
		return nil
	}
	d.At = time.Now().UTC()
	b, err := json.Marshal(d)
	if err != nil {
		return nil
	}
	return app.Script().ID(preloadID).Type("application/json").Text(string(b))
}

// attrText makes text safe for the page title, which go-app writes both as
// the <title> text (HTML-escaped) and as the og:title attribute (quoted
// Go-style, see attr): no one string is right for both, so characters that
// would need escaping in the attribute are replaced. Curly quotes read better
// anyway. Everything else goes through attr, which keeps the text as written.
func attrText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '"' || r == '\\' || !strconv.IsPrint(r) }) {
		return s
	}
	var b strings.Builder
	open := true
	for _, r := range s {
		switch {
		case r == '"':
			if open {
				b.WriteRune('\u201c')
			} else {
				b.WriteRune('\u201d')
			}
			open = !open
		case r == '\\':
			b.WriteRune('/')
		case r == utf8.RuneError:
			b.WriteRune(r)
		case !strconv.IsPrint(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
