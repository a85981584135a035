//go:build !wasip1

package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/httpserver"
)

func TestPinger(t *testing.T) {
	tests := []struct {
		name       string
		reply      []byte
		replyErr   error
		wantStatus uint16
		wantBody   string
		prefixOnly bool // wantBody is a prefix: the rest comes from the codec
	}{
		{name: "pong", reply: []byte("\xa4pong"), wantStatus: 200, wantBody: "Ping pong"},
		{name: "alias missing", replyErr: errors.New("Call alias not found: examples/ponger on default"), wantStatus: 500,
			wantBody: "host call examples/ponger Pingpong.Ping: Call alias not found: examples/ponger on default"},
		{name: "reply not a str", reply: []byte{0xc3}, wantStatus: 500, wantBody: "decode Pingpong.Ping reply: ", prefixOnly: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
				return tt.reply, tt.replyErr
			}}
			ctx := actortest.WithHost(t.Context(), rec.Host)
			req := httpserver.Request{Method: "GET", Path: "/", Header: httpserver.Header{}}
			out, err := actortest.Invoke(ctx, httpserver.OpHandleRequest, req.AppendMsg(nil))
			if err != nil {
				t.Fatal(err)
			}
			var resp httpserver.Response
			if err := resp.UnmarshalMsg(out); err != nil {
				t.Fatal(err)
			}
			body := string(resp.Body)
			if tt.prefixOnly && strings.HasPrefix(body, tt.wantBody) {
				body = tt.wantBody
			}
			if resp.StatusCode != tt.wantStatus || body != tt.wantBody {
				t.Errorf("response = %d %q, want %d %q", resp.StatusCode, resp.Body, tt.wantStatus, tt.wantBody)
			}
			calls := rec.Calls()
			if len(calls) != 1 {
				t.Fatalf("host saw %d calls, want 1", len(calls))
			}
			c := calls[0]
			if c.Binding != "" || c.Namespace != "examples/ponger" || c.Operation != "Pingpong.Ping" || len(c.Payload) != 0 {
				t.Errorf("call = %+v, want (\"\", examples/ponger, Pingpong.Ping, 0 bytes)", c)
			}
		})
	}
}
