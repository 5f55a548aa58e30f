package ui

import (
	"context"
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/comment"
)

// Sorting a thread. The thread keeps the order of the pages it holds, as
// the server read them, and the order the reader sees ("" is oldest first,
// the order pages are prerendered in). The server sorts the whole thread
// (GET /api/comments?sort=), and "Show more" goes on in that order; the
// device also sorts what it holds by the reader's order, which is all it can
// do offline, and then it says so.
//
// The reader's choice is kept on the device. A page the server prerendered
// is oldest first, and so it stays while the reader may be looking at its
// thread: the page in the kept order is read after start-up and shown only
// if the thread is out of sight then (below the screen, where nothing moves
// under the reader's eyes); otherwise the thread stays as it was
// prerendered, the control says "Oldest", and one click sorts it. A thread
// the app reads itself (opening another article in the app) comes in the
// kept order at once.

// threadSortAction asks the page that shows an article's thread to show it
// in another order; its value is []string{slug, order} (a slice: a struct
// would add an equality function to app.wasm).
const threadSortAction = "folio:thread-sort"

// sortOrder is by as the thread keeps it: "" for oldest first.
func sortOrder(by string) string {
	if by == comment.SortNewest || by == comment.SortBest {
		return by
	}
	return ""
}

// pageIn reads the page of slug's thread after cursor in order by, and
// returns the order it came in: a first page in another order than oldest
// that cannot be fetched offline is the one the device keeps (oldest first,
// the address the service worker and Keep answer it from).
func pageIn(ctx context.Context, slug, by, cursor string) (comment.Page, string, time.Time, error) {
	c, ok := source.(client.Client)
	if !ok || by == "" {
		p, at, err := source.PageAsOf(ctx, slug, cursor)
		return p, "", at, err
	}
	p, at, err := c.SortedPageAsOf(ctx, slug, by, cursor)
	if cursor == "" && errors.Is(err, client.ErrOffline) {
		p, at, err = c.PageAsOf(ctx, slug, "")
		return p, "", at, err
	}
	return p, by, at, err
}

// watchSort reads the order the device keeps and answers the sort control.
// On a prerendered page it reads the thread in that order in the
// background (see sorting).
func (t *thread) watchSort(ctx app.Context) {
	var saved string
	ctx.LocalStorage().Get(sortKey, &saved)
	t.saved = sortOrder(saved)
	if t.threadState != loaded {
		t.want = t.saved // nothing on screen yet to move
	} else if t.saved != t.want {
		t.readSaved(ctx)
	}
	ctx.Handle(threadSortAction, func(ctx app.Context, a app.Action) {
		if c, _ := a.Value.([]string); len(c) == 2 && c[0] == t.threadSlug {
			t.sortTo(ctx, sortOrder(c[1]))
			ctx.LocalStorage().Set(sortKey, c[1])
		}
	})
}

// sortTo shows the thread in order by: the device sorts what it holds at
// once, and the server's first page in that order replaces it when it
// comes (reloadThread). Offline, that is the first page the device keeps,
// or what it shows if it keeps none, sorted by the device, which says so.
func (t *thread) sortTo(ctx app.Context, by string) {
	t.saved, t.want, t.sortedHere = by, by, false
	t.reloadThread(ctx)
}

// readSaved reads the first page in the saved order and shows it if the
// reader has not chosen an order meanwhile and the thread is out of sight.
func (t *thread) readSaved(ctx app.Context) {
	slug, by := t.threadSlug, t.saved
	ctx.Async(func() {
		bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		p, order, asOf, err := pageIn(bg, slug, by, "")
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil || order != by || slug != t.threadSlug || t.saved != by || t.want != t.order || t.threadState != loaded || inSight("comments") {
				return
			}
			t.want, t.order = by, by
			t.setThread(slug, p, asOf, nil)
		})
	})
}

// inSight reports whether the top of the element with id is above the
// bottom of the window.
func inSight(id string) bool {
	el := app.Window().GetElementByID(id)
	return el.Truthy() && el.Call("getBoundingClientRect").Get("top").Int() < app.Window().Get("innerHeight").Int()
}
