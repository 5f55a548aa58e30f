//go:build !(js && wasm)

package i18n

func lookup(key string) (string, bool) {
	s, ok := zh[key]
	return s, ok
}
