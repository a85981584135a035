//go:build !wasip1

package httpclient_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/httpclient"
	"github.com/trellis-lattice/trellis/actor/internal/msgtest"
)

func TestRequest(t *testing.T) {
	tests := []struct {
		name    string
		call    func(ctx context.Context) (*httpclient.HTTPResponse, error)
		link    string
		payload string // msgtest.Hex notation
	}{
		{
			name: "Request with headers and body",
			call: func(ctx context.Context) (*httpclient.HTTPResponse, error) {
				return httpclient.Request(ctx, &httpclient.HTTPRequest{
					Method: "POST", URL: "http://x/y", Headers: httpclient.Header{"accept": {"text/plain"}}, Body: []byte("hi"),
				})
			},
			link:    "default",
			payload: `84 a6 "method" a4 "POST" a3 "url" aa "http://x/y" a7 "headers" 81 a6 "accept" 91 aa "text/plain" a4 "body" c4 02 "hi"`,
		},
		{
			name:    "Get",
			call:    func(ctx context.Context) (*httpclient.HTTPResponse, error) { return httpclient.Get(ctx, "http://x/") },
			link:    "default",
			payload: `84 a6 "method" a3 "GET" a3 "url" a9 "http://x/" a7 "headers" 80 a4 "body" c4 00`,
		},
		{
			name: "Get on another link",
			call: func(ctx context.Context) (*httpclient.HTTPResponse, error) {
				return httpclient.Link("proxy").Get(ctx, "http://x/")
			},
			link:    "proxy",
			payload: `84 a6 "method" a3 "GET" a3 "url" a9 "http://x/" a7 "headers" 80 a4 "body" c4 00`,
		},
	}
	reply := `83 aa "statusCode" cd 01 f4 a6 "header" 81 ac "content-type" 91 aa "text/plain" a4 "body" c4 04 "oops"`
	want := &httpclient.HTTPResponse{StatusCode: 500, Header: httpclient.Header{"content-type": {"text/plain"}}, Body: []byte("oops")}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
				return msgtest.Hex(t, reply), nil
			}}
			got, err := tt.call(actortest.WithHost(t.Context(), rec.Host))
			if err != nil {
				t.Fatalf("a 500 response is not an error, got %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("response = %+v, want %+v", got, want)
			}
			wantCall := actortest.Call{Binding: tt.link, Namespace: "wasmcloud:httpclient", Operation: "HttpClient.Request", Payload: msgtest.Hex(t, tt.payload)}
			if calls := rec.Calls(); len(calls) != 1 || !reflect.DeepEqual(calls[0], wantCall) {
				t.Errorf("calls = %+v\nwant [%+v]", calls, wantCall)
			}
		})
	}
}

func TestRequestHostError(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("dial tcp: connection refused")
	})
	var he *actor.HostError
	if _, err := httpclient.Get(ctx, "http://x/"); !errors.As(err, &he) || he.Message != "dial tcp: connection refused" {
		t.Errorf("error = %v, want *actor.HostError", err)
	}
}
