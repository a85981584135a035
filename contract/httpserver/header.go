package httpserver

import (
	"strings"

	"github.com/trellis-lattice/trellis/contract/codec"
)

// Header is an HTTP header map (Smithy HeaderMap): header names to their
// values. Providers send lowercase names; Get and Values match names without
// regard to case, and Set and Add store lowercase names.
type Header map[string][]string

// Get returns the first value of the named header, or "" if it is absent.
func (h Header) Get(name string) string {
	if v := h.Values(name); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values returns all values of the named header.
func (h Header) Values(name string) []string {
	if v, ok := h[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range h { // keys that are not lowercase, from other senders
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// Set replaces the values of the named header with value.
func (h Header) Set(name, value string) {
	h[strings.ToLower(name)] = []string{value}
}

// Add appends value to the values of the named header.
func (h Header) Add(name, value string) {
	key := strings.ToLower(name)
	h[key] = append(h[key], value)
}

// appendHeader appends h as a msgpack map of str to array of str.
func appendHeader(b []byte, h Header) []byte {
	return codec.AppendStringsMap(b, h)
}

// readHeader reads a header map; the result is never nil.
func readHeader(b []byte) (Header, []byte, error) {
	return codec.ReadStringsMap(b)
}
