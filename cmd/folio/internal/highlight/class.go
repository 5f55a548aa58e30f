package highlight

import "github.com/alecthomas/chroma/v2"

// class maps a chroma token type to one of the few classes web/folio.css
// colours ("hl-" + class), or "" for text shown in the body colour:
//
//	k keyword   t type       s string    e escape     m number, constant
//	c comment   p preprocessor, decorator, prompt       f function
//	b builtin   g tag        a attribute v variable
//	x deleted   i inserted   h heading
//
// Fewer classes than chroma's eighty keep the spans few and the palette one
// a reader can tell apart. Operators and punctuation stay in the text
// colour: lexers split them differently (Go's := is an operator, = is not).
func class(t chroma.TokenType) string {
	if c, ok := exact[t]; ok {
		return c
	}
	if c, ok := bySub[t.SubCategory()]; ok {
		return c
	}
	return byCategory[t.Category()]
}

var exact = map[chroma.TokenType]string{
	chroma.KeywordType:           "t",
	chroma.KeywordConstant:       "m",
	chroma.NameBuiltin:           "b",
	chroma.NameBuiltinPseudo:     "b",
	chroma.NameFunction:          "f",
	chroma.NameFunctionMagic:     "f",
	chroma.NameClass:             "t",
	chroma.NameException:         "t",
	chroma.NameTag:               "g",
	chroma.NameAttribute:         "a",
	chroma.NameDecorator:         "p",
	chroma.NameConstant:          "m",
	chroma.NameEntity:            "m",
	chroma.LiteralStringEscape:   "e",
	chroma.LiteralStringInterpol: "e",
	chroma.OperatorWord:          "k",
	chroma.CommentPreproc:        "p",
	chroma.CommentPreprocFile:    "s",
	chroma.GenericDeleted:        "x",
	chroma.GenericInserted:       "i",
	chroma.GenericHeading:        "h",
	chroma.GenericSubheading:     "h",
	chroma.GenericError:          "x",
	chroma.GenericTraceback:      "x",
	chroma.GenericPrompt:         "p",
}

var bySub = map[chroma.TokenType]string{
	chroma.NameVariable:  "v",
	chroma.LiteralString: "s",
	chroma.LiteralNumber: "m",
	chroma.LiteralDate:   "m",
}

var byCategory = map[chroma.TokenType]string{
	chroma.Keyword: "k",
	chroma.Literal: "s",
	chroma.Comment: "c",
}
