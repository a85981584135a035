package cbor

import (
	"slices"
	"unicode/utf8"
)

// AppendValue appends v, a tree of Go values, and returns the extended
// buffer. It accepts nil (null), bool, int, int8 to int64, uint, uint8 to
// uint64 (integers in the smallest form), float32 and float64 (in their own
// width), string (text, which must be valid UTF-8), []byte (byte string),
// []any (array) and map[string]any (map, keys in the core deterministic
// order of RFC 8949 §4.2.1: shorter keys first, then bytewise), nested up
// to MaxDepth. Any other type is a TypeError naming it; on error b is
// returned unchanged.
func AppendValue(b []byte, v any) ([]byte, error) {
	out, err := appendValue(b, v, 0)
	if err != nil {
		return b, err
	}
	return out, nil
}

// appendValue appends v nested depth levels deep.
func appendValue(b []byte, v any, depth int) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return AppendNull(b), nil
	case bool:
		return AppendBool(b, v), nil
	case int:
		return AppendInt(b, int64(v)), nil
	case int8:
		return AppendInt(b, int64(v)), nil
	case int16:
		return AppendInt(b, int64(v)), nil
	case int32:
		return AppendInt(b, int64(v)), nil
	case int64:
		return AppendInt(b, v), nil
	case uint:
		return AppendUint(b, uint64(v)), nil
	case uint8:
		return AppendUint(b, uint64(v)), nil
	case uint16:
		return AppendUint(b, uint64(v)), nil
	case uint32:
		return AppendUint(b, uint64(v)), nil
	case uint64:
		return AppendUint(b, v), nil
	case float32:
		return AppendFloat32(b, v), nil
	case float64:
		return AppendFloat64(b, v), nil
	case string:
		if !utf8.ValidString(v) {
			return b, ErrInvalidUTF8
		}
		return AppendText(b, v), nil
	case []byte:
		return AppendBytes(b, v), nil
	case []any:
		return appendArray(b, v, depth+1)
	case map[string]any:
		return appendMap(b, v, depth+1)
	}
	return b, &TypeError{Want: supportedTypes, Got: goTypeName(v)}
}

// supportedTypes is what AppendValue accepts, for its TypeError.
const supportedTypes = "nil, bool, int8-int64, uint8-uint64, float32, float64, string, []byte, []any or map[string]any"

// appendArray appends list, whose items are depth levels deep.
func appendArray(b []byte, list []any, depth int) ([]byte, error) {
	if depth > MaxDepth {
		return b, ErrTooDeep
	}
	b = AppendArrayHeader(b, uint64(len(list)))
	for _, item := range list {
		var err error
		if b, err = appendValue(b, item, depth); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendMap appends m with its keys in core deterministic order.
func appendMap(b []byte, m map[string]any, depth int) ([]byte, error) {
	if depth > MaxDepth {
		return b, ErrTooDeep
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if !utf8.ValidString(k) {
			return b, ErrInvalidUTF8
		}
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	b = AppendMapHeader(b, uint64(len(m)))
	for _, k := range keys {
		b = AppendText(b, k)
		var err error
		if b, err = appendValue(b, m[k], depth); err != nil {
			return b, err
		}
	}
	return b, nil
}

// compareKeys orders text keys as their encodings sort bytewise: the head
// grows with the length, so shorter keys come first.
func compareKeys(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// goTypeName names the type of v for AppendValue's TypeError. Without
// reflect only the types a caller is likely to pass by mistake can be named.
func goTypeName(v any) string {
	switch v.(type) {
	case []string:
		return "Go type []string"
	case []int:
		return "Go type []int"
	case []int64:
		return "Go type []int64"
	case []float64:
		return "Go type []float64"
	case []map[string]any:
		return "Go type []map[string]any"
	case map[string]string:
		return "Go type map[string]string"
	case map[string][]string:
		return "Go type map[string][]string"
	case map[any]any:
		return "Go type map[any]any"
	case map[string]int:
		return "Go type map[string]int"
	case uintptr:
		return "Go type uintptr"
	case complex64:
		return "Go type complex64"
	case complex128:
		return "Go type complex128"
	case *string:
		return "Go type *string"
	case *int:
		return "Go type *int"
	case error:
		return "Go type implementing error"
	case interface{ String() string }:
		return "Go type implementing fmt.Stringer"
	}
	return "a Go value of another type (pointer, struct, channel, func or named type)"
}
