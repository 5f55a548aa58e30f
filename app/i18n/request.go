//go:build !(js && wasm)

package i18n

import "net/http"

// FromRequest is the interface language a request asks for: the reader's
// choice in the settings (the Cookie), else its Accept-Language.
func FromRequest(r *http.Request) Lang {
	choice := ""
	if c, err := r.Cookie(Cookie); err == nil {
		choice = c.Value
	}
	return Negotiate(choice, r.Header.Get("Accept-Language"))
}
