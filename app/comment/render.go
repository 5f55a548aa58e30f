package comment

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// markdown is the restricted goldmark configuration for comments, built once.
// Its parser knows only paragraphs, quotes, lists and code; inline, code
// spans, emphasis, links and autolinks, plus GFM linkify and strikethrough.
// There is no raw HTML parser at all, so "<img ...>" in a comment stays text
// and is escaped; headings and rules are not parsed and read as plain text.
var markdown = goldmark.New(
	goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
		parser.WithParagraphTransformers(
			util.Prioritized(parser.LinkReferenceParagraphTransformer, 100),
		),
		parser.WithASTTransformers(
			util.Prioritized(linkPolicy{}, 100),
		),
	)),
	goldmark.WithRendererOptions(
		html.WithHardWraps(),
		renderer.WithNodeRenderers(util.Prioritized(imageAsText{}, 100)),
	),
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
)

// Render turns a comment body into HTML with the restricted comment syntax.
// The result is safe by construction, and the server still passes it through
// its sanitizer before storing it. Render never panics: a renderer failure,
// which should not happen, gives the body as escaped text.
func Render(body string) (out string) {
	src := []byte(body)
	defer func() {
		if recover() != nil {
			out = "<p>" + string(util.EscapeHTML(src)) + "</p>\n"
		}
	}()
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := markdown.Convert(src, &buf); err != nil {
		return "<p>" + string(util.EscapeHTML(src)) + "</p>\n"
	}
	return buf.String()
}

// imageAsText renders an image as its escaped alt text: comments link out but
// never load pictures from wherever their author points.
type imageAsText struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (imageAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, renderImageAlt)
}

func renderImageAlt(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeTexts(w, source, n)
	}
	return ast.WalkSkipChildren, nil
}

// writeTexts writes the plain text under n, HTML-escaped, the way goldmark
// writes an image's alt attribute.
func writeTexts(w util.BufWriter, source []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				html.DefaultWriter.RawWrite(w, c.Segment.Value(source))
			} else {
				html.DefaultWriter.Write(w, c.Segment.Value(source))
			}
		case *ast.String:
			html.DefaultWriter.RawWrite(w, c.Value)
		default:
			writeTexts(w, source, c)
		}
	}
}
