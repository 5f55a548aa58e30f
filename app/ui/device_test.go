package ui

import (
	"testing"
	"time"

	"folio/app/client"
	"folio/app/i18n"
)

func TestRateLimitedText(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		wait time.Duration
		want string
	}{
		{6 * time.Second, "waiting to send: too many comments, retrying in 6 s"},
		{5500 * time.Millisecond, "waiting to send: too many comments, retrying in 6 s"},
		{90 * time.Second, "waiting to send: too many comments, retrying in 90 s"},
		{0, "waiting to send: too many comments, retrying in 1 s"},
	}
	for _, tt := range tests {
		p := client.Pending{RateLimited: true, NextTry: t0.Add(tt.wait)}
		if got := rateLimitedText(i18n.English, p, t0); got != tt.want {
			t.Errorf("rateLimitedText(in %v) = %q, want %q", tt.wait, got, tt.want)
		}
	}
}
