//go:build !wasip1

package main

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/httpserver"
)

func TestCounterKey(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{path: "/foo/bar", want: "counter::foo:bar"},
		{path: "/foo/bar/", want: "counter::foo:bar"},
		{path: "/", want: "counter::"},
		{path: "", want: "counter::"},
		{path: "/a//b", want: "counter::a::b"},
	}
	for _, tt := range tests {
		if got := counterKey(tt.path); got != tt.want {
			t.Errorf("counterKey(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestKVCounter(t *testing.T) {
	tests := []struct {
		name       string
		reply      []byte
		replyErr   error
		wantStatus uint16
		wantBody   string
	}{
		{name: "incremented", reply: []byte{0x05}, wantStatus: 200, wantBody: `{"counter":5}`},
		{name: "large value", reply: []byte{0xd2, 0x7f, 0xff, 0xff, 0xff}, wantStatus: 200, wantBody: `{"counter":2147483647}`},
		{
			name: "store unavailable", replyErr: errors.New(`Call alias not found: wasmcloud:keyvalue on "default"`), wantStatus: 500,
			wantBody: `{"error":"host call wasmcloud:keyvalue KeyValue.Increment: Call alias not found: wasmcloud:keyvalue on \"default\""}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
				return tt.reply, tt.replyErr
			}}
			req := httpserver.Request{Method: "GET", Path: "/foo/bar", Header: httpserver.Header{}}
			out, err := actortest.Invoke(actortest.WithHost(t.Context(), rec.Host), httpserver.OpHandleRequest, req.AppendMsg(nil))
			if err != nil {
				t.Fatal(err)
			}
			var resp httpserver.Response
			if err := resp.UnmarshalMsg(out); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus || string(resp.Body) != tt.wantBody {
				t.Errorf("response = %d %s\nwant       %d %s", resp.StatusCode, resp.Body, tt.wantStatus, tt.wantBody)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			// The observed wire bytes of a wasmCloud kvcounter (ACTORS.md §3.3.3).
			want := actortest.Call{
				Binding: "default", Namespace: "wasmcloud:keyvalue", Operation: "KeyValue.Increment",
				Payload: []byte("\x82\xa3key\xb0counter::foo:bar\xa5value\x01"),
			}
			if calls := rec.Calls(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
				t.Errorf("calls = %+v\nwant [%+v]", calls, want)
			}
		})
	}
}
