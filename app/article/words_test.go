package article

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// countWordsByRune is CountWords decoding every rune: the definition the
// ASCII fast path must keep.
func countWordsByRune(b []byte) int {
	n, in := 0, false
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''
		if word && !in {
			n++
		}
		in = word
	}
	return n
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
