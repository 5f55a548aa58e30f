//go:build js && wasm

package client

import (
	"context"
	"fmt"
	"syscall/js"
)

// fetch calls the browser's fetch. net/http would add megabytes to app.wasm.
func fetch(ctx context.Context, method, url string, body []byte) (int, []byte, error) {
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
		status int
		data   []byte
		err    error
	}
	done := make(chan result, 1)
	var onResponse, onText, onError js.Func
	status := 0
	onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "fetch failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: fmt.Errorf("%w: %s", ErrOffline, msg)}
		return nil
	})
	onText = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{status: status, data: []byte(args[0].String())}
		return nil
	})
	onResponse = js.FuncOf(func(_ js.Value, args []js.Value) any {
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onText, onError)
		return nil
	})
	defer onResponse.Release()
	defer onText.Release()
	defer onError.Release()

	js.Global().Call("fetch", url, opts).Call("then", onResponse, onError)
	select {
	case r := <-done:
		return r.status, r.data, r.err
	case <-ctx.Done():
		abort.Call("abort")
		<-done // let the callbacks finish before they are released
		return 0, nil, ctx.Err()
	}
}
