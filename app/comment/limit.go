package comment

// Limit returns a copy of a tree (as Tree makes it) nested at most maxDepth
// levels deep; roots are level 1. The replies of a comment at the last level
// are all its descendants as one flat list in thread order, each followed by
// its own replies, and each names the comment it answers in ReplyTo. A thread
// n replies deep then renders in space linear in n, not quadratic, as every
// nested level adds indentation to each line below it. Remark42 does the same.
func Limit(roots []*Node, maxDepth int) []*Node {
	maxDepth = max(maxDepth, 1)
	out := make([]*Node, len(roots))
	for i, n := range roots {
		out[i] = limit(n, 1, maxDepth)
	}
	return out
}

func limit(n *Node, level, maxDepth int) *Node {
	c := &Node{Comment: n.Comment, ReplyTo: n.ReplyTo}
	if level == maxDepth {
		c.Replies = descendants(n)
		return c
	}
	for _, r := range n.Replies {
		c.Replies = append(c.Replies, limit(r, level+1, maxDepth))
	}
	return c
}

// descendants lists everything under n in thread order (depth first, replies
// in their sorted order), with no nesting. It walks with its own stack: a
// thread can be as deep as it has comments.
func descendants(n *Node) []*Node {
	type step struct{ node, parent *Node }
	var out []*Node
	var stack []step
	push := func(p *Node) {
		for i := len(p.Replies) - 1; i >= 0; i-- {
			stack = append(stack, step{p.Replies[i], p})
		}
	}
	push(n)
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, &Node{Comment: s.node.Comment, ReplyTo: parentOf(s.parent)})
		push(s.node)
	}
	return out
}

func parentOf(p *Node) *Parent {
	ref := &Parent{ID: p.ID, Author: p.Author}
	if p.Status == Deleted {
		ref.Author = ""
	}
	return ref
}
