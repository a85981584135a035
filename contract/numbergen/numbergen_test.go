package numbergen_test

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/numbergen"
)

func TestRangeLimit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want numbergen.RangeLimit
		enc  string // canonical encoding when it differs from in
	}{
		{name: "observed (§2.4)", in: `82 a3 "min" 00 a3 "max" 64`, want: numbergen.RangeLimit{Max: 100}},
		{name: "full range", in: `82 a3 "min" 00 a3 "max" ce ff ff ff ff`, want: numbergen.RangeLimit{Max: 1<<32 - 1}},
		{name: "u8 form", in: `82 a3 "min" cc c8 a3 "max" cd 01 2c`, want: numbergen.RangeLimit{Min: 200, Max: 300}},
		{
			name: "wider forms, other order",
			in:   `82 a3 "max" d2 00 00 00 64 a3 "min" cd 00 05`,
			want: numbergen.RangeLimit{Min: 5, Max: 100},
			enc:  `82 a3 "min" 05 a3 "max" 64`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got numbergen.RangeLimit
			if err := got.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			enc := tt.enc
			if enc == "" {
				enc = tt.in
			}
			if b := codectest.RoundTrip(t, &tt.want); !bytes.Equal(b, codectest.Hex(t, enc)) {
				t.Fatalf("AppendMsg = %x, want %s", b, enc)
			}
		})
	}
}

func TestRangeLimitErrors(t *testing.T) {
	for in, wantErr := range map[string]string{
		`81 a3 "min" ff`:                         `decode numbergen.RangeLimit field "min": integer -1 out of range for u32`,
		`81 a3 "max" cb 40 59 00 00 00 00 00 00`: `decode numbergen.RangeLimit field "max": found float64, want u32`,
		`81 a3 "max" cf 00 00 00 01 00 00 00 00`: `decode numbergen.RangeLimit field "max": integer 4294967296 out of range for u32`,
		`82 a3 "min" 00 a3 "max"`:                `decode numbergen.RangeLimit field "max": msgpack data truncated`,
		``:                                       `decode numbergen.RangeLimit: empty payload: msgpack data truncated`,
	} {
		var r numbergen.RangeLimit
		if err := r.UnmarshalMsg(codectest.Hex(t, in)); err == nil || err.Error() != wantErr {
			t.Errorf("UnmarshalMsg(%s) err = %v\nwant %s", in, err, wantErr)
		}
	}
}

// TestReplies checks the bare replies the package documentation lists.
func TestReplies(t *testing.T) {
	guid := "123e4567-e89b-42d3-a456-426655440000"
	if got, want := codec.EncodeString(guid), append([]byte{0xd9, 36}, guid...); !bytes.Equal(got, want) {
		t.Errorf("GenerateGuid reply = %x, want %x", got, want)
	}
	if got := codec.EncodeU32(42); !bytes.Equal(got, []byte{42}) {
		t.Errorf("RandomInRange reply = %x, want 2a", got)
	}
}

func FuzzRangeLimit(f *testing.F) {
	codectest.Fuzz[numbergen.RangeLimit](f, codectest.Hex(f, `82 a3 "min" 00 a3 "max" 64`))
}
