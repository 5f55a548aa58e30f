package article

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// pageTransformer adjusts the parsed article for the page it is shown on:
// section headings get a self-link, images load lazily, image paths
// relative to the article file resolve against its media base, and tables
// can take keyboard focus.
type pageTransformer struct{}

func (pageTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	base, _ := pc.Get(mediaBase).(string)
	src := reader.Source()
	var unlink []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			addAnchor(n)
		case *ast.Link:
			n.Destination = allowURL(n.Destination)
		case *ast.AutoLink:
			if !autoLinkAllowed(n, src) {
				unlink = append(unlink, n)
			}
		case *ast.Image:
			n.Destination = resolveMedia(allowURL(n.Destination), base)
			n.SetAttributeString("loading", []byte("lazy"))
			n.SetAttributeString("decoding", []byte("async"))
		case *extast.Table:
			// A wide table scrolls sideways in its own box (folio.css):
			// focusable, a keyboard can scroll it too.
			n.SetAttributeString("tabindex", []byte("0"))
		}
		return ast.WalkContinue, nil
	})
	// Replaced after the walk: changing the tree under a walk skips nodes.
	for _, n := range unlink {
		label := ast.NewString(append([]byte(nil), n.Label(src)...))
		label.SetRaw(true) // shown as written, HTML-escaped
		n.Parent().ReplaceChild(n.Parent(), n, label)
	}
}

// autoLinkAllowed applies the link allow-list to an autolink (<scheme:...>
// or one GFM's linkify found). goldmark renders those with its own deny-list,
// which lets unknown schemes through, and the URL cannot be rewritten: one
// outside the list is shown as plain text.
func autoLinkAllowed(n *ast.AutoLink, src []byte) bool {
	if n.AutoLinkType == ast.AutoLinkEmail {
		return true // rendered as mailto:
	}
	url := n.URL(src)
	return len(url) > 0 && allowURL(url) != nil
}

func addAnchor(h *ast.Heading) {
	if h.Level < 2 {
		return
	}
	id, ok := h.AttributeString("id")
	idb, _ := id.([]byte)
	if !ok || len(idb) == 0 {
		return
	}
	link := ast.NewLink()
	link.Destination = append([]byte("#"), idb...)
	link.SetAttributeString("class", []byte("anchor"))
	link.SetAttributeString("title", []byte("Link to this section"))
	link.AppendChild(link, ast.NewString([]byte("#")))
	h.AppendChild(h, link)
}

func isAnchor(l *ast.Link) bool {
	c, ok := l.AttributeString("class")
	b, _ := c.([]byte)
	return ok && string(b) == "anchor"
}

// resolveMedia prefixes base to a relative path; absolute paths, URLs with a
// scheme and data are left as they are.
func resolveMedia(dest []byte, base string) []byte {
	if base == "" || len(dest) == 0 || dest[0] == '/' || dest[0] == '#' ||
		bytes.Contains(dest, []byte(":")) {
		return dest
	}
	d := strings.TrimPrefix(string(dest), "./")
	return []byte(strings.TrimSuffix(base, "/") + "/" + d)
}

// AllowedURL reports whether u passes the allow-list that article links and
// images are held to: a relative URL, or http, https, mailto or tel.
func AllowedURL(u string) bool { return allowURL([]byte(u)) != nil }

// allowURL keeps relative URLs and the http, https, mailto and tel schemes and
// blanks anything else. goldmark's own check is a deny-list that lets unknown
// schemes through; an allow-list closes that.
func allowURL(dest []byte) []byte {
	i := bytes.IndexAny(dest, ":/?#")
	if i < 0 || dest[i] != ':' {
		return dest // no scheme: relative
	}
	switch strings.ToLower(string(dest[:i])) {
	case "http", "https", "mailto", "tel":
		return dest
	}
	return nil
}
