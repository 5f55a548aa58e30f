//go:build !(js && wasm)

// In app.wasm the Chinese comes from web/i18n.js, which a Node test run has
// not loaded: this test is the native build's.

package comment_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"folio/app/comment"
	"folio/app/i18n"
)

// TestTell: a refused comment's reason, as the app shows it before sending,
// in each language, with the field's name told too; and the error's text and
// kind are as before, for the API and errors.Is.
func TestTell(t *testing.T) {
	long := comment.New("harbour", "", "Ann", strings.Repeat("字", comment.MaxBodyLen+1), time.Now())
	control := comment.New("harbour", "", "An\x07n", "Hi", time.Now())
	tests := []struct {
		name   string
		c      comment.Comment
		kind   error
		text   string
		en, zh string
	}{
		{"too long", long, comment.ErrTooLong, "comment too long: comment is longer than 5000 characters",
			"comment is longer than 5000 characters", "评论超过了 5000 个字符"},
		{"control character in the name", control, comment.ErrInvalid, "invalid comment: name contains a control character",
			"name contains a control character", "名字含有控制字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fmt.Errorf("post: %w", comment.Validate(tt.c))
			if !errors.Is(err, tt.kind) || !strings.HasSuffix(err.Error(), tt.text) {
				t.Fatalf("Validate = %v, want %v ending %q", err, tt.kind, tt.text)
			}
			if got := comment.Tell(i18n.English, err); got != tt.en {
				t.Errorf("Tell(English) = %q, want %q", got, tt.en)
			}
			if got := comment.Tell(i18n.Chinese, err); got != tt.zh {
				t.Errorf("Tell(Chinese) = %q, want %q", got, tt.zh)
			}
		})
	}
	if got := comment.Tell(i18n.Chinese, errors.New("elsewhere")); got != "" {
		t.Errorf("Tell of an error without a Problem = %q, want \"\"", got)
	}
}
