package comment

import (
	"strings"
	"unicode/utf8"
)

// Limits on a comment's fields.
const (
	// MaxIDLen is the longest accepted comment id, in bytes.
	MaxIDLen = 64
	// MaxAuthorLen is the longest accepted author name, in runes.
	MaxAuthorLen = 80
	// MaxBodyLen is the longest accepted body, in runes.
	MaxBodyLen = 5000
)

// Validate checks what a poster controls. It does not check that the article
// or the parent exist: only a store can. Errors wrap ErrMalformed for a bad id
// or parent id, ErrTooLong for a body over MaxBodyLen runes and ErrInvalid for
// the rest. Author and body are checked after trimming surrounding space.
func Validate(c Comment) error {
	if !validID(c.ID) {
		return Explain(ErrMalformed, "id must be 1 to %d letters, digits, '-' or '_'", MaxIDLen)
	}
	if c.Parent != "" && !validID(c.Parent) {
		return Explain(ErrMalformed, "parent must be a comment id")
	}
	if !validSlug(c.Article) {
		return Explain(ErrInvalid, "article must be an article slug")
	}
	if n, err := textLen("name", c.Author); err != nil {
		return err
	} else if n < 1 || n > MaxAuthorLen {
		return Explain(ErrInvalid, "name must be 1 to %d characters", MaxAuthorLen)
	}
	switch n, err := textLen("comment", c.Body); {
	case err != nil:
		return err
	case n == 0:
		return Explain(ErrInvalid, "comment is empty")
	case n > MaxBodyLen:
		return Explain(ErrTooLong, "comment is longer than %d characters", MaxBodyLen)
	}
	return nil
}

// textLen returns the length in runes of s without surrounding space, or an
// ErrInvalid error naming field if s is not UTF-8 or holds a control
// character other than a line break or tab.
func textLen(field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return 0, Explain(ErrInvalid, "%s is not valid UTF-8", Word(field))
	}
	n := 0
	for _, r := range s {
		if isControl(r) {
			return 0, Explain(ErrInvalid, "%s contains a control character", Word(field))
		}
		n++
	}
	return n, nil
}

// isControl reports C0 and C1 control characters and DEL, except the line
// breaks and tabs that a comment may contain.
func isControl(r rune) bool {
	switch r {
	case '\n', '\r', '\t':
		return false
	}
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}

// validID reports whether s is 1 to MaxIDLen characters of [A-Za-z0-9_-].
func validID(s string) bool {
	return len(s) >= 1 && len(s) <= MaxIDLen && idChars(s)
}

// validSlug reports whether s looks like an article slug: 1 to 200 letters,
// digits, '-' or '_'. It is looser than the content loader's rule on purpose:
// whether the article exists is the server's call, not this package's.
func validSlug(s string) bool {
	return len(s) >= 1 && len(s) <= 200 && idChars(s)
}

// idChars reports whether s holds only ASCII letters, digits, '-' and '_'.
func idChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}
