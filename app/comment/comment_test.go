package comment

import (
	"errors"
	"flag"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func TestNew(t *testing.T) {
	now := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	c := New("harbour", "", "  Ann  ", "\n hello \n", now)
	if err := Validate(c); err != nil {
		t.Fatalf("Validate(New(...)) = %v, want nil", err)
	}
	want := Comment{ID: c.ID, Article: "harbour", Author: "Ann", Body: "hello", Created: now, Status: Sending}
	if c != want {
		t.Errorf("New(...) = %+v, want %+v", c, want)
	}
	if len(c.ID) != 36 || c.ID[14] != '7' {
		t.Errorf("New(...).ID = %q, want a UUIDv7", c.ID)
	}
	if d := New("harbour", "", "Ann", "hello", now); d.ID == c.ID {
		t.Errorf("New(...) twice gave the same id %q", c.ID)
	}
}

func TestValidate(t *testing.T) {
	ok := Comment{ID: "019c1b6e-7f00-7000-8000-000000000001", Article: "harbour", Author: "Ann", Body: "Nice."}
	with := func(f func(*Comment)) Comment { c := ok; f(&c); return c }
	tests := []struct {
		name string
		c    Comment
		want error
	}{
		{"valid", ok, nil},
		{"reply", with(func(c *Comment) { c.Parent = "abc_DEF-123" }), nil},
		{"id empty", with(func(c *Comment) { c.ID = "" }), ErrMalformed},
		{"id 64", with(func(c *Comment) { c.ID = strings.Repeat("a", 64) }), nil},
		{"id 65", with(func(c *Comment) { c.ID = strings.Repeat("a", 65) }), ErrMalformed},
		{"id slash", with(func(c *Comment) { c.ID = "a/b" }), ErrMalformed},
		{"id space", with(func(c *Comment) { c.ID = "a b" }), ErrMalformed},
		{"parent bad", with(func(c *Comment) { c.Parent = "../x" }), ErrMalformed},
		{"article empty", with(func(c *Comment) { c.Article = "" }), ErrInvalid},
		{"article path", with(func(c *Comment) { c.Article = "../etc" }), ErrInvalid},
		{"author empty", with(func(c *Comment) { c.Author = "" }), ErrInvalid},
		{"author spaces", with(func(c *Comment) { c.Author = " \t\n " }), ErrInvalid},
		{"author 80 runes", with(func(c *Comment) { c.Author = strings.Repeat("é", 80) }), nil},
		{"author 81 runes", with(func(c *Comment) { c.Author = strings.Repeat("é", 81) }), ErrInvalid},
		{"author newline inside", with(func(c *Comment) { c.Author = "A\nB" }), nil},
		{"body empty", with(func(c *Comment) { c.Body = "  \n" }), ErrInvalid},
		{"body 5000 runes", with(func(c *Comment) { c.Body = strings.Repeat("😀", 5000) }), nil},
		{"body 5001 runes", with(func(c *Comment) { c.Body = strings.Repeat("😀", 5001) }), ErrTooLong},
		{"body 5000 after trim", with(func(c *Comment) { c.Body = "  " + strings.Repeat("x", 5000) + "\n\n" }), nil},
		{"body NUL", with(func(c *Comment) { c.Body = "a\x00b" }), ErrInvalid},
		{"body ESC", with(func(c *Comment) { c.Body = "a\x1b[31mb" }), ErrInvalid},
		{"body DEL", with(func(c *Comment) { c.Body = "a\x7fb" }), ErrInvalid},
		{"body C1", with(func(c *Comment) { c.Body = "a\u0085b" }), ErrInvalid},
		{"body tabs and CRLF", with(func(c *Comment) { c.Body = "a\tb\r\nc" }), nil},
		{"body invalid UTF-8", with(func(c *Comment) { c.Body = "a\xffb" }), ErrInvalid},
		{"author invalid UTF-8", with(func(c *Comment) { c.Author = "\xc3" }), ErrInvalid},
		{"body hostile HTML", with(func(c *Comment) { c.Body = "<script>alert(1)</script>" }), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.c)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Validate(%+v) = %v, want %v", tt.c, err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), ": ") {
				t.Errorf("Validate(%+v) = %q, want a reason after the sentinel", tt.c, err)
			}
		})
	}
}

func TestContentHash(t *testing.T) {
	base := Comment{ID: "x", Article: "a", Parent: "p", Author: "Ann", Body: "hi"}
	h := ContentHash(base)
	if len(h) != 64 {
		t.Fatalf("ContentHash(%+v) = %q, want 64 hex digits", base, h)
	}
	same := base
	same.ID, same.HTML, same.Status, same.Created = "y", "<p>hi</p>", Published, time.Now()
	if got := ContentHash(same); got != h {
		t.Errorf("ContentHash(%+v) = %q, want %q (id, html, status, time are not content)", same, got, h)
	}
	tests := []struct {
		name string
		c    Comment
	}{
		{"body", Comment{Article: "a", Parent: "p", Author: "Ann", Body: "hi!"}},
		{"author into body", Comment{Article: "a", Parent: "p", Author: "An", Body: "nhi"}},
		{"parent into author", Comment{Article: "a", Parent: "pA", Author: "nn", Body: "hi"}},
		{"article", Comment{Article: "b", Parent: "p", Author: "Ann", Body: "hi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContentHash(tt.c); got == h {
				t.Errorf("ContentHash(%+v) = %q, same as for %+v", tt.c, got, base)
			}
		})
	}
}
