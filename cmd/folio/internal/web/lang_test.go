package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"folio/app/i18n"
)

// language is what a page says it is in: its <html lang>, its
// Content-Language, and which of the two interfaces' words it shows.
func language(t *testing.T, w interface {
	Header() http.Header
}, body string) string {
	t.Helper()
	zh := strings.Contains(body, `<html lang="zh-Hans"`) && w.Header().Get("Content-Language") == "zh-Hans" &&
		strings.Contains(body, "首页") && !strings.Contains(body, ">Front page<")
	en := strings.Contains(body, `<html lang="en"`) && w.Header().Get("Content-Language") == "en" &&
		strings.Contains(body, ">Front page<") && !strings.Contains(body, "首页")
	switch {
	case zh && !en:
		return "zh"
	case en && !zh:
		return "en"
	}
	return "mixed"
}

// TestPagesInReadersLanguage: a page comes in the language the reader chose
// (the folio-lang cookie), else the browser's (Accept-Language), with or
// without the response cache, which never gives one reader's language to
// another; and the answer says it varies by both.
func TestPagesInReadersLanguage(t *testing.T) {
	for name, h := range map[string]http.Handler{"uncached": func() http.Handler { h, _, _ := newSite(t); return h }(), "cached": func() http.Handler { h, _, _ := cachedSite(t); return h }()} {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				accept, cookie, want string
			}{
				{"zh-CN,zh;q=0.9", "", "zh"},
				{"en-GB,en;q=0.9", "", "en"},
				{"", "", "en"},
				{"zh-CN", "folio-lang=en", "en"},
				{"en-US", "folio-lang=zh", "zh"},
				{"zh-CN,zh;q=0.9", "", "zh"}, // again, after English answers were kept
			} {
				for _, path := range []string{"/", "/a/the-quiet-science-of-tides", "/saved", "/search", "/offline", "/replies"} {
					w := get(h, path, "Accept-Language", tt.accept, "Cookie", tt.cookie)
					if got := language(t, w, w.Body.String()); got != tt.want {
						t.Errorf("GET %s (Accept-Language %q, Cookie %q) is in %s, want %s", path, tt.accept, tt.cookie, got, tt.want)
					}
					vary := strings.Join(w.Header().Values("Vary"), ", ")
					if !strings.Contains(vary, "Cookie") || !strings.Contains(vary, "Accept-Language") {
						t.Errorf("GET %s: Vary %q, want Cookie and Accept-Language", path, vary)
					}
				}
			}
		})
	}
}

// TestPagesInLanguageConcurrently: pages made at the same time for readers
// of both languages each come in their reader's: the language travels with
// the request, not in a variable the renders share.
func TestPagesInLanguageConcurrently(t *testing.T) {
	h, _, ix := newSite(t)
	var paths []string
	for _, m := range ix.List() {
		paths = append(paths, "/a/"+m.Slug)
	}
	paths = append(paths, "/", "/saved")
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want, accept := "en", "en"
			if i%2 == 1 {
				want, accept = "zh", "zh-CN"
			}
			path := paths[i%len(paths)]
			w := get(h, path, "Accept-Language", accept)
			if got := language(t, w, w.Body.String()); got != want {
				errs <- fmt.Sprintf("GET %s for a %s reader came in %s", path, want, got)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestChinesePageText: the prerendered words, dates and counts are the
// catalogue's.
func TestChinesePageText(t *testing.T) {
	h, _, ix := newSite(t)
	m, _ := ix.Meta("the-quiet-science-of-tides")
	w := get(h, "/a/"+m.Slug, "Accept-Language", "zh")
	body := w.Body.String()
	for _, want := range []string{
		m.Published.Format("2006年1月2日"),
		fmt.Sprintf("阅读约 %d 分钟", m.ReadingMinutes),
		"发表评论", "阅读设置", "语言", "离线保存",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Chinese article page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Post comment", ">Reading settings<", `class="reading">` + fmt.Sprint(m.ReadingMinutes), m.Published.Format("2 January 2006")} {
		if strings.Contains(body, unwanted) {
			t.Errorf("Chinese article page shows English %q", unwanted)
		}
	}
}

// jsMessage finds the messages the browser's scripts show: the literal
// keys of folioI18n's t, f and n (as each script names it, L).
var jsMessage = regexp.MustCompile(`L\.(?:t|f)\("((?:[^"\\]|\\.)*)"|L\.n\([^,]+, "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"`)

// TestScriptMessagesTranslated: every message web/*.js shows has its
// Chinese translation in the catalogue (and so in web/i18n.js).
func TestScriptMessagesTranslated(t *testing.T) {
	files, err := filepath.Glob("../../../../web/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("scripts: %v", err)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range jsMessage.FindAllStringSubmatch(string(b), -1) {
			for _, k := range m[1:] {
				if k == "" {
					continue
				}
				n++
				if k, err = strconv.Unquote(`"` + k + `"`); err != nil {
					t.Fatal(err)
				}
				if i18n.Chinese.T(k) == k {
					t.Errorf("%s: no Chinese for %q", filepath.Base(f), k)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("found %d messages in the scripts, want theirs (over 40)", n)
	}
}

var (
	deskText = regexp.MustCompile(`>([^<{]*[A-Za-z]{2}[^<{]*)<|aria-label="([^"]+)"`)
)

// TestDeskInLanguage: the moderation desk comes in the moderator's language,
// every word of it.
func TestDeskInLanguage(t *testing.T) {
	h, _, _ := newSite(t)
	w := get(h, "/admin", "Accept-Language", "zh-CN")
	body := w.Body.String()
	if !strings.Contains(body, `<html lang="zh-Hans">`) || !strings.Contains(body, "/web/i18n.js") {
		t.Errorf("the Chinese desk page lacks its lang or web/i18n.js:\n%.400s", body)
	}
	for _, m := range deskText.FindAllStringSubmatch(body, -1) {
		s := strings.TrimSpace(m[1] + m[2])
		if s != "" && s != "Folio" && !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("the Chinese desk shows %q", s)
		}
	}
	if w := get(h, "/admin", "Accept-Language", "en"); !strings.Contains(w.Body.String(), ">Moderation desk</h1>") {
		t.Error("the English desk lost its heading")
	}
}
