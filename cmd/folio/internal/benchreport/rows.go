package main

import (
	"cmp"
	"context"
	"fmt"
	"math"

	"folio/cmd/folio/internal/lighthouse"
)

// sides runs measure on Folio and on nginx runs times, alternating which
// goes first, and returns both sides' figures (NaN for a failed run).
func sides(runs int, name string, logf func(string, ...any), measure func(base string) (float64, error), folio, nginx string) (f, n []float64, err error) {
	for i := range runs {
		order := []string{folio, nginx}
		if i%2 == 1 {
			order = []string{nginx, folio}
		}
		for _, base := range order {
			v, e := measure(base)
			if e != nil {
				v, err = math.NaN(), e
			}
			if base == folio {
				f = append(f, v)
				logf("%s: run %d/%d: Folio %.1f", name, i+1, runs, v)
			} else {
				n = append(n, v)
				logf("%s: run %d/%d: nginx %.1f", name, i+1, runs, v)
			}
		}
	}
	return f, n, err
}

// Names of the browser rows.
const (
	localRow   = "interactive (comment box usable), first visit, localhost"
	phoneRow   = "interactive, first visit, phone (10 Mbit/s, 40 ms RTT, 4× CPU slowdown)"
	repeatRow  = "repeat visit, to interactive"
	bytesRow   = "repeat visit, network bytes"
	offlineRow = "offline cold start (browser restarted), to interactive"
)

// browserRows: first visit to interactive on localhost and on a phone;
// repeat visit and offline cold start, with the repeat visit's bytes.
func browserRows(ctx context.Context, o options, s *servers, slug string, step func(string), logf func(string, ...any)) []row {
	if o.chrome == "" {
		why := "no chromium (apt-get install chromium)"
		return []row{
			notAvailable(localRow, seconds, goal{value: 800}, "nginx", why),
			notAvailable(phoneRow, seconds, goal{value: 2500}, "nginx", why),
			notAvailable(repeatRow, seconds, goal{value: 350}, "nginx", why),
			notAvailable(bytesRow, byteCount, goal{}, "nginx", why),
			notAvailable(offlineRow, seconds, goal{value: 350}, "nginx", why),
		}
	}
	path := "/a/" + slug
	var rows []row
	for _, c := range []struct {
		name  string
		phone bool
		goal  float64
	}{{localRow, false, 800}, {phoneRow, true, 2500}} {
		step(c.name)
		f, n, err := sides(o.runs, c.name, logf, func(base string) (float64, error) {
			ms, detail, err := firstVisit(ctx, o.chrome, base+path, c.phone)
			logf("%s: %s", base, detail)
			return ms, err
		}, s.folio.URL, s.nginx.URL)
		r := measured(c.name, seconds, goal{value: c.goal}, "nginx", f, n)
		noteErr(&r, err, logf)
		rows = append(rows, r)
	}
	step("repeat visit and offline cold start")
	return append(rows, returningRows(ctx, o, s, path, logf)...)
}

// returningRows: a returning reader's repeat visit (time and bytes) and
// offline cold start, on Folio and on nginx, alternating which goes first.
func returningRows(ctx context.Context, o options, s *servers, path string, logf func(string, ...any)) []row {
	var rep, b, off [2][]float64 // [Folio, nginx]
	var firstErr error
	for i := range o.runs {
		for k := range 2 {
			side := (i + k) % 2
			v, err := returnVisits(ctx, o.chrome, []string{s.folio.URL, s.nginx.URL}[side]+path, s)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			logf("returning reader, run %d/%d, %s: repeat %.0f ms (%.0f B), offline %.0f ms%s",
				i+1, o.runs, []string{"Folio", "nginx"}[side], v.repeat, v.repeatBytes, v.offline, errNote(err))
			rep[side] = append(rep[side], v.repeat)
			b[side] = append(b[side], v.repeatBytes)
			off[side] = append(off[side], v.offline)
		}
	}
	rows := []row{
		measured(repeatRow, seconds, goal{value: 350}, "nginx", rep[0], rep[1]),
		measured(bytesRow, byteCount, goal{}, "nginx", b[0], b[1]),
		measured(offlineRow, seconds, goal{value: 350}, "nginx", off[0], off[1]),
	}
	for i := range rows {
		noteErr(&rows[i], firstErr, logf)
	}
	return rows
}

// lighthouseRows: Lighthouse's mobile performance score and CLS for the
// long article and the front page.
func lighthouseRows(ctx context.Context, o options, s *servers, slug string, step func(string), logf func(string, ...any)) []row {
	pages := []struct{ name, path string }{{"the long article", "/a/" + slug}, {"the front page", "/"}}
	cli, err := lighthouse.Find(o.root)
	if err == nil && o.chrome == "" {
		err = fmt.Errorf("no chromium (apt-get install chromium)")
	}
	var perf, cls []row
	for _, p := range pages {
		pname := "Lighthouse mobile performance, " + p.name
		cname := "Lighthouse CLS, " + p.name
		if err != nil {
			perf = append(perf, notAvailable(pname, score, goal{value: 90, atLeast: true}, "nginx", err.Error()))
			cls = append(cls, notAvailable(cname, shift, goal{}, "nginx", err.Error()))
			continue
		}
		step("Lighthouse, " + p.name)
		sc, sh, lerr := lighthouseRuns(ctx, o, cli, p.name, []string{s.folio.URL + p.path, s.nginx.URL + p.path}, logf)
		pr := measured(pname, score, goal{value: 90, atLeast: true}, "nginx", sc[0], sc[1])
		cr := measured(cname, shift, goal{}, "nginx", sh[0], sh[1])
		noteErr(&pr, lerr, logf)
		noteErr(&cr, lerr, logf)
		perf, cls = append(perf, pr), append(cls, cr)
	}
	return append(perf, cls...)
}

// lighthouseRuns runs Lighthouse on urls ([Folio, nginx]) o.runs times,
// alternating which goes first: the scores and CLS of each side, NaN for a
// failed run, and the first error.
func lighthouseRuns(ctx context.Context, o options, cli, name string, urls []string, logf func(string, ...any)) (sc, sh [2][]float64, firstErr error) {
	for i := range o.runs {
		for k := range 2 {
			side := (i + k) % 2
			res, err := lighthouse.Run(ctx, cli, o.chrome, urls[side])
			if err != nil {
				firstErr = cmp.Or(firstErr, err)
				res = lighthouse.Result{Performance: math.NaN(), CLS: math.NaN()}
			}
			logf("Lighthouse, %s, run %d/%d, %s: performance %.0f, CLS %.3f, FCP %.0f ms, LCP %.0f ms, TBT %.0f ms, shifted %q",
				name, i+1, o.runs, []string{"Folio", "nginx"}[side], res.Performance, res.CLS, res.FCP, res.LCP, res.TBT, res.Shifts)
			sc[side] = append(sc[side], res.Performance)
			sh[side] = append(sh[side], res.CLS)
		}
	}
	return sc, sh, firstErr
}

// errNote is ": err" for the log, or nothing.
func errNote(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}
