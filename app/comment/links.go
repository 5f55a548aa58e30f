package comment

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkRel is set on every link in a comment: search engines must not reward
// links in user content, and the target page gets no handle on ours.
var linkRel = []byte("nofollow ugc noopener")

// allowedPrefixes are the only URL starts a comment link may have. Comments
// link out only: relative and fragment links are dropped along with every
// other scheme. An allow-list, unlike goldmark's deny-list, also stops
// schemes nobody thought of yet.
var allowedPrefixes = [][]byte{[]byte("https://"), []byte("http://"), []byte("mailto:")}

// linkPolicy is an AST transformer that keeps links with an allowed URL, adds
// rel to them and drops their title, and turns every other link into its
// plain text.
type linkPolicy struct{}

// Transform implements parser.ASTTransformer.
func (linkPolicy) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var links []ast.Node
	// Collect first: changing the tree while walking it skips nodes.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindLink || n.Kind() == ast.KindAutoLink) {
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range links {
		switch l := n.(type) {
		case *ast.Link:
			if !allowedURL(l.Destination) {
				unwrap(l)
				continue
			}
			l.Title = nil // a tooltip adds nothing to a comment but another attribute
		case *ast.AutoLink:
			if l.AutoLinkType == ast.AutoLinkURL && !allowedURL(l.URL(source)) {
				s := ast.NewString(l.Label(source))
				s.SetRaw(true) // written escaped, exactly as typed
				l.Parent().ReplaceChild(l.Parent(), l, s)
				continue
			}
		}
		n.SetAttributeString("rel", linkRel)
	}
}

// unwrap replaces l by its children, keeping their text and emphasis.
func unwrap(l ast.Node) {
	parent := l.Parent()
	for c := l.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, l, c)
		c = next
	}
	parent.RemoveChild(parent, l)
}

// allowedURL reports whether dest starts with an allowed scheme, ignoring
// case. Anything else, including leading spaces or control characters that
// a browser would skip, is refused.
func allowedURL(dest []byte) bool {
	for _, p := range allowedPrefixes {
		if len(dest) > len(p) && bytes.EqualFold(dest[:len(p)], p) {
			return true
		}
	}
	return false
}
