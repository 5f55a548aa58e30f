package article

import (
	"slices"
	"testing"
)

func slugs(ms []Meta) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Slug)
	}
	return out
}

func TestAroundIn(t *testing.T) {
	m := func(slug string, tags ...string) Meta { return Meta{Slug: slug, Tags: tags} }
	list := []Meta{m("e", "city"), m("d", "city", "sea"), m("c", "sea"), m("b", "city"), m("a", "city"), m("z", "food", "city"), m("y", "food")}
	tests := []struct {
		name     string
		list     []Meta
		at       int
		wantNext string
		wantTag  string
		wantMore []string
	}{
		{"newest: next older, more skips self and next", list, 0, "d", "city", []string{"b", "a", "z"}},
		{"middle", list, 3, "a", "city", []string{"e", "d", "z"}},
		{"oldest wraps to newest", list, 6, "e", "food", []string{"z"}},
		{"first tag with others", list, 2, "b", "sea", []string{"d"}},
		{"first tag only one other, which is next", list, 5, "y", "city", []string{"e", "d", "b"}},
		{"untagged", []Meta{m("x"), m("w")}, 0, "w", "", nil},
		{"alone", []Meta{m("x", "city")}, 0, "", "", nil},
		{"out of range", list, 9, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tagged := func(tag string) []Meta {
				var out []Meta
				for _, x := range tt.list {
					if x.HasTag(tag) {
						out = append(out, x)
					}
				}
				return out
			}
			ar := AroundIn(tt.list, tt.at, tagged)
			next := ""
			if ar.Next != nil {
				next = ar.Next.Slug
			}
			if next != tt.wantNext || ar.Tag != tt.wantTag || !slices.Equal(slugs(ar.More), tt.wantMore) {
				t.Errorf("AroundIn(%d) = next %q, tag %q, more %q; want %q, %q, %q", tt.at, next, ar.Tag, slugs(ar.More), tt.wantNext, tt.wantTag, tt.wantMore)
			}
		})
	}
}

// TestAroundNoPictures: the stories an article's end links to come without
// their pictures.
func TestAroundNoPictures(t *testing.T) {
	list := []Meta{{Slug: "a", Tags: []string{"x"}, Image: "/a.png"}, {Slug: "b", Tags: []string{"x"}, Image: "/b.png"}, {Slug: "c", Tags: []string{"x"}, Image: "/c.png"}}
	ar := AroundIn(list, 0, func(string) []Meta { return list })
	if ar.Next == nil || len(ar.More) != 1 || ar.Next.Image != "" || ar.More[0].Image != "" {
		t.Errorf("AroundIn = next %+v, more %+v: want b and c without images", ar.Next, ar.More)
	}
	if list[1].Image != "/b.png" {
		t.Errorf("AroundIn changed the list it was given: %+v", list[1])
	}
}
