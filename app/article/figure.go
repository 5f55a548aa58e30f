package article

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindFigure is the node kind of a figure: an image alone in its paragraph,
// with its title as caption.
var KindFigure = ast.NewNodeKind("Figure")

// Figure wraps an image that stands alone in a paragraph and has a title:
// ![Alt](src "Caption") becomes <figure><img><figcaption>Caption</figcaption></figure>.
type Figure struct {
	ast.BaseBlock
	Caption []byte
}

// Kind implements ast.Node.
func (*Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (f *Figure) Dump(src []byte, level int) {
	ast.DumpHelper(f, src, level, map[string]string{"Caption": string(f.Caption)}, nil)
}

// figures is the goldmark extension that makes figures and renders them.
type figures struct{}

func (figures) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 950)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(figureRenderer{}, 500)))
}

type figureTransformer struct{}

func (figureTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var paras []*ast.Paragraph
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if p, ok := n.(*ast.Paragraph); ok && p.ChildCount() == 1 {
			if img, ok := p.FirstChild().(*ast.Image); ok && len(img.Title) > 0 {
				paras = append(paras, p)
			}
		}
	}
	for _, p := range paras {
		img := p.FirstChild().(*ast.Image)
		fig := &Figure{Caption: img.Title}
		img.Title = nil
		p.RemoveChild(p, img)
		fig.AppendChild(fig, img)
		doc.ReplaceChild(doc, p, fig)
	}
}

type figureRenderer struct{}

var _ renderer.NodeRenderer = figureRenderer{}

func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<figure>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("\n<figcaption>")
		_, _ = w.Write(util.EscapeHTML(n.(*Figure).Caption))
		_, _ = w.WriteString("</figcaption>\n</figure>\n")
		return ast.WalkContinue, nil
	})
}
