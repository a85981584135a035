//go:build !wasip1

package httpserver_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/httpserver"
)

// reply is what the registered handler returns next; tests set it before
// invoking. Tests in this package therefore do not run in parallel.
var reply func(req *httpserver.Request) (*httpserver.Response, error)

func init() {
	httpserver.Handle(func(_ context.Context, req *httpserver.Request) (*httpserver.Response, error) {
		return reply(req)
	})
}

func TestHandle(t *testing.T) {
	// GET /foo/bar?amount=3&x=y with body "hello" and one header.
	request := "\x85\xa6method\xa3GET\xa4path\xa8/foo/bar\xabqueryString\xacamount=3&x=y" +
		"\xa6header\x81\xa4host\x91\xa9localhost\xa4body\xc4\x05hello"
	tests := []struct {
		name    string
		payload string
		reply   func(req *httpserver.Request) (*httpserver.Response, error)
		want    string
		wantErr string
	}{
		{
			name:    "request decoded and response encoded",
			payload: request,
			reply: func(req *httpserver.Request) (*httpserver.Response, error) {
				if req.Method != "GET" || req.Path != "/foo/bar" || req.QueryString != "amount=3&x=y" ||
					string(req.Body) != "hello" || req.Header.Get("Host") != "localhost" {
					return nil, errors.New("request decoded wrongly")
				}
				resp := httpserver.NewResponse(201, []byte("ok"))
				resp.Header.Set("Content-Type", "text/plain")
				return resp, nil
			},
			want: "\x83\xaastatusCode\xcc\xc9\xa6header\x81\xaccontent-type\x91\xaatext/plain\xa4body\xc4\x02ok",
		},
		{
			name:    "nil response is 200 empty",
			payload: request,
			reply:   func(*httpserver.Request) (*httpserver.Response, error) { return nil, nil },
			want:    "\x83\xaastatusCode\xcc\xc8\xa6header\x80\xa4body\xc4\x00",
		},
		{
			name:    "zero status is 200",
			payload: request,
			reply: func(*httpserver.Request) (*httpserver.Response, error) {
				return &httpserver.Response{Body: []byte("x")}, nil
			},
			want: "\x83\xaastatusCode\xcc\xc8\xa6header\x80\xa4body\xc4\x01x",
		},
		{
			name:    "handler error fails the call",
			payload: request,
			reply:   func(*httpserver.Request) (*httpserver.Response, error) { return nil, errors.New("backend down") },
			wantErr: "backend down",
		},
		{
			name:    "undecodable request",
			payload: "\xc3",
			reply:   func(*httpserver.Request) (*httpserver.Response, error) { panic("handler must not run") },
			wantErr: "HttpServer.HandleRequest: decode httpserver.Request: found bool, want map",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply = tt.reply
			got, err := actortest.Invoke(t.Context(), "HttpServer.HandleRequest", []byte(tt.payload))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("response = %q\nwant %q", got, tt.want)
			}
		})
	}
}
