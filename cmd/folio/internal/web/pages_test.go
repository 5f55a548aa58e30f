package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestListPageStatus: page 1 has one address, pages past the oldest story
// and page numbers no route takes are not found.
func TestListPageStatus(t *testing.T) {
	h, _, ix := newSite(t)
	tag := ix.List()[0].Tags[0]
	for _, tt := range []struct {
		path     string
		status   int
		location string
	}{
		{"/", 200, ""},
		{"/page/1", 301, "/"},
		{"/page/1/", 301, "/"},
		{"/tag/" + tag + "/page/1", 301, "/tag/" + tag},
		{"/page/2", 404, ""},
		{"/tag/" + tag + "/page/2", 404, ""},
		{"/page/0", 404, ""},
		{"/page/01", 404, ""},
		{"/page/99999999999999999999", 404, ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if rec.Code != tt.status || rec.Header().Get("Location") != tt.location {
			t.Errorf("GET %s = %d Location %q, want %d %q", tt.path, rec.Code, rec.Header().Get("Location"), tt.status, tt.location)
		}
	}
}
