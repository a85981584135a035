package codec

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"
)

// The fuzz targets here check the msgpack primitives (write.go, read.go,
// skip.go) directly: every value the writers can produce reads back
// unchanged in the smallest form, and no input makes a reader panic or
// disagree with Skip about where a value ends.

// signedSize is the size of the smallest signed form of v.
func signedSize(v int64) int {
	switch {
	case v >= -32 && v <= 127:
		return 1
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return 2
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return 3
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return 5
	}
	return 9
}

// unsignedSize is the size of the smallest unsigned form of v.
func unsignedSize(v uint64) int {
	switch {
	case v <= 127:
		return 1
	case v <= math.MaxUint8:
		return 2
	case v <= math.MaxUint16:
		return 3
	case v <= math.MaxUint32:
		return 5
	}
	return 9
}

// skipsExactly requires Skip to consume enc exactly, with and without a
// following value, and to report every shorter cut as truncated.
func skipsExactly(t *testing.T, enc []byte) {
	t.Helper()
	if rest, err := Skip(enc); err != nil || len(rest) != 0 {
		t.Fatalf("Skip(%x) = %x, %v; want all consumed", enc, rest, err)
	}
	if rest, err := Skip(append(enc[:len(enc):len(enc)], mNil)); err != nil || len(rest) != 1 {
		t.Fatalf("Skip(%x c0) = %x, %v; want c0 left", enc, rest, err)
	}
	// Every cut, for short encodings; a spread of cuts for long ones.
	step := max(1, len(enc)/64)
	for n := 0; n < len(enc); n += step {
		if _, err := Skip(enc[:n]); !errors.Is(err, ErrTruncated) {
			t.Fatalf("Skip(%x) = %v, want ErrTruncated", enc[:n], err)
		}
	}
	if _, err := Skip(enc[:len(enc)-1]); !errors.Is(err, ErrTruncated) {
		t.Fatalf("Skip without the last byte of %x = %v, want ErrTruncated", enc, err)
	}
}

func FuzzSignedRoundTrip(f *testing.F) {
	for _, v := range []int64{0, -1, -32, -33, 127, 128, math.MinInt8, math.MaxInt16 + 1, math.MinInt32, math.MaxInt32 + 1, math.MinInt64, math.MaxInt64} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v int64) {
		enc := AppendI64(nil, v)
		if len(enc) != signedSize(v) || kindOf(enc[0]) != kindInt {
			t.Fatalf("AppendI64(%d) = %x, want a signed form of %d bytes", v, enc, signedSize(v))
		}
		if got, rest, err := ReadI64(enc); err != nil || got != v || len(rest) != 0 {
			t.Fatalf("ReadI64(%x) = %d, %x, %v; want %d", enc, got, rest, err, v)
		}
		got32, _, err := ReadI32(enc)
		if fits := v >= math.MinInt32 && v <= math.MaxInt32; fits != (err == nil) || fits && int64(got32) != v {
			t.Fatalf("ReadI32(%x) = %d, %v", enc, got32, err)
		}
		if fits := v >= math.MinInt32 && v <= math.MaxInt32; fits && !bytes.Equal(AppendI32(nil, int32(v)), enc) {
			t.Fatalf("AppendI32(%d) = %x, AppendI64 = %x", v, AppendI32(nil, int32(v)), enc)
		}
		gotU, _, err := ReadU64(enc)
		if (v >= 0) != (err == nil) || v >= 0 && gotU != uint64(v) {
			t.Fatalf("ReadU64(%x) = %d, %v", enc, gotU, err)
		}
		skipsExactly(t, enc)
	})
}

func FuzzUnsignedRoundTrip(f *testing.F) {
	for _, v := range []uint64{0, 127, 128, 255, 256, math.MaxUint16, math.MaxUint16 + 1, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64 + 1, math.MaxUint64} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v uint64) {
		enc := AppendU64(nil, v)
		if len(enc) != unsignedSize(v) || enc[0] > posFixintMax && kindOf(enc[0]) != kindUint {
			t.Fatalf("AppendU64(%d) = %x, want an unsigned form of %d bytes", v, enc, unsignedSize(v))
		}
		if got, rest, err := ReadU64(enc); err != nil || got != v || len(rest) != 0 {
			t.Fatalf("ReadU64(%x) = %d, %x, %v; want %d", enc, got, rest, err, v)
		}
		if v <= math.MaxUint32 {
			if got, _, err := ReadU32(enc); err != nil || uint64(got) != v || !bytes.Equal(AppendU32(nil, uint32(v)), enc) {
				t.Fatalf("U32 %d: read %d, %v; AppendU32 = %x", v, got, err, AppendU32(nil, uint32(v)))
			}
		} else if _, _, err := ReadU32(enc); err == nil {
			t.Fatalf("ReadU32(%x) accepted %d", enc, v)
		}
		if v <= math.MaxUint16 {
			if got, _, err := ReadU16(enc); err != nil || uint64(got) != v || !bytes.Equal(AppendU16(nil, uint16(v)), enc) {
				t.Fatalf("U16 %d: read %d, %v; AppendU16 = %x", v, got, err, AppendU16(nil, uint16(v)))
			}
		}
		if got, _, err := ReadU8(enc); (v <= math.MaxUint8) != (err == nil) || err == nil && uint64(got) != v {
			t.Fatalf("ReadU8(%x) = %d, %v", enc, got, err)
		}
		gotI, _, err := ReadI64(enc)
		if (v <= math.MaxInt64) != (err == nil) || err == nil && uint64(gotI) != v {
			t.Fatalf("ReadI64(%x) = %d, %v", enc, gotI, err)
		}
		skipsExactly(t, enc)
	})
}

func FuzzStrBinRoundTrip(f *testing.F) {
	f.Add([]byte(nil))
	f.Add([]byte("pong"))
	f.Add(bytes.Repeat([]byte{0xc1}, 32))
	f.Add(bytes.Repeat([]byte{'x'}, 256))
	f.Fuzz(func(t *testing.T, v []byte) {
		hdr := 1 // fixstr
		switch {
		case len(v) > math.MaxUint16:
			hdr = 5
		case len(v) > math.MaxUint8:
			hdr = 3
		case len(v) > fixstrMax:
			hdr = 2
		}
		str := AppendString(nil, string(v))
		if len(str) != hdr+len(v) || kindOf(str[0]) != kindStr || !bytes.Equal(str[hdr:], v) {
			t.Fatalf("AppendString(%q) = %x, want a %d-byte str header", v, str, hdr)
		}
		binHdr := max(hdr, 2) // bin has no fixed form
		bin := AppendBlob(nil, v)
		if len(bin) != binHdr+len(v) || kindOf(bin[0]) != kindBin || !bytes.Equal(bin[binHdr:], v) {
			t.Fatalf("AppendBlob(%q) = %x, want a %d-byte bin header", v, bin, binHdr)
		}
		for _, enc := range [][]byte{str, bin} {
			if got, rest, err := ReadString(enc); err != nil || got != string(v) || len(rest) != 0 {
				t.Fatalf("ReadString(%x) = %q, %x, %v", enc, got, rest, err)
			}
			got, rest, err := ReadBlob(enc)
			if err != nil || !bytes.Equal(got, v) || (got == nil) != (len(v) == 0) || len(rest) != 0 {
				t.Fatalf("ReadBlob(%x) = %q, %x, %v", enc, got, rest, err)
			}
			if len(got) > 0 && &got[0] == &enc[len(enc)-len(got)] {
				t.Fatal("ReadBlob result aliases its input")
			}
			skipsExactly(t, enc)
		}
	})
}

func FuzzHeaderRoundTrip(f *testing.F) {
	for _, n := range []uint32{0, 15, 16, math.MaxUint16, math.MaxUint16 + 1, math.MaxUint32} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n uint32) {
		size := uint64(1)
		switch {
		case n > math.MaxUint16:
			size = 5
		case n > 15:
			size = 3
		}
		for _, tt := range []struct {
			enc           []byte
			fix, m16, m32 byte
			children      uint64
		}{
			{appendArrayHeader(nil, n), fixarrayPrefix, mArray16, mArray32, uint64(n)},
			{AppendMapHeader(nil, n), fixmapPrefix, mMap16, mMap32, 2 * uint64(n)},
		} {
			got, rest, err := readCollectionHeader(tt.enc, tt.fix, tt.m16, tt.m32, "header")
			if err != nil || got != uint64(n) || len(rest) != 0 || uint64(len(tt.enc)) != size {
				t.Fatalf("header %x: read %d, %x, %v; want %d in %d bytes", tt.enc, got, rest, err, n, size)
			}
			if s, c, err := valueSize(tt.enc); err != nil || s != size || c != tt.children {
				t.Fatalf("valueSize(%x) = %d, %d, %v; want %d, %d", tt.enc, s, c, err, size, tt.children)
			}
		}
	})
}

// value is a decoded msgpack value, for the tree round trip.
type value struct {
	kind  kind
	b     bool
	i     int64 // kindInt, and kindUint values a positive fixint holds
	u     uint64
	s     string
	blob  []byte
	keys  []string // kindMap
	elems []value  // kindArray elements, kindMap values
}

// valueGen builds a value tree from fuzz bytes; once they run out, it
// builds nil and empty values, so it always ends.
type valueGen struct{ data []byte }

func (g *valueGen) next() byte {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return c
}

func (g *valueGen) take(n int) []byte {
	n = min(n, len(g.data))
	b := g.data[:n]
	g.data = g.data[n:]
	return b
}

func (g *valueGen) u64() uint64 {
	var v uint64
	for range 8 {
		v = v<<8 | uint64(g.next())
	}
	return v >> (g.next() % 64) // small values too
}

func (g *valueGen) length() int { return int(g.next())<<int(g.next()%9) | int(g.next()) }

func (g *valueGen) value(depth int) value {
	switch op := g.next() % 9; {
	case op == 1:
		return value{kind: kindBool, b: g.next()&1 == 1}
	case op == 2:
		v := int64(g.u64())
		if g.next()&1 == 1 {
			v = -v
		}
		return value{kind: kindInt, i: v}
	case op == 3:
		u := g.u64()
		if u <= posFixintMax { // reads back as a fixint
			return value{kind: kindInt, i: int64(u)}
		}
		return value{kind: kindUint, u: u}
	case op == 4:
		return value{kind: kindStr, s: string(g.take(g.length()))}
	case op == 5:
		v := value{kind: kindBin, blob: bytes.Clone(g.take(g.length()))}
		if len(v.blob) == 0 {
			v.blob = nil // reads back as nil
		}
		return v
	case op >= 6 && depth < 8:
		v := value{kind: kindArray}
		if op == 8 {
			v.kind = kindMap
		}
		for range g.next() % 20 {
			if v.kind == kindMap {
				v.keys = append(v.keys, string(g.take(g.length())))
			}
			v.elems = append(v.elems, g.value(depth+1))
		}
		return v
	}
	return value{kind: kindNil}
}

// encode appends v with the writers.
func (v *value) encode(b []byte) []byte {
	switch v.kind {
	case kindBool:
		return AppendBool(b, v.b)
	case kindInt:
		return AppendI64(b, v.i)
	case kindUint:
		return AppendU64(b, v.u)
	case kindStr:
		return AppendString(b, v.s)
	case kindBin:
		return AppendBlob(b, v.blob)
	case kindArray:
		b = appendArrayHeader(b, uint32(len(v.elems)))
		for i := range v.elems {
			b = v.elems[i].encode(b)
		}
		return b
	case kindMap:
		b = AppendMapHeader(b, uint32(len(v.elems)))
		for i := range v.elems {
			b = AppendString(b, v.keys[i])
			b = v.elems[i].encode(b)
		}
		return b
	}
	return append(b, mNil)
}

// decodeValue reads a value with the readers.
func decodeValue(b []byte) (v value, rest []byte, err error) {
	if len(b) == 0 {
		return v, b, ErrTruncated
	}
	v.kind = kindOf(b[0])
	switch v.kind {
	case kindNil:
		return v, b[1:], nil
	case kindBool:
		v.b, rest, err = ReadBool(b)
	case kindInt:
		v.i, rest, err = ReadI64(b)
	case kindUint:
		v.u, rest, err = ReadU64(b)
	case kindStr:
		v.s, rest, err = ReadString(b)
	case kindBin:
		v.blob, rest, err = ReadBlob(b)
	case kindArray:
		var n int
		if n, rest, err = readArrayHeader(b); err != nil {
			return v, b, err
		}
		for range n {
			var e value
			if e, rest, err = decodeValue(rest); err != nil {
				return v, b, err
			}
			v.elems = append(v.elems, e)
		}
	case kindMap:
		rest, err = ReadMap(b, "fuzz", func(key, val []byte) ([]byte, error) {
			e, rest, err := decodeValue(val)
			v.keys = append(v.keys, string(key))
			v.elems = append(v.elems, e)
			return rest, err
		})
	default:
		return v, b, typeError("encodable value", b[0])
	}
	return v, rest, err
}

// FuzzValueRoundTrip encodes value trees of every encodable type, nested
// arrays and maps included, and requires them to decode unchanged and to
// skip exactly.
func FuzzValueRoundTrip(f *testing.F) {
	f.Add([]byte{6, 3, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 200, 0, 1, 8, 1, 1, 0, 'k', 4, 3, 0, 'v'})
	f.Add([]byte{8, 17, 4, 40, 0, 0})
	f.Add([]byte{5, 255, 0, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := valueGen{data: data}
		want := g.value(0)
		enc := want.encode(nil)
		got, rest, err := decodeValue(enc)
		if err != nil || len(rest) != 0 {
			t.Fatalf("decode %x: %x left, %v", enc, rest, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip of %x\n got %+v\nwant %+v", enc, got, want)
		}
		skipsExactly(t, enc)
	})
}

// FuzzReadersAgreeWithSkip feeds arbitrary bytes to every reader: none may
// panic, and each that succeeds must end the value where Skip does.
func FuzzReadersAgreeWithSkip(f *testing.F) {
	for _, s := range [][]byte{{0x81, 0xa1, 'x', 0x92, 0x01, 0xcc, 0x02}, {0xd6, 0xff, 0, 0, 0, 0}, {0xc7, 0x01, 0x05, 0x00}, {0xdd, 0, 0, 0, 1, 0xc1}, {0x91, 0xda, 0, 1, 'a'}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		skipRest, skipErr := Skip(data)
		if skipErr == nil {
			skipsExactly(t, data[:len(data)-len(skipRest)])
		}
		check := func(name string, rest []byte, err error) {
			if err != nil {
				if !bytes.Equal(rest, data) || len(rest) != len(data) {
					t.Fatalf("%s(%x) failed (%v) but moved on to %x", name, data, err, rest)
				}
				return
			}
			if skipErr != nil || len(rest) != len(skipRest) {
				t.Fatalf("%s(%x) left %x; Skip left %x, %v", name, data, rest, skipRest, skipErr)
			}
		}
		_, rest, err := ReadString(data)
		check("ReadString", rest, err)
		_, rest, err = ReadOptionalString(data)
		check("ReadOptionalString", rest, err)
		_, rest, err = ReadBool(data)
		check("ReadBool", rest, err)
		_, rest, err = ReadBlob(data)
		check("ReadBlob", rest, err)
		_, rest, err = ReadI64(data)
		check("ReadI64", rest, err)
		_, rest, err = ReadU64(data)
		check("ReadU64", rest, err)
		_, rest, err = ReadI32(data)
		check("ReadI32", rest, err)
		_, rest, err = ReadU8(data)
		check("ReadU8", rest, err)
		_, rest, err = ReadStrings(data)
		check("ReadStrings", rest, err)
		_, rest, err = ReadStringsMap(data)
		check("ReadStringsMap", rest, err)
		_, rest, err = decodeValue(data)
		check("decodeValue", rest, err)
		rest, err = ReadMap(data, "fuzz", func(_, val []byte) ([]byte, error) { return Skip(val) })
		check("ReadMap", rest, err)
	})
}
