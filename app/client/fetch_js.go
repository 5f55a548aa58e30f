//go:build js && wasm

package client

import (
	"context"
	"fmt"
	"strconv"
	"syscall/js"
	"time"
)

// fetch calls the browser's fetch. net/http would add megabytes to app.wasm.
func fetch(ctx context.Context, method, url string, body []byte) (response, error) {
	opts := js.Global().Get("Object").New()
	opts.Set("method", method)
	opts.Set("credentials", "same-origin")
	headers := js.Global().Get("Object").New()
	headers.Set("Accept", "application/json")
	if body != nil {
		headers.Set("Content-Type", "application/json")
		opts.Set("body", string(body))
	}
	opts.Set("headers", headers)
	abort := js.Global().Get("AbortController").New()
	opts.Set("signal", abort.Get("signal"))

	type result struct {
		res response
		err error
	}
	done := make(chan result, 1)
	var onResponse, onText, onError js.Func
	var res response
	onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "fetch failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: fmt.Errorf("%w: %s", ErrOffline, msg)}
		return nil
	})
	onText = js.FuncOf(func(_ js.Value, args []js.Value) any {
		res.body = []byte(args[0].String())
		done <- result{res: res}
		return nil
	})
	onResponse = js.FuncOf(func(_ js.Value, args []js.Value) any {
		res.status = args[0].Get("status").Int()
		if at := args[0].Get("headers").Call("get", "X-Folio-Fetched-At"); at.Truthy() {
			res.fetchedAt, _ = time.Parse(time.RFC3339, at.String())
		}
		if ra := args[0].Get("headers").Call("get", "Retry-After"); ra.Truthy() {
			if n, err := strconv.Atoi(ra.String()); err == nil && n > 0 {
				res.retryAfter = time.Duration(n) * time.Second
			}
		}
		args[0].Call("text").Call("then", onText, onError)
		return nil
	})
	defer onResponse.Release()
	defer onText.Release()
	defer onError.Release()

	js.Global().Call("fetch", url, opts).Call("then", onResponse, onError)
	select {
	case r := <-done:
		return r.res, r.err
	case <-ctx.Done():
		abort.Call("abort")
		<-done // let the callbacks finish before they are released
		return response{}, ctx.Err()
	}
}
