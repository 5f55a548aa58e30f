package comment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLimitGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "limit.json"))
	if err != nil {
		t.Fatal(err)
	}
	var flat []Comment
	if err := json.Unmarshal(in, &flat); err != nil {
		t.Fatalf("parse limit.json: %v", err)
	}
	tree := Tree(flat)
	before, _ := json.Marshal(tree)
	got, err := json.MarshalIndent(Limit(tree, 3), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "limit.golden.json")
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
		t.Errorf("Limit(Tree(testdata/limit.json), 3) =\n%s\nwant\n%s", got, want)
	}
	if after, _ := json.Marshal(tree); !bytes.Equal(before, after) {
		t.Errorf("Limit changed the tree it was given")
	}
}

// chain is n comments, each replying to the one before.
func chain(n int) []Comment {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Comment, n)
	for i := range out {
		out[i] = Comment{ID: fmt.Sprintf("c%d", i), Author: fmt.Sprintf("R%d", i), Created: at.Add(time.Duration(i) * time.Second)}
		if i > 0 {
			out[i].Parent = out[i-1].ID
		}
	}
	return out
}

func TestLimitDepth(t *testing.T) {
	tests := []struct {
		name     string
		flat     []Comment
		maxDepth int
		depth    int // nesting levels of the result
	}{
		{"empty", nil, 3, 0},
		{"shallow stays", chain(2), 3, 2},
		{"exactly max", chain(3), 3, 3},
		{"one past max", chain(4), 3, 4},
		{"1000 deep", chain(1000), 3, 4},
		{"max below 1 means 1", chain(5), 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Limit(Tree(tt.flat), tt.maxDepth)
			if d := depthOf(got); d != tt.depth {
				t.Errorf("Limit(chain of %d, %d) is %d levels deep, want %d", len(tt.flat), tt.maxDepth, d, tt.depth)
			}
			if n := countNodes(got); n != len(tt.flat) {
				t.Errorf("Limit(chain of %d, %d) holds %d comments, want all %d", len(tt.flat), tt.maxDepth, n, len(tt.flat))
			}
			// Thread order is kept, and every moved reply names its parent.
			for i, n := range flatten(got) {
				if n.ID != tt.flat[i].ID {
					t.Fatalf("comment %d in thread order = %s, want %s", i, n.ID, tt.flat[i].ID)
				}
				moved := i >= max(tt.maxDepth, 1)
				if moved != (n.ReplyTo != nil) || moved && (n.ReplyTo.ID != n.Parent || n.ReplyTo.Author != tt.flat[i-1].Author) {
					t.Errorf("comment %s (level %d): ReplyTo = %+v, want the parent named only past the limit", n.ID, i+1, n.ReplyTo)
				}
			}
		})
	}
}

func depthOf(ns []*Node) int {
	d := 0
	for _, n := range ns {
		d = max(d, 1+depthOf(n.Replies))
	}
	return d
}

// flatten lists a tree depth first.
func flatten(ns []*Node) []*Node {
	var out []*Node
	for _, n := range ns {
		out = append(out, n)
		out = append(out, flatten(n.Replies)...)
	}
	return out
}
