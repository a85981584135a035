package httpserver_test

import (
	"fmt"

	"github.com/trellis-lattice/trellis/contract/httpserver"
)

// An actor decodes the HandleRequest payload, reads a header and answers
// with a response built by NewResponse.
func Example() {
	// The payload an httpserver provider sends for GET /hello?name=go.
	req := &httpserver.Request{
		Method:      "GET",
		Path:        "/hello",
		QueryString: "name=go",
		Header:      httpserver.Header{"accept": {"text/plain"}},
	}
	payload := req.AppendMsg(nil)

	var in httpserver.Request
	if err := in.UnmarshalMsg(payload); err != nil {
		fmt.Println(err)
		return
	}
	resp := httpserver.NewResponse(200, []byte("hello, "+in.QueryString[len("name="):]))
	resp.Header.Set("Content-Type", in.Header.Get("Accept"))
	fmt.Printf("%s %s -> %d %q %v\n", in.Method, in.Path, resp.StatusCode, resp.Body, resp.Header)
	// Output: GET /hello -> 200 "hello, go" map[content-type:[text/plain]]
}

// A response with an empty header map still writes the required header
// member, as an empty map (80).
func ExampleResponse_AppendMsg() {
	fmt.Printf("% x\n", httpserver.NewResponse(200, nil).AppendMsg(nil))
	// Output: 83 aa 73 74 61 74 75 73 43 6f 64 65 cc c8 a6 68 65 61 64 65 72 80 a4 62 6f 64 79 c4 00
}

// Header lookups ignore case; providers send lowercase names.
func ExampleHeader_Get() {
	h := httpserver.Header{"content-type": {"text/html"}}
	fmt.Println(h.Get("Content-Type"))
	// Output: text/html
}
