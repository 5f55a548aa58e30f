package main

import (
	"testing"
	"time"
)

// TestAccount checks the accounting that decides the kill tests: every
// acknowledged post stored once with its content, nothing else stored but
// posts tried and left unanswered.
func TestAccount(t *testing.T) {
	a := post{ID: "a", Article: "tides", Author: "Ann", Body: "one"}
	b := post{ID: "b", Article: "tides", Parent: "a", Author: "Ann", Body: "two"}
	c := post{ID: "c", Article: "tides", Author: "Bo", Body: "three"}
	tried := map[string]post{"a": a, "b": b, "c": c}
	ackedAB := map[string]bool{"a": true, "b": true}
	with := func(p post, f func(*post)) post { f(&p); return p }
	tests := []struct {
		name  string
		acked map[string]bool
		rows  []post
		want  tally
		ok    bool
	}{
		{"all stored", ackedAB, []post{a, b}, tally{Acked: 2, Stored: 2}, true},
		{"stored, answer lost", ackedAB, []post{a, b, c}, tally{Acked: 2, Stored: 3, Unacked: 1}, true},
		{"nothing acknowledged", map[string]bool{}, nil, tally{}, true},
		{"one lost", ackedAB, []post{b}, tally{Acked: 2, Stored: 1, Lost: 1}, false},
		{"all lost", ackedAB, nil, tally{Acked: 2, Lost: 2}, false},
		{"same id twice", ackedAB, []post{a, b, a}, tally{Acked: 2, Stored: 3, Doubled: 1}, false},
		{"same content, second id", ackedAB, []post{a, b, with(a, func(p *post) { p.ID = "x" })},
			tally{Acked: 2, Stored: 3, Doubled: 1, Unknown: 1}, false},
		{"body changed", ackedAB, []post{a, with(b, func(p *post) { p.Body = "TWO" })},
			tally{Acked: 2, Stored: 2, Mismatched: 1}, false},
		{"parent lost", ackedAB, []post{a, with(b, func(p *post) { p.Parent = "" })},
			tally{Acked: 2, Stored: 2, Mismatched: 1}, false},
		{"never tried", ackedAB, []post{a, b, {ID: "z", Article: "tides", Author: "Eve", Body: "?"}},
			tally{Acked: 2, Stored: 3, Unknown: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := account(tried, tt.acked, tt.rows)
			if got != tt.want {
				t.Errorf("account = %+v, want %+v", got, tt.want)
			}
			if got.ok() != tt.ok {
				t.Errorf("ok() = %v, want %v", got.ok(), tt.ok)
			}
		})
	}
}

// TestPercentile checks the nearest-rank percentile the latency figures use.
func TestPercentile(t *testing.T) {
	var lats []time.Duration
	for i := 100; i >= 1; i-- {
		lats = append(lats, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		lats []time.Duration
		p    int
		want time.Duration
	}{
		{lats, 50, 50 * time.Millisecond},
		{lats, 99, 99 * time.Millisecond},
		{lats, 100, 100 * time.Millisecond},
		{lats[:1], 99, 100 * time.Millisecond},
		{nil, 99, 0},
	} {
		if got := percentile(tt.lats, tt.p); got != tt.want {
			t.Errorf("percentile(%d values, %d) = %s, want %s", len(tt.lats), tt.p, got, tt.want)
		}
	}
}
