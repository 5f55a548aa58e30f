package api

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"folio/app/i18n"
)

// TestReasonsInReadersLanguage: a refused comment's reason comes in the
// language the request asks for, cookie first, as the apps show it as is.
func TestReasonsInReadersLanguage(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name   string
		q      req
		header map[string]string
		status int
		want   string
	}{
		{"English by default", post("c1", "harbour", "", "", "Hello"), nil, 422,
			"invalid comment: name must be 1 to 80 characters"},
		{"Chinese browser", post("c1", "harbour", "", "", "Hello"), map[string]string{"Accept-Language": "zh-CN,zh;q=0.9"}, 422,
			"评论无效：名字须为 1 到 80 个字符"},
		{"English chosen in a Chinese browser", post("c1", "harbour", "", "", "Hello"),
			map[string]string{"Accept-Language": "zh-CN", "Cookie": i18n.Cookie + "=en"}, 422,
			"invalid comment: name must be 1 to 80 characters"},
		{"a field's name told too", post("c1", "harbour", "", "Ann", "bell\x07"), map[string]string{"Accept-Language": "zh"}, 422,
			"评论无效：评论含有控制字符"},
		{"too long", post("c1", "harbour", "", "Ann", strings.Repeat("a", 5001)), map[string]string{"Accept-Language": "zh"}, 413,
			"评论太长：评论超过了 5000 个字符"},
		{"no such article", post("c1", "nowhere", "", "Ann", "Hi"), map[string]string{"Accept-Language": "zh"}, 422,
			`评论无效：没有这篇文章："nowhere"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.header = tt.header
			w := e.do(q)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			got := decode[map[string]string](t, w)["error"]
			if tt.want != "" && got != tt.want {
				t.Errorf("reason %q, want %q", got, tt.want)
			}
			if got == "" {
				t.Errorf("no reason: %s", w.Body)
			}
		})
	}
}

// TestReasonsTranslated: every reason a reader may be given, the sentinel
// errors' texts and each comment.Explain format in the server's and the
// app's sources, has its Chinese in the catalogue.
func TestReasonsTranslated(t *testing.T) {
	explain := regexp.MustCompile(`Explain\((?:comment\.)?Err\w+, "((?:[^"\\]|\\.)*)"`)
	sentinel := regexp.MustCompile(`Err\w+ += errors\.New\("((?:[^"\\]|\\.)*)"\)`)
	found := 0
	for _, dir := range []string{".", "../store", "../../../../app/comment"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range []*regexp.Regexp{explain, sentinel} {
				for _, m := range re.FindAllStringSubmatch(string(src), -1) {
					key, err := strconv.Unquote(`"` + m[1] + `"`)
					if err != nil {
						t.Fatalf("%s: %q: %v", f, m[1], err)
					}
					found++
					if i18n.Chinese.T(key) == key {
						t.Errorf("%s: no Chinese for %q", f, key)
					}
				}
			}
		}
	}
	if found < 20 {
		t.Errorf("found %d reasons; the patterns no longer match the sources", found)
	}
}
