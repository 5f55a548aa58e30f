package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// unit says how a row's figures read.
type unit int

const (
	seconds   unit = iota // stored in milliseconds, shown in seconds
	millis                // milliseconds
	byteCount             // bytes
	score                 // a Lighthouse score, 0 to 100
	shift                 // a layout shift score
	perSecond             // requests per second
)

// format writes v in u, or "—" for NaN (not measured).
func (u unit) format(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	switch u {
	case seconds:
		return fmt.Sprintf("%.2f s", v/1000)
	case millis:
		return fmt.Sprintf("%.1f ms", v)
	case byteCount:
		return thousands(int64(math.Round(v))) + " B"
	case score:
		return fmt.Sprintf("%.0f", v)
	case shift:
		return fmt.Sprintf("%.3g", v)
	case perSecond:
		return thousands(int64(math.Round(v))) + "/s"
	}
	return fmt.Sprint(v)
}

// thousands writes n with commas: 1,649,083.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// goal is issue 8's target for a row: the figure (or, with onRatio, the
// ratio to the anchor) at most (or, with atLeast, at least) value.
type goal struct {
	value   float64
	atLeast bool
	onRatio bool
}

// String writes the goal as the issue does: "≤ 0.80 s", "≥ 0.5×", "0 B".
func (g goal) String(u unit) string {
	if g.value == 0 && !g.atLeast && !g.onRatio {
		return u.format(0)
	}
	op := "≤ "
	if g.atLeast {
		op = "≥ "
	}
	if g.onRatio {
		return op + fmt.Sprintf("%.1f×", g.value)
	}
	return op + u.format(g.value)
}

// met reports whether v reaches the goal.
func (g goal) met(v float64) bool {
	if g.atLeast {
		return v >= g.value
	}
	return v <= g.value
}

// row is one line of the report: a figure measured on Folio beside its
// anchor measured the same way in the same run, and the goal.
type row struct {
	name   string
	unit   unit
	figure float64 // median over the runs; NaN when not measured
	anchor float64 // NaN when the row has no anchor or it failed
	// anchorName says what the anchor is: "nginx", "marked", "budget".
	anchorName string
	goal       goal
	// missing says why the row was not measured ("" when it was).
	missing string
	// runs are the single runs' figures, for -v.
	runs, anchorRuns []float64
}

// measured makes a row from the runs of the figure and of the anchor.
func measured(name string, u unit, g goal, anchorName string, runs, anchorRuns []float64) row {
	return row{name: name, unit: u, goal: g, anchorName: anchorName,
		figure: median(runs), anchor: median(anchorRuns), runs: runs, anchorRuns: anchorRuns}
}

// notAvailable is a row that could not be measured, and why.
func notAvailable(name string, u unit, g goal, anchorName, why string) row {
	return row{name: name, unit: u, goal: g, anchorName: anchorName, figure: math.NaN(), anchor: math.NaN(), missing: why}
}

// ratio is figure ÷ anchor, NaN when either is missing or the anchor is 0.
func (r row) ratio() float64 {
	if math.IsNaN(r.figure) || math.IsNaN(r.anchor) || r.anchor == 0 {
		return math.NaN()
	}
	return r.figure / r.anchor
}

// verdict is "pass", "fail", or "not available: why".
func (r row) verdict() string {
	v := r.figure
	if r.goal.onRatio {
		v = r.ratio()
	}
	switch {
	case r.missing != "":
		return "not available: " + r.missing
	case math.IsNaN(v):
		return "not available"
	case r.goal.met(v):
		return "pass"
	}
	return "fail"
}

// cells are the row's table cells.
func (r row) cells() []string {
	anchor := "—"
	if !math.IsNaN(r.anchor) {
		anchor = r.unit.format(r.anchor) + " (" + r.anchorName + ")"
	} else if r.anchorName != "" {
		anchor = "— (" + r.anchorName + ")"
	}
	ratio := "—"
	if q := r.ratio(); !math.IsNaN(q) {
		ratio = fmt.Sprintf("%.2f×", q)
	}
	return []string{r.name, r.unit.format(r.figure), anchor, ratio, r.goal.String(r.unit), r.verdict()}
}

// writeTable prints the rows as one Markdown table.
func writeTable(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| measure | Folio | anchor | Folio ÷ anchor | goal | |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | --- | --- |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r.cells(), " | "))
	}
}

// median of xs, NaN when there are none; NaN entries (failed runs) are
// left out.
func median(xs []float64) float64 {
	var ok []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ok = append(ok, x)
		}
	}
	if len(ok) == 0 {
		return math.NaN()
	}
	slices.Sort(ok)
	n := len(ok)
	if n%2 == 1 {
		return ok[n/2]
	}
	return (ok[n/2-1] + ok[n/2]) / 2
}
