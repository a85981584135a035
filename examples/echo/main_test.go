//go:build !wasip1

package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
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

// TestDescribeMatchesEncodingJSON checks the hand-written JSON against encoding/json (without
// HTML escaping, as wasmCloud's echo) on every ASCII byte, awkward runes, invalid UTF-8 and
// random strings.
func TestDescribeMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "plain", "\u2028\u2029", "\xff\xfe", "a\xc3", "é✓𝄞", "<&>", "\x7f", "\"\\/"}
	for b := range 128 {
		strs = append(strs, string(rune(b)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		s := make([]byte, rng.IntN(12))
		for i := range s {
			s[i] = byte(rng.IntN(256))
		}
		strs = append(strs, string(s))
	}
	for i, s := range strs {
		req := &httpserver.Request{Method: s, Path: "/" + s, QueryString: s + "=1", Body: []byte(s)}
		body := make([]int, len(req.Body))
		for j, b := range req.Body {
			body[j] = int(b)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			Body        []int  `json:"body"`
			Method      string `json:"method"`
			Path        string `json:"path"`
			QueryString string `json:"query_string"`
		}{body, req.Method, req.Path, req.QueryString}); err != nil {
			t.Fatal(err)
		}
		if got := describe(req); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("case %d %q:\ngot  %s\nwant %s", i, s, got, want.Bytes())
		}
	}
}
