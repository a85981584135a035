package cbor

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"reflect"
	"testing"
	"time"

	fxcbor "github.com/fxamacker/cbor/v2"
)

// oracle is an independent CBOR decoder (tests only) set up to produce the
// same Go types as Decode where it can.
var oracle = func() fxcbor.DecMode {
	dm, err := fxcbor.DecOptions{
		MaxNestedLevels:      2 * MaxDepth,
		MaxArrayElements:     math.MaxInt32,
		MaxMapPairs:          math.MaxInt32,
		DefaultMapType:       reflect.TypeOf(map[string]any{}),
		UnrecognizedTagToAny: fxcbor.UnrecognizedTagContentToAny,
	}.DecMode()
	if err != nil {
		panic(err)
	}
	return dm
}()

func FuzzDecode(f *testing.F) {
	for _, tc := range appendixA {
		f.Add(unhex(f, tc.hex))
	}
	for _, s := range []string{"9bffffffffffffffff", "bf6161ff", "7f4161ff", "f810", "62c328", "a1ff00", "c1c1c100"} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data)
		rest, skipErr := Skip(data)
		if err == nil && (skipErr != nil || len(rest) != 0) {
			t.Fatalf("Decode succeeded but Skip = %x, %v", rest, skipErr)
		}
		if err == nil {
			checkReencode(t, v)
		}
		compareOracle(t, data, v, err)
	})
}

// checkReencode requires v to survive AppendValue and Decode unchanged.
func checkReencode(t *testing.T, v any) {
	enc, err := AppendValue(nil, v)
	if err != nil {
		t.Fatalf("AppendValue(%#v): %v", v, err)
	}
	back, err := Decode(enc)
	if err != nil || !deepSame(back, v) {
		t.Fatalf("re-decode = %#v, %v; want %#v", back, err, v)
	}
}

// compareOracle compares Decode's result (v, err) with the oracle's.
func compareOracle(t *testing.T, data []byte, v any, err error) {
	var want any
	oerr := oracle.Unmarshal(data, &want)
	switch {
	case err == nil && oerr == nil:
		if w, ok := normalize(want); ok && !deepSame(v, w) {
			t.Fatalf("Decode = %#v, oracle = %#v", v, w)
		}
	case err == nil: // the oracle also checks the content of tags 0 to 3
		if !hasTagByte(data) {
			t.Fatalf("Decode = %#v, oracle error %v", v, oerr)
		}
	case oerr == nil:
		var te *TypeError
		var re *RangeError
		switch {
		case errors.As(err, &te), errors.As(err, &re), errors.Is(err, ErrTooDeep):
			// simple values, negative integers below MinInt64 (the oracle
			// returns big.Int) and the depth limit are Decode's own rules
		case errors.Is(err, ErrInvalidUTF8) && bytes.IndexByte(data, 0x7f) >= 0:
			// Decode checks each chunk of an indefinite text string
		default:
			t.Fatalf("Decode error %v, oracle = %#v", err, want)
		}
	}
}

// hasTagByte reports whether data holds a byte that may start a tag.
func hasTagByte(data []byte) bool {
	for _, c := range data {
		if c >= 0xc0 && c <= 0xdb {
			return true
		}
	}
	return false
}

// normalize turns an oracle value into Decode's types, or reports false for
// values Decode represents differently (big.Int, time.Time, simple values).
func normalize(v any) (any, bool) {
	switch v := v.(type) {
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v), true
		}
		return v, true
	case nil, bool, int64, float64, string, []byte:
		return v, true
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			var ok bool
			if out[i], ok = normalize(e); !ok {
				return nil, false
			}
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			n, ok := normalize(e)
			if !ok {
				return nil, false
			}
			out[k] = n
		}
		return out, true
	case big.Int, *big.Int, time.Time, fxcbor.SimpleValue:
		return nil, false
	}
	return nil, false
}

// deepSame is reflect.DeepEqual with floats compared as sameValue does and
// nil and empty byte strings equal.
func deepSame(a, b any) bool {
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !deepSame(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, e := range a {
			f, ok := b[k]
			if !ok || !deepSame(e, f) {
				return false
			}
		}
		return true
	case []byte:
		b, ok := b.([]byte)
		return ok && bytes.Equal(a, b)
	}
	return sameValue(a, b)
}
