package ui

import (
	"testing"

	"folio/app/comment"
)

func TestPinnedFirst(t *testing.T) {
	list := []comment.Comment{
		{ID: "a"}, {ID: "b", Pinned: true}, {ID: "c"}, {ID: "d", Pinned: true}, {ID: "r", Parent: "d"},
	}
	var roots []*comment.Node
	for _, c := range list {
		if c.Parent == "" {
			roots = append(roots, &comment.Node{Comment: c})
		}
	}
	got := ""
	for _, n := range pinnedFirst(roots) {
		got += n.ID
	}
	if got != "bdac" {
		t.Errorf("pinnedFirst(a b* c d*) = %s, want bdac", got)
	}
}
