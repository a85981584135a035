//go:build !wasip1

package rpc_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

func TestCall(t *testing.T) {
	target := rpc.Target{Link: "l", Contract: "c"}
	tests := []struct {
		name     string
		reply    []byte
		replyErr error
		want     string
		wantErr  string
	}{
		{name: "decoded", reply: []byte("\xa2ok"), want: "ok"},
		{name: "host error passes through", replyErr: errors.New("down"), wantErr: "host call c Op.X: down"},
		{name: "decode error names the operation", reply: []byte{0xc3}, wantErr: "decode Op.X response: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := actortest.WithHost(t.Context(), func(_ context.Context, c actortest.Call) ([]byte, error) {
				if c.Binding != "l" || c.Namespace != "c" || c.Operation != "Op.X" || string(c.Payload) != "p" {
					t.Errorf("call = %+v", c)
				}
				return tt.reply, tt.replyErr
			})
			got, err := rpc.Call(ctx, target, "Op.X", []byte("p"), codec.DecodeString)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want prefix %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Call = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestCallUnit(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return []byte("ignored"), nil
	})
	if err := rpc.CallUnit(ctx, rpc.Target{Link: "l", Contract: "c"}, "Op.X", nil); err != nil {
		t.Fatal(err)
	}
	ctx = actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("down")
	})
	var he *actor.HostError
	if err := rpc.CallUnit(ctx, rpc.Target{Link: "l", Contract: "c"}, "Op.X", nil); !errors.As(err, &he) {
		t.Fatalf("error = %v, want *actor.HostError", err)
	}
}

func TestDecoder(t *testing.T) {
	decode := rpc.Decoder[keyvalue.GetResponse]()
	got, err := decode([]byte("\x82\xa5value\xa1v\xa6exists\xc3"))
	if err != nil || got.Value != "v" || !got.Exists {
		t.Fatalf("decode = %+v, %v", got, err)
	}
	if got, err := decode([]byte{0xc3}); err == nil || got != nil {
		t.Fatalf("decode(bool) = %+v, %v; want nil and an error", got, err)
	}
}
