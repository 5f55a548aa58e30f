// Command scaletest is Folio's proof at scale (`make bench-scale`): it runs
// real `folio serve` processes on SQLite and on PostgreSQL, drives them from
// 64 HTTP clients, kills servers with kill -9 while comments are being
// posted, checks the database for lost and doubled comments, measures
// posts/s and reads/s with their latency, and prints one table.
//
//	go run ./cmd/folio/internal/scaletest -bin bin/folio [-pg postgres://…]
//
// Without -pg (or FOLIO_TEST_POSTGRES) the PostgreSQL rows are skipped. It
// exits 1 if any comment was lost, doubled or changed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// config is what the flags set.
type config struct {
	bin      string
	pg       string
	posters  int
	killFor  time.Duration // the kill tests' posting time
	phaseFor time.Duration // each throughput phase
	thread   int           // comments in the thread the readers read
	tmp      string
	articles []string // articles the posters write on
	readSlug string   // the article whose thread and page are read
	rateOnly bool     // skip the kill tests
}

// row is one line of the printed table.
type row struct {
	figure, goal, result, load string
	failed                     bool
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "bin/folio", "the folio binary to run")
	flag.StringVar(&cfg.pg, "pg", os.Getenv("FOLIO_TEST_POSTGRES"), "a PostgreSQL server URL whose user may create databases (default $FOLIO_TEST_POSTGRES; empty: skip PostgreSQL)")
	flag.IntVar(&cfg.posters, "posters", 64, "concurrent clients")
	flag.DurationVar(&cfg.killFor, "kill-for", 30*time.Second, "how long the kill tests post; the kill comes halfway")
	flag.DurationVar(&cfg.phaseFor, "phase-for", 10*time.Second, "how long each throughput phase runs")
	flag.IntVar(&cfg.thread, "thread", 50, "comments in the thread that readers read")
	flag.BoolVar(&cfg.rateOnly, "rate-only", false, "measure throughput only, without the kill tests")
	flag.Parse()
	cfg.articles = []string{"walking-the-old-salt-road", "night-buses-of-the-river-city", "the-fix-it-evening",
		"a-winter-soup-from-the-market", "what-the-lighthouse-logbooks-remember"}
	cfg.readSlug = "the-quiet-science-of-tides"
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	tmp, err := os.MkdirTemp("", "folio-scale-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	cfg.tmp = tmp
	if cfg.bin, err = filepath.Abs(cfg.bin); err != nil {
		fail(err)
	}
	rows, err := run(context.Background(), cfg)
	print(os.Stdout, cfg, rows)
	if err != nil {
		fail(err)
	}
	for _, r := range rows {
		if r.failed {
			os.Exit(1)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "scaletest:", err)
	os.Exit(1)
}

// run runs every scenario and returns the table's rows.
func run(ctx context.Context, cfg config) ([]row, error) {
	var rows []row
	pgDSN := func(name string) (string, error) { return freshPostgres(ctx, cfg.pg, name) }
	// 1. PostgreSQL, 2 servers, one killed.
	switch {
	case cfg.rateOnly:
	case cfg.pg == "":
		rows = append(rows, row{figure: "kill -9, 2 servers on PostgreSQL", result: "skipped: no -pg or FOLIO_TEST_POSTGRES"})
	default:
		dsn, err := pgDSN("folio_scale_kill")
		if err != nil {
			return rows, err
		}
		r, err := killTest(ctx, cfg, dsn, 2, false)
		if err != nil {
			return rows, fmt.Errorf("kill test on PostgreSQL: %w", err)
		}
		r.figure = fmt.Sprintf("%d posters for %s, 2 servers on PostgreSQL, one killed with kill -9 at %s, posters retrying on the other",
			cfg.posters, cfg.killFor, cfg.killFor/2)
		rows = append(rows, r)
	}
	// 2. SQLite, 1 server, killed and restarted.
	if !cfg.rateOnly {
		r, err := killTest(ctx, cfg, filepath.Join(cfg.tmp, "kill.db"), 1, true)
		if err != nil {
			return rows, fmt.Errorf("kill test on SQLite: %w", err)
		}
		r.figure = fmt.Sprintf("the same on SQLite, 1 server killed with kill -9 at %s and restarted", cfg.killFor/2)
		rows = append(rows, r)
	}
	// 3. Throughput on SQLite.
	rs, err := rateTest(ctx, cfg, filepath.Join(cfg.tmp, "rate.db"), 1, "SQLite, 1 server")
	rows = append(rows, rs...)
	if err != nil {
		return rows, fmt.Errorf("throughput on SQLite: %w", err)
	}
	// 4. Throughput on PostgreSQL, 2 servers.
	if cfg.pg != "" {
		dsn, err := pgDSN("folio_scale_rate")
		if err != nil {
			return rows, err
		}
		rs, err := rateTest(ctx, cfg, dsn, 2, "PostgreSQL, 2 servers")
		rows = append(rows, rs...)
		if err != nil {
			return rows, fmt.Errorf("throughput on PostgreSQL: %w", err)
		}
	}
	return rows, nil
}

// startServers starts n servers on dsn.
func startServers(ctx context.Context, cfg config, dsn string, n int) ([]*server, error) {
	var srvs []*server
	for i := range n {
		s, err := newServer(cfg.bin, dsn, cfg.tmp, i)
		if err == nil {
			err = s.start(ctx)
		}
		if err != nil {
			stopAll(srvs)
			return nil, err
		}
		srvs = append(srvs, s)
	}
	return srvs, nil
}

func stopAll(srvs []*server) {
	for _, s := range srvs {
		s.stop()
	}
}

func urls(srvs []*server) []string {
	var u []string
	for _, s := range srvs {
		u = append(u, s.url())
	}
	return u
}

// killTest runs cfg.posters posters against n servers on dsn for
// cfg.killFor, kills the first server with kill -9 halfway (restarting it on
// the same port if restart), and accounts for every post in the database.
func killTest(ctx context.Context, cfg config, dsn string, n int, restart bool) (row, error) {
	srvs, err := startServers(ctx, cfg, dsn, n)
	if err != nil {
		return row{}, err
	}
	defer stopAll(srvs)
	led := newLedger()
	client := newClient()
	start := time.Now()
	stopNew := start.Add(cfg.killFor)
	giveUp := stopNew.Add(30 * time.Second)
	var wg sync.WaitGroup
	for i := range cfg.posters {
		p := &poster{n: i, article: cfg.articles[i%len(cfg.articles)], urls: urls(srvs), cur: i % n, client: client, led: led}
		wg.Go(func() { p.run(ctx, stopNew, giveUp) })
	}
	time.Sleep(cfg.killFor / 2)
	srvs[0].kill()
	killed := time.Now()
	down := ""
	if restart {
		if err := srvs[0].start(ctx); err != nil {
			wg.Wait()
			return row{}, fmt.Errorf("restart: %w", err)
		}
		down = fmt.Sprintf(", down %.1f s", time.Since(killed).Seconds())
	}
	wg.Wait()
	elapsed := time.Since(start)
	load := loadavg()
	stopAll(srvs)
	rows, err := readRows(ctx, dsn)
	if err != nil {
		return row{}, err
	}
	t := account(led.tried, led.acked, rows)
	res := fmt.Sprintf("%d acknowledged (%.0f/s), %d lost, %d doubled, %d changed, %d unknown; %d stored unacknowledged, %d retries%s",
		t.Acked, float64(t.Acked)/elapsed.Seconds(), t.Lost, t.Doubled, t.Mismatched, t.Unknown, t.Unacked, led.retries, down)
	if len(led.refused) > 0 {
		res += fmt.Sprintf(", refused %v", led.refused)
	}
	if len(led.errs) > 0 {
		slog.Info("kill test: first retried answers", "db", dbKind(dsn), "errors", led.errs)
	}
	// A refused post is not lost, but it is a failed post all the same.
	return row{goal: "0 lost, 0 doubled", result: res, load: load, failed: !t.ok() || len(led.refused) > 0}, nil
}

// rateTest measures posts/s, then reads/s of a thread of cfg.thread
// comments, then reads/s of its article page, on n servers on dsn.
func rateTest(ctx context.Context, cfg config, dsn string, n int, name string) ([]row, error) {
	srvs, err := startServers(ctx, cfg, dsn, n)
	if err != nil {
		return nil, err
	}
	defer stopAll(srvs)
	u := urls(srvs)
	client := newClient()
	if err := seed(ctx, client, u[0], cfg); err != nil {
		return nil, err
	}
	var rows []row
	led := newLedger()
	posts := hammer(cfg.posters, cfg.phaseFor, func(w, i int) error {
		p := newPost(w, i, cfg.articles[w%len(cfg.articles)], "")
		led.try(p)
		a := sendPost(ctx, client, u[w%n], p)
		if a.status != 201 {
			return fmt.Errorf("post: %s", a)
		}
		led.ack(p.ID)
		return nil
	})
	rows = append(rows, rateRow("posts/s, "+name, "≥ 2,000/s, p99 < 50 ms", posts))
	api := hammer(cfg.posters, cfg.phaseFor, func(w, _ int) error {
		return get(ctx, client, u[w%n]+"/api/comments?article="+cfg.readSlug)
	})
	rows = append(rows, rateRow(fmt.Sprintf("reads/s, %s: GET /api/comments, %d comments", name, cfg.thread), "≥ 10,000/s, p99 < 50 ms", api))
	page := hammer(cfg.posters, cfg.phaseFor, func(w, _ int) error {
		return get(ctx, client, u[w%n]+"/a/"+cfg.readSlug)
	})
	rows = append(rows, rateRow(fmt.Sprintf("reads/s, %s: GET /a/{slug}, the article page with %d comments", name, cfg.thread), "≥ 10,000/s, p99 < 50 ms", page))
	// Reads of a page whose thread keeps changing: every post makes the
	// cached page stale, and the next read renders it again.
	writers := max(1, cfg.posters/8)
	var mixedPosts rate
	var wg sync.WaitGroup
	wg.Go(func() {
		mixedPosts = hammer(writers, cfg.phaseFor, func(w, i int) error {
			p := newPost(200+w, i, cfg.readSlug, "")
			led.try(p)
			a := sendPost(ctx, client, u[w%n], p)
			if a.status != 201 {
				return fmt.Errorf("post: %s", a)
			}
			led.ack(p.ID)
			return nil
		})
	})
	mixed := hammer(cfg.posters-writers, cfg.phaseFor, func(w, _ int) error {
		return get(ctx, client, u[w%n]+"/a/"+cfg.readSlug)
	})
	wg.Wait()
	rows = append(rows, rateRow(fmt.Sprintf("reads/s, %s: GET /a/{slug} by %d clients while %d post to that article (%.0f posts/s)",
		name, cfg.posters-writers, writers, mixedPosts.perSecond()), "(no goal: what writes cost the cache)", mixed))
	stopAll(srvs)
	stored, err := readRows(ctx, dsn)
	if err != nil {
		return rows, err
	}
	// The seeded thread was not tried by this ledger: count only the rest.
	seeded := map[string]bool{}
	for _, p := range stored {
		if p.Article == cfg.readSlug && strings.HasPrefix(p.Author, "Poster 99") {
			seeded[p.ID] = true
		}
	}
	var mine []post
	for _, p := range stored {
		if !seeded[p.ID] {
			mine = append(mine, p)
		}
	}
	if t := account(led.tried, led.acked, mine); !t.ok() {
		rows[0].failed = true
		rows[0].result += fmt.Sprintf("; %d lost, %d doubled, %d changed, %d unknown", t.Lost, t.Doubled, t.Mismatched, t.Unknown)
	}
	return rows, nil
}

// seed posts the thread the readers read: top-level comments, every third
// one a reply.
func seed(ctx context.Context, client *http.Client, base string, cfg config) error {
	var last string
	for i := range cfg.thread {
		parent := ""
		if i%3 == 2 {
			parent = last
		}
		p := newPost(99, i, cfg.readSlug, parent)
		if a := sendPost(ctx, client, base, p); !a.acked() {
			return fmt.Errorf("seed the thread: post %d: %s", i, a)
		}
		if parent == "" {
			last = p.ID
		}
	}
	return nil
}

func rateRow(figure, goal string, r rate) row {
	res := fmt.Sprintf("%.0f/s, p50 %s, p99 %s", r.perSecond(), ms(r.p50), ms(r.p99))
	if r.failed > 0 {
		res += fmt.Sprintf(", %d failed (first: %v)", r.failed, r.firstErr)
	}
	return row{figure: figure, goal: goal, result: res, load: loadavg(), failed: r.failed > 0}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func dbKind(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return "postgres"
	}
	return "sqlite"
}

// loadavg is the machine's 1-minute load average, from /proc/loadavg.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// print writes the table, in Markdown.
func print(w io.Writer, cfg config, rows []row) {
	fmt.Fprintf(w, "\nFolio at scale: %d cores, %s; %d client goroutines (Go net/http, keep-alive) on the same machine; load: the 1-minute load average as each figure was taken\n\n",
		runtime.NumCPU(), runtime.Version(), cfg.posters)
	fmt.Fprintln(w, "| figure | goal | measured | load (1 min) |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, r := range rows {
		mark := ""
		if r.failed {
			mark = " **FAILED**"
		}
		fmt.Fprintf(w, "| %s | %s | %s%s | %s |\n", r.figure, r.goal, r.result, mark, r.load)
	}
	fmt.Fprintln(w)
}
