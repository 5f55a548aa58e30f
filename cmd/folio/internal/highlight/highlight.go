// Package highlight computes the highlighting of an article's code blocks
// on the server, with chroma, as token spans the article carries to the
// browser (article.Code). The browser's renderer writes them without a
// highlighter, so chroma (5 MB of lexers) never reaches app.wasm.
package highlight

import (
	"log/slog"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"

	"folio/app/article"
)

// MaxBlock is the largest code block highlighted, in bytes: larger ones stay
// plain, so one pasted log cannot hold a request up in chroma's regexps.
const MaxBlock = 64 << 10

// Article returns the highlighting of body's fenced code blocks: one
// article.Code for each block whose language chroma knows and that has
// something to colour ("text" has not).
func Article(body []byte) []article.Code {
	var out []article.Code
	for i, f := range article.Fences(body) {
		if spans, ok := Spans(f.Lang, f.Text); ok && coloured(spans) {
			out = append(out, article.Code{N: i, Lang: f.Lang, Spans: spans})
		}
	}
	return out
}

// Spans cuts code into runs of one class (see class), neighbours of the same
// class merged. It reports false when lang is not a valid language name,
// chroma has no lexer for it, the code is too big, or the lexer's tokens do
// not add up to the code.
func Spans(lang, code string) (spans [][2]string, ok bool) {
	if !article.ValidLang(lang) || code == "" || len(code) > MaxBlock {
		return nil, false
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil, false
	}
	defer func() {
		// A lexer bug must cost the reader the colours, not the article.
		if r := recover(); r != nil {
			slog.Warn("highlight: lexer failed", "lang", lang, "panic", r)
			spans, ok = nil, false
		}
	}()
	// Keep CR: the spans must add up to the code as written.
	it, err := lexer.Tokenise(&chroma.TokeniseOptions{State: "root"}, code)
	if err != nil {
		return nil, false
	}
	var text strings.Builder
	for tok := it(); tok != chroma.EOF; tok = it() {
		text.WriteString(tok.Value)
		spans = appendSpan(spans, class(tok.Type), tok.Value)
	}
	// Some lexers add a final newline; a block must show its own text.
	if text.String() != code {
		return nil, false
	}
	return spans, true
}

func appendSpan(spans [][2]string, class, value string) [][2]string {
	if value == "" {
		return spans
	}
	if n := len(spans); n > 0 && spans[n-1][0] == class {
		spans[n-1][1] += value
		return spans
	}
	return append(spans, [2]string{class, value})
}

func coloured(spans [][2]string) bool {
	for _, sp := range spans {
		if sp[0] != "" {
			return true
		}
	}
	return false
}
