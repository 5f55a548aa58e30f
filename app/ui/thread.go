package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// threadReloadAction asks the page that shows an article's thread to fetch
// it again; its value is the article's slug.
const threadReloadAction = "folio:thread-reload"

// threadMoreAction asks the page that shows an article's thread to fetch
// its next page; its value is the article's slug.
const threadMoreAction = "folio:thread-more"

// errThreadPrerender is a thread the server could not read while it made the page.
var errThreadPrerender = errors.New("the server could not read the comments")

// thread is an article's comment thread as a page holds it: its own load
// state, apart from the article's, because a thread that fails to load must
// not hide the article, nor pass for an empty one.
type thread struct {
	threadSlug string
	// first is the thread's first page as read, which Keep stores and a
	// prerendered page carries; more are the pages read after it with
	// "Show more", next the cursor of the page after those ("" at the end).
	first    comment.Page
	more     []comment.Comment
	next     string
	comments []comment.Comment // first's comments, then more
	// total and published count the whole thread as the last page read said.
	total, published int
	moreLoading      bool
	moreErr          error
	asOf             time.Time // the comments came from the device's cache, fetched then
	cachedAt         time.Time // the page came from the device's cache, made then
	threadState      loadState
	threadErr        error
	fetching         bool
	listeners        []app.Func
	// order is the order of the pages held, want the reader's, saved the
	// device's; sortedHere: the device sorts them (thread_sort.go).
	order, want, saved string
	sortedHere         bool
}

// setThread keeps what loading slug's thread gave: its first page. Pages
// read after it stay when the first page still ends where it did, as it
// does unless the thread had no second page: cursors are stable.
func (t *thread) setThread(slug string, p comment.Page, asOf time.Time, err error) {
	keepMore := slug == t.threadSlug && t.threadState == loaded && err == nil && p.Next != "" && p.Next == t.first.Next
	t.threadSlug, t.fetching = slug, false
	if err != nil {
		t.first, t.more, t.next, t.comments = comment.Page{}, nil, "", nil
		t.asOf, t.threadState, t.threadErr = time.Time{}, failed, err
		return
	}
	if !keepMore {
		t.more, t.next, t.moreErr = nil, p.Next, nil
	}
	t.first, t.total, t.published = p, p.Total, p.Published
	t.comments = append(slices.Clip(p.Comments), t.more...)
	t.asOf, t.threadState, t.threadErr = asOf, loaded, nil
}

// firstPage is the thread's first page as read, nil when it is not loaded.
func (t *thread) firstPage() *comment.Page {
	if t.threadState != loaded {
		return nil
	}
	p := t.first
	return &p
}

// preloadedThread is the thread of a prerendered page, failed if it failed there.
func (t *thread) preloadedThread(slug string, d *pageData) {
	var err error
	if d.ThreadFailed {
		err = fmt.Errorf("%w: %w", client.ErrServer, errThreadPrerender)
	}
	var p comment.Page
	if d.Thread != nil {
		p = *d.Thread
	}
	t.setThread(slug, p, time.Time{}, err)
	t.cachedAt = d.At
	if err == nil && client.LiveComments() {
		t.threadState = loading // an exported page carries no thread: it comes from the comment server
	}
}

// loadMore fetches the page after those shown and adds it to the thread.
// A page that fails leaves the thread as it is, and says so by the button.
func (t *thread) loadMore(ctx app.Context) {
	if t.next == "" || t.moreLoading || t.threadState != loaded {
		return
	}
	t.moreLoading, t.moreErr = true, nil
	slug, cursor, order := t.threadSlug, t.next, t.order
	ctx.Async(func() {
		bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		p, _, _, err := pageIn(bg, slug, order, cursor)
		ctx.Dispatch(func(ctx app.Context) {
			if slug != t.threadSlug || cursor != t.next {
				return // another article, or the thread was read again meanwhile
			}
			t.moreLoading = false
			if err != nil {
				t.moreErr = err
				return
			}
			t.more = append(t.more, p.Comments...)
			t.comments = append(t.comments, p.Comments...)
			t.next, t.total, t.published = p.Next, p.Total, p.Published
			if len(p.Comments) > 0 {
				// Keyboard and screen-reader users go on where the new comments start.
				id := "c-" + p.Comments[0].ID
				ctx.Defer(func(app.Context) { focus(id) })
			}
		})
	})
}

// freshenThread runs when the page mounts in the browser. A thread the
// server could not read is tried again at once; a page that came from the
// device's cache carries a thread as old as the page, so a fresh one is
// fetched (or it learns how old the cached one is); an exported page
// carries none, its thread is always fetched. The service worker answers a
// page it keeps from its cache without asking the server, so any page it
// answered (it controlled the page as it loaded) may be old.
func (t *thread) freshenThread(ctx app.Context) {
	fromCache := !t.cachedAt.IsZero() && (controlledAtLoad() || time.Since(t.cachedAt) > time.Minute)
	if t.threadState != loaded || client.LiveComments() || fromCache {
		t.reloadThread(ctx)
	}
}

// forgetThread drops the thread of the article the page showed before.
func (t *thread) forgetThread() {
	t.threadSlug, t.comments, t.asOf, t.cachedAt, t.threadState, t.threadErr = "", nil, time.Time{}, time.Time{}, notLoaded, nil
	t.first, t.more, t.next, t.total, t.published, t.moreLoading, t.moreErr = comment.Page{}, nil, "", 0, 0, false, nil
	t.order, t.want, t.sortedHere = "", t.saved, false
}

// reloadThread fetches the thread again in the background. A thread already
// shown stays on screen meanwhile; a failed one says it is trying again.
func (t *thread) reloadThread(ctx app.Context) {
	if t.threadSlug == "" || t.fetching {
		return
	}
	t.fetching = true
	if t.threadState != loaded {
		t.threadState = loading
	}
	slug, want := t.threadSlug, t.want
	ctx.Async(func() {
		bg, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		p, order, asOf, err := pageIn(bg, slug, want, "")
		ctx.Dispatch(func(ctx app.Context) {
			if slug != t.threadSlug {
				return // the page moved on to another article
			}
			t.fetching = false
			switch {
			case want != t.want:
				t.reloadThread(ctx) // the reader chose another order meanwhile
			case err == nil && (order == want || t.threadState != loaded):
				// (A thread shown stays, sorted here, rather than the page kept offline.)
				t.order, t.sortedHere = order, order != want
				t.setThread(slug, p, asOf, nil)
				if asOf.IsZero() {
					t.cachedAt = time.Time{} // fresh now: no longer the cached page's thread
				}
			case t.threadState == loaded:
				t.sortedHere = true // in t.want, if not t.order: by the device
				if t.asOf.IsZero() {
					t.asOf = t.cachedAt // the thread as the cached page had it
				}
			default:
				t.threadState, t.threadErr = failed, err
			}
		})
	})
}

// watchThread reloads the thread when asked to (Retry), when the network
// comes back, and when the page is shown again after being hidden: a thread
// read "as of" some time, or not at all, is then brought up to date.
func (t *thread) watchThread(ctx app.Context) {
	t.watchSort(ctx)
	ctx.Handle(threadReloadAction, func(ctx app.Context, a app.Action) {
		if slug, _ := a.Value.(string); slug == t.threadSlug {
			t.reloadThread(ctx)
		}
	})
	ctx.Handle(threadMoreAction, func(ctx app.Context, a app.Action) {
		if slug, _ := a.Value.(string); slug == t.threadSlug {
			t.loadMore(ctx)
		}
	})
	doc := app.Window().Get("document")
	listen := func(target app.Value, event string, when func() bool) {
		fn := app.FuncOf(func(app.Value, []app.Value) any {
			if when() {
				ctx.Dispatch(t.reloadThread)
			}
			return nil
		})
		target.Call("addEventListener", event, fn)
		t.listeners = append(t.listeners, fn)
	}
	listen(app.Window(), "online", func() bool { return true })
	listen(doc, "visibilitychange", func() bool { return doc.Get("visibilityState").String() == "visible" })
}

// unwatchThread removes what watchThread added.
func (t *thread) unwatchThread() {
	if len(t.listeners) != 2 {
		return
	}
	app.Window().Call("removeEventListener", "online", t.listeners[0])
	app.Window().Get("document").Call("removeEventListener", "visibilitychange", t.listeners[1])
	for _, fn := range t.listeners {
		fn.Release()
	}
	t.listeners = nil
}

// threadSection is the comment section showing this thread.
func (t *thread) threadSection(l i18n.Lang, slug string) *commentSection {
	more := 0
	if t.next != "" {
		more = max(1, t.total-len(t.comments))
	}
	return &commentSection{Lang: l, Article: slug, Comments: t.comments, Published: t.published, AsOf: t.asOf,
		State: t.threadState, Err: t.threadErr, More: more, LoadingMore: t.moreLoading, MoreErr: t.moreErr,
		Order: t.want, SortedHere: t.sortedHere && t.want != t.order}
}

// threadProblem says why a thread is not shown, in a reader's words, with a
// way to try again.
func threadProblem(l i18n.Lang, slug string, err error) app.UI {
	msg := l.T("The comments could not load because of a problem on our server. Try again in a moment.")
	if errors.Is(err, client.ErrOffline) {
		msg = l.T("The comments could not load: the network cannot be reached. Check your connection, then try again.")
	}
	return app.Div().Class("comments-failed").Attr("role", "status").Body(
		app.P().Text(msg),
		app.Button().Type("button").Class("button").Text(l.T("Retry")).
			OnClick(func(ctx app.Context, e app.Event) {
				ctx.NewActionWithValue(threadReloadAction, slug)
			}),
	)
}
