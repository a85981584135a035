package codec_test

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestAppend(t *testing.T) {
	blob256 := bytes.Repeat([]byte{'x'}, 256)
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{name: "map header 0", got: codec.AppendMapHeader(nil, 0), want: `80`},
		{name: "map header 16", got: codec.AppendMapHeader(nil, 16), want: `de 00 10`},
		{name: "array header 0", got: codec.AppendArrayHeader(nil, 0), want: `90`},
		{name: "array header 15", got: codec.AppendArrayHeader(nil, 15), want: `9f`},
		{name: "array header 16", got: codec.AppendArrayHeader(nil, 16), want: `dc 00 10`},
		{name: "array header 65535", got: codec.AppendArrayHeader(nil, 65535), want: `dc ff ff`},
		{name: "array header 65536", got: codec.AppendArrayHeader(nil, 65536), want: `dd 00 01 00 00`},
		{name: "array header max", got: codec.AppendArrayHeader(nil, 1<<32-1), want: `dd ff ff ff ff`},
		{name: "array header appends", got: codec.AppendArrayHeader([]byte{0xc0}, 2), want: `c0 92`},
		{name: "str8", got: codec.AppendString(nil, string(bytes.Repeat([]byte{'a'}, 32))), want: `d9 20` + ` "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"`},
		{name: "blob nil", got: codec.AppendBlob(nil, nil), want: `c4 00`},
		{name: "blob bin16", got: codec.AppendBlob(nil, blob256)[:3], want: `c5 01 00`},
		{name: "i32 min", got: codec.AppendI32(nil, -1<<31), want: `d2 80 00 00 00`},
		{name: "i64 int64 form", got: codec.AppendI64(nil, 1<<40), want: `d3 00 00 01 00 00 00 00 00`},
		{name: "i64 -32 fixint", got: codec.AppendI64(nil, -32), want: `e0`},
		{name: "i64 127 fixint", got: codec.AppendI64(nil, 127), want: `7f`},
		{name: "i64 128 int16", got: codec.AppendI64(nil, 128), want: `d1 00 80`},
		{name: "u16 255 uint8", got: codec.AppendU16(nil, 255), want: `cc ff`},
		{name: "u16 256 uint16", got: codec.AppendU16(nil, 256), want: `cd 01 00`},
		{name: "u32 max", got: codec.AppendU32(nil, 1<<32-1), want: `ce ff ff ff ff`},
		{name: "u64 max", got: codec.AppendU64(nil, 1<<64-1), want: `cf ff ff ff ff ff ff ff ff`},
		{name: "appends", got: codec.AppendBool([]byte{0x92}, true), want: `92 c3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if want := codectest.Hex(t, tt.want); !bytes.Equal(tt.got, want) {
				t.Fatalf("got %x, want %x", tt.got, want)
			}
		})
	}
}
