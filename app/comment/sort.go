package comment

// The orders a reader may sort a thread's top-level comments in.
const (
	SortOldest = "oldest"
	SortNewest = "newest"
	SortBest   = "best"
)

// SortRoots orders the top-level comments of a thread as Tree made it
// (oldest first) by the order named: newest first, or best (highest Score)
// first with ties newest first, as the server orders its pages; any other
// name leaves them oldest first.
// Replies keep their order under their parent. It sorts by hand: a thread
// has few top-level comments on the device, and the sort package's stable
// sort would add its own code to app.wasm.
func SortRoots(roots []*Node, by string) {
	for i := 1; i < len(roots); i++ {
		// Insertion: move roots[i] before every earlier root it goes before
		// (Tree gives them oldest first, so roots[i] is newer than each).
		for j := i; j > 0 && (by == SortNewest || by == SortBest && roots[j].Score >= roots[j-1].Score); j-- {
			roots[j], roots[j-1] = roots[j-1], roots[j]
		}
	}
}
