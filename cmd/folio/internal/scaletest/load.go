package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
)

// newClient is the load's HTTP client: keep-alive, with an idle connection
// kept for every goroutine on every server.
func newClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 1024
	tr.MaxIdleConnsPerHost = 256
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// ledger records what the posters tried and what the servers acknowledged.
type ledger struct {
	mu      sync.Mutex
	tried   map[string]post
	acked   map[string]bool
	refused map[int]int // 4xx answers other than 429, by status
	retries int
	errs    []string // the first few network errors and 5xx, for the log
}

func newLedger() *ledger {
	return &ledger{tried: map[string]post{}, acked: map[string]bool{}, refused: map[int]int{}}
}

func (l *ledger) try(p post) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tried[p.ID] = p
}

func (l *ledger) ack(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked[id] = true
}

func (l *ledger) retry(a answer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.retries++
	if len(l.errs) < 5 {
		l.errs = append(l.errs, a.String())
	}
}

func (l *ledger) refuse(status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refused[status]++
}

// answer is how a server answered one request.
type answer struct {
	status     int
	retryAfter time.Duration
	err        error
}

func (a answer) String() string {
	if a.err != nil {
		return a.err.Error()
	}
	return strconv.Itoa(a.status)
}

// acked reports a post the server stored: 201 new, 200 a replay.
func (a answer) acked() bool {
	return a.err == nil && (a.status == http.StatusCreated || a.status == http.StatusOK)
}

// retryable reports an answer a client should retry: no answer at all, a
// server error, or the rate limit.
func (a answer) retryable() bool {
	return a.err != nil || a.status >= 500 || a.status == http.StatusTooManyRequests
}

// sendPost posts p as the app does: JSON, no Origin (not a browser).
func sendPost(ctx context.Context, c *http.Client, base string, p post) answer {
	body, err := json.Marshal(map[string]string{
		"id": p.ID, "article": p.Article, "parent": p.Parent, "author": p.Author, "body": p.Body,
	})
	if err != nil {
		return answer{err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/comments", bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return answer{err: err}
	}
	a := answer{status: resp.StatusCode}
	if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && n > 0 {
		a.retryAfter = time.Duration(n) * time.Second
	}
	return a
}

// acceptEncoding is what Chromium asks for; zstd aside, Folio serves each.
const acceptEncoding = "gzip, deflate, br"

// get fetches url as a browser does, asking for compressed answers, and
// reads the whole answer, which must be 200. The body is read as sent: a
// browser would decompress it, but that is the reader's CPU, and on this
// machine it would be taken from the server under test (the Go client, left
// to itself, asks for gzip and decompresses every answer).
func get(ctx context.Context, c *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", acceptEncoding)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// filler makes comments the size of real ones (about 300 bytes of Markdown).
const filler = "I walked this route last *spring* and the tide tables were spot on. " +
	"The note about the harbour wall matches what the **old keeper** told us; " +
	"see the second paragraph. One question: does the bus still stop at the pier " +
	"after ten, or only on weekends?"

// newPost makes poster n's i-th comment on article, replying to parent when
// it is not empty. Its content is unique to it.
func newPost(n, i int, article, parent string) post {
	id, err := uuid.NewV7()
	if err != nil {
		id = uuid.New()
	}
	return post{ID: id.String(), Article: article, Parent: parent,
		Author: fmt.Sprintf("Poster %02d", n), Body: fmt.Sprintf("Comment %d from poster %d. %s", i, n, filler)}
}

// poster posts comments one after another, as a reader's app does, and
// retries a post until it is acknowledged: on no answer, a 5xx or a 429 it
// waits (Retry-After when given) and tries the next server.
type poster struct {
	n       int
	article string
	urls    []string
	cur     int
	client  *http.Client
	led     *ledger
}

// run posts until stopNew, then finishes the post under way, giving up on it
// at giveUp. Every fourth comment replies to the poster's last one.
func (p *poster) run(ctx context.Context, stopNew, giveUp time.Time) {
	last := ""
	for i := 0; time.Now().Before(stopNew); i++ {
		parent := ""
		if i%4 == 3 {
			parent = last
		}
		c := newPost(p.n, i, p.article, parent)
		p.led.try(c)
		if !p.deliver(ctx, c, giveUp) {
			return
		}
		p.led.ack(c.ID)
		last = c.ID
	}
}

// deliver sends c until a server acknowledges it; false if a server refused
// it (4xx) or giveUp passed.
func (p *poster) deliver(ctx context.Context, c post, giveUp time.Time) bool {
	wait := 20 * time.Millisecond
	for {
		a := sendPost(ctx, p.client, p.urls[p.cur], c)
		if a.acked() {
			return true
		}
		if !a.retryable() {
			p.led.refuse(a.status)
			return false
		}
		p.led.retry(a)
		if time.Now().After(giveUp) {
			return false
		}
		p.cur = (p.cur + 1) % len(p.urls) // the other server; with one, the same
		d := wait
		if a.retryAfter > 0 {
			d = a.retryAfter
		}
		time.Sleep(d)
		wait = min(2*wait, time.Second)
	}
}

// rate is the outcome of a throughput phase.
type rate struct {
	ops, failed int
	elapsed     time.Duration
	p50, p99    time.Duration
	firstErr    error
}

func (r rate) perSecond() float64 { return float64(r.ops) / r.elapsed.Seconds() }

// hammer runs op from workers goroutines for d and measures the successful
// ones: how many per second, and their latency.
func hammer(workers int, d time.Duration, op func(w, i int) error) rate {
	var (
		mu   sync.Mutex
		lats []time.Duration
		r    rate
		wg   sync.WaitGroup
	)
	start := time.Now()
	end := start.Add(d)
	for w := range workers {
		wg.Go(func() {
			var mine []time.Duration
			failed := 0
			var firstErr error
			for i := 0; time.Now().Before(end); i++ {
				t := time.Now()
				if err := op(w, i); err != nil {
					failed++
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			defer mu.Unlock()
			lats = append(lats, mine...)
			r.failed += failed
			if r.firstErr == nil {
				r.firstErr = firstErr
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	r.ops = len(lats)
	r.p50, r.p99 = percentile(lats, 50), percentile(lats, 99)
	return r
}

// percentile returns the p-th percentile of lats (nearest rank), 0 if empty.
func percentile(lats []time.Duration, p int) time.Duration {
	if len(lats) == 0 {
		return 0
	}
	s := slices.Clone(lats)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(i, len(s))-1)]
}
