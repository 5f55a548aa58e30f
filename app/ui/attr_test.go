package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestEscapeAttr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"/media/a.png", "/media/a.png"},
		{`/"><script>`, "/&#34;&gt;&lt;script&gt;"},
		{`it's \ & "so"`, "it&#39;s &#x5c; &amp; &#34;so&#34;"},
		{"tab\tline\nnul\x00c1\u0085.", "tab&#x9;line&#xa;nul\ufffdc1\ufffd."},
		{" \t padded\n\u00a0", "padded"},
		{"zero\u200bwidth", "zero&#x200b;width"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"café — “ok”", "café — “ok”"},
	}
	for _, tt := range tests {
		if got := escapeAttr(tt.in); got != tt.want {
			t.Errorf("escapeAttr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// quoteLikeGoApp quotes as go-app's prerenderer does (node.go,
// encodeHTMLAttribute).
func quoteLikeGoApp(s string) string { return strconv.Quote(s) }

// FuzzEscapeAttr checks the round trip go-app and a browser make: the value
// quoted as go-app quotes it, parsed as HTML, is the value again, in one
// attribute.
func FuzzEscapeAttr(f *testing.F) {
	for _, s := range hostileValues {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := escapeAttr(s)
		if v == "" {
			return // go-app leaves an empty attribute out
		}
		page := `<p title=` + quoteLikeGoApp(v) + `></p>`
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		p := doc.FirstChild.LastChild.FirstChild // html > body > p
		if p == nil || p.Data != "p" || len(p.Attr) != 1 || p.FirstChild != nil || p.NextSibling != nil {
			t.Fatalf("escapeAttr(%q) in %s: markup changed", s, page)
		}
		if want := readable(s); p.Attr[0].Val != want {
			t.Fatalf("escapeAttr(%q) reads back as %q, want %q", s, p.Attr[0].Val, want)
		}
	})
}

// readable is what a value is expected to read back as: invalid UTF-8 and
// control characters other than white space become U+FFFD, and white space
// around it goes, as go-app trims attribute values.
func readable(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s { // an invalid byte arrives as U+FFFD
		if r == 0 || r < ' ' && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r < 0xa0 {
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// attrMethods are the go-app methods that write an attribute: element
// setters, and the page settings the server writes into <head>. The page
// title goes through attrText instead, as it is also the <title> text.
var attrMethods = map[string]bool{
	"Src": true, "Href": true, "Alt": true, "Title": true, "Aria": true, "Attr": true,
	"DataSet": true, "Content": true, "Placeholder": true, "Value": true, "ID": true,
	"For": true, "Class": true, "Rel": true, "Target": true, "Name": true, "Type": true,
	"SrcSet": true, "Action": true, "Cite": true, "Lang": true, "Style": true,
	"DateTime": true, "Property": true, "Download": true, "Poster": true, "Label": true,
	"AutoComplete": true, "Form": true, "Sizes": true, "Media": true, "Role": true,
	"SetTitle": true, "SetDescription": true, "SetAuthor": true, "SetImage": true,
	"SetCanonicalLink": true, "SetKeywords": true,
}

// TestAttributeValuesGoThroughAttr reads this package's source: every value
// given to a go-app attribute setter is a constant or passes through attr (or
// attrText for the page title), so no value can break out of its attribute
// in a prerendered page.
func TestAttributeValuesGoThroughAttr(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	consts := map[string]bool{}
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
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						consts[n.Name] = true
					}
				}
			}
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !attrMethods[sel.Sel.Name] || !settsAttribute(sel) {
				return true
			}
			for i, arg := range call.Args {
				if skipsArg(sel.Sel.Name, i) {
					continue
				}
				if !escaped(arg, consts) {
					t.Errorf("%s: %s(...) takes %s: wrap it in attr()", fset.Position(arg.Pos()), sel.Sel.Name, exprText(arg))
				}
			}
			return true
		})
	}
}

// settsAttribute tells a go-app call from another method of the same name: an
// element setter hangs off a chain that starts at app.Element(), and the
// page's setters are named Set*.
func settsAttribute(sel *ast.SelectorExpr) bool {
	if strings.HasPrefix(sel.Sel.Name, "Set") {
		return true
	}
	x := sel.X
	for {
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return false
		}
		inner, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if pkg, ok := inner.X.(*ast.Ident); ok && pkg.Name == "app" {
			return true
		}
		x = inner.X
	}
}

// skipsArg reports arguments that are names, not values: the attribute name
// of Aria, Attr, DataSet and Style.
func skipsArg(method string, i int) bool {
	switch method {
	case "Aria", "Attr", "DataSet", "Style":
		return i == 0
	}
	return false
}

// escaped reports whether e is a constant, a concatenation of constants and
// escaped values, or a call to attr or attrText.
func escaped(e ast.Expr, consts map[string]bool) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return consts[e.Name] || e.Name == "true" || e.Name == "false"
	case *ast.ParenExpr:
		return escaped(e.X, consts)
	case *ast.SelectorExpr:
		pkg, ok := e.X.(*ast.Ident)
		return ok && pkg.Name == "time" // a layout constant
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ, token.LAND, token.LOR:
			return true // a bool
		}
		return e.Op == token.ADD && escaped(e.X, consts) && escaped(e.Y, consts)
	case *ast.CallExpr:
		if fn, ok := e.Fun.(*ast.Ident); ok {
			return fn.Name == "attr" || fn.Name == "attrText"
		}
		// A time formatted with a constant layout holds digits, letters
		// and the layout's punctuation.
		fn, ok := e.Fun.(*ast.SelectorExpr)
		return ok && fn.Sel.Name == "Format" && len(e.Args) == 1 && escaped(e.Args[0], consts)
	case *ast.UnaryExpr:
		return e.Op == token.SUB && escaped(e.X, consts)
	}
	return false
}

func exprText(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprText(e.X) + "." + e.Sel.Name
	}
	return "an expression"
}
