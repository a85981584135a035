//go:build !wasip1

package actortest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
)

func TestRecorder(t *testing.T) {
	tests := []struct {
		name     string
		reply    actortest.HostFunc
		wantResp string
		wantErr  bool
	}{
		{name: "zero value answers empty", wantResp: ""},
		{name: "reply function", reply: func(context.Context, actortest.Call) ([]byte, error) { return []byte("r"), nil }, wantResp: "r"},
		{name: "reply error", reply: func(context.Context, actortest.Call) ([]byte, error) { return nil, errors.New("no") }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{Reply: tt.reply}
			ctx := actortest.WithHost(t.Context(), rec.Host)
			got, err := actor.HostCall(ctx, "default", "ns", "Op.A", []byte{1})
			if (err != nil) != tt.wantErr || string(got) != tt.wantResp {
				t.Fatalf("HostCall = %q, %v; want %q, error %v", got, err, tt.wantResp, tt.wantErr)
			}
			calls := rec.Calls()
			if len(calls) != 1 || calls[0].Operation != "Op.A" || calls[0].Binding != "default" || calls[0].Namespace != "ns" {
				t.Errorf("recorded %+v, want one Op.A call", calls)
			}
		})
	}
}

func init() {
	actor.Handle("ActortestTest.Forward", func(ctx context.Context, payload []byte) ([]byte, error) {
		return actor.HostCall(ctx, "default", "wasmcloud:keyvalue", "KeyValue.Get", payload)
	})
}

// TestWithHostInHandler checks that the host in the context given to Invoke
// reaches host calls made by the handler.
func TestWithHostInHandler(t *testing.T) {
	rec := &actortest.Recorder{Reply: func(_ context.Context, c actortest.Call) ([]byte, error) {
		return append([]byte("got "), c.Payload...), nil
	}}
	got, err := actortest.Invoke(actortest.WithHost(t.Context(), rec.Host), "ActortestTest.Forward", []byte("k"))
	if err != nil || string(got) != "got k" {
		t.Fatalf("Invoke = %q, %v; want \"got k\", nil", got, err)
	}
}

func TestCaptureConsoleRestores(t *testing.T) {
	var outer *actortest.Console
	t.Run("inner", func(t *testing.T) {
		outer = actortest.CaptureConsole(t)
		actor.ConsoleLog("inside")
	})
	actor.ConsoleLog("after cleanup")
	if got := outer.Lines(); len(got) != 1 || got[0] != "inside" {
		t.Errorf("lines = %q, want [\"inside\"]", got)
	}
}
