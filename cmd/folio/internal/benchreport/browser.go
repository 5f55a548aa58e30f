package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// readyJS is when the page became interactive: web/loader.js marks
// "folio-app-ready" when app.wasm has run and the comment box works; -1
// until then. The time is from the start of the navigation.
const readyJS = `(() => {
	const e = performance.getEntriesByName("folio-app-ready")[0];
	return e ? e.startTime : -1;
})()`

// workerJS is true once a service worker controls the page.
const workerJS = `(async () => { await navigator.serviceWorker.ready; return !!navigator.serviceWorker.controller; })()`

// browser is a headless Chromium with its own profile folder.
type browser struct {
	ctx    context.Context
	cancel func()
}

// launch starts Chromium on the profile in dir (kept when it closes, so a
// second launch is the same device starting cold).
func launch(parent context.Context, chrome, dir string) (*browser, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	b := &browser{ctx: ctx, cancel: func() {
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = chromedp.Cancel(c) // closes Chromium gracefully: the profile is written out
		cancelCtx()
		cancelAlloc()
	}}
	if err := chromedp.Do(ctx); err != nil {
		b.cancel()
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	return b, nil
}

// tab opens another tab in the same browser: same worker, same storage.
func (b *browser) tab() (context.Context, func(), error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("new tab: %w", err)
	}
	return ctx, cancel, nil
}

// emulatePhone makes the tab issue 8's phone: 10 Mbit/s both ways, 40 ms
// round trip, the CPU 4× slower, on Lighthouse's mobile screen.
func emulatePhone(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		const rate = 10e6 / 8 // 10 Mbit/s in bytes/s
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: 40, DownloadThroughput: rate, UploadThroughput: rate}},
		}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 412, Height: 823, DeviceScaleFactor: 1.75, Mobile: true,
		})
		return err
	}))
}

// setOffline turns the tab's (and its service worker's) network off, as the
// offline browser tests do.
func setOffline(ctx context.Context) error {
	off := true
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		return err
	}))
}

// interactive opens url in the tab and returns the milliseconds from the
// navigation to "folio-app-ready".
func interactive(ctx context.Context, url string) (float64, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, fmt.Errorf("open %s: %w", url, err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](readyJS))
		if err == nil && ms >= 0 {
			return ms, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s: folio-app-ready never came", url)
}

// detailJS is what else a first visit shows, for -v: first contentful
// paint and how long app.wasm took to arrive.
const detailJS = `(() => {
	const fcp = performance.getEntriesByName("first-contentful-paint")[0];
	const wasm = performance.getEntriesByType("resource").find(e => e.name.includes("app.wasm"));
	return "first contentful paint " + (fcp ? Math.round(fcp.startTime) : "?") + " ms, app.wasm fetched in " +
		(wasm ? Math.round(wasm.responseEnd - wasm.startTime) + " ms (" + wasm.encodedBodySize + " B)" : "?");
})()`

// firstVisit is a first visit to url in a new profile, on localhost or, with
// phone, as issue 8's phone: milliseconds to interactive, and details.
func firstVisit(ctx context.Context, chrome, url string, onPhone bool) (float64, string, error) {
	dir, err := os.MkdirTemp("", "folio-bench-profile-")
	if err != nil {
		return 0, "", err
	}
	defer os.RemoveAll(dir)
	b, err := launch(ctx, chrome, dir)
	if err != nil {
		return 0, "", err
	}
	defer b.cancel()
	if onPhone {
		if err := emulatePhone(b.ctx); err != nil {
			return 0, "", fmt.Errorf("emulate a phone: %w", err)
		}
	}
	ms, err := interactive(b.ctx, url)
	if err != nil {
		return 0, "", err
	}
	detail, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](detailJS))
	return ms, detail, nil
}

// returning is what a returning reader's visits measure.
type returning struct {
	repeat      float64 // ms to interactive on a repeat visit, online
	repeatBytes float64 // bytes the servers sent for it, until the network went quiet
	offline     float64 // ms to interactive starting the browser again, offline
}

// returnVisits reads url once (until the service worker controls the page
// and the network is quiet: the article is kept), visits it again in a new
// tab, then closes the browser and starts it again offline on the same
// link. The servers' proxies count the bytes and cut the network.
func returnVisits(ctx context.Context, chrome, url string, s *servers) (returning, error) {
	r := returning{math.NaN(), math.NaN(), math.NaN()} // until measured
	dir, err := os.MkdirTemp("", "folio-bench-profile-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(dir)
	b, err := launch(ctx, chrome, dir)
	if err != nil {
		return r, err
	}
	defer func() {
		if b != nil {
			b.cancel()
		}
	}()
	if _, err := interactive(b.ctx, url); err != nil {
		return r, fmt.Errorf("first visit: %w", err)
	}
	if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](workerJS, chromedp.EvalAwaitPromise)); err != nil || !ok {
		return r, fmt.Errorf("first visit: no service worker controls the page (%v)", err)
	}
	s.quiet(2*time.Second, 60*time.Second)
	if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank")); err != nil {
		return r, err
	}

	tab, closeTab, err := b.tab()
	if err != nil {
		return r, err
	}
	before := s.sent()
	repeat, err := interactive(tab, url)
	if err != nil {
		return r, fmt.Errorf("repeat visit: %w", err)
	}
	s.quiet(time.Second, 30*time.Second)
	r.repeat, r.repeatBytes = repeat, float64(s.sent()-before)
	closeTab()
	b.cancel()

	s.setDown(true)
	defer s.setDown(false)
	if b, err = launch(ctx, chrome, dir); err != nil {
		return r, fmt.Errorf("start again: %w", err)
	}
	if err := setOffline(b.ctx); err != nil {
		return r, fmt.Errorf("go offline: %w", err)
	}
	offline, err := interactive(b.ctx, url)
	if err != nil {
		return r, fmt.Errorf("offline cold start: %w", err)
	}
	r.offline = offline
	return r, nil
}
