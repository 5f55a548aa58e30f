package comment

import (
	"strings"
	"testing"
	"time"
)

func TestSortRoots(t *testing.T) {
	t0 := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	mk := func(id, parent string, min, score int) Comment {
		return Comment{ID: id, Article: "a", Parent: parent, Author: "A", Body: id, Status: Published,
			Created: t0.Add(time.Duration(min) * time.Minute), Score: score}
	}
	flat := []Comment{mk("a", "", 1, 1), mk("b", "", 2, 5), mk("b1", "b", 3, 9), mk("b2", "b", 4, -1), mk("c", "", 5, 1), mk("d", "", 6, -2)}
	tests := []struct{ by, want string }{
		{SortOldest, "a b(b1 b2) c d"},
		{"", "a b(b1 b2) c d"},
		{"sideways", "a b(b1 b2) c d"},
		{SortNewest, "d c b(b1 b2) a"},
		{SortBest, "b(b1 b2) c a d"},
	}
	for _, tt := range tests {
		roots := Tree(flat)
		SortRoots(roots, tt.by)
		var got []string
		for _, n := range roots {
			s := n.ID
			if len(n.Replies) > 0 {
				var r []string
				for _, c := range n.Replies {
					r = append(r, c.ID)
				}
				s += "(" + strings.Join(r, " ") + ")"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("SortRoots(%q) = %s, want %s", tt.by, g, tt.want)
		}
	}
}
