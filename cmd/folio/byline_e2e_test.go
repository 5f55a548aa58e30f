package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// piece is something drawn in a byline: an item (author, date, reading time)
// or a separator, with its box in viewport pixels.
type piece struct {
	what       string
	sep        bool
	l, t, r, b float64
}

func (p piece) String() string { return fmt.Sprintf("%s at (%.0f, %.0f)", p.what, p.l, p.t) }

func (p piece) cx() float64 { return (p.l + p.r) / 2 }
func (p piece) cy() float64 { return (p.t + p.b) / 2 }

// bylinePieces measures every byline on the page as drawn: each item's box,
// and each separator (generated content of an item) that is painted: the
// browser finds its item at the separator's centre, so it is not clipped away.
func bylinePieces(ctx context.Context) ([][]piece, error) {
	var all [][]piece
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		depth := int64(-1)
		doc, err := cdp.Call(ctx, tg, dom.GetDocument, dom.GetDocumentParams{Depth: &depth})
		if err != nil {
			return err
		}
		bylines := elementsWithClass(doc.Root, "byline")
		byValue := true
		for i, bl := range bylines {
			js := fmt.Sprintf(`document.querySelectorAll(".byline")[%d].scrollIntoView({block: "center"})`, i)
			if _, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{Expression: js}); err != nil {
				return err
			}
			var pieces []piece
			k := -1
			for _, item := range bl.Children {
				if item.NodeType != 1 {
					continue
				}
				k++
				p, err := boxOf(ctx, tg, item)
				if err != nil {
					return fmt.Errorf("byline %d item %s: %w", i, item.LocalName, err)
				}
				p.what = attr(item, "class")
				pieces = append(pieces, p)
				for _, ps := range item.PseudoElements {
					if ps.PseudoType != cdp.PseudoTypeBefore && ps.PseudoType != cdp.PseudoTypeAfter {
						continue
					}
					s, err := boxOf(ctx, tg, ps)
					if err != nil {
						continue // generated but not drawn
					}
					// Generated content is hit as its element; a clipped
					// separator is not hit at all.
					js := fmt.Sprintf(`document.elementFromPoint(%f, %f) === document.querySelectorAll(".byline")[%d].children[%d]`, s.cx(), s.cy(), i, k)
					hit, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{Expression: js, ReturnByValue: &byValue})
					if err != nil {
						return err
					}
					if string(hit.Result.Value) != "true" {
						continue // clipped: not painted where it sits
					}
					s.what, s.sep = p.what+"::"+string(ps.PseudoType), true
					pieces = append(pieces, s)
				}
			}
			all = append(all, pieces)
		}
		return nil
	}))
	return all, err
}

func boxOf(ctx context.Context, tg *chromedp.Target, n *cdp.Node) (piece, error) {
	res, err := cdp.Call(ctx, tg, dom.GetBoxModel, dom.GetBoxModelParams{NodeID: n.NodeID})
	if err != nil {
		return piece{}, err
	}
	q := res.Model.Border // x1 y1 (top left) ... x3 y3 (bottom right)
	return piece{l: q[0], t: q[1], r: q[4], b: q[5]}, nil
}

func elementsWithClass(n *cdp.Node, class string) []*cdp.Node {
	var found []*cdp.Node
	if slices.Contains(strings.Fields(attr(n, "class")), class) {
		found = append(found, n)
	}
	for _, c := range n.Children {
		found = append(found, elementsWithClass(c, class)...)
	}
	return found
}

func attr(n *cdp.Node, name string) string {
	for i := 0; i+1 < len(n.Attributes); i += 2 {
		if n.Attributes[i] == name {
			return n.Attributes[i+1]
		}
	}
	return ""
}

// bylineLines groups a byline's pieces into the lines they are drawn on,
// each from left to right.
func bylineLines(pieces []piece) [][]piece {
	var lines [][]piece
	for _, p := range pieces {
		placed := false
		for i, l := range lines {
			if p.cy() > l[0].t && p.cy() < l[0].b {
				lines[i] = append(l, p)
				placed = true
				break
			}
		}
		if !placed {
			lines = append(lines, []piece{p})
		}
	}
	for _, l := range lines {
		slices.SortFunc(l, func(a, b piece) int { return int(a.cx() - b.cx()) })
	}
	slices.SortFunc(lines, func(a, b []piece) int { return int(a[0].t - b[0].t) })
	return lines
}

// checkByline reports a line that starts or ends with a separator, and two
// items on one line without exactly one separator between them.
func checkByline(lines [][]piece) error {
	for n, l := range lines {
		if l[0].sep || l[len(l)-1].sep {
			return fmt.Errorf("line %d starts or ends with a separator: %v", n+1, l)
		}
		seps := 0
		for _, p := range l[1:] {
			if p.sep {
				seps++
				continue
			}
			if seps != 1 {
				return fmt.Errorf("line %d has %d separators before %s: %v", n+1, seps, p.what, l)
			}
			seps = 0
		}
	}
	return nil
}

// TestBylineAndCode: on a phone no byline line starts or ends with "·" (the
// bylines of the front page, of every article header and of /saved, which
// wrap there),
// and code shows tabs 4 columns wide.
func TestBylineAndCode(t *testing.T) {
	s := startSite(t)
	ctx, _ := newBrowser(t)
	paths := []string{"/"}
	for _, m := range s.articles {
		paths = append(paths, "/a/"+m.Slug)
	}
	paths = append(paths, "/saved") // lists what was just read, each with a byline-like line
	wrapped, codeBlocks := 0, 0
	for _, p := range paths {
		do(t, ctx, "open "+p, chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+p))
		wasmStarted(t, ctx)
		if p == "/saved" { // measured once the list and the storage figure are in
			waitJS(t, ctx, "the saved list", `!!document.querySelector(".library-item .byline") && !!document.querySelector(".storage-used")`)
		}
		// The page may still move (a restored scroll, a late re-render)
		// while it is measured: a dangling separator shows on every try,
		// a moving page only on some, so each page gets three.
		var problems []string
		for try := 0; try < 3; try++ {
			if try > 0 {
				time.Sleep(300 * time.Millisecond)
			}
			bylines, err := bylinePieces(ctx)
			if err != nil {
				problems = []string{fmt.Sprintf("measure bylines: %v", err)}
				continue
			}
			if len(bylines) == 0 {
				t.Fatalf("%s has no byline", p)
			}
			problems = nil
			wrappedHere := 0
			for i, pieces := range bylines {
				lines := bylineLines(pieces)
				if len(lines) > 1 {
					wrappedHere++
				}
				if err := checkByline(lines); err != nil {
					problems = append(problems, fmt.Sprintf("byline %d at 390 px: %v", i, err))
				}
			}
			if len(problems) == 0 {
				wrapped += wrappedHere
				break
			}
		}
		for _, msg := range problems {
			t.Errorf("%s %s", p, msg)
		}
		codeBlocks += eval[int](t, ctx, `document.querySelectorAll(".story-body pre").length`)
		if bad := eval[string](t, ctx, `[...document.querySelectorAll("pre, code")].map(e => getComputedStyle(e).tabSize).filter(v => v !== "4").join(" ")`); bad != "" {
			t.Errorf("%s: pre/code tab-size %s, want 4", p, bad)
		}
	}
	if wrapped == 0 {
		t.Error("no byline wraps at 390 px, so this test proves nothing: give it a longer one")
	}
	if codeBlocks == 0 {
		t.Error("no article has a code block to check tab-size on")
	}
}
