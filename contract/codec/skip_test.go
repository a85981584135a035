package codec_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

// TestSkipEveryType skips one value of every msgpack format, then checks
// that every shorter cut of it is ErrTruncated.
func TestSkipEveryType(t *testing.T) {
	tests := []struct{ name, in string }{
		{"positive fixint", `7f`},
		{"negative fixint", `e0`},
		{"nil", `c0`},
		{"false", `c2`},
		{"true", `c3`},
		{"fixmap", `82 a1 "a" 01 a1 "b" 90`},
		{"fixarray", `93 01 a1 "x" c0`},
		{"fixstr", `a3 "abc"`},
		{"bin8", `c4 02 00 01`},
		{"bin16", `c5 00 02 00 01`},
		{"bin32", `c6 00 00 00 02 00 01`},
		{"ext8", `c7 02 05 00 01`},
		{"ext16", `c8 00 02 05 00 01`},
		{"ext32", `c9 00 00 00 02 05 00 01`},
		{"float32", `ca 40 a0 00 00`},
		{"float64", `cb 40 14 00 00 00 00 00 00`},
		{"uint8", `cc ff`},
		{"uint16", `cd ff ff`},
		{"uint32", `ce ff ff ff ff`},
		{"uint64", `cf ff ff ff ff ff ff ff ff`},
		{"int8", `d0 80`},
		{"int16", `d1 80 00`},
		{"int32", `d2 80 00 00 00`},
		{"int64", `d3 80 00 00 00 00 00 00 00`},
		{"fixext1", `d4 05 00`},
		{"fixext2", `d5 05 00 01`},
		{"fixext4", `d6 ff 00 00 00 00`},
		{"fixext8", `d7 ff 00 00 00 00 00 00 00 00`},
		{"fixext16", `d8 05 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f`},
		{"str8", `d9 01 "a"`},
		{"str16", `da 00 01 "a"`},
		{"str32", `db 00 00 00 01 "a"`},
		{"array16", `dc 00 02 c0 c3`},
		{"array32", `dd 00 00 00 02 c0 c3`},
		{"map16", `de 00 01 a1 "k" d6 ff 00 00 00 00`},
		{"map32", `df 00 00 00 01 a1 "k" 91 91 90`},
		{"empty ext8", `c7 00 05`},
		{"nested", `82 a1 "a" 92 81 a1 "b" cb 00 00 00 00 00 00 00 00 c7 01 01 ff a1 "c" 91 80`},
	}
	for _, tt := range tests {
		full := codectest.Hex(t, tt.in)
		rest, err := codec.Skip(append(full, 0xc3))
		if err != nil || len(rest) != 1 || rest[0] != 0xc3 {
			t.Errorf("%s: Skip left %x, %v; want the following c3", tt.name, rest, err)
		}
		for n := range len(full) {
			cut := full[:n]
			if rest, err := codec.Skip(cut); !errors.Is(err, codec.ErrTruncated) || !bytes.Equal(rest, cut) {
				t.Errorf("%s cut to %d bytes: %x, %v; want the input and ErrTruncated", tt.name, n, rest, err)
			}
		}
	}
}

func TestSkipErrors(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{"invalid byte", `c1`, "found invalid byte 0xc1, want msgpack value"},
		{"invalid byte nested", `92 01 c1`, "found invalid byte 0xc1, want msgpack value"},
		{"invalid byte before the data runs out", `dd ff ff ff ff c1`, "found invalid byte 0xc1, want msgpack value"},
		{"count beyond data", `df ff ff ff ff c0 c0`, "msgpack data truncated"},
		{"length beyond data", `db ff ff ff ff "a"`, "msgpack data truncated"},
		{"empty", ``, "msgpack data truncated"},
	}
	for _, tt := range tests {
		in := codectest.Hex(t, tt.in)
		rest, err := codec.Skip(in)
		if err == nil || err.Error() != tt.wantErr || !bytes.Equal(rest, in) {
			t.Errorf("%s: Skip = %x, %v; want the input and %q", tt.name, rest, err, tt.wantErr)
		}
	}
	var te *codec.TypeError
	if _, err := codec.Skip([]byte{0xc1}); !errors.As(err, &te) || te.Found != "invalid byte 0xc1" {
		t.Errorf("Skip(c1) = %#v, want a *TypeError", err)
	}
}

// TestSkipDeep skips a million nested arrays: Skip does not recurse, so
// depth costs no stack.
func TestSkipDeep(t *testing.T) {
	const depth = 1 << 20
	b := append(bytes.Repeat([]byte{0x91}, depth), 0xc0, 0xc3)
	rest, err := codec.Skip(b)
	if err != nil || len(rest) != 1 {
		t.Fatalf("Skip = %d bytes left, %v; want 1", len(rest), err)
	}
	if _, err := codec.Skip(b[:depth]); !errors.Is(err, codec.ErrTruncated) {
		t.Fatalf("Skip without the innermost value: %v, want ErrTruncated", err)
	}
}

// TestSkipManyHugeCounts checks that counts which add up past 64 bits do not
// wrap around and end the walk early.
func TestSkipManyHugeCounts(t *testing.T) {
	b := bytes.Repeat(codectest.Hex(t, `df ff ff ff ff`), 1<<12)
	b = append(b, bytes.Repeat([]byte{0xc0}, 64)...)
	if _, err := codec.Skip(b); !errors.Is(err, codec.ErrTruncated) {
		t.Fatalf("Skip = %v, want ErrTruncated", err)
	}
}
