//go:build js && wasm

package client

import "time"

// cached is the data cache's copy of url, if any. The service worker answers
// only requests to its own origin, so an export's comment threads, which
// come from another origin, are looked up here when the network is away.
func cached(url string) (response, bool) {
	c, err := dataCache()
	if err != nil {
		return response{}, false
	}
	res, err := await(c.Call("match", url))
	if err != nil || !res.Truthy() {
		return response{}, false
	}
	text, err := await(res.Call("text"))
	if err != nil {
		return response{}, false
	}
	r := response{status: res.Get("status").Int(), body: []byte(text.String())}
	if at := res.Get("headers").Call("get", "X-Folio-Fetched-At"); at.Truthy() {
		r.fetchedAt, _ = time.Parse(time.RFC3339, at.String())
	}
	return r, true
}
