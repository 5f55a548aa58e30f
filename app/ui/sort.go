package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/comment"
)

// sortKey is where the device keeps the order the reader chose for threads.
const sortKey = "folio.sort"

// sortPicker lets the reader order a thread of n top-level comments oldest,
// newest or best first; the device remembers the choice for every thread,
// and the server sorts the whole thread (thread_sort.go).
// Buttons, not a select: app.wasm already carries go-app's button, and a
// select and its options would add two element types.
func (s *commentSection) sortPicker(n int) app.UI {
	if n < 2 {
		return nil
	}
	choice := func(by, label string) app.UI {
		return app.Button().Type("button").Class("link-button").
			Aria("pressed", sortOrder(by) == s.Order).Text(label).
			OnClick(func(ctx app.Context, e app.Event) {
				ctx.NewActionWithValue(threadSortAction, []string{s.Article, by})
			})
	}
	return app.Div().Class("comments-sort").Attr("role", "group").Aria("label", attr(s.Lang.T("Sort comments"))).Body(
		app.Span().Text(s.Lang.T("Sort:")),
		choice(comment.SortOldest, s.Lang.T("Oldest")),
		choice(comment.SortNewest, s.Lang.T("Newest")),
		choice(comment.SortBest, s.Lang.T("Best")),
	)
}

// sortNote says, when the server's pages in the chosen order are out of
// reach (offline, most often), that the n threads shown are sorted on this
// device.
func (s *commentSection) sortNote(n int) app.UI {
	if !s.SortedHere || n < 2 {
		return nil
	}
	return app.P().Class("comments-sorted-here").Attr("role", "status").
		Text(s.Lang.T("Sorted on this device, among the comments it has: the server cannot be reached."))
}
