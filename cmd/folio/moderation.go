package main

import (
	"fmt"
	"strings"
	"time"
)

// minWrite is the least time a comment may take from its form opening to
// its sending on a served site (api.Config.MinWrite): no one reads an
// article and writes a comment in less, and form-filling robots do.
const minWrite = 3 * time.Second

// parseModeration reads -moderation: post publishes new comments at once,
// pre holds them for approval. It reports whether comments are premoderated.
func parseModeration(v string) (bool, error) {
	switch strings.TrimSpace(v) {
	case "post", "":
		return false, nil
	case "pre":
		return true, nil
	}
	return false, fmt.Errorf("-moderation %q: want post (publish at once) or pre (hold for approval)", v)
}
