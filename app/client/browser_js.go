//go:build js && wasm

package client

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall/js"
	"time"
)

// localStorage keeps in memory (this tab only) what it could not store, so
// a full quota loses nothing while the app runs.
type localStorage struct {
	v   js.Value
	mem MemoryKV
}

// LocalStorage is the browser's localStorage as a KV; it falls back to memory
// where storage is blocked (some third-party iframes).
func LocalStorage() KV {
	defer func() { _ = recover() }() // reading localStorage can throw
	ls := js.Global().Get("localStorage")
	if ls.Truthy() {
		return &localStorage{v: ls, mem: MemoryKV{}}
	}
	return MemoryKV{}
}

func (s *localStorage) Get(k string) (string, bool) {
	if v, ok := s.mem[k]; ok {
		return v, true
	}
	v := s.v.Call("getItem", k)
	if v.IsNull() {
		return "", false
	}
	return v.String(), true
}

func (s *localStorage) Set(k, v string) {
	defer func() {
		if recover() != nil { // quota exceeded
			s.mem[k] = v
		}
	}()
	s.v.Call("setItem", k, v)
	delete(s.mem, k)
}

func (s *localStorage) Delete(k string) {
	delete(s.mem, k)
	s.v.Call("removeItem", k)
}

func (s *localStorage) Keys(prefix string) []string {
	out := s.mem.Keys(prefix)
	for i := range s.v.Get("length").Int() {
		k := s.v.Call("key", i)
		if k.Type() == js.TypeString && strings.HasPrefix(k.String(), prefix) && !slices.Contains(out, k.String()) {
			out = append(out, k.String())
		}
	}
	return out
}

// await waits for a JavaScript promise.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		var v js.Value
		if len(args) > 0 {
			v = args[0]
		}
		done <- result{v: v}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "promise rejected"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-done
	return r.v, r.err
}

// Online reports whether the browser thinks it has a network.
func Online() bool { return js.Global().Get("navigator").Get("onLine").Bool() }

// NotifyWorker posts {type: kind} to the active service worker, if any.
func NotifyWorker(kind string) {
	sw := js.Global().Get("navigator").Get("serviceWorker")
	if !sw.Truthy() {
		return
	}
	go func() {
		reg, err := await(sw.Get("ready"))
		if err != nil || !reg.Get("active").Truthy() {
			return
		}
		msg := js.Global().Get("Object").New()
		msg.Set("type", kind)
		reg.Get("active").Call("postMessage", msg)
	}()
}

// PersistStorage asks the browser not to evict what the reader keeps.
func PersistStorage() {
	st := js.Global().Get("navigator").Get("storage")
	if st.Truthy() && st.Get("persist").Truthy() {
		st.Call("persist")
	}
}

// StorageUsed is what this site stores on the device, and its quota, in bytes.
func StorageUsed() (used, quota int64) {
	st := js.Global().Get("navigator").Get("storage")
	if !st.Truthy() || !st.Get("estimate").Truthy() {
		return 0, 0
	}
	est, err := await(st.Call("estimate"))
	if err != nil {
		return 0, 0
	}
	return int64(est.Get("usage").Float()), int64(est.Get("quota").Float())
}

func dataCache() (js.Value, error) {
	caches := js.Global().Get("caches")
	if !caches.Truthy() {
		return js.Value{}, errors.New("no cache storage in this browser")
	}
	return await(caches.Call("open", DataCache))
}

// cachePut stores body as the response for url in the data cache.
func cachePut(url string, body []byte, contentType string) error {
	c, err := dataCache()
	if err != nil {
		return err
	}
	headers := js.Global().Get("Object").New()
	headers.Set("Content-Type", contentType)
	headers.Set("X-Folio-Fetched-At", js.Global().Get("Date").New().Call("toISOString"))
	init := js.Global().Get("Object").New()
	init.Set("headers", headers)
	res := js.Global().Get("Response").New(string(body), init)
	_, err = await(c.Call("put", url, res))
	return err
}

// cacheFetch fetches url and stores it in the data cache, unless it is there
// already; it returns the stored size.
func cacheFetch(url string) (int64, error) {
	c, err := dataCache()
	if err != nil {
		return 0, err
	}
	res, err := await(c.Call("match", url))
	if err != nil || !res.Truthy() {
		res, err = await(js.Global().Call("fetch", url))
		if err != nil {
			// The message and errors.Is as errors.Join gives them; fmt is
			// in app.wasm already, errors.Join is not.
			return 0, fmt.Errorf("%w\n%w", ErrOffline, err)
		}
		if !res.Get("ok").Bool() {
			return 0, errors.New(url + ": " + res.Get("statusText").String())
		}
		if _, err := await(c.Call("put", url, res.Call("clone"))); err != nil {
			return 0, err
		}
	}
	blob, err := await(res.Call("blob"))
	if err != nil {
		return 0, err
	}
	return int64(blob.Get("size").Float()), nil
}

// cacheDelete removes url from the data cache.
func cacheDelete(url string) {
	if c, err := dataCache(); err == nil {
		_, _ = await(c.Call("delete", url))
	}
}

// pageDelete removes a prerendered page from every build's page cache.
func pageDelete(path string) {
	caches := js.Global().Get("caches")
	if !caches.Truthy() {
		return
	}
	keys, err := await(caches.Call("keys"))
	if err != nil {
		return
	}
	for i := range keys.Length() {
		if name := keys.Index(i).String(); strings.HasPrefix(name, "folio-pages-") {
			if c, err := await(caches.Call("open", name)); err == nil {
				_, _ = await(c.Call("delete", path))
			}
		}
	}
}

// cachedBefore lists the data cache's files (path and query) stored before
// t, by the time the worker or Keep stamped on them, else the server's Date.
func cachedBefore(t time.Time) []string {
	c, err := dataCache()
	if err != nil {
		return nil
	}
	reqs, err := await(c.Call("keys"))
	if err != nil {
		return nil
	}
	var out []string
	for i := range reqs.Length() {
		req := reqs.Index(i)
		res, err := await(c.Call("match", req))
		if err != nil || !res.Truthy() {
			continue
		}
		if at, ok := storedAt(res.Get("headers")); ok && !at.Before(t) {
			continue
		}
		u := js.Global().Get("URL").New(req.Get("url"))
		out = append(out, u.Get("pathname").String()+u.Get("search").String())
	}
	return out
}

func storedAt(h js.Value) (time.Time, bool) {
	if v := h.Call("get", "X-Folio-Fetched-At"); v.Truthy() {
		if at, err := time.Parse(time.RFC3339, v.String()); err == nil {
			return at, true
		}
	}
	if v := h.Call("get", "Date"); v.Truthy() {
		if at, err := time.Parse(time.RFC1123, v.String()); err == nil {
			return at, true
		}
	}
	return time.Time{}, false
}
