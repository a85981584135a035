//go:build !wasip1

package keyvalue_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/internal/msgtest"
	"github.com/trellis-lattice/trellis/actor/keyvalue"
)

// pair bundles two results so one-result and two-result calls compare alike.
type pair struct {
	A, B any
}

// opCase is one operation: how to call it, what must go on the wire, what
// the provider answers and what the caller gets back.
type opCase struct {
	name    string
	call    func(ctx context.Context, c keyvalue.Client) (any, error)
	pkgCall func(ctx context.Context) (any, error) // the package-level function
	op      string
	payload string // msgtest.Hex notation
	reply   string // msgtest.Hex notation
	want    any
}

var opCases = []opCase{
	{
		name: "Get existing",
		call: func(ctx context.Context, c keyvalue.Client) (any, error) {
			v, ok, err := c.Get(ctx, "k")
			return pair{v, ok}, err
		},
		pkgCall: func(ctx context.Context) (any, error) {
			v, ok, err := keyvalue.Get(ctx, "k")
			return pair{v, ok}, err
		},
		op: "KeyValue.Get", payload: `a1 "k"`, reply: `82 a5 "value" a1 "v" a6 "exists" c3`, want: pair{"v", true},
	},
	{
		name: "Get missing",
		call: func(ctx context.Context, c keyvalue.Client) (any, error) {
			v, ok, err := c.Get(ctx, "k")
			return pair{v, ok}, err
		},
		pkgCall: func(ctx context.Context) (any, error) {
			v, ok, err := keyvalue.Get(ctx, "k")
			return pair{v, ok}, err
		},
		op: "KeyValue.Get", payload: `a1 "k"`, reply: `82 a6 "exists" c2 a5 "value" a0`, want: pair{"", false},
	},
	{
		name: "Set without expiry",
		call: func(ctx context.Context, c keyvalue.Client) (any, error) { return nil, c.Set(ctx, "k", "v", 0) },
		pkgCall: func(ctx context.Context) (any, error) {
			return nil, keyvalue.Set(ctx, "k", "v", 0)
		},
		op: "KeyValue.Set", payload: `83 a3 "key" a1 "k" a5 "value" a1 "v" a7 "expires" 00`, reply: ``, want: nil,
	},
	{
		name: "Set expiry rounded up to seconds",
		call: func(ctx context.Context, c keyvalue.Client) (any, error) {
			return nil, c.Set(ctx, "k", "v", 1500*time.Millisecond)
		},
		pkgCall: func(ctx context.Context) (any, error) {
			return nil, keyvalue.Set(ctx, "k", "v", 1500*time.Millisecond)
		},
		op: "KeyValue.Set", payload: `83 a3 "key" a1 "k" a5 "value" a1 "v" a7 "expires" 02`, reply: ``, want: nil,
	},
	{
		name: "Set ignores unit response bytes",
		call: func(ctx context.Context, c keyvalue.Client) (any, error) { return nil, c.Set(ctx, "k", "v", time.Hour) },
		pkgCall: func(ctx context.Context) (any, error) {
			return nil, keyvalue.Set(ctx, "k", "v", time.Hour)
		},
		op: "KeyValue.Set", payload: `83 a3 "key" a1 "k" a5 "value" a1 "v" a7 "expires" cd 0e 10`, reply: `c0`, want: nil,
	},
	{
		name:    "Del",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.Del(ctx, "k") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.Del(ctx, "k") },
		op:      "KeyValue.Del", payload: `a1 "k"`, reply: `c3`, want: true,
	},
	{
		name:    "Contains",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.Contains(ctx, "k") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.Contains(ctx, "k") },
		op:      "KeyValue.Contains", payload: `a1 "k"`, reply: `c2`, want: false,
	},
	{
		name: "Increment observed vector",
		call: func(ctx context.Context, c keyvalue.Client) (any, error) {
			return c.Increment(ctx, "counter::foo:bar", 3)
		},
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.Increment(ctx, "counter::foo:bar", 3) },
		op:      "KeyValue.Increment", payload: `82 a3 "key" b0 "counter::foo:bar" a5 "value" 03`, reply: `cd 01 2c`, want: int32(300),
	},
	{
		name:    "Increment negative",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.Increment(ctx, "n", -1) },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.Increment(ctx, "n", -1) },
		op:      "KeyValue.Increment", payload: `82 a3 "key" a1 "n" a5 "value" ff`, reply: `ff`, want: int32(-1),
	},
	{
		name:    "ListAdd",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.ListAdd(ctx, "l", "v") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.ListAdd(ctx, "l", "v") },
		op:      "KeyValue.ListAdd", payload: `82 a8 "listName" a1 "l" a5 "value" a1 "v"`, reply: `02`, want: uint32(2),
	},
	{
		name:    "ListDel",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.ListDel(ctx, "l", "v") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.ListDel(ctx, "l", "v") },
		op:      "KeyValue.ListDel", payload: `82 a8 "listName" a1 "l" a5 "value" a1 "v"`, reply: `c3`, want: true,
	},
	{
		name:    "ListClear",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.ListClear(ctx, "l") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.ListClear(ctx, "l") },
		op:      "KeyValue.ListClear", payload: `a1 "l"`, reply: `c3`, want: true,
	},
	{
		name:    "ListRange",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.ListRange(ctx, "l", 0, -1) },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.ListRange(ctx, "l", 0, -1) },
		op:      "KeyValue.ListRange", payload: `83 a8 "listName" a1 "l" a5 "start" 00 a4 "stop" ff`,
		reply: `92 a1 "a" a1 "b"`, want: []string{"a", "b"},
	},
	{
		name:    "SetAdd",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.SetAdd(ctx, "s", "v") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.SetAdd(ctx, "s", "v") },
		op:      "KeyValue.SetAdd", payload: `82 a7 "setName" a1 "s" a5 "value" a1 "v"`, reply: `01`, want: uint32(1),
	},
	{
		name:    "SetDel",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.SetDel(ctx, "s", "v") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.SetDel(ctx, "s", "v") },
		op:      "KeyValue.SetDel", payload: `82 a7 "setName" a1 "s" a5 "value" a1 "v"`, reply: `00`, want: uint32(0),
	},
	{
		name:    "SetQuery",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.SetQuery(ctx, "s") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.SetQuery(ctx, "s") },
		op:      "KeyValue.SetQuery", payload: `a1 "s"`, reply: `91 a1 "x"`, want: []string{"x"},
	},
	{
		name:    "SetUnion",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.SetUnion(ctx, "s", "t") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.SetUnion(ctx, "s", "t") },
		op:      "KeyValue.SetUnion", payload: `92 a1 "s" a1 "t"`, reply: `92 a1 "x" a1 "y"`, want: []string{"x", "y"},
	},
	{
		name:    "SetIntersection",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.SetIntersection(ctx, "s", "t") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.SetIntersection(ctx, "s", "t") },
		op:      "KeyValue.SetIntersection", payload: `92 a1 "s" a1 "t"`, reply: `90`, want: []string(nil),
	},
	{
		name:    "SetClear",
		call:    func(ctx context.Context, c keyvalue.Client) (any, error) { return c.SetClear(ctx, "s") },
		pkgCall: func(ctx context.Context) (any, error) { return keyvalue.SetClear(ctx, "s") },
		op:      "KeyValue.SetClear", payload: `a1 "s"`, reply: `c2`, want: false,
	},
}

func TestOperations(t *testing.T) {
	clients := []struct {
		name string
		link string
		call func(tc opCase, ctx context.Context) (any, error)
	}{
		{name: "package", link: "default", call: func(tc opCase, ctx context.Context) (any, error) { return tc.pkgCall(ctx) }},
		{name: "zero Client", link: "default", call: func(tc opCase, ctx context.Context) (any, error) {
			return tc.call(ctx, keyvalue.Client{})
		}},
		{name: "Link cache", link: "cache", call: func(tc opCase, ctx context.Context) (any, error) {
			return tc.call(ctx, keyvalue.Link("cache"))
		}},
	}
	for _, cl := range clients {
		for _, tc := range opCases {
			t.Run(cl.name+"/"+tc.name, func(t *testing.T) {
				rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
					return msgtest.Hex(t, tc.reply), nil
				}}
				got, err := cl.call(tc, actortest.WithHost(t.Context(), rec.Host))
				if err != nil {
					t.Fatalf("error = %v", err)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("result = %#v, want %#v", got, tc.want)
				}
				want := actortest.Call{Binding: cl.link, Namespace: "wasmcloud:keyvalue", Operation: tc.op, Payload: msgtest.Hex(t, tc.payload)}
				calls := rec.Calls()
				if len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
					t.Errorf("calls = %+v\nwant [%+v]", calls, want)
				}
			})
		}
	}
}

func TestOperationErrors(t *testing.T) {
	for _, tc := range opCases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
				return nil, errors.New("redis: connection refused")
			})
			_, err := tc.pkgCall(ctx)
			var he *actor.HostError
			if !errors.As(err, &he) || he.Message != "redis: connection refused" || he.Operation != tc.op {
				t.Errorf("error = %v, want *actor.HostError for %s", err, tc.op)
			}
		})
	}
}

func TestUndecodableResponse(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return []byte{0xa1, 'x'}, nil // a str where an i32 belongs
	})
	_, err := keyvalue.Increment(ctx, "k", 1)
	if err == nil || !strings.HasPrefix(err.Error(), "decode KeyValue.Increment response: ") {
		t.Errorf("error = %v, want a decode KeyValue.Increment response error", err)
	}
}

func TestSetExpiryOutOfRange(t *testing.T) {
	tests := []struct {
		name    string
		expires time.Duration
	}{
		{name: "negative", expires: -time.Second},
		{name: "beyond u32 seconds", expires: (1 << 32) * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := new(actortest.Recorder)
			err := keyvalue.Set(actortest.WithHost(t.Context(), rec.Host), "k", "v", tt.expires)
			if err == nil {
				t.Fatal("Set succeeded")
			}
			if len(rec.Calls()) != 0 {
				t.Error("Set called the host with an invalid expiry")
			}
		})
	}
}
