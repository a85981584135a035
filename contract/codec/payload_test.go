package codec_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestEncodePayloads(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{name: "pingpong reply (§2.5)", got: codec.EncodeString("pong"), want: `a4 "pong"`},
		{name: "empty str", got: codec.EncodeString(""), want: `a0`},
		{name: "true", got: codec.EncodeBool(true), want: `c3`},
		{name: "false", got: codec.EncodeBool(false), want: `c2`},
		{name: "i32 3", got: codec.EncodeI32(3), want: `03`},
		{name: "i32 -1", got: codec.EncodeI32(-1), want: `ff`},
		{name: "i32 -33", got: codec.EncodeI32(-33), want: `d0 df`},
		{name: "i32 200 signed", got: codec.EncodeI32(200), want: `d1 00 c8`},
		{name: "i32 70000", got: codec.EncodeI32(70000), want: `d2 00 01 11 70`},
		{name: "u32 100", got: codec.EncodeU32(100), want: `64`},
		{name: "u32 200 unsigned", got: codec.EncodeU32(200), want: `cc c8`},
		{name: "u32 70000", got: codec.EncodeU32(70000), want: `ce 00 01 11 70`},
		{name: "strings", got: codec.EncodeStrings([]string{"a", "bc"}), want: `92 a1 "a" a2 "bc"`},
		{name: "no strings", got: codec.EncodeStrings(nil), want: `90`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if want := codectest.Hex(t, tt.want); !bytes.Equal(tt.got, want) {
				t.Fatalf("got %x, want %x", tt.got, want)
			}
		})
	}
}

func TestDecodePayloads(t *testing.T) {
	tests := []struct {
		name    string
		decode  func([]byte) (any, error)
		in      string
		want    any
		wantErr string
	}{
		{name: "pong", decode: anyOf(codec.DecodeString), in: `a4 "pong"`, want: "pong"},
		{name: "bool", decode: anyOf(codec.DecodeBool), in: `c3`, want: true},
		{name: "i32 wide", decode: anyOf(codec.DecodeI32), in: `d2 00 00 00 03`, want: int32(3)},
		{name: "u32 wide", decode: anyOf(codec.DecodeU32), in: `cd 00 05`, want: uint32(5)},
		{name: "strings", decode: anyOf(codec.DecodeStrings), in: `92 a1 "a" a2 "bc"`, want: []string{"a", "bc"}},
		{name: "u32 float", decode: anyOf(codec.DecodeU32), in: `cb 40 14 00 00 00 00 00 00`, wantErr: "decode u32 payload: found float64, want u32"},
		{name: "i32 overflow", decode: anyOf(codec.DecodeI32), in: `cf 00 00 00 00 80 00 00 00`, wantErr: "decode i32 payload: integer 2147483648 out of range for i32"},
		{name: "str trailing", decode: anyOf(codec.DecodeString), in: `a4 "pong" 00`, wantErr: "decode str payload: trailing bytes after msgpack value (1 bytes)"},
		{name: "str empty payload", decode: anyOf(codec.DecodeString), in: ``, wantErr: "decode str payload: empty payload: msgpack data truncated"},
		{name: "bool truncated str", decode: anyOf(codec.DecodeBool), in: `a4`, wantErr: "decode bool payload: found str, want bool"},
		{name: "strings element", decode: anyOf(codec.DecodeStrings), in: `91 01`, wantErr: "decode list of str payload: list element 0: found int, want str"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.decode(codectest.Hex(t, tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

func anyOf[T any](decode func([]byte) (T, error)) func([]byte) (any, error) {
	return func(b []byte) (any, error) { return decode(b) }
}
