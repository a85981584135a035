package cbor

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"reflect"
	"testing"
)

// appendixA holds the examples of RFC 8949 Appendix A: the encoding, the
// value Decode returns (or the error it returns), and whether AppendValue
// writes exactly that encoding for the value (preferred serialization; Go
// floats keep their own width, so half floats do not round-trip).
var appendixA = []struct {
	hex  string
	want any
	err  error // the error Decode returns, if any
	enc  bool  // AppendValue(want) == hex
}{
	{hex: "00", want: int64(0), enc: true},
	{hex: "01", want: int64(1), enc: true},
	{hex: "0a", want: int64(10), enc: true},
	{hex: "17", want: int64(23), enc: true},
	{hex: "1818", want: int64(24), enc: true},
	{hex: "1819", want: int64(25), enc: true},
	{hex: "1864", want: int64(100), enc: true},
	{hex: "1903e8", want: int64(1000), enc: true},
	{hex: "1a000f4240", want: int64(1000000), enc: true},
	{hex: "1b000000e8d4a51000", want: int64(1000000000000), enc: true},
	{hex: "1bffffffffffffffff", want: uint64(18446744073709551615), enc: true},
	{hex: "c249010000000000000000", want: []byte{1, 0, 0, 0, 0, 0, 0, 0, 0}}, // bignum: tag dropped
	{hex: "3bffffffffffffffff", err: &RangeError{}},
	{hex: "c349010000000000000000", want: []byte{1, 0, 0, 0, 0, 0, 0, 0, 0}},
	{hex: "20", want: int64(-1), enc: true},
	{hex: "29", want: int64(-10), enc: true},
	{hex: "3863", want: int64(-100), enc: true},
	{hex: "3903e7", want: int64(-1000), enc: true},
	{hex: "f90000", want: 0.0},
	{hex: "f98000", want: math.Copysign(0, -1)},
	{hex: "f93c00", want: 1.0},
	{hex: "fb3ff199999999999a", want: 1.1, enc: true},
	{hex: "f93e00", want: 1.5},
	{hex: "f97bff", want: 65504.0},
	{hex: "fa47c35000", want: 100000.0},
	{hex: "fa7f7fffff", want: 3.4028234663852886e+38},
	{hex: "fb7e37e43c8800759c", want: 1.0e+300, enc: true},
	{hex: "f90001", want: 5.960464477539063e-8},
	{hex: "f90400", want: 0.00006103515625},
	{hex: "f9c400", want: -4.0},
	{hex: "fbc010666666666666", want: -4.1, enc: true},
	{hex: "f97c00", want: math.Inf(1)},
	{hex: "f97e00", want: math.NaN()},
	{hex: "f9fc00", want: math.Inf(-1)},
	{hex: "fa7f800000", want: math.Inf(1)},
	{hex: "fa7fc00000", want: math.NaN()},
	{hex: "faff800000", want: math.Inf(-1)},
	{hex: "fb7ff0000000000000", want: math.Inf(1), enc: true},
	{hex: "fb7ff8000000000000", want: math.NaN()},
	{hex: "fbfff0000000000000", want: math.Inf(-1), enc: true},
	{hex: "f4", want: false, enc: true},
	{hex: "f5", want: true, enc: true},
	{hex: "f6", want: nil, enc: true},
	{hex: "f7", want: nil},
	{hex: "f0", err: &TypeError{}},   // simple(16)
	{hex: "f8ff", err: &TypeError{}}, // simple(255)
	{hex: "c074323031332d30332d32315432303a30343a30305a", want: "2013-03-21T20:04:00Z"},
	{hex: "c11a514b67b0", want: int64(1363896240)},
	{hex: "c1fb41d452d9ec200000", want: 1363896240.5},
	{hex: "d74401020304", want: []byte{1, 2, 3, 4}},
	{hex: "d818456449455446", want: []byte("dIETF")},
	{hex: "d82076687474703a2f2f7777772e6578616d706c652e636f6d", want: "http://www.example.com"},
	{hex: "40", want: []byte{}, enc: true},
	{hex: "4401020304", want: []byte{1, 2, 3, 4}, enc: true},
	{hex: "60", want: "", enc: true},
	{hex: "6161", want: "a", enc: true},
	{hex: "6449455446", want: "IETF", enc: true},
	{hex: "62225c", want: "\"\\", enc: true},
	{hex: "62c3bc", want: "\u00fc", enc: true},
	{hex: "63e6b0b4", want: "\u6c34", enc: true},
	{hex: "64f0908591", want: "\U00010151", enc: true},
	{hex: "80", want: []any{}, enc: true},
	{hex: "83010203", want: []any{int64(1), int64(2), int64(3)}, enc: true},
	{hex: "8301820203820405", want: []any{int64(1), []any{int64(2), int64(3)}, []any{int64(4), int64(5)}}, enc: true},
	{hex: "98190102030405060708090a0b0c0d0e0f101112131415161718181819", want: oneTo25(), enc: true},
	{hex: "a0", want: map[string]any{}, enc: true},
	{hex: "a201020304", err: &TypeError{}}, // integer keys
	{hex: "a26161016162820203", want: map[string]any{"a": int64(1), "b": []any{int64(2), int64(3)}}, enc: true},
	{hex: "826161a161626163", want: []any{"a", map[string]any{"b": "c"}}, enc: true},
	{hex: "a56161614161626142616361436164614461656145", want: map[string]any{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}, enc: true},
	{hex: "5f42010243030405ff", want: []byte{1, 2, 3, 4, 5}},
	{hex: "7f657374726561646d696e67ff", want: "streaming"},
	{hex: "9fff", want: []any{}},
	{hex: "9f018202039f0405ffff", want: []any{int64(1), []any{int64(2), int64(3)}, []any{int64(4), int64(5)}}},
	{hex: "9f01820203820405ff", want: []any{int64(1), []any{int64(2), int64(3)}, []any{int64(4), int64(5)}}},
	{hex: "83018202039f0405ff", want: []any{int64(1), []any{int64(2), int64(3)}, []any{int64(4), int64(5)}}},
	{hex: "83019f0203ff820405", want: []any{int64(1), []any{int64(2), int64(3)}, []any{int64(4), int64(5)}}},
	{hex: "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", want: oneTo25()},
	{hex: "bf61610161629f0203ffff", want: map[string]any{"a": int64(1), "b": []any{int64(2), int64(3)}}},
	{hex: "826161bf61626163ff", want: []any{"a", map[string]any{"b": "c"}}},
	{hex: "bf6346756ef563416d7421ff", want: map[string]any{"Fun": true, "Amt": int64(-2)}},
}

func oneTo25() []any {
	list := make([]any, 25)
	for i := range list {
		list[i] = int64(i + 1)
	}
	return list
}

func unhex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// sameValue is reflect.DeepEqual, except that NaN equals NaN and 0 and -0
// differ, as their encodings do.
func sameValue(a, b any) bool {
	fa, ok1 := a.(float64)
	fb, ok2 := b.(float64)
	if ok1 && ok2 {
		return math.Float64bits(fa) == math.Float64bits(fb) || math.IsNaN(fa) && math.IsNaN(fb)
	}
	return reflect.DeepEqual(a, b)
}

func TestDecodeAppendixA(t *testing.T) {
	for _, tc := range appendixA {
		t.Run(tc.hex, func(t *testing.T) {
			data := unhex(t, tc.hex)
			got, err := Decode(data)
			if tc.err != nil {
				if err == nil || reflect.TypeOf(errors.Unwrap(err)) != reflect.TypeOf(tc.err) {
					t.Fatalf("Decode = %v, %v; want a %T", got, err, tc.err)
				}
			} else if err != nil || !sameValue(got, tc.want) {
				t.Fatalf("Decode = %#v, %v; want %#v", got, err, tc.want)
			}
			if rest, err := Skip(data); err != nil || len(rest) != 0 {
				t.Errorf("Skip = %x, %v; want all consumed", rest, err)
			}
			if !tc.enc {
				return
			}
			enc, err := AppendValue(nil, tc.want)
			if err != nil || !bytes.Equal(enc, data) {
				t.Errorf("AppendValue = %x, %v; want %s", enc, err, tc.hex)
			}
		})
	}
}

func TestAppendScalars(t *testing.T) {
	tests := []struct {
		got  []byte
		want string
	}{
		{AppendNull(nil), "f6"},
		{AppendBool(nil, true), "f5"},
		{AppendBool(nil, false), "f4"},
		{AppendUint(nil, 0), "00"},
		{AppendUint(nil, 23), "17"},
		{AppendUint(nil, 24), "1818"},
		{AppendUint(nil, 255), "18ff"},
		{AppendUint(nil, 256), "190100"},
		{AppendUint(nil, 65535), "19ffff"},
		{AppendUint(nil, 65536), "1a00010000"},
		{AppendUint(nil, math.MaxUint32), "1affffffff"},
		{AppendUint(nil, math.MaxUint32+1), "1b0000000100000000"},
		{AppendInt(nil, -24), "37"},
		{AppendInt(nil, -25), "3818"},
		{AppendInt(nil, -256), "38ff"},
		{AppendInt(nil, -257), "390100"},
		{AppendInt(nil, math.MinInt64), "3b7fffffffffffffff"},
		{AppendInt(nil, math.MaxInt64), "1b7fffffffffffffff"},
		{AppendFloat64(nil, 1.5), "fb3ff8000000000000"},
		{AppendFloat32(nil, 1.5), "fa3fc00000"},
		{AppendText(nil, "IETF"), "6449455446"},
		{AppendBytes(nil, nil), "40"},
		{AppendArrayHeader(nil, 2), "82"},
		{AppendMapHeader(nil, 24), "b818"},
		{AppendTag(nil, 1), "c1"},
	}
	for _, tc := range tests {
		if got := hex.EncodeToString(tc.got); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}
