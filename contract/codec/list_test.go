package codec_test

import (
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestStringsMap(t *testing.T) {
	m := map[string][]string{
		"content-type": {"text/plain"},
		"accept":       {"a", "b"},
		"x-empty":      {},
	}
	got := codec.AppendStringsMap(nil, m)
	want := codectest.Hex(t, `83 a6 "accept" 92 a1 "a" a1 "b"
		ac "content-type" 91 aa "text/plain"
		a7 "x-empty" 90`)
	if string(got) != string(want) {
		t.Fatalf("AppendStringsMap = %x\nwant %x (keys sorted)", got, want)
	}
	if size := codec.StringsMapSize(m); size < len(got) {
		t.Fatalf("StringsMapSize = %d, below the encoded size %d", size, len(got))
	}
	back, rest, err := codec.ReadStringsMap(got)
	if err != nil || len(rest) != 0 {
		t.Fatal(err)
	}
	m["x-empty"] = nil // an empty list reads as nil
	if !reflect.DeepEqual(back, m) {
		t.Fatalf("ReadStringsMap = %v, want %v", back, m)
	}
}

func TestReadStringsMapTolerance(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string][]string
		wantErr  string
	}{
		{name: "empty", in: `80`, want: map[string][]string{}},
		{name: "legacy single str value", in: `81 a4 "host" a9 "localhost"`, want: map[string][]string{"host": {"localhost"}}},
		{name: "bad value", in: `81 a4 "host" 01`, wantErr: `value of "host": found int, want array`},
		{name: "bad list element", in: `81 a1 "a" 92 a1 "x" c3`, wantErr: `value of "a": list element 1: found bool, want str`},
		{name: "bad key", in: `81 01 90`, wantErr: `key of entry 0: found int, want str`},
		{name: "size beyond data", in: `df ff ff ff ff`, wantErr: `msgpack data truncated`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := codec.ReadStringsMap(codectest.Hex(t, tt.in))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
