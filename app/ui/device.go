package ui

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"folio/app/article"
	"folio/app/client"
	"folio/app/comment"
	"folio/app/i18n"
)

// What this device keeps: the outbox of comments not yet stored and the
// library of articles kept for offline reading. In the browser they live in
// localStorage, shared by every tab of the site; while prerendering on the
// server they are empty.
var (
	deviceOnce sync.Once
	outbox     *client.Outbox
	library    *client.Library
	// programStart is when this run of the app began: what the data cache
	// got before it, and no kept article lists, is left over.
	programStart = time.Now()
)

func device() (*client.Outbox, *client.Library) {
	deviceOnce.Do(func() {
		kv := client.LocalStorage()
		if !app.IsClient {
			kv = client.MemoryKV{}
		}
		outbox, library = client.OpenOutbox(kv), client.OpenLibrary(kv)
	})
	return outbox, library
}

const (
	// outboxAction tells mounted comment sections that the outbox changed;
	// its value is the comments the server just stored.
	outboxAction = "folio:outbox"
	// libraryAction tells save buttons and the library page that what the
	// device keeps changed (here or in another tab).
	libraryAction = "folio:library"
	// saveRetry is how often queued saves are tried while the network is away.
	saveRetry = 30 * time.Second
)

// syncer runs one kind of background work on what the device keeps: at app
// start, when the network comes back, when asked, and on a timer at the time
// the work says it is due again.
type syncer struct {
	work func(ctx app.Context) (next time.Time)

	mu      sync.Mutex
	ctx     app.Context // a mounted component's, to tell the UI
	hasCtx  bool
	running bool
	again   bool
	timer   *time.Timer
}

var (
	// outboxSync posts the outbox.
	outboxSync = syncer{work: flushOutbox}
	// saveSync finishes the saves asked for while offline.
	saveSync    = syncer{work: finishSaves}
	deviceStart sync.Once
)

// attach gives the syncer a mounted component's context to report through.
// The first attach starts the device's background work.
func (s *syncer) attach(ctx app.Context) {
	s.mu.Lock()
	s.ctx, s.hasCtx = ctx, true
	s.mu.Unlock()
	if s == &outboxSync {
		deviceStart.Do(func() { startDevice(ctx) })
	}
}

// kick starts the work now, or right after the run under way.
func (s *syncer) kick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.hasCtx {
		return
	}
	if s.running {
		s.again = true
		return
	}
	s.running = true
	if s.timer != nil {
		s.timer.Stop()
	}
	ctx := s.ctx
	ctx.Async(func() { s.run(ctx) })
}

func (s *syncer) run(ctx app.Context) {
	for {
		next := s.work(ctx)
		s.mu.Lock()
		if s.again {
			s.again = false
			s.mu.Unlock()
			continue
		}
		s.running = false
		if !next.IsZero() {
			s.timer = time.AfterFunc(max(time.Until(next), 100*time.Millisecond), s.kick)
		}
		s.mu.Unlock()
		return
	}
}

func flushOutbox(ctx app.Context) time.Time {
	ob, _ := device()
	stored, next := ob.Flush(context.Background(), source.Post, time.Now()) // each post times out by itself
	client.KeepSecrets(client.LocalStorage(), stored)
	ctx.Dispatch(func(ctx app.Context) { ctx.NewActionWithValue(outboxAction, stored) })
	return next
}

// finishSaves saves the articles the reader asked to save while offline.
// One that cannot be fetched for want of a network, or a working server,
// stays queued for the next try; one that no longer exists is dropped.
func finishSaves(ctx app.Context) time.Time {
	_, lib := device()
	var next time.Time
	for _, m := range lib.Queued() {
		if !lib.SaveQueued(m.Slug) {
			continue // done or cancelled meanwhile, maybe in another tab
		}
		err := saveArticle(m, nil, nil, nil, nil)
		if errors.Is(err, client.ErrOffline) || errors.Is(err, client.ErrServer) {
			next = time.Now().Add(saveRetry)
			break
		}
		lib.Unqueue(m.Slug)
		ctx.Dispatch(func(ctx app.Context) { ctx.NewAction(libraryAction) })
	}
	return next
}

// saveArticle keeps an article on purpose. a, first (its thread's first
// page) and images are what the page has already; with a nil, they are
// fetched. progress may be nil.
func saveArticle(m article.Meta, a *article.Article, first *comment.Page, images []string, progress func(done, total int)) error {
	bg := context.Background()
	if a == nil {
		got, err := source.Article(bg, m.Slug)
		if err != nil {
			return err
		}
		a, images = &got, article.Render([]byte(got.Markdown), got.MediaBase).Images
		if p, err := source.Page(bg, m.Slug, "", 0); err == nil {
			first = &p
		}
	}
	files, n, err := client.Keep(*a, first, images, progress)
	if err != nil {
		return err
	}
	_, lib := device()
	evict(lib.Record(a.Meta, true, files, n, time.Now()))
	client.PersistStorage()
	return nil
}

// evict deletes files the library no longer lists from the cache. It
// blocks: call it from ctx.Async.
func evict(files []string) {
	if len(files) == 0 {
		return
	}
	_, lib := device()
	client.Forget(files)
	lib.Evicted(files)
}

// startDevice starts what runs once per app in the browser: posting the
// outbox and finishing queued saves (now, and when the network returns),
// following what other tabs change, and deleting cached files no kept
// article lists.
func startDevice(ctx app.Context) {
	saveSync.attach(ctx)
	saveSync.kick()
	app.Window().Call("addEventListener", "online", app.FuncOf(func(app.Value, []app.Value) any {
		ob, _ := device()
		ob.Wake()
		outboxSync.kick()
		saveSync.kick()
		return nil
	}))
	app.Window().Call("addEventListener", "storage", app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) > 0 {
			otherTab(ctx, args[0])
		}
		return nil
	}))
	// An embed has its own storage (partitioned by the host site) and no
	// library: its cached threads are not orphans.
	if !strings.HasPrefix(app.Window().URL().Path, "/embed/") {
		ctx.Async(func() {
			_, lib := device()
			left := lib.ToEvict()
			evict(left)
			if len(left)+client.Prune(lib.Files(), programStart.Add(-time.Minute)) > 0 {
				// The library page shows the storage used: now less.
				ctx.Dispatch(func(ctx app.Context) { ctx.NewAction(libraryAction) })
			}
		})
	}
}

// otherTab shows what another tab changed in the device's storage (a
// "storage" event): comments it queued, posted or discarded, articles it
// kept or forgot.
func otherTab(ctx app.Context, ev app.Value) {
	key, value := "", ""
	if k := ev.Get("key"); !k.IsNull() && !k.IsUndefined() {
		key = k.String()
	}
	if v := ev.Get("newValue"); !v.IsNull() && !v.IsUndefined() {
		value = v.String()
	}
	outboxChanged := key == "" || strings.HasPrefix(key, client.OutboxPrefix)
	libraryChanged := key == "" || strings.HasPrefix(key, client.LibraryPrefix) || strings.HasPrefix(key, client.SavingPrefix)
	ctx.Dispatch(func(ctx app.Context) {
		if outboxChanged {
			var stored []comment.Comment
			if c, ok := client.PostedEntry(value); ok {
				stored = append(stored, c)
			}
			ctx.NewActionWithValue(outboxAction, stored)
		}
		if libraryChanged {
			ctx.NewAction(libraryAction)
		}
	})
}

// queue adds a comment to the outbox and starts sending it.
func queue(c comment.Comment) {
	ob, _ := device()
	ob.Add(c)
	client.PersistStorage()
	outboxSync.kick()
}

// rateLimitedText is what a comment held back by the server's rate limit
// says: how long until it is tried again, in whole seconds.
func rateLimitedText(l i18n.Lang, p client.Pending, now time.Time) string {
	secs := max(1, int(math.Ceil(p.NextTry.Sub(now).Seconds())))
	return l.F("waiting to send: too many comments, retrying in %d s", secs)
}
