package ui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// attr returns s ready to be an attribute value of an element or a page
// setting (description, author, image, canonical link) that go-app renders.
// Every value that is not a constant goes through it; a test reads this
// package's source to keep it so.
//
// In the browser go-app sets attributes through the DOM, which takes any
// string: s is returned as it is. On the server go-app writes each value
// between double quotes with strconv.Quote, Go's escaping rather than HTML's,
// so a '"' in s would end the attribute and start markup of its own. There
// attr writes each character that HTML or strconv.Quote would treat
// specially as a character reference, which strconv.Quote leaves alone and
// the browser reads back as the character: the value arrives as written.
func attr(s string) string {
	if app.IsClient {
		return s
	}
	return escapeAttr(s)
}

// escapeAttr is attr on the server. go-app trims attribute values (and drops
// an empty one) before it quotes them; trimming first keeps white space
// written as a reference from surviving that, as it would not in the browser.
func escapeAttr(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, needsReference) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == 0 || r < ' ' && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r < 0xa0:
			// Not text, and HTML reads references to most of them as other
			// characters (&#x80; is €).
			b.WriteRune(utf8.RuneError)
		case r == '\\' || !strconv.IsPrint(r):
			// Invalid UTF-8 arrives here as utf8.RuneError, which is printable.
			b.WriteString("&#x" + strconv.FormatInt(int64(r), 16) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsReference(r rune) bool {
	switch r {
	case '&', '"', '\'', '<', '>', '\\':
		return true
	}
	return !strconv.IsPrint(r)
}
