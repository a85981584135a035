//go:build !wasip1

package httpclient_test

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/httpclient"
)

func ExampleRequest() {
	ctx := actortest.WithHost(context.Background(), func(_ context.Context, c actortest.Call) ([]byte, error) {
		fmt.Println(c.Namespace, c.Operation)
		resp := httpclient.HTTPResponse{StatusCode: 200, Body: []byte(`{"ok":true}`)}
		return resp.AppendMsg(nil), nil
	})

	resp, err := httpclient.Request(ctx, &httpclient.HTTPRequest{
		Method:  "GET",
		URL:     "https://example.com/status",
		Headers: httpclient.Header{"accept": {"application/json"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, string(resp.Body))
	// Output:
	// wasmcloud:httpclient HttpClient.Request
	// 200 {"ok":true}
}
