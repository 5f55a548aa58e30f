package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// deployWasm swaps in a build whose app.wasm is wasm (no precompressed
// copies), the rest of the web folder as it is.
func (s *site) deployWasm(t testing.TB, wasm []byte) {
	t.Helper()
	s.deployFiles(t, fstest.MapFS{"app.wasm": {Data: wasm}}, "app.wasm")
}

// buildProbe builds testdata/wasmprobe for the browser.
func buildProbe(t testing.TB) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "probe.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "./testdata/wasmprobe")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the probe: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// traceWasm runs steps with V8's wasm tracing on and returns how many trace
// events of each name it saw.
func traceWasm(t testing.TB, tab context.Context, steps func()) map[string]int {
	t.Helper()
	var mu sync.Mutex
	names := map[string]int{}
	done := make(chan struct{}, 1)
	listen, stop := context.WithCancel(tab)
	defer stop()
	if err := chromedp.Listen(listen, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				b, _ := json.Marshal(v)
				var te struct{ Name string }
				if json.Unmarshal(b, &te) == nil && strings.HasPrefix(te.Name, "wasm.") {
					mu.Lock()
					names[te.Name]++
					mu.Unlock()
				}
			}
		case *tracing.EventTracingComplete:
			done <- struct{}{}
		}
	}); err != nil {
		t.Fatal(err)
	}
	do(t, tab, "start tracing", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.Start, tracing.StartParams{
			TraceConfig: &tracing.TraceConfig{IncludedCategories: []string{"v8.wasm"}},
		})
		return err
	}))
	steps()
	do(t, tab, "end tracing", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{})
		return err
	}))
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the trace never completed")
	}
	mu.Lock()
	defer mu.Unlock()
	return names
}

// runProbeJS instantiates app.wasm from the worker's answer to a plain
// fetch, as a loader using instantiateStreaming does, and runs it.
const runProbeJS = `(async () => {
	if (!window.Go) {
		await new Promise((ok, fail) => {
			const s = document.createElement("script");
			s.src = "/wasm_exec.js"; s.onload = ok; s.onerror = fail;
			document.head.append(s);
		});
	}
	const go = new Go();
	const { instance } = await WebAssembly.instantiateStreaming(fetch("/web/app.wasm"), go.importObject);
	go.run(instance);
	return true;
})()`

// TestWasmCodeCache: Chromium keeps the compiled code of a module
// instantiated (instantiateStreaming) from a Response, and loads it on the
// next start instead of compiling, only when that Response is a real one
// (from the network, the HTTP cache or Cache Storage), not a copy made with
// new Response(). The worker answers app.wasm from its cache: a later start
// must load the compiled code (V8's trace says wasm.Deserialize). The app is
// a small probe program that runs long enough for V8 to keep its code.
func TestWasmCodeCache(t *testing.T) {
	s := startSite(t)
	s.deployWasm(t, buildProbe(t))
	ctx, _ := newBrowser(t)
	do(t, ctx, "first visit", chromedp.Navigate(s.URL+"/healthz"))
	do(t, ctx, "install the worker", chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.register("/app-worker.js")`))
	waitJS(t, ctx, "the worker ready", `navigator.serviceWorker.ready.then(() => true)`)
	do(t, ctx, "reload under the worker", chromedp.Reload())
	waitJS(t, ctx, "the page controlled", `!!navigator.serviceWorker.controller`)

	for visit := 1; visit <= 5; visit++ {
		tab := newTab(t, ctx)
		names := traceWasm(t, tab, func() {
			do(t, tab, "visit", chromedp.Navigate(s.URL+"/healthz"))
			waitJS(t, tab, "the page controlled", `!!navigator.serviceWorker.controller`)
			do(t, tab, "start the wasm", chromedp.Evaluate[chromedp.Void](runProbeJS, chromedp.EvalAwaitPromise))
			waitJS(t, tab, "the probe done", `window.wasmprobeDone === true`)
			// V8 writes its code cache once enough of the module is
			// optimized; this visit's trace need not see it.
			time.Sleep(3 * time.Second)
		})
		if visit > 1 && names["wasm.Deserialize"] > 0 {
			t.Logf("visit %d loaded the compiled code: %v", visit, names)
			return
		}
		t.Logf("visit %d compiled: %d functions lazily", visit, names["wasm.CompileLazy"])
		do(t, tab, "leave", chromedp.Navigate("about:blank"))
	}
	t.Fatal("no start loaded app.wasm's compiled code from Chromium's code cache: is the worker answering it with a copy?")
}
