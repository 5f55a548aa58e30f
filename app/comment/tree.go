package comment

import (
	"cmp"
	"slices"
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
	slices.SortFunc(order, compareNodes)

	var roots []*Node
	cut := map[*Node]bool{} // nodes made roots to break a cycle of parent ids
	for _, n := range order {
		p, ok := nodes[n.Parent]
		if n.Parent == "" || !ok {
			roots = append(roots, n)
			continue
		}
		if inCycle(n, nodes, cut) {
			cut[n] = true
			roots = append(roots, n)
			continue
		}
		// Appending in sorted order keeps every reply list sorted too.
		p.Replies = append(p.Replies, n)
	}
	return roots
}

// inCycle reports whether following parent ids up from n leads back to n
// without passing a node already cut loose. Ids come from clients, so a loop
// is possible in principle; the first member of a loop in sorted order
// becomes a root and the others hang from it, so no comment is lost.
func inCycle(n *Node, nodes map[string]*Node, cut map[*Node]bool) bool {
	p := n
	for range len(nodes) {
		if p.Parent == "" || nodes[p.Parent] == nil || cut[nodes[p.Parent]] {
			return false
		}
		p = nodes[p.Parent]
		if p == n {
			return true
		}
	}
	return false // a loop that n hangs from but is not part of
}

func compareNodes(a, b *Node) int {
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
