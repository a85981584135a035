package cbor

import (
	"math"
	"strconv"
)

// Decode decodes a buffer that holds exactly one item into a tree of Go
// values (see ReadValue). An empty buffer is ErrTruncated, bytes after the
// item are ErrTrailingBytes.
func Decode(b []byte) (any, error) {
	if len(b) == 0 {
		return nil, wrapError("decode cbor: empty buffer: ", ErrTruncated)
	}
	v, rest, err := ReadValue(b)
	if err != nil {
		return nil, wrapError("decode cbor: ", err)
	}
	if len(rest) != 0 {
		return nil, wrapError("decode cbor: "+strconv.Itoa(len(rest))+" bytes after the item: ", ErrTrailingBytes)
	}
	return v, nil
}

// ReadValue reads one item of any type as a Go value and returns the bytes
// after it:
//
//   - unsigned and negative integers: int64, or uint64 for unsigned values
//     above math.MaxInt64 (negative integers below math.MinInt64 are a
//     RangeError);
//   - floats of any width: float64;
//   - byte strings: []byte (never nil); text strings: string;
//   - arrays: []any; maps: map[string]any, whose keys must be text strings
//     (a TypeError otherwise; of duplicate keys the last wins);
//   - true, false: bool; null and undefined: nil;
//   - tags: the tag is dropped and the content returned.
//
// Other simple values are a TypeError.
func ReadValue(b []byte) (v any, rest []byte, err error) {
	return readValue(b, 0)
}

// readValue reads one item nested depth levels deep.
func readValue(b []byte, depth int) (any, []byte, error) {
	if len(b) == 0 {
		return nil, b, ErrTruncated
	}
	switch b[0] >> 5 {
	case majorUint:
		u, rest, err := ReadUint(b)
		switch {
		case err != nil:
			return nil, b, err
		case u > math.MaxInt64:
			return u, rest, nil
		}
		return int64(u), rest, nil
	case majorNegInt:
		i, rest, err := ReadInt(b)
		if err != nil {
			return nil, b, err
		}
		return i, rest, nil
	case majorBytes:
		v, rest, err := ReadBytes(b)
		if err != nil {
			return nil, b, err
		}
		if v == nil {
			v = []byte{}
		}
		return v, rest, nil
	case majorText:
		s, rest, err := ReadText(b)
		if err != nil {
			return nil, b, err
		}
		return s, rest, nil
	case majorArray:
		return readArray(b, depth+1)
	case majorMap:
		return readMap(b, depth+1)
	case majorTag:
		if depth+1 > MaxDepth {
			return nil, b, ErrTooDeep
		}
		_, _, _, rest, err := head(b)
		if err != nil {
			return nil, b, err
		}
		v, rest, err := readValue(rest, depth+1)
		if err != nil {
			return nil, b, err
		}
		return v, rest, nil
	}
	return readSimple(b)
}

// readSimple reads an item of major type 7.
func readSimple(b []byte) (any, []byte, error) {
	switch b[0] {
	case simpleFalse, simpleTrue:
		return b[0] == simpleTrue, b[1:], nil
	case simpleNull, simpleUndefined:
		return nil, b[1:], nil
	case leadFloat16, leadFloat32, leadFloat64:
		f, rest, err := ReadFloat(b)
		if err != nil {
			return nil, b, err
		}
		return f, rest, nil
	case leadBreak:
		return nil, b, ErrMalformed // a break outside an indefinite-length item
	}
	_, info, arg, _, err := head(b)
	if err != nil {
		return nil, b, err
	}
	if info == infoUint8 && arg < 32 { // must have been written in one byte
		return nil, b, ErrMalformed
	}
	return nil, b, &TypeError{Want: "cbor value", Got: "simple value " + strconv.FormatUint(arg, 10)}
}

// readArray reads an array whose items are depth levels deep.
func readArray(b []byte, depth int) ([]any, []byte, error) {
	if depth > MaxDepth {
		return nil, b, ErrTooDeep
	}
	n, rest, err := ReadArrayHeader(b)
	if err != nil {
		return nil, b, err
	}
	if n >= 0 {
		list := make([]any, n)
		for i := range list {
			if list[i], rest, err = readValue(rest, depth); err != nil {
				return nil, b, err
			}
		}
		return list, rest, nil
	}
	list := []any{}
	for !IsBreak(rest) {
		var v any
		if v, rest, err = readValue(rest, depth); err != nil {
			return nil, b, err
		}
		list = append(list, v)
	}
	return list, rest[1:], nil
}

// readMap reads a map with text keys whose values are depth levels deep.
func readMap(b []byte, depth int) (map[string]any, []byte, error) {
	if depth > MaxDepth {
		return nil, b, ErrTooDeep
	}
	n, rest, err := ReadMapHeader(b)
	if err != nil {
		return nil, b, err
	}
	m := make(map[string]any, max(n, 0))
	for i := 0; n < 0 || i < n; i++ {
		if n < 0 && IsBreak(rest) {
			return m, rest[1:], nil
		}
		if len(rest) > 0 && rest[0]>>5 != majorText {
			if rest[0] == leadBreak {
				return nil, b, ErrMalformed
			}
			return nil, b, typeError("text map key", rest[0])
		}
		var k string
		if k, rest, err = ReadText(rest); err != nil {
			return nil, b, err
		}
		if m[k], rest, err = readValue(rest, depth); err != nil {
			return nil, b, err
		}
	}
	return m, rest, nil
}
