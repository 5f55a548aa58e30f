package article

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Code is the highlighting of one fenced code block of an article. The
// server computes it when it reads the article (with chroma, which is too big
// for app.wasm) and ships it with the article, so the browser's renderer
// writes the same highlighted HTML as the server's without a highlighter.
type Code struct {
	// N is the block's place among the article's fenced code blocks, from 0,
	// in the order Fences lists them.
	N int `json:"n"`
	// Lang is the block's language as written after the fence.
	Lang string `json:"lang"`
	// Spans are the block's text cut into runs, each [class, text]: class
	// is one lowercase letter (CSS class "hl-" + class) or "" for plain
	// text. The texts joined are the block's text exactly.
	Spans [][2]string `json:"spans"`
}

// Fence is a fenced code block as the article's Markdown has it.
type Fence struct {
	Lang string // as written after the fence, "" when none or not a ValidLang
	Text string
}

// Fences lists an article body's fenced code blocks in the order Code.N
// counts them: what the server highlights.
func Fences(body []byte) []Fence {
	pc := parser.NewContext()
	markdown.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	blocks, _ := pc.Get(fencesKey).([]*ast.FencedCodeBlock)
	out := make([]Fence, len(blocks))
	for i, b := range blocks {
		out[i] = Fence{Lang: fenceLang(b, body), Text: fenceText(b, body)}
	}
	return out
}

// ValidLang reports whether a fence's language name may be used: 1 to 32
// letters, digits and + # . _ -, starting with a letter or digit. Anything
// else is rendered as plain code with no language class.
func ValidLang(lang string) bool {
	if lang == "" || len(lang) > 32 || !isAlnum(lang[0]) {
		return false
	}
	for i := 0; i < len(lang); i++ {
		if c := lang[i]; !isAlnum(c) && !strings.ContainsRune("+#._-", rune(c)) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// codeKey holds the []Code a render applies; fencesKey the fenced blocks
// codeTransformer found, in order.
var codeKey, fencesKey = parser.NewContextKey(), parser.NewContextKey()

// codeTransformer lists the fenced code blocks and puts each one's spans,
// if any match it, on the block.
type codeTransformer struct{}

func (codeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var blocks []*ast.FencedCodeBlock
	fences(doc, &blocks)
	pc.Set(fencesKey, blocks)
	code, _ := pc.Get(codeKey).([]Code)
	src := reader.Source()
	for _, c := range code {
		if c.N < 0 || c.N >= len(blocks) {
			continue
		}
		if b := blocks[c.N]; c.Lang == fenceLang(b, src) && sameText(c.Spans, b, src) {
			b.SetAttribute(spansAttr, c.Spans)
		}
	}
}

// spansAttr is the attribute that carries a block's spans to codeRenderer;
// no renderer writes a fenced block's attributes.
var spansAttr = []byte("folio-spans")

// fences appends the fenced code blocks under n in document order. Blocks
// that hold only inline content are not entered.
func fences(n ast.Node, out *[]*ast.FencedCodeBlock) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.FencedCodeBlock:
			*out = append(*out, c)
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *extast.Table:
		default:
			if c.HasChildren() {
				fences(c, out)
			}
		}
	}
}

func fenceLang(b *ast.FencedCodeBlock, src []byte) string {
	if lang := string(b.Language(src)); ValidLang(lang) {
		return lang
	}
	return ""
}

func fenceText(b *ast.FencedCodeBlock, src []byte) string {
	var s strings.Builder
	for i := 0; i < b.Lines().Len(); i++ {
		line := b.Lines().At(i)
		s.Write(line.Value(src))
	}
	return s.String()
}

// sameText reports whether the spans' texts, joined, are the block's text.
func sameText(spans [][2]string, b *ast.FencedCodeBlock, src []byte) bool {
	text := fenceText(b, src)
	for _, sp := range spans {
		if !strings.HasPrefix(text, sp[1]) {
			return false
		}
		text = text[len(sp[1]):]
	}
	return text == ""
}

// codeRenderer writes a fenced code block as goldmark does, but focusable,
// with the language class only for a ValidLang, and the text in its spans
// when the block has them.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	b := n.(*ast.FencedCodeBlock)
	// A long line scrolls sideways in the block's own box (folio.css):
	// focusable, a keyboard can scroll it too, as tables.
	_, _ = w.WriteString(`<pre tabindex="0"><code`)
	if lang := fenceLang(b, src); lang != "" {
		_, _ = w.WriteString(` class="language-` + lang + `"`)
	}
	_ = w.WriteByte('>')
	if v, ok := b.Attribute(spansAttr); ok {
		writeSpans(w, v.([][2]string))
		return ast.WalkSkipChildren, nil
	}
	for i := 0; i < b.Lines().Len(); i++ {
		line := b.Lines().At(i)
		_, _ = w.Write(util.EscapeHTML(line.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

// writeSpans writes each span's text HTML-escaped, in <span class="hl-X">
// when its class is one lowercase letter, else bare.
func writeSpans(w util.BufWriter, spans [][2]string) {
	for _, sp := range spans {
		class, txt := sp[0], util.EscapeHTML([]byte(sp[1]))
		if len(class) != 1 || class[0] < 'a' || class[0] > 'z' {
			_, _ = w.Write(txt)
			continue
		}
		_, _ = w.WriteString(`<span class="hl-` + class + `">`)
		_, _ = w.Write(txt)
		_, _ = w.WriteString("</span>")
	}
}
