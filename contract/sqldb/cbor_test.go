package sqldb_test

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/sqldb"
)

func TestEncodeParams(t *testing.T) {
	params, err := sqldb.EncodeParams(nil, true, int64(-2), uint8(200), 1.5, "hé", []byte{0xde, 0xad})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`f6`, `f5`, `21`, `18 c8`, `fb 3f f8 00 00 00 00 00 00`, `63 68 c3 a9`, `42 de ad`}
	if len(params) != len(want) {
		t.Fatalf("got %d parameters, want %d", len(params), len(want))
	}
	for i, w := range want {
		if !bytes.Equal(params[i], codectest.Hex(t, w)) {
			t.Errorf("parameter %d = %x, want %s", i, params[i], w)
		}
	}
	if p, err := sqldb.EncodeParams(); p != nil || err != nil {
		t.Fatalf("no values: %v, %v", p, err)
	}
	if _, err := sqldb.EncodeParams(1, make(chan int)); err == nil || err.Error()[:17] != "sqldb parameter 1" {
		t.Fatalf("unencodable value: %v", err)
	}
}

func TestDecodeRows(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [][]any
	}{
		{name: "empty input", in: ``, want: nil},
		{name: "no rows", in: `80`, want: [][]any{}},
		{
			name: "values",
			in:   `82 86 f5 20 1b ff ff ff ff ff ff ff ff fb 3f f8 00 00 00 00 00 00 61 "a" 42 01 02 81 f6`,
			want: [][]any{{true, int64(-1), uint64(math.MaxUint64), 1.5, "a", []byte{1, 2}}, {nil}},
		},
		{name: "indefinite-length arrays", in: `9f 9f 01 ff ff`, want: [][]any{{int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sqldb.DecodeRows(codectest.Hex(t, tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
			for i := range got {
				if len(got[i]) != len(tt.want[i]) || (len(got[i]) > 0 && !reflect.DeepEqual(got[i], tt.want[i])) {
					t.Fatalf("row %d = %#v, want %#v", i, got[i], tt.want[i])
				}
			}
		})
	}
	for _, bad := range []string{`01`, `81 01`, `82 80`, `81 81 1b`} {
		if _, err := sqldb.DecodeRows(codectest.Hex(t, bad)); err == nil {
			t.Errorf("DecodeRows(%s) succeeded", bad)
		}
	}
	if _, err := sqldb.DecodeRows([]byte{0x81, 0x01}); !errors.Is(err, sqldb.ErrRowsShape) {
		t.Errorf("row not an array: %v, want ErrRowsShape", err)
	}
}
