package codec_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

// TestAppendIntForms checks every boundary between the integer forms: the
// smallest form of the value's signedness, never another.
func TestAppendIntForms(t *testing.T) {
	signed := []struct {
		v    int64
		want string
	}{
		{math.MinInt64, `d3 80 00 00 00 00 00 00 00`},
		{math.MinInt32 - 1, `d3 ff ff ff ff 7f ff ff ff`},
		{math.MinInt32, `d2 80 00 00 00`},
		{math.MinInt16 - 1, `d2 ff ff 7f ff`},
		{math.MinInt16, `d1 80 00`},
		{math.MinInt8 - 1, `d1 ff 7f`},
		{math.MinInt8, `d0 80`},
		{-33, `d0 df`},
		{-32, `e0`},
		{-1, `ff`},
		{0, `00`},
		{127, `7f`},
		{128, `d1 00 80`},
		{math.MaxInt16, `d1 7f ff`},
		{math.MaxInt16 + 1, `d2 00 00 80 00`},
		{math.MaxInt32, `d2 7f ff ff ff`},
		{math.MaxInt32 + 1, `d3 00 00 00 00 80 00 00 00`},
		{math.MaxInt64, `d3 7f ff ff ff ff ff ff ff`},
	}
	for _, tt := range signed {
		if got, want := codec.AppendI64(nil, tt.v), codectest.Hex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("AppendI64(%d) = %x, want %x", tt.v, got, want)
		}
		if tt.v >= math.MinInt32 && tt.v <= math.MaxInt32 {
			if got, want := codec.AppendI32(nil, int32(tt.v)), codectest.Hex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("AppendI32(%d) = %x, want %x", tt.v, got, want)
			}
		}
	}
	unsigned := []struct {
		v    uint64
		want string
	}{
		{0, `00`},
		{127, `7f`},
		{128, `cc 80`},
		{math.MaxUint8, `cc ff`},
		{math.MaxUint8 + 1, `cd 01 00`},
		{math.MaxUint16, `cd ff ff`},
		{math.MaxUint16 + 1, `ce 00 01 00 00`},
		{math.MaxUint32, `ce ff ff ff ff`},
		{math.MaxUint32 + 1, `cf 00 00 00 01 00 00 00 00`},
		{math.MaxUint64, `cf ff ff ff ff ff ff ff ff`},
	}
	for _, tt := range unsigned {
		if got, want := codec.AppendU64(nil, tt.v), codectest.Hex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("AppendU64(%d) = %x, want %x", tt.v, got, want)
		}
		if tt.v <= math.MaxUint32 {
			if got := codec.AppendU32(nil, uint32(tt.v)); !bytes.Equal(got, codectest.Hex(t, tt.want)) {
				t.Errorf("AppendU32(%d) = %x", tt.v, got)
			}
		}
		if tt.v <= math.MaxUint16 {
			if got := codec.AppendU16(nil, uint16(tt.v)); !bytes.Equal(got, codectest.Hex(t, tt.want)) {
				t.Errorf("AppendU16(%d) = %x", tt.v, got)
			}
		}
	}
}

// TestAppendLengthForms checks the header every length gets, at each boundary
// between the str, bin, array and map forms.
func TestAppendLengthForms(t *testing.T) {
	str := func(n int) []byte { return codec.AppendString(nil, strings.Repeat("s", n)) }
	blob := func(n int) []byte { return codec.AppendBlob(nil, bytes.Repeat([]byte{'b'}, n)) }
	array := func(n int) []byte { return codec.EncodeStrings(make([]string, n)) }
	tests := []struct {
		name   string
		enc    []byte
		header string
		body   int // bytes after the header
	}{
		{"str 0", str(0), `a0`, 0},
		{"str 31", str(31), `bf`, 31},
		{"str 32", str(32), `d9 20`, 32},
		{"str 255", str(255), `d9 ff`, 255},
		{"str 256", str(256), `da 01 00`, 256},
		{"str 65535", str(65535), `da ff ff`, 65535},
		{"str 65536", str(65536), `db 00 01 00 00`, 65536},
		{"bin 0", blob(0), `c4 00`, 0},
		{"bin 255", blob(255), `c4 ff`, 255},
		{"bin 256", blob(256), `c5 01 00`, 256},
		{"bin 65535", blob(65535), `c5 ff ff`, 65535},
		{"bin 65536", blob(65536), `c6 00 01 00 00`, 65536},
		{"array 0", array(0), `90`, 0},
		{"array 15", array(15), `9f`, 15},
		{"array 16", array(16), `dc 00 10`, 16},
		{"array 65535", array(65535), `dc ff ff`, 65535},
		{"array 65536", array(65536), `dd 00 01 00 00`, 65536},
		{"map 15", codec.AppendMapHeader(nil, 15), `8f`, 0},
		{"map 16", codec.AppendMapHeader(nil, 16), `de 00 10`, 0},
		{"map 65535", codec.AppendMapHeader(nil, 65535), `de ff ff`, 0},
		{"map 65536", codec.AppendMapHeader(nil, 65536), `df 00 01 00 00`, 0},
		{"map max", codec.AppendMapHeader(nil, math.MaxUint32), `df ff ff ff ff`, 0},
	}
	for _, tt := range tests {
		header := codectest.Hex(t, tt.header)
		if !bytes.HasPrefix(tt.enc, header) || len(tt.enc) != len(header)+tt.body {
			t.Errorf("%s: got %d bytes starting %x, want header %x and %d bytes", tt.name, len(tt.enc), tt.enc[:min(len(tt.enc), 5)], header, tt.body)
		}
	}
}
