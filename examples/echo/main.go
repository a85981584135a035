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
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/httpserver"
)

func init() {
	httpserver.Handle(handle)
}

func main() {}

// echoed is the JSON reply. Field order matches wasmCloud's echo actor.
type echoed struct {
	Body        []int  `json:"body"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	QueryString string `json:"query_string"`
}

// handle describes req in JSON.
func handle(_ context.Context, req *httpserver.Request) (*httpserver.Response, error) {
	body, err := describe(req)
	if err != nil {
		return nil, err
	}
	// No Content-Type header: wasmCloud's echo answers with an empty header map.
	return httpserver.NewResponse(200, body), nil
}

// describe renders the echoed fields of req as JSON.
func describe(req *httpserver.Request) ([]byte, error) {
	e := echoed{
		Body:        make([]int, len(req.Body)),
		Method:      req.Method,
		Path:        req.Path,
		QueryString: req.QueryString,
	}
	for i, b := range req.Body {
		e.Body[i] = int(b)
	}
	// An Encoder, unlike json.Marshal, can leave & < > unescaped, as
	// wasmCloud's echo does; Encode adds a newline that the reply omits.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, fmt.Errorf("encode echo reply: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
