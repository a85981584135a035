package cbor

import "math"

// AppendNull appends null, which stands for an absent optional member.
func AppendNull(b []byte) []byte { return append(b, simpleNull) }

// AppendBool appends true or false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, simpleTrue)
	}
	return append(b, simpleFalse)
}

// AppendUint appends v as an unsigned integer (major type 0) in the smallest
// form.
func AppendUint(b []byte, v uint64) []byte { return appendHead(b, majorUint, v) }

// AppendInt appends v in the smallest form: an unsigned integer (major type
// 0) when v >= 0, a negative integer (major type 1) otherwise.
func AppendInt(b []byte, v int64) []byte {
	if v >= 0 {
		return appendHead(b, majorUint, uint64(v))
	}
	return appendHead(b, majorNegInt, uint64(-1-v))
}

// AppendFloat64 appends v as a double-precision float (9 bytes), the form
// serde_cbor and minicbor emit for an f64, whatever its value.
func AppendFloat64(b []byte, v float64) []byte {
	return appendBE64(append(b, leadFloat64), math.Float64bits(v))
}

// AppendFloat32 appends v as a single-precision float (5 bytes).
func AppendFloat32(b []byte, v float32) []byte {
	u := math.Float32bits(v)
	return append(b, leadFloat32, byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
}

// AppendText appends s as a text string. s should be valid UTF-8; readers
// reject text that is not.
func AppendText(b []byte, s string) []byte {
	return append(appendHead(b, majorText, uint64(len(s))), s...)
}

// AppendBytes appends v as a byte string; nil is an empty byte string.
func AppendBytes(b []byte, v []byte) []byte {
	return append(appendHead(b, majorBytes, uint64(len(v))), v...)
}

// AppendArrayHeader appends the header of an array of n items, which the
// caller appends next.
func AppendArrayHeader(b []byte, n uint64) []byte { return appendHead(b, majorArray, n) }

// AppendMapHeader appends the header of a map of n entries; the caller
// appends each key followed by its value.
func AppendMapHeader(b []byte, n uint64) []byte { return appendHead(b, majorMap, n) }

// AppendTag appends the head of a tagged item with tag number tag; the caller
// appends the tag content next.
func AppendTag(b []byte, tag uint64) []byte { return appendHead(b, majorTag, tag) }
