package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"folio/app/i18n"
)

// uiMessages reads this package's source for the messages it shows: the
// literal keys of T, F and N calls, the text and text attributes of markup
// put through Lang.HTML (literals and constants), and the skip links'
// texts. untranslated are the places that show a literal with no message
// around it.
func uiMessages(t *testing.T) (keys map[string]string, untranslated []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]string{}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if v, ok := constString(vs.Values[i], consts); ok {
							consts[n.Name] = v
						}
					}
				}
			}
		}
	}
	keys = map[string]string{}
	add := func(pos token.Pos, e ast.Expr) {
		if v, ok := constString(e, consts); ok {
			keys[v] = fset.Position(pos).String()
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "skip" && len(n.Elts) == 2 {
					add(n.Pos(), n.Elts[1])
				}
				if at, ok := n.Type.(*ast.ArrayType); ok {
					if id, ok := at.Elt.(*ast.Ident); ok && id.Name == "skip" {
						for _, e := range n.Elts {
							if c, ok := e.(*ast.CompositeLit); ok && len(c.Elts) == 2 {
								add(c.Pos(), c.Elts[1])
							}
						}
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch sel.Sel.Name {
				case "T", "F":
					if len(n.Args) > 0 {
						add(n.Pos(), n.Args[0])
					}
				case "N":
					if len(n.Args) == 3 {
						add(n.Pos(), n.Args[1])
						add(n.Pos(), n.Args[2])
					}
				case "HTML":
					if len(n.Args) == 1 {
						for _, lit := range literals(n.Args[0], consts) {
							for _, s := range markupText(lit) {
								keys[s] = fset.Position(n.Pos()).String()
							}
						}
					}
				case "Text", "Placeholder", "Alt", "Title":
					if len(n.Args) == 1 {
						if v, ok := constString(n.Args[0], consts); ok && wordy(v) {
							untranslated = append(untranslated, fset.Position(n.Pos()).String()+": "+strconv.Quote(v))
						}
					}
				}
			}
			return true
		})
	}
	return keys, untranslated
}

// constString is e's value when it is a string literal or constant.
func constString(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.BinaryExpr:
		a, ok1 := constString(e.X, consts)
		b, ok2 := constString(e.Y, consts)
		return a + b, ok1 && ok2 && e.Op == token.ADD
	case *ast.ParenExpr:
		return constString(e.X, consts)
	}
	return "", false
}

// literals are the constant parts of a concatenation.
func literals(e ast.Expr, consts map[string]string) []string {
	if s, ok := constString(e, consts); ok {
		return []string{s}
	}
	if b, ok := e.(*ast.BinaryExpr); ok {
		return append(literals(b.X, consts), literals(b.Y, consts)...)
	}
	return nil
}

var (
	textNode  = regexp.MustCompile(`>([^<]+)<`)
	textAttr  = regexp.MustCompile(` (?:aria-label|title|placeholder|alt|data-done)="([^"]*)"`)
	hasLetter = regexp.MustCompile(`[A-Za-z]{2}`)
)

// markupText is the text a reader meets in a piece of markup.
func markupText(s string) []string {
	var out []string
	for _, re := range []*regexp.Regexp{textNode, textAttr} {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			if v := strings.TrimSpace(m[1]); hasLetter.MatchString(v) && !notMessages[v] {
				out = append(out, v)
			}
		}
	}
	return out
}

// notMessages are words shown as they are in every language: the masthead's
// "Aa", and each language named in its own.
var notMessages = map[string]bool{"Aa": true, "English": true, "中文": true}

// wordy reports whether s reads as words to translate.
func wordy(s string) bool { return hasLetter.MatchString(s) && !notMessages[s] && s != siteName }

// TestMessagesTranslated: every message the interface shows has its
// Chinese translation, and no text is shown as a bare literal.
func TestMessagesTranslated(t *testing.T) {
	keys, untranslated := uiMessages(t)
	if len(keys) < 100 {
		t.Errorf("found %d messages in the source, want the interface's (over 100)", len(keys))
	}
	var missing []string
	for k, at := range keys {
		if i18n.Chinese.T(k) == k {
			missing = append(missing, at+": "+strconv.Quote(k))
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("no Chinese for %s", m)
	}
	for _, u := range untranslated {
		t.Errorf("shown untranslated: %s (use a message: l.T(...))", u)
	}
}
