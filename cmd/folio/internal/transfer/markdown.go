package transfer

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// markdown turns the HTML of a comment from another system into Markdown
// for Folio's comment renderer: paragraphs, line breaks, emphasis, code,
// quotes, lists and links to http, https and mailto addresses. Everything
// else becomes its text; scripts, styles and embedded frames are dropped
// with their content. Text that Markdown would read as syntax is escaped,
// so it shows as it did.
func markdown(src string) string {
	m := &mdWriter{}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			m.text(tok.Data)
		case html.StartTagToken, html.SelfClosingTagToken:
			m.start(tok, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			m.end(tok.DataAtom)
		}
	}
	return m.result()
}

// mdWriter builds the Markdown: blocks are separated by blank lines, and a
// line inside quotes starts with their "> " markers.
type mdWriter struct {
	out       strings.Builder
	quote     int      // blockquotes written as quotes, at most maxQuote
	quotes    int      // blockquotes open
	lists     []int    // open lists: 0 for bullets, else the next number
	inline    []string // closing marks of open emphasis, links (the "](…)")
	skip      atom.Atom
	skipDepth int
	code      *strings.Builder // text of an open code span or block
	pre       bool
	lineStart bool // nothing but quote markers written on this line yet
	lineQuote int  // the quotes the last line was written in
	pending   int  // line breaks owed before the next text: 1 or 2
	space     bool // a space owed before the next text
}

// maxQuote is as deep as quotes nest; deeper ones read as the deepest.
const maxQuote = 5

// dropped elements take their content with them.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Template: true, atom.Noscript: true, atom.Svg: true, atom.Math: true, atom.Select: true,
	atom.Textarea: true, atom.Head: true, atom.Title: true,
}

func (m *mdWriter) start(tok html.Token, selfClosing bool) {
	a := tok.DataAtom
	if m.skip != 0 {
		if a == m.skip && !selfClosing {
			m.skipDepth++
		}
		return
	}
	if dropped[a] {
		if !selfClosing {
			m.skip, m.skipDepth = a, 1
		}
		return
	}
	if m.code != nil {
		if a == atom.Br {
			m.code.WriteString("\n")
		}
		return
	}
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Table, atom.Tr,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Hr, atom.Dl, atom.Dd, atom.Dt, atom.Figure:
		m.block()
	case atom.Br:
		m.breakLine(1)
	case atom.B, atom.Strong:
		m.open("**")
	case atom.I, atom.Em, atom.Cite:
		m.open("*")
	case atom.S, atom.Del, atom.Strike:
		m.open("~~")
	case atom.Code, atom.Tt, atom.Kbd, atom.Samp:
		m.flushSpace()
		m.code = &strings.Builder{}
	case atom.Pre:
		m.block()
		m.code, m.pre = &strings.Builder{}, true
	case atom.Blockquote:
		m.block()
		m.quotes++
		m.quote = min(m.quotes, maxQuote)
	case atom.Ul:
		m.block()
		m.lists = append(m.lists, 0)
	case atom.Ol:
		m.block()
		m.lists = append(m.lists, 1)
	case atom.Li:
		m.item()
	case atom.A:
		m.link(attr(tok, "href"))
	case atom.Img:
		m.image(attr(tok, "src"), attr(tok, "alt"))
	}
}

func (m *mdWriter) end(a atom.Atom) {
	if m.skip != 0 {
		if a == m.skip {
			if m.skipDepth--; m.skipDepth == 0 {
				m.skip = 0
			}
		}
		return
	}
	if m.code != nil {
		switch {
		case m.pre && a == atom.Pre:
			m.codeBlock()
		case !m.pre && (a == atom.Code || a == atom.Tt || a == atom.Kbd || a == atom.Samp):
			m.codeSpan()
		}
		return
	}
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Table, atom.Tr,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Dl, atom.Dd, atom.Dt, atom.Figure:
		m.block()
	case atom.B, atom.Strong, atom.I, atom.Em, atom.Cite, atom.S, atom.Del, atom.Strike, atom.A:
		m.close()
	case atom.Blockquote:
		if m.quotes > 0 {
			m.closeInline()
			if m.quotes--; m.quotes < m.quote {
				m.quote--
			}
			m.block()
		}
	case atom.Ul, atom.Ol:
		if len(m.lists) > 0 {
			m.closeInline()
			m.lists = m.lists[:len(m.lists)-1]
			m.block()
		}
	}
}

// block ends the paragraph: a blank line before the next text.
func (m *mdWriter) block() {
	m.closeInline()
	m.breakLine(2)
}

func (m *mdWriter) breakLine(n int) {
	if m.out.Len() > 0 {
		m.pending = max(m.pending, n)
	}
	m.space = false
}

// item starts a list item on its own line, indented under its list.
func (m *mdWriter) item() {
	m.closeInline()
	m.breakLine(1)
	if m.out.Len() == 0 {
		m.pending = 0
	}
	m.newLine()
	if len(m.lists) == 0 {
		m.write("- ")
		return
	}
	depth := len(m.lists) - 1
	m.write(strings.Repeat("  ", min(depth, maxQuote)))
	if n := m.lists[depth]; n == 0 {
		m.write("- ")
	} else {
		m.write(strconv.Itoa(n) + ". ")
		m.lists[depth]++
	}
	m.lineStart = false
}

func (m *mdWriter) open(mark string) {
	m.flushSpace()
	m.newLine()
	m.write(mark)
	m.lineStart = false
	m.inline = append(m.inline, mark)
}

func (m *mdWriter) close() {
	if len(m.inline) == 0 {
		return
	}
	m.write(m.inline[len(m.inline)-1])
	m.inline = m.inline[:len(m.inline)-1]
}

// closeInline closes what is open before a block ends: Markdown's marks
// cannot span paragraphs.
func (m *mdWriter) closeInline() {
	for len(m.inline) > 0 {
		m.close()
	}
}

func (m *mdWriter) link(href string) {
	u, ok := safeURL(href)
	if !ok {
		m.inline = append(m.inline, "") // its text stays, as text
		return
	}
	m.flushSpace()
	m.newLine()
	m.write("[")
	m.lineStart = false
	m.inline = append(m.inline, "]("+u+")")
}

func (m *mdWriter) image(src, alt string) {
	u, ok := safeURL(src)
	alt = strings.Join(strings.Fields(cleanText(alt)), " ")
	switch {
	case ok:
		if alt == "" {
			alt = "image"
		}
		m.flushSpace()
		m.newLine()
		m.write("[" + escapeText(alt, false) + "](" + u + ")")
		m.lineStart = false
	case alt != "":
		m.text(alt)
	}
}

// text writes text with runs of white space as one space, escaped.
func (m *mdWriter) text(s string) {
	s = cleanText(s)
	if m.skip != 0 {
		return
	}
	if m.code != nil {
		m.code.WriteString(s)
		return
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		if s != "" {
			m.space = true
		}
		return
	}
	if unicode.IsSpace(rune(s[0])) {
		m.space = true
	}
	for i, w := range words {
		if i > 0 {
			m.space = true
		}
		m.flushSpace()
		m.newLine()
		m.write(escapeText(w, m.lineStart))
		m.lineStart = false
	}
	m.space = unicode.IsSpace(rune(s[len(s)-1]))
}

// flushSpace writes an owed space, unless a line is owed instead.
func (m *mdWriter) flushSpace() {
	if m.space && m.pending == 0 && !m.lineStart && m.out.Len() > 0 {
		m.write(" ")
	}
	m.space = false
}

// newLine writes the line breaks owed, each line starting with the quote
// markers.
func (m *mdWriter) newLine() {
	if m.pending == 0 && m.out.Len() > 0 {
		return
	}
	// A blank line between two quoted lines stays in the quotes both share.
	blank := strings.TrimSpace(strings.Repeat("> ", min(m.quote, m.lineQuote)))
	for i := 0; i < m.pending; i++ {
		m.write("\n")
		if i < m.pending-1 {
			m.write(blank)
		}
	}
	m.pending = 0
	m.write(strings.Repeat("> ", m.quote))
	m.lineStart, m.lineQuote = true, m.quote
}

func (m *mdWriter) write(s string) { m.out.WriteString(s) }

// codeSpan writes the open code span between backticks enough to hold it.
func (m *mdWriter) codeSpan() {
	text := strings.Join(strings.Fields(m.code.String()), " ")
	m.code = nil
	if text == "" {
		return
	}
	fence := strings.Repeat("`", longestRun(text, '`')+1)
	pad := ""
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") {
		pad = " "
	}
	m.newLine()
	m.write(fence + pad + text + pad + fence)
	m.lineStart = false
}

// codeBlock writes the open code block fenced by backticks enough to hold
// it. Inside quotes and lists each line takes the quote markers.
func (m *mdWriter) codeBlock() {
	text := strings.Trim(m.code.String(), "\n")
	m.code, m.pre = nil, false
	if strings.TrimSpace(text) == "" {
		return
	}
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	m.breakLine(2)
	m.newLine()
	prefix := "\n" + strings.Repeat("> ", m.quote)
	m.write(fence + prefix + strings.ReplaceAll(text, "\n", prefix) + prefix + fence)
	m.lineStart = false
	m.breakLine(2)
}

func (m *mdWriter) result() string {
	m.closeInline()
	if m.code != nil {
		if m.pre {
			m.codeBlock()
		} else {
			m.codeSpan()
		}
	}
	lines := strings.Split(m.out.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// escaped are the characters Markdown may read as syntax anywhere in a line.
var escaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "~", `\~`, "<", `\<`)

// entityLike is an & that would start a character reference.
var entityLike = regexp.MustCompile(`&([A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);`)

// listStart is text Markdown would read as a list item or quote at the
// start of a line.
var listStart = regexp.MustCompile(`^([0-9]{1,9})([.)])$`)

func escapeText(w string, lineStart bool) string {
	w = escaper.Replace(w)
	w = entityLike.ReplaceAllString(w, `\$0`)
	if !lineStart {
		return w
	}
	switch {
	case w == "-" || w == "+" || strings.HasPrefix(w, ">"):
		return `\` + w
	case listStart.MatchString(w):
		return listStart.ReplaceAllString(w, `$1\$2`)
	}
	return w
}

// safeURL returns href ready to be a Markdown link's destination, if it is
// an absolute http, https or mailto address.
func safeURL(href string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") || (u.Scheme != "mailto" && u.Host == "") {
		return "", false
	}
	s := u.String()
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(s), true
}

func attr(tok html.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// cleanText drops control characters but line breaks and tabs, and
// invalid UTF-8.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return r
		case r == unicode.ReplacementChar, r < 0x20, r >= 0x7f && r <= 0x9f:
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// plainText is s as one line of text, for names.
func plainText(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
