//go:build !(js && wasm)

package client

import (
	"context"
	"errors"
)

// fetch exists only in the browser. The server reads its own stores directly;
// this stub keeps the package building for native tests and prerendering.
func fetch(context.Context, string, string, []byte) (response, error) {
	return response{}, errors.New("client: fetch is only available in the browser")
}
