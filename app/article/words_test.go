package article

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// countWordsByRune is CountWords decoding every rune: the definition the
// ASCII fast path must keep.
func countWordsByRune(b []byte) int {
	n, chars, in := 0, 0, false
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if CountsByCharacter(r) {
			chars, in = chars+1, false
			continue
		}
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''
		if word && !in {
			n++
		}
		in = word
	}
	return n + (chars+1)/2
}

// TestCountWordsChinese: text without spaces counts two characters to a
// word, so a Chinese article's reading time is not one "word" per sentence.
func TestCountWordsChinese(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"夜班公交开始了它的工作。", 6},             // 11 characters
		{"司机老周开了十二年夜班", 6},              // 11
		{"在 Folio 上读文章", 1 + 3},         // Folio, 5 characters
		{"日本語 テキスト", 4},                 // 7
		{strings.Repeat("字", 460), 230}, // a minute's reading
	} {
		if got := CountWords([]byte(tt.in)); got != tt.want {
			t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCountWords(t *testing.T) {
	for _, s := range []string{
		"", "one", "two words", "it's **bold**, _em_ and `code`", "naïve café – déjà vu", "日本語 テキスト",
		"x\xffy", "3.14 and 42", "don't-stop", "![alt](images/a.svg \"t\")", "ﬁ ligature ٣ digits",
	} {
		if got, want := CountWords([]byte(s)), countWordsByRune([]byte(s)); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzCountWords(f *testing.F) {
	f.Add("naïve café it's 42")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CountWords([]byte(s)), countWordsByRune([]byte(s)); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", s, got, want)
		}
	})
}
