package codec

import (
	"errors"
	"fmt"

	"github.com/tinylib/msgp/msgp"
)

// FieldFunc decodes the value of one map entry. key is the entry's key (only
// valid during the call); val starts at the entry's value. It returns the
// bytes after the value. For keys it does not know it returns Skip(val).
type FieldFunc func(key, val []byte) (rest []byte, err error)

// ReadMap reads a structure encoded as a msgpack map, calling field for each
// entry in wire order, and returns the bytes after the map. typeName (e.g.
// "keyvalue.SetRequest") and the key name the context of any error.
func ReadMap(b []byte, typeName string, field FieldFunc) ([]byte, error) {
	n, rest, err := readMapHeader(b)
	if err != nil {
		return b, fmt.Errorf("decode %s: %w", typeName, err)
	}
	for i := range n {
		key, val, err := readKey(rest)
		if err != nil {
			return b, fmt.Errorf("decode %s key of entry %d: %w", typeName, i, err)
		}
		if rest, err = field(key, val); err != nil {
			return b, fmt.Errorf("decode %s field %q: %w", typeName, key, err)
		}
	}
	return rest, nil
}

// DecodeMap decodes a whole payload that must hold exactly one map: an empty
// payload or bytes after the map are errors.
func DecodeMap(b []byte, typeName string, field FieldFunc) error {
	if len(b) == 0 {
		return fmt.Errorf("decode %s: empty payload: %w", typeName, ErrTruncated)
	}
	rest, err := ReadMap(b, typeName, field)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("decode %s: %w (%d bytes)", typeName, ErrTrailingBytes, len(rest))
	}
	return nil
}

// Skip skips one msgpack value of any type and returns the bytes after it.
func Skip(b []byte) ([]byte, error) {
	rest, err := msgp.Skip(b)
	if err == nil {
		return rest, nil
	}
	var bad msgp.InvalidPrefixError
	switch {
	case errors.Is(err, msgp.ErrShortBytes):
		return b, ErrTruncated
	case errors.As(err, &bad):
		return b, typeError("msgpack value", byte(bad))
	}
	return b, fmt.Errorf("skip value: %w", err)
}

// readMapHeader reads a map header and rejects sizes that cannot fit in the
// remaining bytes (every entry takes at least two).
func readMapHeader(b []byte) (int, []byte, error) {
	if len(b) == 0 {
		return 0, b, ErrTruncated
	}
	if kindOf(b[0]) != kindMap {
		return 0, b, typeError("map", b[0])
	}
	n, rest, err := msgp.ReadMapHeaderBytes(b)
	if err != nil || uint64(n)*2 > uint64(len(rest)) {
		return 0, b, ErrTruncated
	}
	return int(n), rest, nil
}

// readKey reads a map key, which must be a str (or bin holding the text).
func readKey(b []byte) (key, rest []byte, err error) {
	if len(b) == 0 {
		return nil, b, ErrTruncated
	}
	switch kindOf(b[0]) {
	case kindStr:
		key, rest, err = msgp.ReadStringZC(b)
	case kindBin:
		key, rest, err = msgp.ReadBytesZC(b)
	default:
		return nil, b, typeError("str", b[0])
	}
	if err != nil {
		return nil, b, ErrTruncated
	}
	return key, rest, nil
}
