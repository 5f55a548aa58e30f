package api

import (
	"regexp"

	"folio/app/comment"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the sanitizer for rendered comments, built once. comment.Render
// is already restricted; this is the second lock on the door. It allows
// exactly what the comment renderer produces: no images, headings, tables,
// styles or ids, and links only to http, https and mailto.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow ugc noopener$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w.+#-]{1,40}$`)).OnElements("code")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(false)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	return p
}()

// RenderComment is the HTML a comment with body is stored with: rendered
// with the restricted comment syntax, then sanitized. Posts and imports
// both make it here, so an imported comment shows as a posted one would.
func RenderComment(body string) string {
	return sanitize(comment.Render(body))
}

// sanitize cleans rendered comment HTML with policy.
func sanitize(html string) string {
	return policy.Sanitize(html)
}
