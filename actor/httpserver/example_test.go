//go:build !wasip1

package httpserver_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/httpserver"
	contract "github.com/trellis-lattice/trellis/contract/httpserver"
)

// An actor answers HTTP requests by registering one handler in init. The
// test package already registered its handler, so this example only shows
// the shape; see ExampleNewResponse for a request answered end to end.
func ExampleHandle() {
	_ = func() { // in an actor: func init() { ... }
		httpserver.Handle(func(_ context.Context, req *httpserver.Request) (*httpserver.Response, error) {
			return httpserver.NewResponse(200, []byte("hello from "+req.Path)), nil
		})
	}
}

func ExampleNewResponse() {
	reply = func(req *httpserver.Request) (*httpserver.Response, error) {
		resp := httpserver.NewResponse(200, []byte("hello from "+req.Path))
		resp.Header.Set("Content-Type", "text/plain")
		return resp, nil
	}

	// What the host does: send an encoded request, decode the response.
	req := contract.Request{Method: "GET", Path: "/greet"}
	out, err := actortest.Invoke(context.Background(), httpserver.Operation, req.AppendMsg(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	var resp contract.Response
	_ = resp.UnmarshalMsg(out)
	fmt.Println(resp.StatusCode, resp.Header.Get("content-type"), string(resp.Body))
	// Output: 200 text/plain hello from /greet
}
