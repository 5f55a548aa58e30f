// Package lighthouse runs the Lighthouse command line (npm lighthouse, as
// `make lighthouse` installs it) on one page with Debian's Chromium and reads
// back the figures Folio's speed report and its layout-shift test need. The
// mobile preset is Lighthouse's default: a phone screen with simulated
// throttling (150 ms RTT, 1.6 Mbit/s, 4× CPU slowdown).
package lighthouse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Version is the Lighthouse the Makefile installs (LIGHTHOUSE_VERSION there).
// 12.8.2, the last release for Node 18, reads no layout shift from Chromium
// 156's traces (CLS 0 with a 0.15 shift injected); 13.5.0 reads them. It
// asks for Node 22 but runs on Node 20.
const Version = "13.5.0"

// ErrMissing is returned by Find when no Lighthouse is installed.
var ErrMissing = errors.New("lighthouse is not installed")

// Find returns the Lighthouse command: FOLIO_LIGHTHOUSE, or the one `make
// lighthouse` installs under root/.cache/lighthouse.
func Find(root string) (string, error) {
	p := os.Getenv("FOLIO_LIGHTHOUSE")
	if p == "" {
		p = filepath.Join(root, ".cache", "lighthouse", "node_modules", ".bin", "lighthouse")
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%w (`make lighthouse` installs lighthouse@%s into .cache/lighthouse): %v", ErrMissing, Version, err)
	}
	return p, nil
}

// Result is one Lighthouse run's figures for one page.
type Result struct {
	// Performance is the performance score, 0 to 100.
	Performance float64
	// CLS is the cumulative layout shift.
	CLS float64
	// FCP, LCP, TBT and SpeedIndex are in milliseconds, as simulated.
	FCP, LCP, TBT, SpeedIndex float64
	// Shifts lists the elements that moved, as Lighthouse names them.
	Shifts []string
}

// Run loads url once with Lighthouse's mobile preset in the Chromium at
// chrome (headless, without sandbox so it also runs as root) and returns the
// figures.
func Run(ctx context.Context, cli, chrome, url string) (Result, error) {
	out, err := os.CreateTemp("", "lighthouse-*.json")
	if err != nil {
		return Result{}, fmt.Errorf("lighthouse: %w", err)
	}
	out.Close()
	defer os.Remove(out.Name())
	cmd := exec.CommandContext(ctx, cli, url,
		"--quiet", "--only-categories=performance", "--output=json", "--output-path="+out.Name(),
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic")
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("lighthouse %s: %w\n%s", url, err, stderr.Bytes())
	}
	b, err := os.ReadFile(out.Name())
	if err != nil {
		return Result{}, fmt.Errorf("lighthouse %s: %w", url, err)
	}
	return parse(b)
}

// report is the part of Lighthouse's JSON report that Result holds.
type report struct {
	RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
	Categories   struct {
		Performance struct{ Score *float64 } `json:"performance"`
	} `json:"categories"`
	Audits map[string]struct {
		NumericValue *float64 `json:"numericValue"`
	} `json:"audits"`
}

// shifts is the layout-shifts audit (other audits' details differ in shape).
type shifts struct {
	Audits struct {
		LayoutShifts struct {
			Details struct {
				Items []struct {
					Node struct {
						Selector string `json:"selector"`
					} `json:"node"`
				} `json:"items"`
			} `json:"details"`
		} `json:"layout-shifts"`
	} `json:"audits"`
}

// parse reads a Lighthouse JSON report; a run that failed (no score, a
// runtime error, a missing metric) is an error, never a zero.
func parse(b []byte) (Result, error) {
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		return Result{}, fmt.Errorf("lighthouse report: %w", err)
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" && r.RuntimeError.Code != "NO_ERROR" {
		return Result{}, fmt.Errorf("lighthouse: %s: %s", r.RuntimeError.Code, r.RuntimeError.Message)
	}
	if r.Categories.Performance.Score == nil {
		return Result{}, errors.New("lighthouse report: no performance score")
	}
	res := Result{Performance: 100 * *r.Categories.Performance.Score}
	for id, dst := range map[string]*float64{
		"cumulative-layout-shift": &res.CLS, "first-contentful-paint": &res.FCP,
		"largest-contentful-paint": &res.LCP, "total-blocking-time": &res.TBT, "speed-index": &res.SpeedIndex,
	} {
		a, ok := r.Audits[id]
		if !ok || a.NumericValue == nil {
			return Result{}, fmt.Errorf("lighthouse report: no %s", id)
		}
		*dst = *a.NumericValue
	}
	var ls shifts
	if err := json.Unmarshal(b, &ls); err != nil {
		return Result{}, fmt.Errorf("lighthouse report, layout shifts: %w", err)
	}
	for _, it := range ls.Audits.LayoutShifts.Details.Items {
		res.Shifts = append(res.Shifts, it.Node.Selector)
	}
	return res, nil
}
