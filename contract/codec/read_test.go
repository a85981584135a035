package codec_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

// TestReadWideForms reads the 16- and 32-bit str, bin, array and map forms,
// which short test vectors do not reach, including forms a writer would not
// choose for the length (str32 holding 2 bytes).
func TestReadWideForms(t *testing.T) {
	long := strings.Repeat("z", 70000)
	for _, tt := range []struct {
		name, in, want string
	}{
		{"str16", `da 00 02 "hi"`, "hi"},
		{"str32", `db 00 00 00 02 "hi"`, "hi"},
		{"bin16", `c5 00 02 "hi"`, "hi"},
		{"bin32", `c6 00 00 00 02 "hi"`, "hi"},
	} {
		got, rest, err := codec.ReadString(codectest.Hex(t, tt.in))
		if err != nil || got != tt.want || len(rest) != 0 {
			t.Errorf("ReadString %s = %q, %x, %v; want %q", tt.name, got, rest, err, tt.want)
		}
	}
	if got, _, err := codec.ReadString(codec.AppendString(nil, long)); err != nil || got != long {
		t.Errorf("ReadString of str32: %d bytes, %v", len(got), err)
	}
	if got, _, err := codec.ReadBlob(codec.AppendBlob(nil, []byte(long))); err != nil || string(got) != long {
		t.Errorf("ReadBlob of bin32: %d bytes, %v", len(got), err)
	}
	list := make([]string, 70000)
	if got, err := codec.DecodeStrings(codec.EncodeStrings(list)); err != nil || len(got) != len(list) {
		t.Errorf("DecodeStrings of array32: %d elements, %v", len(got), err)
	}
	if got, err := codec.DecodeStrings(codectest.Hex(t, `dc 00 01 a1 "a"`)); err != nil || len(got) != 1 || got[0] != "a" {
		t.Errorf("DecodeStrings of array16 = %q, %v", got, err)
	}
	m, rest, err := codec.ReadStringsMap(codectest.Hex(t, `df 00 00 00 01 c5 00 01 "k" 90`))
	if err != nil || len(rest) != 0 || len(m) != 1 || m["k"] != nil {
		t.Errorf("ReadStringsMap of map32 with a bin16 key = %v, %x, %v", m, rest, err)
	}
}

// TestReadTruncated cuts valid values of every form the readers accept at
// every length: each cut must give ErrTruncated and leave the input as it
// was.
func TestReadTruncated(t *testing.T) {
	type reader func([]byte) ([]byte, error)
	str := func(b []byte) ([]byte, error) { _, rest, err := codec.ReadString(b); return rest, err }
	blob := func(b []byte) ([]byte, error) { _, rest, err := codec.ReadBlob(b); return rest, err }
	i64 := func(b []byte) ([]byte, error) { _, rest, err := codec.ReadI64(b); return rest, err }
	u64 := func(b []byte) ([]byte, error) { _, rest, err := codec.ReadU64(b); return rest, err }
	list := func(b []byte) ([]byte, error) { _, rest, err := codec.ReadStrings(b); return rest, err }
	smap := func(b []byte) ([]byte, error) { _, rest, err := codec.ReadStringsMap(b); return rest, err }
	header := func(b []byte) ([]byte, error) {
		n, rest, err := codec.ReadArrayHeader(b)
		if err == nil { // the element the count promises, as a caller reads it
			rest, err = rest[n:], nil
		}
		return rest, err
	}
	tests := []struct {
		name string
		read reader
		in   string
	}{
		{"fixstr", str, `a2 "hi"`},
		{"str8", str, `d9 02 "hi"`},
		{"str16", str, `da 00 02 "hi"`},
		{"str32", str, `db 00 00 00 02 "hi"`},
		{"bin8", blob, `c4 02 "hi"`},
		{"bin16", blob, `c5 00 02 "hi"`},
		{"bin32", blob, `c6 00 00 00 02 "hi"`},
		{"u8 array", blob, `92 01 cc 02`},
		{"int8", i64, `d0 80`},
		{"int16", i64, `d1 80 00`},
		{"int32", i64, `d2 80 00 00 00`},
		{"int64", i64, `d3 80 00 00 00 00 00 00 00`},
		{"uint8", u64, `cc 80`},
		{"uint16", u64, `cd 80 00`},
		{"uint32", u64, `ce 80 00 00 00`},
		{"uint64", u64, `cf 80 00 00 00 00 00 00 00`},
		{"array16", list, `dc 00 01 a1 "a"`},
		{"array32", list, `dd 00 00 00 01 a1 "a"`},
		{"map16", smap, `de 00 01 a1 "a" 90`},
		{"array header fixarray", header, `91 c0`},
		{"array header 16", header, `dc 00 01 c0`},
		{"array header 32", header, `dd 00 00 00 01 c0`},
		{"map32", smap, `df 00 00 00 01 a1 "a" 90`},
	}
	for _, tt := range tests {
		full := codectest.Hex(t, tt.in)
		if rest, err := tt.read(full); err != nil || len(rest) != 0 {
			t.Errorf("%s: whole value: rest %x, err %v", tt.name, rest, err)
		}
		for n := range len(full) {
			cut := full[:n]
			if rest, err := tt.read(cut); !errors.Is(err, codec.ErrTruncated) || !bytes.Equal(rest, cut) {
				t.Errorf("%s cut to %d bytes: rest %x, err %v; want the input and ErrTruncated", tt.name, n, rest, err)
			}
		}
	}
}

// TestReadLengthBeyondData checks that a length larger than the data is
// ErrTruncated, with no allocation of that size.
func TestReadLengthBeyondData(t *testing.T) {
	for _, in := range []string{`db ff ff ff ff "a"`, `c6 ff ff ff ff "a"`, `dd ff ff ff ff a0`, `df 7f ff ff ff a0 a0`, `dc 00 03 a0 a0`, `de 00 02 a0 a0 a0`} {
		b := codectest.Hex(t, in)
		allocs := testing.AllocsPerRun(10, func() {
			if _, _, err := codec.ReadStringsMap(b); err == nil {
				t.Fatalf("ReadStringsMap(%s) succeeded", in)
			}
			if _, _, err := codec.ReadStrings(b); err == nil {
				t.Fatalf("ReadStrings(%s) succeeded", in)
			}
			if _, _, err := codec.ReadBlob(b); err == nil {
				t.Fatalf("ReadBlob(%s) succeeded", in)
			}
		})
		if allocs > 3 { // at most the three errors
			t.Errorf("%s: %v allocations", in, allocs)
		}
	}
}

// TestReadArrayHeader reads array headers of every form, and values that are
// not array headers.
func TestReadArrayHeader(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		rest     string
		wantErr  error // errors.Is target; nil with wantType false means success
		wantType string
	}{
		{name: "empty fixarray", in: `90`, n: 0, rest: ``},
		{name: "fixarray", in: `92 01 02`, n: 2, rest: `01 02`},
		{name: "fixarray 15", in: `9f` + strings.Repeat(` c0`, 15), n: 15, rest: strings.Repeat(`c0 `, 15)},
		{name: "array16 small count", in: `dc 00 01 c0`, n: 1, rest: `c0`},
		{name: "array32 small count", in: `dd 00 00 00 02 c0 c0 c3`, n: 2, rest: `c0 c0 c3`},
		{name: "empty", in: ``, wantErr: codec.ErrTruncated},
		{name: "array16 cut", in: `dc 00`, wantErr: codec.ErrTruncated},
		{name: "array32 cut", in: `dd 00 00 00`, wantErr: codec.ErrTruncated},
		{name: "count beyond data", in: `93 c0 c0`, wantErr: codec.ErrTruncated},
		{name: "array32 huge count", in: `dd ff ff ff ff c0`, wantErr: codec.ErrTruncated},
		{name: "nil", in: `c0`, wantType: "found nil, want array"},
		{name: "map", in: `81 a1 "a" c0`, wantType: "want array"},
		{name: "str", in: `a1 "a"`, wantType: "want array"},
		{name: "bin", in: `c4 00`, wantType: "want array"},
	}
	for _, tt := range tests {
		in := codectest.Hex(t, tt.in)
		n, rest, err := codec.ReadArrayHeader(in)
		switch {
		case tt.wantErr != nil:
			if !errors.Is(err, tt.wantErr) || !bytes.Equal(rest, in) {
				t.Errorf("%s: ReadArrayHeader(%x) = %d, %x, %v; want the input and %v", tt.name, in, n, rest, err, tt.wantErr)
			}
		case tt.wantType != "":
			var te *codec.TypeError
			if !errors.As(err, &te) || !strings.Contains(err.Error(), tt.wantType) || !bytes.Equal(rest, in) {
				t.Errorf("%s: ReadArrayHeader(%x) = %d, %x, %v; want the input and a TypeError %q", tt.name, in, n, rest, err, tt.wantType)
			}
		default:
			if err != nil || n != tt.n || !bytes.Equal(rest, codectest.Hex(t, tt.rest)) {
				t.Errorf("%s: ReadArrayHeader(%x) = %d, %x, %v; want %d, %s", tt.name, in, n, rest, err, tt.n, tt.rest)
			}
		}
	}
}

// TestArrayHeaderRoundTrip reads back every header form AppendArrayHeader
// writes, followed by as many one-byte elements.
func TestArrayHeaderRoundTrip(t *testing.T) {
	for _, n := range []uint32{0, 1, 15, 16, 65535, 65536} {
		b := codec.AppendArrayHeader(nil, n)
		hdr := len(b)
		b = append(b, bytes.Repeat([]byte{0xc0}, int(n))...)
		got, rest, err := codec.ReadArrayHeader(b)
		if err != nil || got != int(n) || len(rest) != len(b)-hdr {
			t.Errorf("ReadArrayHeader(AppendArrayHeader(%d)) = %d, %d bytes left, %v", n, got, len(rest), err)
		}
	}
}
