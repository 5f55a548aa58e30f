//go:build !(js && wasm)

package client

import (
	"errors"
	"time"
)

var errNoBrowser = errors.New("client: only available in the browser")

// LocalStorage is a memory KV outside the browser.
func LocalStorage() KV { return MemoryKV{} }

// Online is always true outside the browser.
func Online() bool { return true }

// NotifyWorker does nothing outside the browser.
func NotifyWorker(string) {}

// PersistStorage does nothing outside the browser.
func PersistStorage() {}

// StorageUsed is unknown outside the browser.
func StorageUsed() (used, quota int64) { return 0, 0 }

func cachePut(string, []byte, string) error { return errNoBrowser }

func cacheFetch(string) (int64, error) { return 0, errNoBrowser }

func cacheDelete(string) {}

func pageDelete(string) {}

func cachedBefore(time.Time) []string { return nil }
