package codec_test

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestReadString(t *testing.T) {
	tests := []struct {
		name, in, want, wantErr string
	}{
		{name: "fixstr", in: `a4 "pong"`, want: "pong"},
		{name: "str8", in: `d9 03 "abc"`, want: "abc"},
		{name: "empty", in: `a0`, want: ""},
		{name: "bin", in: `c4 03 "abc"`, want: "abc"},
		{name: "int", in: `05`, wantErr: "found int, want str"},
		{name: "nil", in: `c0`, wantErr: "found nil, want str"},
		{name: "truncated", in: `a4 "po"`, wantErr: "msgpack data truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rest, err := codec.ReadString(codectest.Hex(t, tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want || len(rest) != 0 {
				t.Fatalf("got %q, %x, %v; want %q", got, rest, err, tt.want)
			}
		})
	}
}

func TestReadOptionalString(t *testing.T) {
	got, rest, err := codec.ReadOptionalString(codectest.Hex(t, `c0 01`))
	if err != nil || got != nil || !bytes.Equal(rest, []byte{1}) {
		t.Errorf("nil: got %v, %x, %v; want absent", got, rest, err)
	}
	got, _, err = codec.ReadOptionalString(codectest.Hex(t, `a0`))
	if err != nil || got == nil || *got != "" {
		t.Errorf("empty str: got %v, %v; want present \"\"", got, err)
	}
}

func TestReadBool(t *testing.T) {
	for in, want := range map[string]bool{`c3`: true, `c2`: false} {
		got, _, err := codec.ReadBool(codectest.Hex(t, in))
		if err != nil || got != want {
			t.Errorf("ReadBool(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, _, err := codec.ReadBool(codectest.Hex(t, `01`)); err == nil || err.Error() != "found int, want bool" {
		t.Errorf("ReadBool(01) err = %v", err)
	}
}

func TestReadBlob(t *testing.T) {
	tests := []struct {
		name, in string
		want     []byte
		wantErr  string
	}{
		{name: "bin8", in: `c4 05 "hello"`, want: []byte("hello")},
		{name: "bin16", in: `c5 00 02 "hi"`, want: []byte("hi")},
		{name: "bin32", in: `c6 00 00 00 02 "hi"`, want: []byte("hi")},
		{name: "empty bin", in: `c4 00`, want: nil},
		{name: "str", in: `a5 "hello"`, want: []byte("hello")},
		{name: "int array", in: `93 68 cc 69 d0 21`, want: []byte("hi!")},
		{name: "empty array", in: `90`, want: nil},
		{name: "array element too big", in: `92 01 cd 01 00`, wantErr: "blob byte 1: integer 256 out of range for u8"},
		{name: "array element negative", in: `91 ff`, wantErr: "blob byte 0: integer -1 out of range for u8"},
		{name: "array element float", in: `91 ca 00 00 00 00`, wantErr: "blob byte 0: found float32, want u8"},
		{name: "array length beyond data", in: `dd ff ff ff ff 01`, wantErr: "msgpack data truncated"},
		{name: "bin truncated", in: `c4 05 "ab"`, wantErr: "msgpack data truncated"},
		{name: "nil", in: `c0`, wantErr: "found nil, want bin"},
		{name: "map", in: `80`, wantErr: "found map, want bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := codectest.Hex(t, tt.in)
			got, rest, err := codec.ReadBlob(in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(got, tt.want) || (got == nil) != (tt.want == nil) || len(rest) != 0 {
				t.Fatalf("got %q (nil %v), rest %x, err %v; want %q", got, got == nil, rest, err, tt.want)
			}
			if len(got) > 0 && &got[0] == &in[len(in)-len(got)] {
				t.Fatal("ReadBlob result aliases its input")
			}
		})
	}
}
