package article

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// pageTransformer adjusts the parsed article for the page it is shown on:
// section headings get a self-link, images load lazily, image paths
// relative to the article file resolve against its media base, and tables
// can take keyboard focus.
type pageTransformer struct{}

func (pageTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	w := pageWalk{src: reader.Source()}
	w.base, _ = pc.Get(mediaBase).(string)
	w.visit(doc)
	// Replaced after the walk: changing the tree under a walk skips nodes.
	for _, n := range w.unlink {
		label := ast.NewString(append([]byte(nil), n.Label(w.src)...))
		label.SetRaw(true) // shown as written, HTML-escaped
		n.Parent().ReplaceChild(n.Parent(), n, label)
	}
}

// pageWalk is one pass of pageTransformer over an article. It visits each
// node once, before its children, as ast.Walk would; without ast.Walk's
// callback on leaving every node, which the browser pays for on every
// word of a long article.
type pageWalk struct {
	src    []byte
	base   string
	unlink []*ast.AutoLink
}

func (w *pageWalk) visit(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Text, *ast.String:
			continue // the most common nodes, and leaves
		case *ast.Heading:
			addAnchor(n)
		case *ast.Link:
			n.Destination = allowURL(n.Destination)
		case *ast.AutoLink:
			if !autoLinkAllowed(n, w.src) {
				w.unlink = append(w.unlink, n)
			}
		case *ast.Image:
			n.Destination = resolveMedia(allowURL(n.Destination), w.base)
			n.SetAttributeString("loading", []byte("lazy"))
			n.SetAttributeString("decoding", []byte("async"))
		case *extast.Table:
			// A wide table scrolls sideways in its own box (folio.css):
			// focusable, a keyboard can scroll it too.
			n.SetAttributeString("tabindex", []byte("0"))
		}
		if n.HasChildren() {
			w.visit(n)
		}
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
	h.AppendChild(h, &anchor{ID: idb})
}

// kindAnchor is the node kind of a section heading's self-link.
var kindAnchor = ast.NewNodeKind("Anchor")

// anchor is a section heading's self-link, <a href="#ID" class="anchor"
// title="Link to this section">#</a>: one node with one field, where an
// ast.Link needs a text child and an attribute list, for every heading.
type anchor struct {
	ast.BaseInline
	ID []byte
}

// Kind implements ast.Node.
func (*anchor) Kind() ast.NodeKind { return kindAnchor }

// Dump implements ast.Node.
func (a *anchor) Dump(src []byte, level int) {
	ast.DumpHelper(a, src, level, map[string]string{"ID": string(a.ID)}, nil)
}

// anchorRenderer writes an anchor exactly as goldmark writes the link it
// stands for: the destination URL-escaped, then HTML-escaped.
type anchorRenderer struct{}

func (anchorRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAnchor, renderAnchor)
}

func renderAnchor(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(append([]byte("#"), n.(*anchor).ID...), true)))
		_, _ = w.WriteString(`" class="anchor" title="Link to this section">#</a>`)
	}
	return ast.WalkContinue, nil
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
