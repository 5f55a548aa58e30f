package comment

import (
	"errors"
	"fmt"
)

// Problem is why a comment or a change was refused, kept as its English
// message and values rather than one string, so that it can be told in the
// reader's language: app/i18n keys messages by their English text, and the
// values are put in after translating (Tell).
type Problem struct {
	Kind   error  // the sentinel it wraps: ErrInvalid, ErrTooLong, ...
	Format string // the reason in English, with fmt verbs for Args
	Args   []any
}

// Explain returns a *Problem of kind: the reason format, with args.
func Explain(kind error, format string, args ...any) error {
	return &Problem{Kind: kind, Format: format, Args: args}
}

// Error is "kind: reason", as the API and the logs have always said it.
func (p *Problem) Error() string { return p.Kind.Error() + ": " + fmt.Sprintf(p.Format, p.Args...) }

// Unwrap is the kind, for errors.Is.
func (p *Problem) Unwrap() error { return p.Kind }

// Word is a value of a Problem that is a word of this program's, such as a
// field's name, which Tell translates with the message.
type Word string

// Language is what Tell needs of an interface language (app/i18n.Lang):
// T translates a message, F a message with values.
type Language interface {
	T(key string) string
	F(key string, args ...any) string
}

// Tell is err's reason for a reader in l, without its kind ("name must be 1
// to 80 characters"), when err holds a Problem; else "". Values that are
// Words (a field's name) are told in l too; other values are as given.
func Tell(l Language, err error) string {
	p, ok := errors.AsType[*Problem](err)
	if !ok {
		return ""
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		if w, isWord := a.(Word); isWord {
			a = l.T(string(w))
		}
		args[i] = a
	}
	return l.F(p.Format, args...)
}
