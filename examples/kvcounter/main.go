// Command kvcounter is an example actor that counts HTTP requests per path
// in a wasmcloud:keyvalue store: each request increments the key
// "counter::<path>" (the path without its outer slashes, inner slashes
// replaced by ":", so /foo/bar counts under counter::foo:bar) and answers
// 200 with {"counter":<new value>}. If the store fails it answers 500 with
// {"error":"<what went wrong>"}.
//
// Capability claims: wasmcloud:httpserver, wasmcloud:keyvalue.
package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/trellis-lattice/trellis/actor/httpserver"
	"github.com/trellis-lattice/trellis/actor/keyvalue"
)

func init() {
	httpserver.Handle(handle)
}

func main() {}

// counterReply and errorReply are the two JSON bodies kvcounter answers with.
type (
	counterReply struct {
		Counter int32 `json:"counter"`
	}
	errorReply struct {
		Error string `json:"error"`
	}
)

// handle increments the request path's counter.
func handle(ctx context.Context, req *httpserver.Request) (*httpserver.Response, error) {
	n, err := keyvalue.Increment(ctx, counterKey(req.Path), 1)
	if err != nil {
		return jsonResponse(500, errorReply{Error: err.Error()})
	}
	return jsonResponse(200, counterReply{Counter: n})
}

// counterKey is the store key counting requests for path.
func counterKey(path string) string {
	return "counter::" + strings.ReplaceAll(strings.Trim(path, "/"), "/", ":")
}

// jsonResponse answers with status and v encoded as JSON.
func jsonResponse(status uint16, v any) (*httpserver.Response, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	resp := httpserver.NewResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp, nil
}
