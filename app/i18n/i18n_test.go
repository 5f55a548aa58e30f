//go:build !(js && wasm)

package i18n

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "write web/i18n.js from the catalogue")

const jsFile = "../../web/i18n.js"

// TestJSFile: web/i18n.js is what the catalogue makes.
func TestJSFile(t *testing.T) {
	want, err := JS()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(jsFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(jsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what the catalogue makes: run go test ./app/i18n -update", jsFile)
	}
}

var placeholder = regexp.MustCompile(`%[sdv%]|\{n\}`)

// TestCatalogue: every translation keeps its key's placeholders, in order,
// holds no markup characters (Lang.HTML puts translations in markup as they
// are) and is not left in English.
func TestCatalogue(t *testing.T) {
	for k, v := range zh {
		if got, want := placeholder.FindAllString(v, -1), placeholder.FindAllString(k, -1); !slices.Equal(got, want) {
			t.Errorf("zh[%q] = %q: placeholders %q, want %q", k, v, got, want)
		}
		if strings.ContainsAny(v, `<>&"`) {
			t.Errorf("zh[%q] = %q holds a markup character", k, v)
		}
		if v == "" || v == k {
			t.Errorf("zh[%q] = %q: not translated", k, v)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		l    Lang
		n    int
		want string
	}{
		{English, 0, "0 comments"},
		{English, 1, "1 comment"},
		{English, 2, "2 comments"},
		{English, 21, "21 comments"},
		{Chinese, 0, "0 条评论"},
		{Chinese, 1, "1 条评论"},
		{Chinese, 5, "5 条评论"},
	}
	for _, tt := range tests {
		if got := tt.l.N(tt.n, "%d comment", "%d comments"); got != tt.want {
			t.Errorf("%s.N(%d) = %q, want %q", tt.l.Code(), tt.n, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	d := time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)
	for _, tt := range []struct {
		l    Lang
		want string
	}{{English, "1 December 2026"}, {Chinese, "2026年12月1日"}} {
		if got := tt.l.Date(d); got != tt.want {
			t.Errorf("%s.Date = %q, want %q", tt.l.Code(), got, tt.want)
		}
	}
	if got, want := Chinese.T("2 Jan 2006, 15:04"), "2006年1月2日 15:04"; d.Format(got) != "2026年12月1日 09:05" {
		t.Errorf("zh comment time layout %q gives %q", got, d.Format(want))
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		cookie, accept string
		want           Lang
	}{
		{"", "", English},
		{"", "zh-CN,zh;q=0.9,en;q=0.8", Chinese},
		{"", "en-US,en;q=0.9,zh-CN;q=0.8", English},
		{"", "fr-FR,fr;q=0.9,zh-TW;q=0.8", Chinese}, // first Folio speaks
		{"", "fr;q=0.9, zh;q=0.95", Chinese},        // by quality, not order
		{"", "zh;q=0, en", English},                 // q=0: not wanted
		{"", "de", English},
		{"en", "zh-CN", English},
		{"zh", "en-GB", Chinese},
		{"xx", "zh", Chinese}, // an odd cookie is no choice
		{"auto", "zh", Chinese},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.cookie, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", tt.cookie, tt.accept, got.Code(), tt.want.Code())
		}
	}
}

func TestHTML(t *testing.T) {
	in := `<div aria-label="Reading settings" class="x"><span>Aa </span><b> Text size </b><i>85%</i><input placeholder="Name"></div>`
	want := `<div aria-label="阅读设置" class="x"><span>Aa </span><b> 字号 </b><i>85%</i><input placeholder="昵称"></div>`
	if got := Chinese.HTML(in); got != want {
		t.Errorf("Chinese.HTML(%q) =\n%q, want\n%q", in, got, want)
	}
	if got := English.HTML(in); got != in {
		t.Errorf("English.HTML changed the markup: %q", got)
	}
}
