// Command echo is an example actor that answers every HTTP request with 200
// and a JSON description of the request, like wasmCloud's echo actor:
//
//	{"body":[104,105],"method":"POST","path":"/foo","query_string":"a=1"}
//
// The body is an array of byte values, not a string, so any bytes survive.
//
// Capability claims: wasmcloud:httpserver.
package main

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/trellis-lattice/trellis/actor/httpserver"
)

func init() {
	httpserver.Handle(handle)
}

func main() {}

// handle describes req in JSON.
func handle(_ context.Context, req *httpserver.Request) (*httpserver.Response, error) {
	// No Content-Type header: wasmCloud's echo answers with an empty header map.
	return httpserver.NewResponse(200, describe(req)), nil
}

// describe renders the echoed fields of req as JSON, in the field order of wasmCloud's echo
// actor and with the escaping of encoding/json without HTML escaping (the test checks both
// byte for byte). It writes the JSON by hand: encoding/json's reflection costs more than
// everything else the actor does, and a leaner module starts faster.
func describe(req *httpserver.Request) []byte {
	out := make([]byte, 0, 64+4*len(req.Body)+len(req.Method)+len(req.Path)+len(req.QueryString))
	out = append(out, `{"body":[`...)
	for i, b := range req.Body {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendUint(out, uint64(b), 10)
	}
	out = append(out, `],"method":`...)
	out = appendJSONString(out, req.Method)
	out = append(out, `,"path":`...)
	out = appendJSONString(out, req.Path)
	out = append(out, `,"query_string":`...)
	out = appendJSONString(out, req.QueryString)
	return append(out, '}')
}

// appendJSONString appends s as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD, and U+2028 and U+2029 escaped, as encoding/json
// does.
func appendJSONString(out []byte, s string) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case b == '"' || b == '\\':
				out = append(out, '\\', b)
			case b >= 0x20:
				out = append(out, b)
			case b == '\b':
				out = append(out, '\\', 'b')
			case b == '\f':
				out = append(out, '\\', 'f')
			case b == '\n':
				out = append(out, '\\', 'n')
			case b == '\r':
				out = append(out, '\\', 'r')
			case b == '\t':
				out = append(out, '\\', 't')
			default:
				out = append(out, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			out = append(out, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return append(out, '"')
}
