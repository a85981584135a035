//go:build !wasip1

package main

import (
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/httpserver"
)

func TestEcho(t *testing.T) {
	tests := []struct {
		name string
		req  httpserver.Request
		want string
	}{
		{
			name: "test vector",
			req:  httpserver.Request{Method: "GET", Path: "/foo/bar", QueryString: "amount=3&x=y", Body: []byte("hello")},
			want: `{"body":[104,101,108,108,111],"method":"GET","path":"/foo/bar","query_string":"amount=3&x=y"}`,
		},
		{
			name: "empty body is an empty array",
			req:  httpserver.Request{Method: "POST", Path: "/"},
			want: `{"body":[],"method":"POST","path":"/","query_string":""}`,
		},
		{
			name: "binary body and escaping",
			req:  httpserver.Request{Method: "PUT", Path: `/a"b<c>`, Body: []byte{0, 255}},
			want: `{"body":[0,255],"method":"PUT","path":"/a\"b<c>","query_string":""}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := actortest.Invoke(t.Context(), httpserver.OpHandleRequest, tt.req.AppendMsg(nil))
			if err != nil {
				t.Fatal(err)
			}
			var resp httpserver.Response
			if err := resp.UnmarshalMsg(out); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || len(resp.Header) != 0 {
				t.Errorf("status %d header %v, want 200 and an empty header", resp.StatusCode, resp.Header)
			}
			if string(resp.Body) != tt.want {
				t.Errorf("body = %s\nwant   %s", resp.Body, tt.want)
			}
		})
	}
}
