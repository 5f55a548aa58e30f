package comment

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestTreeGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "tree.json"))
	if err != nil {
		t.Fatal(err)
	}
	var flat []Comment
	if err := json.Unmarshal(in, &flat); err != nil {
		t.Fatalf("parse tree.json: %v", err)
	}
	got, err := json.MarshalIndent(Tree(flat), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "tree.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Tree(testdata/tree.json) =\n%s\nwant\n%s", got, want)
	}

	// The same comments in another order give the same tree.
	slices.Reverse(flat)
	again, _ := json.MarshalIndent(Tree(flat), "", "  ")
	if !bytes.Equal(append(again, '\n'), want) {
		t.Errorf("Tree(reversed input) differs from Tree(input)")
	}
}

func TestTreeKeepsEveryone(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2026, 1, 1, 0, m, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		flat  []Comment
		roots []string // ids of the roots, in order
		count int      // comments in the whole tree
	}{
		{"empty", nil, nil, 0},
		{"self parent", []Comment{{ID: "a", Parent: "a", Created: at(1)}}, []string{"a"}, 1},
		{"two-cycle", []Comment{
			{ID: "b", Parent: "a", Created: at(2)},
			{ID: "a", Parent: "b", Created: at(1)},
		}, []string{"a"}, 2},
		{"tail into cycle", []Comment{
			{ID: "a", Parent: "c", Created: at(1)},
			{ID: "b", Parent: "a", Created: at(2)},
			{ID: "c", Parent: "b", Created: at(3)},
			{ID: "d", Parent: "c", Created: at(4)},
		}, []string{"a"}, 4},
		{"duplicate id", []Comment{{ID: "a", Created: at(1)}, {ID: "a", Created: at(2)}}, []string{"a"}, 1},
		{"two loops", []Comment{
			{ID: "a", Parent: "b", Created: at(3)},
			{ID: "b", Parent: "a", Created: at(1)},
			{ID: "c", Parent: "d", Created: at(2)},
			{ID: "d", Parent: "c", Created: at(4)},
			{ID: "e", Parent: "d", Created: at(5)},
		}, []string{"b", "c"}, 5},
		{"1000 deep", chain(1000), []string{"c0"}, 1000},
		{"hidden parent", []Comment{
			{ID: "a", Status: Hidden, Created: at(1)},
			{ID: "b", Parent: "a", Created: at(2)},
		}, []string{"b"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots := Tree(tt.flat)
			var ids []string
			for _, r := range roots {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, tt.roots) {
				t.Errorf("Tree(%v) roots = %v, want %v", tt.flat, ids, tt.roots)
			}
			if n := countNodes(roots); n != tt.count {
				t.Errorf("Tree(%v) holds %d comments, want %d", tt.flat, n, tt.count)
			}
		})
	}
}

func countNodes(ns []*Node) int {
	n := len(ns)
	for _, c := range ns {
		n += countNodes(c.Replies)
	}
	return n
}
