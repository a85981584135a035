package codec

import "math"

// The writers below are the msgpack primitives the Append functions are made
// of. Each picks the smallest form that holds its value or length, and
// multi-byte numbers are big-endian, as msgpack requires.

// appendInt appends v in the smallest signed form: a fixint, or int8 to
// int64. Non-negative values use the signed forms too (§3.1: strict
// decoders read signed types only from signed forms).
func appendInt(b []byte, v int64) []byte {
	switch {
	case v >= negFixintMin && v <= posFixintMax:
		return append(b, byte(v))
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(b, mInt8, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return append(b, mInt16, byte(v>>8), byte(v))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return append(b, mInt32, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return appendBE64(append(b, mInt64), uint64(v))
}

// appendUint appends v in the smallest unsigned form: a positive fixint, or
// uint8 to uint64.
func appendUint(b []byte, v uint64) []byte {
	switch {
	case v <= posFixintMax:
		return append(b, byte(v))
	case v <= math.MaxUint8:
		return append(b, mUint8, byte(v))
	case v <= math.MaxUint16:
		return append(b, mUint16, byte(v>>8), byte(v))
	case v <= math.MaxUint32:
		return append(b, mUint32, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return appendBE64(append(b, mUint64), v)
}

// appendStrHeader appends the header of a str of n bytes: fixstr, str8,
// str16 or str32.
func appendStrHeader(b []byte, n int) []byte {
	switch {
	case n <= fixstrMax:
		return append(b, fixstrPrefix|byte(n))
	case n <= math.MaxUint8:
		return append(b, mStr8, byte(n))
	case n <= math.MaxUint16:
		return append(b, mStr16, byte(n>>8), byte(n))
	}
	return appendBE32(append(b, mStr32), uint32(n))
}

// appendBinHeader appends the header of a bin of n bytes: bin8, bin16 or
// bin32 (bin has no fixed form).
func appendBinHeader(b []byte, n int) []byte {
	switch {
	case n <= math.MaxUint8:
		return append(b, mBin8, byte(n))
	case n <= math.MaxUint16:
		return append(b, mBin16, byte(n>>8), byte(n))
	}
	return appendBE32(append(b, mBin32), uint32(n))
}

// appendArrayHeader appends the header of an array of n elements: fixarray,
// array16 or array32.
func appendArrayHeader(b []byte, n uint32) []byte {
	switch {
	case n <= fixarrayMax:
		return append(b, fixarrayPrefix|byte(n))
	case n <= math.MaxUint16:
		return append(b, mArray16, byte(n>>8), byte(n))
	}
	return appendBE32(append(b, mArray32), n)
}

// appendMapHeader appends the header of a map of n entries: fixmap, map16 or
// map32.
func appendMapHeader(b []byte, n uint32) []byte {
	switch {
	case n <= fixmapMax:
		return append(b, fixmapPrefix|byte(n))
	case n <= math.MaxUint16:
		return append(b, mMap16, byte(n>>8), byte(n))
	}
	return appendBE32(append(b, mMap32), n)
}

// appendBE32 appends v as 4 big-endian bytes.
func appendBE32(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// appendBE64 appends v as 8 big-endian bytes.
func appendBE64(b []byte, v uint64) []byte {
	return append(b, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
		byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}
