package cbor

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// The typed readers below read one item from the front of b and return it
// with the bytes after it. Each checks the item's type (a TypeError naming
// what it wants otherwise) and the length of b before touching the bytes
// (ErrTruncated). On error the input is returned unchanged. They do not skip
// tags: a tagged item is a TypeError.

// IsNull reports whether the next item is null or undefined, the two ways an
// absent optional member is written.
func IsNull(b []byte) bool {
	return len(b) > 0 && (b[0] == simpleNull || b[0] == simpleUndefined)
}

// ReadNull reads null or undefined.
func ReadNull(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return b, ErrTruncated
	}
	if !IsNull(b) {
		return b, typeError("null", b[0])
	}
	return b[1:], nil
}

// ReadBool reads true or false.
func ReadBool(b []byte) (bool, []byte, error) {
	if len(b) == 0 {
		return false, b, ErrTruncated
	}
	switch b[0] {
	case simpleTrue:
		return true, b[1:], nil
	case simpleFalse:
		return false, b[1:], nil
	}
	return false, b, typeError("bool", b[0])
}

// ReadUint reads an unsigned integer (major type 0) written in any width.
func ReadUint(b []byte) (uint64, []byte, error) {
	major, _, arg, rest, err := head(b)
	if err != nil {
		return 0, b, err
	}
	if major != majorUint {
		return 0, b, typeError("unsigned integer", b[0])
	}
	return arg, rest, nil
}

// ReadInt reads an integer, unsigned (major type 0) or negative (major type
// 1), written in any width, that fits an int64.
func ReadInt(b []byte) (int64, []byte, error) {
	major, _, arg, rest, err := head(b)
	if err != nil {
		return 0, b, err
	}
	switch major {
	case majorUint:
		if arg > math.MaxInt64 {
			return 0, b, &RangeError{Want: "int64", Value: strconv.FormatUint(arg, 10)}
		}
		return int64(arg), rest, nil
	case majorNegInt:
		if arg > math.MaxInt64 {
			return 0, b, &RangeError{Want: "int64", Value: negativeText(arg)}
		}
		return -1 - int64(arg), rest, nil
	}
	return 0, b, typeError("integer", b[0])
}

// negativeText formats -1-arg, the value of a negative integer with argument
// arg, in decimal.
func negativeText(arg uint64) string {
	if arg == math.MaxUint64 {
		return "-18446744073709551616"
	}
	return "-" + strconv.FormatUint(arg+1, 10)
}

// ReadFloat reads a half-, single- or double-precision float, widened to
// float64. Integers are not floats: they are a TypeError.
func ReadFloat(b []byte) (float64, []byte, error) {
	if len(b) == 0 {
		return 0, b, ErrTruncated
	}
	switch b[0] {
	case leadFloat16:
		if len(b) < 3 {
			return 0, b, ErrTruncated
		}
		return float16to64(be16(b[1:])), b[3:], nil
	case leadFloat32:
		if len(b) < 5 {
			return 0, b, ErrTruncated
		}
		return float64(math.Float32frombits(be32(b[1:]))), b[5:], nil
	case leadFloat64:
		if len(b) < 9 {
			return 0, b, ErrTruncated
		}
		return math.Float64frombits(be64(b[1:])), b[9:], nil
	}
	return 0, b, typeError("float", b[0])
}

// float16to64 converts the bits of an IEEE 754 half-precision float.
func float16to64(h uint16) float64 {
	exp, mant := int(h>>10)&0x1f, float64(h&0x3ff)
	var v float64
	switch exp {
	case 0: // zero or subnormal
		v = math.Ldexp(mant, -24)
	case 0x1f:
		if mant != 0 {
			v = math.NaN()
		} else {
			v = math.Inf(1)
		}
	default:
		v = math.Ldexp(mant+1024, exp-25)
	}
	if h&0x8000 != 0 {
		return -v
	}
	return v
}

// ReadText reads a text string, definite or indefinite-length (the chunks
// joined), and requires it to be valid UTF-8.
func ReadText(b []byte) (string, []byte, error) {
	v, rest, err := readString(b, majorText, "text string")
	if err != nil {
		return "", b, err
	}
	return string(v), rest, nil
}

// ReadBytes reads a byte string, definite or indefinite-length (the chunks
// joined). The result is a copy, or nil when the string is empty.
func ReadBytes(b []byte) ([]byte, []byte, error) {
	v, rest, err := readString(b, majorBytes, "byte string")
	if err != nil || len(v) == 0 {
		return nil, rest, err
	}
	return append([]byte(nil), v...), rest, nil
}

// readString reads a string of type major (bytes or text). A definite string
// comes back aliasing b; an indefinite one is joined into a new buffer.
func readString(b []byte, major byte, want string) ([]byte, []byte, error) {
	m, info, arg, rest, err := head(b)
	if err != nil {
		return nil, b, err
	}
	if m != major {
		return nil, b, typeError(want, b[0])
	}
	if info != infoIndefinite {
		v, rest, err := stringBody(rest, major, arg)
		if err != nil {
			return nil, b, err
		}
		return v, rest, nil
	}
	var joined []byte
	for {
		if len(rest) == 0 {
			return nil, b, ErrTruncated
		}
		if rest[0] == leadBreak {
			return joined, rest[1:], nil
		}
		m, info, arg, after, err := head(rest)
		if err != nil {
			return nil, b, err
		}
		if m != major || info == infoIndefinite { // chunks are definite strings of the same type
			return nil, b, ErrMalformed
		}
		var chunk []byte
		if chunk, rest, err = stringBody(after, major, arg); err != nil {
			return nil, b, err
		}
		joined = append(joined, chunk...)
	}
}

// stringBody takes the n bytes of a definite string from the front of b,
// checking UTF-8 for text.
func stringBody(b []byte, major byte, n uint64) ([]byte, []byte, error) {
	if n > uint64(len(b)) {
		return nil, b, ErrTruncated
	}
	v := b[:n:n]
	if major == majorText && !utf8.Valid(v) {
		return nil, b, ErrInvalidUTF8
	}
	return v, b[n:], nil
}

// ReadArrayHeader reads the header of an array and returns its item count,
// or -1 for an indefinite-length array, whose items run until a break
// (IsBreak, ReadBreak). A count larger than the bytes left is ErrTruncated,
// so a corrupt header never causes a large allocation.
func ReadArrayHeader(b []byte) (n int, rest []byte, err error) {
	return readCollectionHeader(b, majorArray, "array", 1)
}

// ReadMapHeader reads the header of a map and returns its entry count, or -1
// for an indefinite-length map (entries until a break). A count larger than
// the bytes left can hold is ErrTruncated.
func ReadMapHeader(b []byte) (n int, rest []byte, err error) {
	return readCollectionHeader(b, majorMap, "map", 2)
}

// readCollectionHeader reads an array or map header whose items each take at
// least per bytes.
func readCollectionHeader(b []byte, major byte, want string, per uint64) (int, []byte, error) {
	m, info, arg, rest, err := head(b)
	if err != nil {
		return 0, b, err
	}
	if m != major {
		return 0, b, typeError(want, b[0])
	}
	if info == infoIndefinite {
		return -1, rest, nil
	}
	if arg > uint64(len(rest))/per {
		return 0, b, ErrTruncated
	}
	return int(arg), rest, nil
}

// IsBreak reports whether the next byte is the break that ends an
// indefinite-length array or map.
func IsBreak(b []byte) bool { return len(b) > 0 && b[0] == leadBreak }

// ReadBreak reads the break that ends an indefinite-length array or map.
func ReadBreak(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return b, ErrTruncated
	}
	if b[0] != leadBreak {
		return b, typeError("break", b[0])
	}
	return b[1:], nil
}
