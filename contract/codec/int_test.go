package codec_test

import (
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

// intCase is one integer-reader case: the input vector, the reader under
// test and either the value it must return or the error text it must give.
type intCase struct {
	name    string
	in      string
	read    func([]byte) (int64, []byte, error)
	want    int64
	wantErr string
}

func asI64[T int32 | int64 | uint8 | uint16 | uint32](read func([]byte) (T, []byte, error)) func([]byte) (int64, []byte, error) {
	return func(b []byte) (int64, []byte, error) {
		v, rest, err := read(b)
		return int64(v), rest, err
	}
}

func TestReadIntegers(t *testing.T) {
	i32, i64 := asI64(codec.ReadI32), asI64(codec.ReadI64)
	u8, u16, u32 := asI64(codec.ReadU8), asI64(codec.ReadU16), asI64(codec.ReadU32)
	tests := []intCase{
		{name: "u32 fixint", in: `05`, read: u32, want: 5},
		{name: "u32 as uint16", in: `cd 00 05`, read: u32, want: 5},
		{name: "u32 as int8", in: `d0 05`, read: u32, want: 5},
		{name: "u32 as uint64", in: `cf 00 00 00 00 ff ff ff ff`, read: u32, want: 1<<32 - 1},
		{name: "i32 as int32", in: `d2 00 00 00 03`, read: i32, want: 3},
		{name: "i32 as uint8", in: `cc c8`, read: i32, want: 200},
		{name: "i32 negative fixint", in: `ff`, read: i32, want: -1},
		{name: "i32 as int64", in: `d3 ff ff ff ff 80 00 00 00`, read: i32, want: -1 << 31},
		{name: "i64 min", in: `d3 80 00 00 00 00 00 00 00`, read: i64, want: -1 << 63},
		{name: "u16 max", in: `cd ff ff`, read: u16, want: 1<<16 - 1},
		{name: "u8 max", in: `cc ff`, read: u8, want: 255},
		{name: "u32 float64", in: `cb 40 14 00 00 00 00 00 00`, read: u32, wantErr: "found float64, want u32"},
		{name: "i32 float32", in: `ca 40 a0 00 00`, read: i32, wantErr: "found float32, want i32"},
		{name: "u32 str", in: `a1 "5"`, read: u32, wantErr: "found str, want u32"},
		{name: "u32 nil", in: `c0`, read: u32, wantErr: "found nil, want u32"},
		{name: "u32 negative", in: `ff`, read: u32, wantErr: "integer -1 out of range for u32"},
		{name: "u32 overflow", in: `cf 00 00 00 01 00 00 00 00`, read: u32, wantErr: "integer 4294967296 out of range for u32"},
		{name: "u8 overflow", in: `cd 01 00`, read: u8, wantErr: "integer 256 out of range for u8"},
		{name: "i32 overflow", in: `ce 80 00 00 00`, read: i32, wantErr: "integer 2147483648 out of range for i32"},
		{name: "i32 underflow", in: `d3 ff ff ff ff 7f ff ff ff`, read: i32, wantErr: "integer -2147483649 out of range for i32"},
		{name: "i64 overflow", in: `cf 80 00 00 00 00 00 00 00`, read: i64, wantErr: "integer 9223372036854775808 out of range for i64"},
		{name: "truncated", in: `cd 00`, read: u32, wantErr: "msgpack data truncated"},
		{name: "empty", in: ``, read: u32, wantErr: "msgpack data truncated"},
		{name: "invalid prefix", in: `c1`, read: u32, wantErr: "found invalid byte 0xc1, want u32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := codectest.Hex(t, tt.in)
			if tt.wantErr == "" {
				in = append(in, 0xc0) // a following value must stay unread
			}
			got, rest, err := tt.read(in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || len(rest) != 1 {
				t.Fatalf("got %d with %d bytes left, want %d with 1", got, len(rest), tt.want)
			}
		})
	}
}

func TestIntegerErrorTypes(t *testing.T) {
	_, _, err := codec.ReadU32(codectest.Hex(t, `cb 40 14 00 00 00 00 00 00`))
	var te *codec.TypeError
	if !errors.As(err, &te) || te.Found != "float64" || te.Want != "u32" {
		t.Errorf("float: err = %#v, want *TypeError{u32, float64}", err)
	}
	_, _, err = codec.ReadU8(codectest.Hex(t, `cd 01 00`))
	var re *codec.RangeError
	if !errors.As(err, &re) || re.Value != "256" {
		t.Errorf("overflow: err = %#v, want *RangeError{u8, 256}", err)
	}
	if _, _, err = codec.ReadI32(codectest.Hex(t, `d2 00 00`)); !errors.Is(err, codec.ErrTruncated) {
		t.Errorf("truncated: err = %v, want ErrTruncated", err)
	}
}
