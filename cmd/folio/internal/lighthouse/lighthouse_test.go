package lighthouse

import (
	"strings"
	"testing"
)

const metrics = `"cumulative-layout-shift": {"numericValue": 0.25},
	"first-contentful-paint": {"numericValue": 900.5}, "largest-contentful-paint": {"numericValue": 1100},
	"total-blocking-time": {"numericValue": 1500}, "speed-index": {"numericValue": 950},
	"diagnostics": {"details": {"items": [{"numRequests": 9}]}},
	"network-rtt": {"details": {"items": {"a": 1}}}`

func TestParse(t *testing.T) {
	good := `{"categories": {"performance": {"score": 0.74}}, "audits": {` + metrics + `,
		"layout-shifts": {"details": {"items": [{"node": {"selector": "div.story > h1"}}]}}}}`
	r, err := parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if r.Performance != 74 || r.CLS != 0.25 || r.FCP != 900.5 || r.LCP != 1100 || r.TBT != 1500 || r.SpeedIndex != 950 {
		t.Errorf("parse = %+v", r)
	}
	if len(r.Shifts) != 1 || r.Shifts[0] != "div.story > h1" {
		t.Errorf("parse shifts = %q, want [div.story > h1]", r.Shifts)
	}

	bad := map[string]string{
		"not json":      `{`,
		"runtime error": `{"runtimeError": {"code": "NO_FCP", "message": "no paint"}, "categories": {"performance": {"score": 0}}, "audits": {` + metrics + `}}`,
		"no score":      `{"categories": {"performance": {"score": null}}, "audits": {` + metrics + `}}`,
		"no cls":        `{"categories": {"performance": {"score": 1}}, "audits": {"first-contentful-paint": {"numericValue": 1}}}`,
	}
	for name, in := range bad {
		if r, err := parse([]byte(in)); err == nil {
			t.Errorf("parse(%s) = %+v, want an error", name, r)
		}
	}
}

func TestFindMissing(t *testing.T) {
	t.Setenv("FOLIO_LIGHTHOUSE", "")
	_, err := Find(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "make lighthouse") {
		t.Errorf("Find(empty dir) error = %v, want one that says how to install", err)
	}
}
