package codectest

import (
	"bytes"
	"reflect"
	"testing"
)

// Codec is the method set every contract structure implements, on its
// pointer type P.
type Codec[T any] interface {
	*T
	AppendMsg(b []byte) []byte
	UnmarshalMsg(b []byte) error
}

// RoundTrip encodes v, decodes the bytes into a fresh value and requires it
// to equal v, then requires the re-encoding to be byte-identical. It returns
// the encoding.
func RoundTrip[T any, P Codec[T]](tb testing.TB, v *T) []byte {
	tb.Helper()
	enc := P(v).AppendMsg(nil)
	var got T
	if err := P(&got).UnmarshalMsg(enc); err != nil {
		tb.Fatalf("decode own encoding %x: %v", enc, err)
	}
	if !reflect.DeepEqual(&got, v) {
		tb.Fatalf("round trip changed the value\n got: %+v\nwant: %+v", got, *v)
	}
	if again := P(&got).AppendMsg(nil); !bytes.Equal(again, enc) {
		tb.Fatalf("re-encoding differs\n got: %x\nwant: %x", again, enc)
	}
	return enc
}

// Fuzz runs a fuzz target for P's decoder: decoding arbitrary bytes must not
// panic, and whatever decodes must survive an encode/decode round trip
// unchanged.
func Fuzz[T any, P Codec[T]](f *testing.F, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v T
		if P(&v).UnmarshalMsg(data) != nil {
			return
		}
		RoundTrip[T, P](t, &v)
	})
}

// FuzzValue is Fuzz for a bare-primitive payload codec.
func FuzzValue[T any](f *testing.F, decode func([]byte) (T, error), encode func(T) []byte, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decode(data)
		if err != nil {
			return
		}
		enc := encode(v)
		got, err := decode(enc)
		if err != nil {
			t.Fatalf("decode own encoding %x: %v", enc, err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Fatalf("round trip changed the value: got %#v, want %#v", got, v)
		}
	})
}
