package store

import (
	"context"
	"errors"
	"testing"

	"folio/app/comment"
)

func init() {
	contract = append(contract, struct {
		name string
		test func(*testing.T, newDB)
	}{"Reactions", testReactions})
}

// testReactions: one say per device per comment, repeated harmlessly,
// replaced when changed, counted on the pages of the thread.
func testReactions(t *testing.T, fresh newDB) {
	s, _ := openFresh(t, fresh)
	ctx := context.Background()
	r := s.(Reactor)
	mustPost(t, s, mk("c1", "a", "", "one", 1))
	mustPost(t, s, mk("c2", "a", "c1", "two", 2))
	mustPost(t, s, mk("c3", "a", "", "three", 3))
	steps := []struct {
		r         comment.Reaction
		want      comment.Counts
		wantScore int
	}{
		{comment.Reaction{Comment: "c1", Device: "dA", Emoji: "👍", Vote: 1}, comment.Counts{1, 0, 0, 0, 0}, 1},
		{comment.Reaction{Comment: "c1", Device: "dB", Emoji: "❤️", Vote: 1}, comment.Counts{1, 1, 0, 0, 0}, 2},
		{comment.Reaction{Comment: "c1", Device: "dC", Emoji: "👍", Vote: -1}, comment.Counts{2, 1, 0, 0, 0}, 1},
		// The same say again is one say.
		{comment.Reaction{Comment: "c1", Device: "dA", Emoji: "👍", Vote: 1}, comment.Counts{2, 1, 0, 0, 0}, 1},
		// Another replaces it.
		{comment.Reaction{Comment: "c1", Device: "dA", Emoji: "😂", Vote: -1}, comment.Counts{1, 1, 1, 0, 0}, -1},
		// A vote alone, and taking everything back.
		{comment.Reaction{Comment: "c1", Device: "dB", Vote: 1}, comment.Counts{1, 0, 1, 0, 0}, -1},
		{comment.Reaction{Comment: "c1", Device: "dC"}, comment.Counts{0, 0, 1, 0, 0}, 0},
		{comment.Reaction{Comment: "c2", Device: "dA", Emoji: "🙏"}, comment.Counts{0, 0, 0, 0, 1}, 0},
	}
	for _, st := range steps {
		article, got, err := r.React(ctx, st.r)
		if err != nil || article != "a" || got.Reactions != st.want || got.Score != st.wantScore {
			t.Fatalf("React(%+v) = %q, %+v, %v; want \"a\", %v score %d", st.r, article, got, err, st.want, st.wantScore)
		}
	}
	page, err := s.Page(ctx, "a", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]comment.Tally{
		"c1": {Reactions: comment.Counts{0, 0, 1, 0, 0}},
		"c2": {Reactions: comment.Counts{0, 0, 0, 0, 1}},
		"c3": {},
	}
	for _, c := range page.Comments {
		w := want[c.ID]
		if c.Reactions != w.Reactions || c.Score != w.Score {
			t.Errorf("Page: %s has %v score %d, want %v score %d", c.ID, c.Reactions, c.Score, w.Reactions, w.Score)
		}
	}
	if len(page.Comments) != 3 {
		t.Errorf("Page holds %d comments, want 3", len(page.Comments))
	}

	mustPost(t, s, mk("hid", "a", "", "hidden", 4))
	if err := s.SetStatus(ctx, "hid", comment.Hidden); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "c3"); err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		r    comment.Reaction
		want error
	}{
		{comment.Reaction{Comment: "nope", Device: "dA", Vote: 1}, comment.ErrNotFound},
		{comment.Reaction{Comment: "hid", Device: "dA", Vote: 1}, comment.ErrInvalid},
		{comment.Reaction{Comment: "c3", Device: "dA", Vote: 1}, comment.ErrInvalid},
		{comment.Reaction{Comment: "c1", Device: "dA", Emoji: "💩"}, comment.ErrInvalid},
		{comment.Reaction{Comment: "c1", Device: "dA", Vote: 2}, comment.ErrInvalid},
		{comment.Reaction{Comment: "c1", Device: "d A"}, comment.ErrMalformed},
		{comment.Reaction{Comment: "c1", Device: ""}, comment.ErrMalformed},
		{comment.Reaction{Comment: "c1'; --", Device: "dA"}, comment.ErrMalformed},
	}
	for _, tt := range refused {
		if _, _, err := r.React(ctx, tt.r); !errors.Is(err, tt.want) {
			t.Errorf("React(%+v) = %v, want %v", tt.r, err, tt.want)
		}
	}
	// Refusals wrote nothing.
	if _, got, err := r.React(ctx, comment.Reaction{Comment: "c1", Device: "dC"}); err != nil || got.Score != 0 || got.Reactions != (comment.Counts{0, 0, 1, 0, 0}) {
		t.Errorf("after refusals c1 = %+v, %v", got, err)
	}
}
