//go:build !wasip1

package numbergen_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/internal/msgtest"
	"github.com/trellis-lattice/trellis/actor/numbergen"
)

func TestNumberGen(t *testing.T) {
	tests := []struct {
		name    string
		call    func(ctx context.Context) (any, error)
		op      string
		payload string // msgtest.Hex notation
		reply   string
		want    any
	}{
		{
			name:  "GenerateGuid",
			call:  func(ctx context.Context) (any, error) { return numbergen.GenerateGuid(ctx) },
			op:    "NumberGen.GenerateGuid",
			reply: `d9 24 "0f8fad5b-d9cb-469f-a165-70867728950e"`,
			want:  "0f8fad5b-d9cb-469f-a165-70867728950e",
		},
		{
			name:    "RandomInRange observed vector",
			call:    func(ctx context.Context) (any, error) { return numbergen.RandomInRange(ctx, 0, 100) },
			op:      "NumberGen.RandomInRange",
			payload: `82 a3 "min" 00 a3 "max" 64`,
			reply:   `2a`,
			want:    uint32(42),
		},
		{
			name:    "RandomInRange wide",
			call:    func(ctx context.Context) (any, error) { return numbergen.RandomInRange(ctx, 1000, 4294967295) },
			op:      "NumberGen.RandomInRange",
			payload: `82 a3 "min" cd 03 e8 a3 "max" ce ff ff ff ff`,
			reply:   `ce 80 00 00 00`,
			want:    uint32(1 << 31),
		},
		{
			name:  "Random32",
			call:  func(ctx context.Context) (any, error) { return numbergen.Random32(ctx) },
			op:    "NumberGen.Random32",
			reply: `ce de ad be ef`,
			want:  uint32(0xdeadbeef),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
				return msgtest.Hex(t, tt.reply), nil
			}}
			got, err := tt.call(actortest.WithHost(t.Context(), rec.Host))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result = %#v, want %#v", got, tt.want)
			}
			want := actortest.Call{Binding: "default", Namespace: "wasmcloud:builtin:numbergen", Operation: tt.op, Payload: msgtest.Hex(t, tt.payload)}
			if calls := rec.Calls(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
				t.Errorf("calls = %+v\nwant [%+v]", calls, want)
			}
		})
	}
}

func TestRandomInRangeInverted(t *testing.T) {
	rec := new(actortest.Recorder)
	if _, err := numbergen.RandomInRange(actortest.WithHost(t.Context(), rec.Host), 5, 4); err == nil {
		t.Fatal("RandomInRange(5, 4) succeeded")
	}
	if len(rec.Calls()) != 0 {
		t.Error("RandomInRange(5, 4) called the host")
	}
}

func TestNotAuthorized(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("Invocation not authorized: missing capability claim for wasmcloud:builtin:numbergen")
	})
	_, err := numbergen.GenerateGuid(ctx)
	var he *actor.HostError
	if !errors.As(err, &he) {
		t.Fatalf("error = %v, want *actor.HostError", err)
	}
}
