package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"folio/cmd/folio/internal/api"
	"folio/cmd/folio/internal/content"
	"folio/cmd/folio/internal/store"
	"folio/cmd/folio/internal/web"
	webfiles "folio/web"
)

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	addr := fl.String("addr", env("addr", "127.0.0.1:8080"), "address to listen on")
	dir := fl.String("content", env("content", ""), "folder of *.md articles (default: the built-in sample magazine)")
	dsn := fl.String("db", env("db", "folio.db"), "comment store: a SQLite file path")
	token := fl.String("admin-token", env("admin-token", ""), "bearer token for moderation (empty: moderation off)")
	domain := fl.String("domain", env("domain", ""), "public host name for canonical links (default: the -addr host)")
	embedOrigins := fl.String("embed-origins", env("embed-origins", "*"), "comma-separated origins whose pages may embed Folio (https://news.example), or * for any")
	if err := fl.Parse(args); err != nil {
		return errReported
	}
	if *domain == "" {
		*domain = *addr
	}
	origins, err := web.ParseOrigins(*embedOrigins)
	if err != nil {
		return err
	}
	site, closeSite, err := open(ctx, *dir, *dsn, *token, *domain, origins...)
	if err != nil {
		return err
	}
	defer closeSite()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 5 * time.Second, // a slow client cannot hold connections open
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	slog.Info("serving", "url", "http://"+ln.Addr().String(), "content", contentName(*dir), "db", *dsn)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// open wires the content, the store, the API and the pages into one handler.
// embedOrigins are the sites that may frame the embed (none given: any).
func open(ctx context.Context, dir, dsn, token, domain string, embedOrigins ...string) (http.Handler, func(), error) {
	ix, err := loadContent(dir)
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("open store %s: %w", dsn, err)
	}
	a := api.New(api.Config{Articles: ix, Comments: st, AdminToken: token, Now: time.Now, Log: slog.Default(),
		Domain: domain, Origins: embedOrigins})
	h, err := web.New(web.Config{
		Index:    ix,
		Comments: st,
		API:      a,
		Static:   webfiles.Files,
		Domain:   domain,

		EmbedOrigins: embedOrigins,
	})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return h, func() { st.Close() }, nil
}

// loadContent loads the publisher's folder, or the sample magazine. Broken
// articles are logged and left out: the rest of the magazine still serves.
func loadContent(dir string) (*content.Index, error) {
	fsys := content.Sample()
	if dir != "" {
		root, err := os.OpenRoot(dir) // unlike os.DirFS, never follows a link out of dir
		if err != nil {
			return nil, fmt.Errorf("open content folder: %w", err)
		}
		fsys = root.FS()
	}
	ix, probs, err := content.Load(fsys)
	if err != nil {
		return nil, err
	}
	for _, p := range probs {
		slog.Warn("article left out", "problem", p.Error())
	}
	if len(ix.List()) == 0 {
		slog.Warn("no articles to serve", "content", contentName(dir))
	}
	return ix, nil
}

func contentName(dir string) string {
	if dir == "" {
		return "built-in sample"
	}
	return dir
}
