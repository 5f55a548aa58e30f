package article

import (
	"bytes"
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is one entry of an article's table of contents.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Rendered is an article body turned into HTML, with what was found on the
// way: the headings for a table of contents, and the images (resolved URLs)
// a reader needs to keep for offline reading.
type Rendered struct {
	HTML   string
	TOC    []Heading
	Images []string
}

// markdown is the one goldmark configuration for article bodies. The server
// prerenders with it and the browser renders with it, so both produce the same
// HTML. Raw HTML stays off: articles come from files, but a pasted snippet must
// not be able to run script in a reader's browser.
var markdown = goldmark.New(
	goldmark.WithExtensions(
		// GFM, with table alignment as attributes: a style attribute would
		// be blocked by our Content-Security-Policy.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		extension.Footnote,
		extension.DefinitionList,
		extension.Typographer,
		figures{},
		taskLabels{},
	),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(pageTransformer{}, 900), util.Prioritized(codeTransformer{}, 880)),
	),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(anchorRenderer{}, 500), util.Prioritized(codeRenderer{}, 500)),
	),
)

var mediaBase = parser.NewContextKey()

// Render turns an article body into HTML. Relative image paths resolve against
// base (for example "/media/"), so articles can ship their pictures beside them.
func Render(body []byte, base string) Rendered { return RenderCode(body, base, nil) }

// RenderCode is Render with the article's highlighted code (Article.Code):
// each fenced block that a Code matches is written in its spans.
func RenderCode(body []byte, base string, code []Code) Rendered {
	pc := parser.NewContext()
	pc.Set(mediaBase, base)
	pc.Set(codeKey, code)
	doc := markdown.Parser().Parse(text.NewReader(body), parser.WithContext(pc))

	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/2)
	// Rendering into a bytes.Buffer cannot fail.
	_ = markdown.Renderer().Render(&buf, body, doc)
	return Rendered{HTML: buf.String(), TOC: collectTOC(doc, body), Images: collectImages(doc)}
}

// WordsPerMinute is the reading speed of every reading-time figure: the
// byline's "N min read" and the reading progress's "N min left".
const WordsPerMinute = 230

// ReadingMinutes estimates reading time at WordsPerMinute, at least one.
func ReadingMinutes(body []byte) int {
	return max(1, int(math.Ceil(float64(CountWords(body))/WordsPerMinute)))
}

// CountWords counts runs of letters or digits, ignoring Markdown punctuation.
// Chinese and Japanese, written without spaces, count by character instead,
// two to a word: at WordsPerMinute that is some 460 characters a minute, a
// usual reading speed for Chinese.
func CountWords(b []byte) int {
	n, chars, in := 0, 0, false
	for len(b) > 0 {
		var word bool
		if c := b[0]; c < utf8.RuneSelf { // ASCII, most text: no decoding
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '\''
			b = b[1:]
		} else {
			r, size := utf8.DecodeRune(b)
			b = b[size:]
			if CountsByCharacter(r) {
				chars, in = chars+1, false
				continue
			}
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word && !in {
			n++
		}
		in = word
	}
	return n + (chars+1)/2
}

// CountsByCharacter reports whether r is of a script written without spaces
// between words, whose reading time CountWords counts by character.
func CountsByCharacter(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func collectTOC(doc ast.Node, src []byte) []Heading {
	var toc []Heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 3 {
			continue
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		toc = append(toc, Heading{Level: h.Level, ID: string(idb), Text: headingText(h, src)})
	}
	return toc
}

func collectImages(doc ast.Node) []string {
	var imgs []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && len(img.Destination) > 0 {
			imgs = append(imgs, string(img.Destination))
		}
		return ast.WalkContinue, nil
	})
	return imgs
}

// headingText is the plain text of a heading, without the anchor link we add.
func headingText(h ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
