package codec_test

import (
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

// point is a minimal structure decoded with DecodeMap, as contract packages do.
type point struct {
	X int32
	Y uint32
}

func (p *point) UnmarshalMsg(b []byte) error {
	*p = point{}
	return codec.DecodeMap(b, "codec.point", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "x":
			p.X, rest, err = codec.ReadI32(v)
		case "y":
			p.Y, rest, err = codec.ReadU32(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

func TestDecodeMap(t *testing.T) {
	tests := []struct {
		name, in string
		want     point
		wantErr  string
	}{
		{name: "declaration order", in: `82 a1 "x" ff a1 "y" 07`, want: point{X: -1, Y: 7}},
		{name: "other order", in: `82 a1 "y" 07 a1 "x" ff`, want: point{X: -1, Y: 7}},
		{name: "missing member", in: `81 a1 "y" 07`, want: point{Y: 7}},
		{name: "empty map", in: `80`, want: point{}},
		{name: "map16", in: `de 00 01 a1 "x" 01`, want: point{X: 1}},
		{name: "bin key", in: `81 c4 01 "x" 02`, want: point{X: 2}},
		{
			name: "unknown keys of every kind",
			in: `86 a1 "z" 92 01 a1 "a" a1 "w" 81 a1 "k" c0 a1 "v" cb 00 00 00 00 00 00 00 00
				a1 "u" d6 ff 00 00 00 00 a1 "x" 03 a1 "t" c4 01 00`,
			want: point{X: 3},
		},
		{name: "wrong field type", in: `81 a1 "y" cb 40 14 00 00 00 00 00 00`, wantErr: `decode codec.point field "y": found float64, want u32`},
		{name: "field overflow", in: `81 a1 "x" ce 80 00 00 00`, wantErr: `decode codec.point field "x": integer 2147483648 out of range for i32`},
		{name: "not a map", in: `92 01 02`, wantErr: `decode codec.point: found array, want map`},
		{name: "empty payload", in: ``, wantErr: `decode codec.point: empty payload: msgpack data truncated`},
		{name: "trailing bytes", in: `80 c0 c0`, wantErr: `decode codec.point: trailing bytes after msgpack value (2 bytes)`},
		{name: "truncated value", in: `81 a1 "x" cd 00`, wantErr: `decode codec.point field "x": msgpack data truncated`},
		{name: "truncated entry", in: `82 a1 "x" cd 00 01`, wantErr: `decode codec.point key of entry 1: msgpack data truncated`},
		{name: "size beyond data", in: `83 a1 "x" 01`, wantErr: `decode codec.point: msgpack data truncated`},
		{name: "missing value", in: `84 a1 "x" 01 a1 "y" 02 a1 "z" 03 a1 "a"`, wantErr: `decode codec.point field "a": msgpack data truncated`},
		{name: "int key", in: `81 01 02`, wantErr: `decode codec.point key of entry 0: found int, want str`},
		{name: "invalid byte in skipped value", in: `81 a1 "z" c1`, wantErr: `decode codec.point field "z": found invalid byte 0xc1, want msgpack value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got point
			err := got.UnmarshalMsg(codectest.Hex(t, tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestDecodeMapSentinels(t *testing.T) {
	var p point
	if err := p.UnmarshalMsg([]byte{0x80, 0x01}); !errors.Is(err, codec.ErrTrailingBytes) {
		t.Errorf("trailing: err = %v, want ErrTrailingBytes", err)
	}
	if err := p.UnmarshalMsg(nil); !errors.Is(err, codec.ErrTruncated) {
		t.Errorf("empty: err = %v, want ErrTruncated", err)
	}
	var te *codec.TypeError
	if err := p.UnmarshalMsg(codectest.Hex(t, `81 a1 "x" ca 00 00 00 00`)); !errors.As(err, &te) {
		t.Errorf("float: err = %v, want a *TypeError", err)
	}
}

func TestReadMapLeavesRest(t *testing.T) {
	rest, err := codec.ReadMap(codectest.Hex(t, `81 a1 "x" 01 c3`), "codec.point", func(_, v []byte) ([]byte, error) {
		return codec.Skip(v)
	})
	if err != nil || len(rest) != 1 || rest[0] != 0xc3 {
		t.Fatalf("rest = %x, err = %v; want c3", rest, err)
	}
}
