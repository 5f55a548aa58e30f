package comment

import (
	"cmp"
	"slices"
	"sort"
)

// Node is a comment with its replies, as shown in a thread.
type Node struct {
	Comment
	Replies []*Node `json:"replies,omitempty"`
	// ReplyTo is set on a reply that Limit moved out of its parent's
	// nesting: the comment it answers.
	ReplyTo *Parent `json:"replyTo,omitempty"`
}

// Parent names the comment a reply answers.
type Parent struct {
	ID string `json:"id"`
	// Author is "" when that comment was deleted.
	Author string `json:"author,omitempty"`
}

// Tree turns a flat list of comments into threads. Roots and replies are
// sorted by Created, then ID, so the result does not depend on the input
// order. A comment whose parent is not in the list becomes a root rather than
// being dropped. Hidden comments are left out and their replies become roots.
// Deleted comments stay, so their replies keep their place.
func Tree(flat []Comment) []*Node {
	nodes := make(map[string]*Node, len(flat))
	order := make([]*Node, 0, len(flat))
	for _, c := range flat {
		if c.Status == Hidden {
			continue
		}
		if _, dup := nodes[c.ID]; dup {
			continue // the first copy wins; a list should not repeat ids
		}
		n := &Node{Comment: c}
		nodes[c.ID] = n
		order = append(order, n)
	}
	// sort.Slice, not slices.SortFunc: app.wasm carries sort.Slice already,
	// and a generic sort over pointers would add its own copy (compareNodes is
	// a total order, so the result is the same).
	sort.Slice(order, func(i, j int) bool { return compareNodes(order[i], order[j]) < 0 })

	var roots []*Node
	cut := loopBreakers(order, nodes)
	for _, n := range order {
		p, ok := nodes[n.Parent]
		if n.Parent == "" || !ok || cut[n] {
			roots = append(roots, n)
			continue
		}
		// Appending in sorted order keeps every reply list sorted too.
		p.Replies = append(p.Replies, n)
	}
	return roots
}

// loopBreakers finds the nodes that become roots to break a loop of parent
// ids. Ids come from clients, so a loop is possible in principle; the first
// member of a loop in sorted order becomes a root and the others hang from
// it, so no comment is lost. Each node is walked once, so a thread as deep
// as it is long costs linear time, not quadratic.
func loopBreakers(order []*Node, nodes map[string]*Node) map[*Node]bool {
	const (
		unseen = iota
		onPath
		done
	)
	rank := make(map[*Node]int, len(order))
	for i, n := range order {
		rank[n] = i
	}
	state := make(map[*Node]int, len(order))
	cut := map[*Node]bool{}
	var path []*Node
	for _, n := range order {
		path = path[:0]
		for n != nil && state[n] == unseen {
			state[n] = onPath
			path = append(path, n)
			n = parentNode(n, nodes)
		}
		if n != nil && state[n] == onPath {
			// The walk came back to itself: the path from n on is a loop.
			loop := path[slices.Index(path, n):]
			first := loop[0]
			for _, m := range loop[1:] {
				if rank[m] < rank[first] {
					first = m
				}
			}
			cut[first] = true
		}
		for _, m := range path {
			state[m] = done
		}
	}
	return cut
}

// parentNode is n's parent in the list, or nil.
func parentNode(n *Node, nodes map[string]*Node) *Node {
	if n.Parent == "" {
		return nil
	}
	return nodes[n.Parent]
}

func compareNodes(a, b *Node) int {
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
