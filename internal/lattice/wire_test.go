package lattice

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
)

func u64(v uint64) *uint64 { return &v }
func str(s string) *string { return &s }

// goldenInvocation is a fully populated invocation with fixed content.
func goldenInvocation() *Invocation {
	return &Invocation{
		Origin:        ProviderEntity(providerPK, "wasmcloud:httpserver", "default"),
		Target:        ActorEntity(actorPK),
		Operation:     "HttpServer.HandleRequest",
		Msg:           []byte{0x81, 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0xa3, 'G', 'E', 'T'},
		ID:            "8c4e3f4e-2f1b-4e7a-9d0a-3c5e1b2a4f6d",
		EncodedClaims: "eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0.e30.c2ln",
		HostID:        hostPK,
		ContentLength: u64(12),
		TraceContext:  map[string]string{"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "tracestate": "a=b"},
	}
}

// checkGolden compares hex.Dump(got) with testdata/name.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	checkGoldenText(t, name, hex.Dump(got))
}

// checkGoldenText compares got with testdata/name, or rewrites the file when
// TRELLIS_UPDATE_GOLDEN is set.
func checkGoldenText(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("TRELLIS_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with TRELLIS_UPDATE_GOLDEN=1 to create it)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s:\ngot:\n%swant:\n%s", path, got, want)
	}
}

func TestInvocationGolden(t *testing.T) {
	checkGolden(t, "invocation.hex", goldenInvocation().MarshalMsgpack())
	minimal := &Invocation{Origin: ActorEntity(otherActorPK), Target: ActorEntity(actorPK), Operation: "Pingpong.Ping",
		ID: "00000000-0000-4000-8000-000000000000", EncodedClaims: "e30.e30.e30", HostID: hostPK}
	checkGolden(t, "invocation_minimal.hex", minimal.MarshalMsgpack())
}

func TestResponseGolden(t *testing.T) {
	ok := &InvocationResponse{Msg: []byte("pong"), InvocationID: "8c4e3f4e-2f1b-4e7a-9d0a-3c5e1b2a4f6d", ContentLength: u64(4)}
	checkGolden(t, "response.hex", ok.MarshalMsgpack())
	failed := &InvocationResponse{InvocationID: "8c4e3f4e-2f1b-4e7a-9d0a-3c5e1b2a4f6d", Error: str("actor not running"), InstanceID: "i-1"}
	checkGolden(t, "response_error.hex", failed.MarshalMsgpack())
}

func TestInvocationRoundTrip(t *testing.T) {
	full := goldenInvocation()
	chunked := goldenInvocation()
	chunked.Msg, chunked.ContentLength, chunked.TraceContext = nil, u64(1<<20), nil
	for name, in := range map[string]*Invocation{
		"full":    full,
		"chunked": chunked,
		"empty":   {},
	} {
		t.Run(name, func(t *testing.T) {
			var out Invocation
			if err := out.UnmarshalMsgpack(in.MarshalMsgpack()); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&out, in) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", out, *in)
			}
		})
	}
}

func TestResponseRoundTrip(t *testing.T) {
	for name, in := range map[string]*InvocationResponse{
		"ok":      {Msg: []byte{1, 2, 3}, InvocationID: "id", ContentLength: u64(3)},
		"error":   {InvocationID: "id", Error: str("boom"), InstanceID: "inst"},
		"chunked": {InvocationID: "id", ContentLength: u64(900 * 1024)},
		"empty":   {},
	} {
		t.Run(name, func(t *testing.T) {
			var out InvocationResponse
			if err := out.UnmarshalMsgpack(in.MarshalMsgpack()); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&out, in) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", out, *in)
			}
		})
	}
}

// mp builds a msgpack map from key/value pairs whose values are already encoded.
func mp(kv ...any) []byte {
	b := codec.AppendMapHeader(nil, uint32(len(kv)/2))
	for i := 0; i < len(kv); i += 2 {
		b = codec.AppendString(b, kv[i].(string))
		switch v := kv[i+1].(type) {
		case string:
			b = codec.AppendString(b, v)
		case []byte:
			b = append(b, v...)
		}
	}
	return b
}

var (
	mpNil        = []byte{0xc0}
	mpEmptyArray = []byte{0x90}
)

// TestDecodeTolerance covers what OTP and wasmbus-rpc peers put on the wire (PROTOCOL.md §2.3,
// §2.4): str-typed and array-typed msg, missing and nil keys, unknown keys, any key order.
func TestDecodeTolerance(t *testing.T) {
	entity := mp("public_key", providerPK, "contract_id", "wasmcloud:httpserver", "link_name", "default")
	t.Run("invocation", func(t *testing.T) {
		tests := []struct {
			name string
			in   []byte
			want Invocation
		}{
			{"msg as str, keys reversed, unknown key", mp("host_id", "C1", "extra", mp("x", "y"), "id", "i", "msg", "hi",
				"operation", "Op", "target", mp("public_key", actorPK), "origin", entity),
				Invocation{Origin: ProviderEntity(providerPK, "wasmcloud:httpserver", "default"), Target: ActorEntity(actorPK),
					Operation: "Op", Msg: []byte("hi"), ID: "i", HostID: "C1"}},
			{"msg as empty array, nils", mp("msg", mpEmptyArray, "origin", mpNil, "target", mp("public_key", mpNil, "link_name", mpNil),
				"content_length", mpNil, "traceContext", mpNil, "encoded_claims", mpNil),
				Invocation{}},
			{"msg as byte array, wide content_length", mp("msg", []byte{0x92, 0x01, 0xcc, 0xff}, "content_length", []byte{0xcf, 0, 0, 0, 0, 0, 0, 0, 2},
				"traceContext", mp("traceparent", "tp", "empty", mpNil)),
				Invocation{Msg: []byte{1, 0xff}, ContentLength: u64(2), TraceContext: map[string]string{"traceparent": "tp", "empty": ""}}},
			{"empty map", mp(), Invocation{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got Invocation
				if err := got.UnmarshalMsgpack(tt.in); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("got %+v\nwant %+v", got, tt.want)
				}
			})
		}
	})
	t.Run("response", func(t *testing.T) {
		tests := []struct {
			name string
			in   []byte
			want InvocationResponse
		}{
			{"OTP actor not running", mp("msg", mpEmptyArray, "error", "Actor is not running"),
				InvocationResponse{Error: str("Actor is not running")}},
			{"OTP str msg with instance id", mp("instance_id", "g", "invocation_id", "i", "msg", "\xff\xfe"),
				InvocationResponse{Msg: []byte{0xff, 0xfe}, InvocationID: "i", InstanceID: "g"}},
			{"nil error is success", mp("msg", []byte{0xc4, 1, 7}, "error", mpNil, "content_length", []byte{1}),
				InvocationResponse{Msg: []byte{7}, ContentLength: u64(1)}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got InvocationResponse
				if err := got.UnmarshalMsgpack(tt.in); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("got %+v\nwant %+v", got, tt.want)
				}
			})
		}
	})
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name       string
		in         []byte
		want       string
		structural bool // the response decoder must reject it too
	}{
		{"empty", nil, "empty payload", true},
		{"not a map", []byte{0x91, 0x01}, "decode lattice.Invocation", true},
		{"trailing bytes", append(mp("id", "x"), 0x01), "trailing bytes", true},
		{"truncated", mp("msg", "abcdef")[:6], "truncated", true},
		{"bad msg type", mp("msg", []byte{0xcb, 0, 0, 0, 0, 0, 0, 0, 0}), `field "msg"`, true},
		{"negative content_length", mp("content_length", []byte{0xff}), `field "content_length"`, true},
		{"bad entity", mp("origin", mp("public_key", []byte{0x01})), `field "public_key"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inv Invocation
			err := inv.UnmarshalMsgpack(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("UnmarshalMsgpack error = %v, want one containing %q", err, tt.want)
			}
			var resp InvocationResponse
			if err := resp.UnmarshalMsgpack(tt.in); tt.structural && err == nil {
				t.Fatalf("response decoder accepted %x", tt.in)
			}
		})
	}
}

func TestDecodeDoesNotAlias(t *testing.T) {
	in := goldenInvocation().MarshalMsgpack()
	var inv Invocation
	if err := inv.UnmarshalMsgpack(in); err != nil {
		t.Fatal(err)
	}
	for i := range in {
		in[i] = 0
	}
	if !reflect.DeepEqual(&inv, goldenInvocation()) {
		t.Fatal("decoded invocation changed with its input buffer")
	}
}
